using System.Text;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Remembered chunk positions against PHP's walk: under random puts and removes done with PHP's
/// algorithm (re-puts of the same size and remove + put of another key of the same size
/// included, which leave the header's fields as they were while moving chunks), a keyed read
/// through the index finds exactly the chunk the walk finds, every time.
/// </summary>
public class SysvShmIndexTests
{
    // Keys numbered from 0 keep their positions in an array indexed by key, others (spread out,
    // or negative) in a dictionary: both must answer as the walk.
    [Theory]
    [InlineData(8, 11, 0, 1)]
    [InlineData(4, 12, 0, 1)]
    [InlineData(8, 13, 1_000_000, 7919)]
    [InlineData(8, 14, -200, 1)]
    [InlineData(4, 15, -200, 1)]
    public void IndexedReadsFindWhatTheWalkFinds(int wordSize, int seed, long keyOffset, long keyStride)
    {
        SysvShmFormat f = wordSize == 8 ? SysvShmFormat.Php64 : SysvShmFormat.Php32;
        var rng = new Random(seed);
        var image = new byte[64 * 1024];
        SysvShmLayout.Initialize(f, image);
        SysvShmIndex? index = null;
        const int keys = 400;
        int hits = 0, denseHits = 0, sameHeaderMoves = 0;
        long Key(long n) => keyOffset + (keyStride * n);
        for (int op = 0; op < 20_000; op++)
        {
            PhpShmHeader before = SysvShmLayout.ReadHeader(f, image);
            List<long> layoutBefore = SysvShmLayout.Keys(f, image);
            long key = Key(rng.Next(keys));
            switch (rng.Next(4))
            {
                case 0: // remove
                    SysvShmLayout.Remove(f, image, key);
                    break;
                case 1: // remove one key, put another of the same size: the header ends as it was
                    if (SysvShmLayout.TryFind(f, image, before, key, out var old) && SysvShmLayout.Remove(f, image, key))
                    {
                        long other = Key(rng.Next(keys));
                        TryPut(f, image, other, Payload(rng, old.Length));
                    }
                    break;
                default: // put (a re-put of the same size moves the chunk to the end)
                    TryPut(f, image, key, Payload(rng, 4 + (rng.Next(6) * 8)));
                    break;
            }
            PhpShmHeader after = SysvShmLayout.ReadHeader(f, image);
            if (after == before && !SysvShmLayout.Keys(f, image).SequenceEqual(layoutBefore)) sameHeaderMoves++;

            for (int r = 0; r < 8; r++)
            {
                long probe = Key(rng.Next(-5, keys + 10)); // some below and above every key

                bool walked = SysvShmLayout.TryFind(f, image, after, probe, out var expected);
                SysvShmIndex? previous = index;
                bool viaIndex = SysvShmIndex.Locate(ref index, f, image, after, probe, out var actual);
                Assert.Equal(walked, viaIndex);
                if (walked) Assert.Equal(expected, actual);
                if (ReferenceEquals(previous, index) && previous is not null && previous.Header == after && walked)
                {
                    hits++;
                    if (previous.IsDense) denseHits++;
                }
            }
        }
        // The run must have exercised both the cache and the moves that keep the header as it was.
        Assert.True(hits > 50_000, $"only {hits} reads through the index");
        Assert.True(sameHeaderMoves > 1000, $"only {sameHeaderMoves} layout changes under an unchanged header");
        if (keyOffset == 0) Assert.True(denseHits > 10_000, $"only {denseHits} reads through an index by key");
        else Assert.Equal(0, denseHits);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void AKeyTwiceInTheChainIsFoundAtItsFirstChunkAsByTheWalk(int wordSize)
    {
        SysvShmFormat f = wordSize == 8 ? SysvShmFormat.Php64 : SysvShmFormat.Php32;
        var image = new byte[8192];
        SysvShmLayout.Initialize(f, image);
        for (int k = 0; k < 40; k++) SysvShmLayout.Put(f, image, k, Encoding.ASCII.GetBytes($"s:4:\"v{k,3}\";"));
        // PHP never writes a key twice, but a segment can hold it: the chunk of key 30 renamed 3.
        PhpShmHeader header = SysvShmLayout.ReadHeader(f, image);
        Assert.True(SysvShmLayout.TryFind(f, image, header, 30, out var renamed));
        f.Write(image, renamed.Offset, 3);

        SysvShmIndex? index = SysvShmIndex.TryBuild(f, image, header);
        Assert.NotNull(index);
        Assert.True(index.IsDense);
        SysvShmIndex? current = index;
        foreach (long k in new long[] { 3, 30, 0, 39, 40, -1, long.MinValue, long.MaxValue })
        {
            bool walked = SysvShmLayout.TryFind(f, image, header, k, out var expected);
            Assert.Equal(walked, SysvShmIndex.Locate(ref current, f, image, header, k, out var actual));
            if (walked) Assert.Equal(expected, actual);
        }
        Assert.True(SysvShmIndex.Locate(ref current, f, image, header, 3, out var first));
        Assert.True(first.Offset < renamed.Offset);
        Assert.Same(index, current); // nothing was stale: no rebuild
    }

    [Fact]
    public void APositionThatNoLongerHoldsTheKeyFallsBackToTheWalk()
    {
        SysvShmFormat f = SysvShmFormat.Php64;
        var image = new byte[8192];
        SysvShmLayout.Initialize(f, image);
        for (int k = 0; k < 40; k++) SysvShmLayout.Put(f, image, k, Encoding.ASCII.GetBytes($"s:4:\"v{k,3}\";"));
        SysvShmIndex? index = null;
        PhpShmHeader header = SysvShmLayout.ReadHeader(f, image);
        Assert.True(SysvShmIndex.Locate(ref index, f, image, header, 39, out _));
        Assert.NotNull(index);

        // Re-put key 5 with the same size: every chunk after it moves down, the header stays.
        SysvShmLayout.Put(f, image, 5, "s:4:\"new5\";"u8);
        Assert.Equal(header, SysvShmLayout.ReadHeader(f, image));
        for (int k = 0; k < 40; k++)
        {
            Assert.True(SysvShmIndex.Locate(ref index, f, image, header, k, out var chunk));
            Assert.Equal(k, chunk.Key);
            Assert.True(SysvShmLayout.TryFind(f, image, header, k, out var walked));
            Assert.Equal(walked, chunk);
        }
        Assert.Equal("s:4:\"new5\";", Encoding.ASCII.GetString(ShmImages.Get(image, 5)!));
    }

    private static void TryPut(in SysvShmFormat f, byte[] image, long key, byte[] data)
    {
        try { SysvShmLayout.Put(f, image, key, data); }
        catch (PhpShmFullException) { }
    }

    private static byte[] Payload(Random rng, int length)
    {
        length = Math.Max(length, 4);
        string body = new((char)('a' + rng.Next(26)), length - 4 - (length - 4).ToString(System.Globalization.CultureInfo.InvariantCulture).Length - 2 > 0 ? length - 4 - (length - 4).ToString(System.Globalization.CultureInfo.InvariantCulture).Length - 2 : 0);
        return Encoding.ASCII.GetBytes($"s:{body.Length}:\"{body}\";");
    }
}
