namespace PhpShmCompat.Fuzz;

/// <summary>
/// One fuzz target: runs the library on arbitrary bytes. Expected, typed rejections are caught
/// inside <see cref="Run"/>; anything else escapes and is a crash for the fuzzing engine
/// (so is a <see cref="FuzzInvariantException"/> thrown when an invariant is broken).
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Name used on the command line.</summary>
    string Name { get; }

    /// <summary>Runs the target on one input.</summary>
    void Run(ReadOnlySpan<byte> input);
}

/// <summary>An invariant the target checks was broken (not an exception the library may throw).</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);
