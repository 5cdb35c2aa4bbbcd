using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.SysvShm;

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
