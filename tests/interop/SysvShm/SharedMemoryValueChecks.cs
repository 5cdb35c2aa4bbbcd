namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>Value-model (PhpValue) checks of the exchange test; filled in once PhpSerializer's facade is committed.</summary>
internal static class SharedMemoryValueChecks
{
    public static void ReadEqualValues(PhpSharedMemory shm, IReadOnlyDictionary<long, byte[]> expected)
    {
        _ = shm;
        _ = expected;
    }

    public static void WriteValues(PhpSharedMemory shm, IReadOnlyDictionary<long, byte[]> expected, long keyOffset)
    {
        _ = shm;
        _ = expected;
        _ = keyOffset;
    }
}
