using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

public class SysvShmLayoutTests
{
    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 40)] // the spec's "0..7 -> 32" is wrong: PHP 8.2 writes next = 40 for "i:5;" (4 bytes)
    [InlineData(4, 40)]
    [InlineData(8, 40)]
    [InlineData(9, 48)]
    [InlineData(10, 48)]
    [InlineData(34, 72)]
    public void ChunkSizeIsPhpsFormula(long length, long expected) => Assert.Equal(expected, SysvShmLayout.ChunkSize(length));

    [Fact]
    public void InitializeWritesPhpsHeaderAndLeavesOtherBytes()
    {
        var image = new byte[100];
        Array.Fill(image, (byte)0xEE);
        SysvShmLayout.Initialize(image);
        Assert.Equal("PHP_SM\0"u8.ToArray(), image[..7]);
        Assert.Equal(0xEE, image[7]); // strcpy never touches byte 7
        Assert.Equal(new PhpShmHeader(40, 40, 60, 100), SysvShmLayout.ReadHeader(image));
        Assert.All(image[40..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void MatchesTheImagePhpWrote()
    {
        // Captured from PHP 8.2: shm_attach($k, 200); put 1 "abc"; put 2 5; put 1 "x"; shmop_read($k, 0, 0).
        const string php = "5048505f534d0000280000000000000078000000000000005000000000000000c8000000000000000200000000000000040000000000000028000000000000006" +
                           "93a353b000000000000000000000000010000000000000008000000000000002800000000000000733a313a2278223b693a353b";
        var image = new byte[200];
        SysvShmLayout.Initialize(image);
        SysvShmLayout.Put(image, 1, Str("abc"));
        SysvShmLayout.Put(image, 2, Int(5));
        SysvShmLayout.Put(image, 1, Str("x"));
        byte[] expected = new byte[200];
        Convert.FromHexString(php).CopyTo(expected, 0);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(image));
    }

    [Fact]
    public void UpdateMovesTheKeyToTheEndAndRemoveCompacts()
    {
        byte[] image = NewImage(1000);
        SysvShmLayout.Put(image, 10, Str("ten"));
        SysvShmLayout.Put(image, -20, Str("twenty"));
        SysvShmLayout.Put(image, long.MaxValue, Int(long.MinValue));
        SysvShmLayout.Put(image, 10, Str("TEN!"));
        Assert.Equal(new long[] { -20, long.MaxValue, 10 }, SysvShmLayout.Keys(image));
        Assert.Equal(Str("TEN!"), Get(image, 10));
        Assert.True(SysvShmLayout.Remove(image, long.MaxValue));
        Assert.False(SysvShmLayout.Remove(image, long.MaxValue));
        Assert.Equal(new long[] { -20, 10 }, SysvShmLayout.Keys(image));
        PhpShmHeader h = SysvShmLayout.ReadHeader(image);
        Assert.Equal(40 + 48 + 48, h.End); // s:6:"twenty"; = 13 bytes -> 48, s:4:"TEN!"; = 11 -> 48
        Assert.Equal(1000 - h.End, h.Free);
        Assert.Null(Get(image, long.MaxValue));
    }

    [Fact]
    public void RemoveLeavesStaleBytesBehindTheNewEndAsPhpDoes()
    {
        byte[] image = NewImage(300);
        SysvShmLayout.Put(image, 1, Str("aaaa"));
        SysvShmLayout.Put(image, 2, Str("bbbb"));
        byte[] before = (byte[])image.Clone();
        SysvShmLayout.Remove(image, 1);
        // The second chunk (48 bytes at 88) moved to 40; bytes 88..136 still hold its old copy.
        Assert.Equal(before[88..136], image[40..88]);
        Assert.Equal(before[88..136], image[88..136]);
        Assert.Equal(88, SysvShmLayout.ReadHeader(image).End);
    }

    [Fact]
    public void PutThatDoesNotFitThrowsAndKeepsTheOldValue()
    {
        byte[] image = NewImage(200); // 160 bytes of room
        byte[] first = Str(new string('a', 50));
        SysvShmLayout.Put(image, 1, first);
        SysvShmLayout.Put(image, 2, Str("b"));
        long room = 160 - SysvShmLayout.ChunkSize(first.Length) - SysvShmLayout.ChunkSize(Str("b").Length);
        Assert.Equal(room, SysvShmLayout.ReadHeader(image).Free);
        byte[] before = (byte[])image.Clone();
        byte[] big = Str(new string('c', 130));
        var ex = Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, 1, big));
        Assert.Equal(1, ex.VariableKey);
        Assert.Equal(SysvShmLayout.ChunkSize(big.Length), ex.Needed);
        Assert.Equal(room + SysvShmLayout.ChunkSize(first.Length), ex.Available);
        Assert.Equal(before, image);
        Assert.Equal(first, Get(image, 1));
        // A value whose chunk is exactly the room left after removing the old value fits.
        byte[] exact = Str(new string('c', 80));
        Assert.Equal(ex.Available, SysvShmLayout.ChunkSize(exact.Length));
        SysvShmLayout.Put(image, 1, exact);
        Assert.Equal(0, SysvShmLayout.ReadHeader(image).Free);
        Assert.Equal(exact, Get(image, 1));
    }

    [Fact]
    public void EngineAgreesWithADictionaryModelOverARandomSequence()
    {
        var rng = new Random(1234);
        byte[] image = NewImage(3000);
        var model = new List<(long Key, byte[] Value)>();
        for (int i = 0; i < 3000; i++)
        {
            long key = rng.Next(-5, 15);
            if (rng.Next(4) == 0)
            {
                bool removed = SysvShmLayout.Remove(image, key);
                Assert.Equal(model.RemoveAll(e => e.Key == key) > 0, removed);
            }
            else
            {
                byte[] value = Str(new string((char)('a' + rng.Next(26)), rng.Next(0, 200)));
                int idx = model.FindIndex(e => e.Key == key);
                long used = model.Sum(e => SysvShmLayout.ChunkSize(e.Value.Length)) - (idx >= 0 ? SysvShmLayout.ChunkSize(model[idx].Value.Length) : 0);
                bool fits = used + SysvShmLayout.ChunkSize(value.Length) <= 3000 - 40;
                if (fits)
                {
                    SysvShmLayout.Put(image, key, value);
                    if (idx >= 0) model.RemoveAt(idx);
                    model.Add((key, value));
                }
                else
                {
                    Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, key, value));
                }
            }
            Assert.Equal(model.Select(e => e.Key), SysvShmLayout.Keys(image));
            foreach (var (k, v) in model) Assert.Equal(v, Get(image, k));
            Assert.True(SysvShmLayout.Validate(image).IsValid);
        }
    }
}
