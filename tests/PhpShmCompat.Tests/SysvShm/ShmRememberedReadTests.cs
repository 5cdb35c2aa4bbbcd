using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Keyed reads through remembered positions (and their one-pass form) against PHP's walk, on a
/// live segment: one attachment reads through the index, a second attachment of the same segment
/// walks for every read. Under puts, same-size re-puts (which move chunks under an unchanged
/// header), removes and remove + put of another key of the same size, both return the same bytes,
/// value and document for every key, present or not.
/// </summary>
public class ShmRememberedReadTests
{
    [Theory]
    [InlineData(0, 1, 21)]        // keys from 0: positions kept by key
    [InlineData(-300, 7, 22)]     // negative and spread keys: positions kept in a dictionary
    public void ReadsThroughRememberedPositionsReturnWhatTheWalkReturns(long keyOffset, long keyStride, int seed)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var cached = PhpSharedMemory.Attach(key, 65536);
        using var walking = PhpSharedMemory.Attach(key, 65536, null, new PhpSharedMemoryOptions { CachePositions = false });
        try
        {
            var rng = new Random(seed);
            long Key(long n) => keyOffset + (keyStride * n);
            for (int n = 0; n < 120; n++) cached.Put(Key(n), Value(rng));
            using PhpDocument document = PhpDocument.Create();
            int present = 0;
            for (int op = 0; op < 3000; op++)
            {
                long k = Key(rng.Next(150));
                switch (rng.Next(4))
                {
                    case 0:
                        cached.Remove(k);
                        break;
                    case 1: // remove, then put another key of the same size: the header ends as it was
                        if (walking.GetRaw(k) is { } old && cached.Remove(k)) TryPut(cached, Key(rng.Next(150)), Same(rng, old));
                        break;
                    default: // a put; a re-put of the same size moves the chunk under an unchanged header
                        TryPut(cached, k, Value(rng));
                        break;
                }
                for (int r = 0; r < 5; r++)
                {
                    long probe = Key(rng.Next(-3, 153));
                    byte[]? expected = walking.GetRaw(probe);
                    Assert.Equal(expected is not null, cached.TryGet(probe, out PhpValue? value));
                    Assert.Equal(expected is not null, cached.TryGetDocument(probe, document));
                    if (expected is null) continue;
                    present++;
                    Assert.Equal(expected, PhpSerialization.Serialize(value!));
                    Assert.Equal(expected, PhpSerialization.Serialize(document.RootElement.ToValue()));
                }
            }
            Assert.True(present > 5000, $"only {present} reads of present variables");
        }
        finally
        {
            cached.Destroy();
        }
    }

    // Strings of a few lengths, so that re-puts of the same size are common.
    private static PhpString Value(Random rng) => new PhpString(new string((char)('a' + rng.Next(26)), rng.Next(3) switch { 0 => 3, 1 => 11, _ => 40 }));

    private static PhpString Same(Random rng, byte[] old)
    {
        PhpString s = (PhpString)PhpSerialization.Unserialize(old);
        return new PhpString(new string((char)('a' + rng.Next(26)), s.Length));
    }

    private static void TryPut(PhpSharedMemory shm, long key, PhpValue value)
    {
        try { shm.Put(key, value); }
        catch (PhpShmFullException) { }
    }
}
