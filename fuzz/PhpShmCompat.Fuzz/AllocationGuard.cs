namespace PhpShmCompat.Fuzz;

/// <summary>Fails the input when one call allocated far more than the input's size justifies.</summary>
internal readonly struct AllocationGuard
{
    private readonly long _before;
    private readonly long _budget;

    private AllocationGuard(long budget)
    {
        _budget = budget;
        _before = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>Starts measuring: the budget is 64 KiB plus 256 bytes per input byte.</summary>
    public static AllocationGuard Start(int inputLength) => new(64L * 1024 + 256L * inputLength);

    public void Check(string what)
    {
        long used = GC.GetAllocatedBytesForCurrentThread() - _before;
        if (used > _budget) throw new FuzzInvariantException($"{what} allocated {used} bytes, over the budget of {_budget}");
    }
}
