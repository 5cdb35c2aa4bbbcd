using System.Diagnostics;
using System.Reflection;

namespace PhpShm.Cli;

/// <summary>Starts another phpshm process (the same tool, however it was launched: apphost or <c>dotnet phpshm.dll</c>).</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("cannot find phpshm.dll"));
        foreach (string a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
