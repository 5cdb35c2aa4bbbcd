namespace PhpShmCompat.InteropTests.Locking;

/// <summary>Await-based "did it finish in time" checks (no blocking waits in tests).</summary>
public static class TaskTimeouts
{
    /// <summary>True when <paramref name="task"/> finishes (in any state) within <paramref name="milliseconds"/>.</summary>
    public static async Task<bool> FinishesWithin(this Task task, int milliseconds)
        => await Task.WhenAny(task, Task.Delay(milliseconds)).ConfigureAwait(false) == task;
}
