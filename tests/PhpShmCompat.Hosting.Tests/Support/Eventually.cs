namespace PhpShmCompat.Hosting.Tests.Support;

/// <summary>Awaiting a condition signalled by the code under test (no sleeps as assertions).</summary>
public static class Eventually
{
    /// <summary>A task that completes when <paramref name="count"/> reaches <paramref name="target"/> (call <see cref="Counter.Increment"/>).</summary>
    public sealed class Counter(int target)
    {
        private int _value;
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The count.</summary>
        public int Value => Volatile.Read(ref _value);

        /// <summary>Completes when the target is reached.</summary>
        public Task Reached => _reached.Task;

        /// <summary>Adds one.</summary>
        public int Increment()
        {
            int v = Interlocked.Increment(ref _value);
            if (v >= target) _reached.TrySetResult();
            return v;
        }
    }

    /// <summary>Awaits <paramref name="task"/> at most <paramref name="seconds"/>; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task Within(this Task task, double seconds, string what)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not happen within {seconds} s");
        }
    }
}
