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
    [Theory]
    [InlineData(8, 11)]
    [InlineData(4, 12)]
    public void IndexedReadsFindWhatTheWalkFinds(int wordSize, int seed)
    {
        SysvShmFormat f = wordSize == 8 ? SysvShmFormat.Php64 : SysvShmFormat.Php32;
        var rng = new Random(seed);
        var image = new byte[64 * 1024];
        SysvShmLayout.Initialize(f, image);
        SysvShmIndex? index = null;
        const int keys = 400;
        int hits = 0, sameHeaderMoves = 0;
        for (int op = 0; op < 20_000; op++)
        {
            PhpShmHeader before = SysvShmLayout.ReadHeader(f, image);
            List<long> layoutBefore = SysvShmLayout.Keys(f, image);
            long key = rng.Next(keys);
            switch (rng.Next(4))
            {
                case 0: // remove
                    SysvShmLayout.Remove(f, image, key);
                    break;
                case 1: // remove one key, put another of the same size: the header ends as it was
                    if (SysvShmLayout.TryFind(f, image, before, key, out var old) && SysvShmLayout.Remove(f, image, key))
                    {
                        long other = rng.Next(keys);
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
                long probe = rng.Next(keys + 10);
                bool walked = SysvShmLayout.TryFind(f, image, after, probe, out var expected);
                SysvShmIndex? previous = index;
                bool viaIndex = SysvShmIndex.Locate(ref index, f, image, after, probe, out var actual);
                Assert.Equal(walked, viaIndex);
                if (walked) Assert.Equal(expected, actual);
                if (ReferenceEquals(previous, index) && previous is not null && previous.Header == after && walked) hits++;
            }
        }
        // The run must have exercised both the cache and the moves that keep the header as it was.
        Assert.True(hits > 50_000, $"only {hits} reads through the index");
        Assert.True(sameHeaderMoves > 1000, $"only {sameHeaderMoves} layout changes under an unchanged header");
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
