using System.Diagnostics;
using PhpShmCompat.Diagnostics;

namespace PhpShmCompat.Tests.Diagnostics;

/// <summary>The liveness check and the NSS name lookups the tool builds on, against the real system.</summary>
public class ProcessAndNameTests
{
    [Fact]
    public void AReapedProcessIsNotAliveAndARunningOneIs()
    {
        Assert.True(ProcessLiveness.IsAlive(Environment.ProcessId));
        using var p = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            Assert.True(ProcessLiveness.IsAlive(p.Id));
            Assert.True(ProcessLiveness.Signal(p.Id, 9));
            p.WaitForExit();
            Assert.False(ProcessLiveness.IsAlive(p.Id));
            Assert.False(ProcessLiveness.Signal(p.Id, 0));
        }
        finally
        {
            if (!p.HasExited) p.Kill();
        }
        Assert.False(ProcessLiveness.IsAlive(0));
        Assert.False(ProcessLiveness.IsAlive(-1));
    }

    [Fact]
    public void NamesComeFromNssAsGetentPrintsThem()
    {
        string uid = Run("id", "-u"), gid = Run("id", "-g");
        Assert.Equal(Run("id", "-un"), UserNames.User(uint.Parse(uid, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Run("id", "-gn"), UserNames.Group(uint.Parse(gid, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("root", UserNames.User(0));
        // An id no account has: null (the tool prints the number).
        Assert.Null(UserNames.User(3_999_999_999));
        Assert.Null(UserNames.Group(3_999_999_999));
    }

    private static string Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }
}
