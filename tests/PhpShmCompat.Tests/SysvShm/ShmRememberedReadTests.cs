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

/// <summary>
/// The one-pass read by itself: it answers exactly where a remembered position still holds the
/// chunk under the header it was read with, and refuses (leaving the read to the general path,
/// which throws the typed error) anything else -- a moved chunk, a damaged chunk header, a damaged
/// segment header -- without reading outside the segment.
/// </summary>
public class ShmOnePassReadTests
{
    [Fact]
    public void AnswersOnlyWhereTheRememberedPositionStillHoldsTheChunk()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(key, 16384);
        using var walking = PhpSharedMemory.Attach(key, 16384, null, new PhpSharedMemoryOptions { CachePositions = false });
        using var raw = ShmopSegment.Open(key, ShmopMode.Write);
        try
        {
            for (int k = 0; k < 40; k++) shm.Put(k, new PhpString($"value {k,3}"));
            Assert.NotNull(shm.Get(39)); // a walk past 16 chunks builds the index
            var into = new byte[512];
            for (int k = 0; k < 40; k++)
            {
                Assert.True(shm.TryCopyRememberedOnly(k, into, out SysvShmLayout.Chunk chunk), $"key {k}");
                Assert.Equal(walking.GetRaw(k), into[..chunk.Length]);
                Assert.Equal(k, chunk.Key);
            }
            Assert.False(shm.TryCopyRememberedOnly(40, into, out _));
            Assert.False(shm.TryCopyRememberedOnly(-1, into, out _));
            Assert.False(shm.TryCopyRememberedOnly(5, new byte[3], out _)); // too small to take it

            // A re-put of the same size: the header stays, every chunk after key 10 moves down.
            shm.Put(10, new PhpString("value new"));
            for (int k = 0; k < 40; k++) Assert.Equal(k < 10, shm.TryCopyRememberedOnly(k, into, out _));
            Assert.Equal("value new", ((PhpString)shm.Get(10)).ToUtf8String());
            for (int k = 0; k < 40; k++) Assert.Equal(walking.GetRaw(k), PhpSerialization.Serialize(shm.Get(k)));

            // Damaged bytes at remembered positions, the header unchanged: refused, and the
            // general path reports them.
            Assert.True(shm.TryCopyRememberedOnly(20, into, out SysvShmLayout.Chunk c20));
            byte[] saved = raw.Read(c20.Offset, 24);
            foreach (long length in new[] { -1L, 1L << 40, 16384, c20.Length + 1 })
            {
                raw.Write(c20.Offset + 8, BitConverter.GetBytes(length));
                Assert.False(shm.TryCopyRememberedOnly(20, into, out _));
                AssertSameAsTheWalk(shm, walking, 20);
                raw.Write(c20.Offset, saved);
            }
            foreach (long next in new[] { -1L, 0L, 16384L, 1L << 40 })
            {
                raw.Write(c20.Offset + 16, BitConverter.GetBytes(next));
                Assert.False(shm.TryCopyRememberedOnly(20, into, out _));
                AssertSameAsTheWalk(shm, walking, 20);
                raw.Write(c20.Offset, saved);
            }
            // A read through the general path remembers the repaired chunk again.
            Assert.Equal(walking.GetRaw(20), PhpSerialization.Serialize(shm.Get(20)));
            Assert.True(shm.TryCopyRememberedOnly(20, into, out _));

            // A damaged segment header: refused, and the general path reports it.
            byte[] header = raw.Read(0, 40);
            foreach ((int at, long value) in new[] { (0, 0L), (8, 39L), (16, 1L << 40), (24, -1L), (32, 1L << 40) })
            {
                raw.Write(at, BitConverter.GetBytes(value));
                Assert.False(shm.TryCopyRememberedOnly(20, into, out _));
                Assert.Throws<PhpShmCorruptException>(() => shm.Get(20));
                AssertSameAsTheWalk(shm, walking, 20);
                raw.Write(0, header);
            }
            Assert.True(shm.TryCopyRememberedOnly(20, into, out _));
        }
        finally
        {
            shm.Destroy();
        }
    }

    // The read through the index ends as the walking read does: the same value, or a typed error.
    private static void AssertSameAsTheWalk(PhpSharedMemory shm, PhpSharedMemory walking, long varKey)
    {
        static string Outcome(PhpSharedMemory s, long k)
        {
            try { return s.TryGet(k, out PhpValue? v) ? Convert.ToHexString(PhpSerialization.Serialize(v)) : "absent"; }
            catch (PhpShmCorruptException e) { return "corrupt: " + e.Problem; }
        }
        Assert.Equal(Outcome(walking, varKey), Outcome(shm, varKey));
    }
}
