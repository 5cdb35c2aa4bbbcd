namespace PhpShm.Cli.Tests.Operators;

/// <summary>A test that drives phpshm in a real terminal through tmux; skipped (with the reason) where tmux is not installed.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "tmux")));
        if (!found) Skip = "tmux is not installed (test.sh installs it): the live display needs a real terminal to be checked in";
    }
}
