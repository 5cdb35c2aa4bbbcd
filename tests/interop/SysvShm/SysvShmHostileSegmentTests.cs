using System.Buffers.Binary;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>Against real PHP segments: corrupt headers and chunks, tiny segments, a full segment.</summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmHostileSegmentTests
{
    /// <summary>PHP makes a segment with vars 1, 2, 3, then pokes one int64 at <paramref name="offset"/> through shmop.</summary>
    private static void PhpWritesThenPokes(int key, int offset, long value)
        => ShmInterop.Php($$"""
            $shm = shm_attach({{key}}, 1000, 0600);
            shm_put_var($shm, 1, 7); shm_put_var($shm, 2, "0123456789"); shm_put_var($shm, 3, [1, 2]);
            $raw = shmop_open({{key}}, "w", 0, 0);
            shmop_write($raw, pack('q', {{value}}), {{offset}});
            """);

    [Theory]
    [InlineData("header.start", 8, -1)]
    [InlineData("header.start", 8, 1001)]
    [InlineData("header.end", 16, 2000)]
    [InlineData("header.end", 16, long.MinValue)]
    [InlineData("header.free", 24, -8)]
    [InlineData("header.free", 24, 100000)]
    [InlineData("header.total", 32, 1001)]   // larger than the kernel's size
    [InlineData("header.total", 32, 12)]
    [InlineData("chunk.length", 80 + 8, -5)]
    [InlineData("chunk.length", 80 + 8, 1L << 40)]
    [InlineData("chunk.next", 80 + 16, 0)]
    [InlineData("chunk.next", 80 + 16, -80)]
    [InlineData("chunk.next", 80 + 16, 5000)]
    public void CorruptFieldsGiveTypedErrorsNamingFieldOffsetAndKey(string field, int offset, long value)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(CorruptFieldsGiveTypedErrorsNamingFieldOffsetAndKey));
        PhpWritesThenPokes(key, offset, value);

        using var shm = PhpSharedMemory.Attach(key);
        byte[] before = shm.ReadImage();
        var ex = Assert.Throws<PhpShmCorruptException>(() => shm.Keys());
        Assert.Equal(field, ex.Problem.Field);
        Assert.Equal(offset, ex.Problem.Offset);
        Assert.Equal(key, ex.SegmentKey);
        Assert.Contains(PhpIpcException.FormatKey(key), ex.Message);
        Assert.Throws<PhpShmCorruptException>(() => shm.Has(3));
        Assert.Throws<PhpShmCorruptException>(() => shm.PutRaw(3, "i:1;"u8));
        Assert.Throws<PhpShmCorruptException>(() => shm.Remove(3));
        Assert.Equal(before, shm.ReadImage());
        PhpShmValidationReport report = shm.Validate();
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Field == field && p.Offset == offset);
    }

    [Fact]
    public void MagicDestroyedAfterAttachIsReported()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(MagicDestroyedAfterAttachIsReported));
        using var shm = PhpSharedMemory.Attach(key, 500);
        shm.PutRaw(1, "i:1;"u8);
        ShmInterop.Php($"""$raw = shmop_open({key}, "w", 0, 0); shmop_write($raw, "XXX", 0);""");
        var ex = Assert.Throws<PhpShmCorruptException>(() => shm.GetRaw(1));
        Assert.Equal("header.magic", ex.Problem.Field);
        Assert.Equal(0, ex.Problem.Offset);
    }

    [Fact]
    public void SegmentWithoutMagicIsInitialisedLikePhpWithTheKernelSize()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(SegmentWithoutMagicIsInitialisedLikePhpWithTheKernelSize));
        // A raw 600-byte segment full of 0xAB; byte 7 and the body must survive initialisation.
        ShmInterop.Php($"""$raw = shmop_open({key}, "c", 0600, 600); shmop_write($raw, str_repeat("\xAB", 600), 0);""");
        using (var shm = PhpSharedMemory.Attach(key, size: 99999))
        {
            Assert.Equal(600, shm.SegmentSize);
            Assert.Equal(new PhpShmHeader(40, 40, 560, 600), shm.Header); // PHP 8.2 would write total = 99999 here
            byte[] image = shm.ReadImage();
            Assert.Equal(0xAB, image[7]);
            Assert.All(image[40..], b => Assert.Equal(0xAB, b));
            shm.PutRaw(5, "s:2:\"hi\";"u8);
        }
        string got = ShmInterop.Php($"""$s = shm_attach({key}); echo shm_get_var($s, 5), (int)shm_has_var($s, 5);""").StdoutText;
        Assert.Equal("hi1", got);
    }

    [Fact]
    public void HeaderPhpInitialisedWithTheRequestedSizeIsRefused()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(HeaderPhpInitialisedWithTheRequestedSizeIsRefused));
        // PHP 8.2 initialises a magic-less 600-byte segment with total = the requested 99999.
        string header = ShmInterop.Php($$"""
            $r = shmop_open({{key}}, "c", 0600, 600);
            shm_attach({{key}}, 99999);
            echo implode(',', unpack('q4', shmop_read($r, 8, 32)));
            """).StdoutText;
        Assert.Equal("40,40,99959,99999", header);
        using var shm = PhpSharedMemory.Attach(key);
        var ex = Assert.Throws<PhpShmCorruptException>(() => shm.PutRaw(1, "i:1;"u8));
        Assert.Equal("header.total", ex.Problem.Field);
        Assert.Equal("99999", ex.Problem.Value);
        Assert.Contains(shm.Validate().Problems, p => p.Field == "header.free");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(39)]
    public void SegmentSmallerThanTheHeaderIsRefused(int size)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(SegmentSmallerThanTheHeaderIsRefused));
        ShmInterop.Php($"""shmop_open({key}, "c", 0600, {size});""");
        var ex = Assert.Throws<PhpShmCorruptException>(() => PhpSharedMemory.Attach(key));
        Assert.Equal("segment size", ex.Problem.Field);
        Assert.Equal(key, ex.SegmentKey);
    }

    [Fact]
    public void NewSegmentSmallerThanTheHeaderIsRefusedBeforeCreating()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(NewSegmentSmallerThanTheHeaderIsRefusedBeforeCreating));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PhpSharedMemory.Attach(key, 39));
        Assert.Contains("memorysize too small", ex.Message);
        Assert.False(IpcKeyScope.InUse(key));
    }

    [Fact]
    public void RandomlyCorruptedLiveSegmentsNeverCrash()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(RandomlyCorruptedLiveSegmentsNeverCrash));
        using var shm = PhpSharedMemory.Attach(key, 800);
        using var raw = ShmopSegment.Open(key, ShmopMode.Write);
        var rng = new Random(77);
        int corrupt = 0;
        for (int i = 0; i < 500; i++)
        {
            Span<byte> mem = raw.AsSpan();
            if (!SysvShmLayoutValid(shm)) { mem.Clear(); SysvShmLayout.Initialize(mem); }
            try { shm.PutRaw(rng.Next(5), "s:3:\"abc\";"u8); } catch (PhpShmFullException) { }
            BinaryPrimitives.WriteInt64LittleEndian(mem.Slice(8 * rng.Next(1, 12)), rng.Next(3) == 0 ? -rng.Next(100) : rng.Next(0, 2000));
            try
            {
                shm.Keys();
                shm.GetRaw(rng.Next(5));
                shm.Remove(rng.Next(5));
            }
            catch (PhpShmCorruptException e)
            {
                corrupt++;
                Assert.Equal(key, e.SegmentKey);
            }
        }
        Assert.True(corrupt > 50);
    }

    private static bool SysvShmLayoutValid(PhpSharedMemory shm) => shm.Validate().IsValid;

    [Fact]
    public void FullPutKeepsTheOldValueAndPhpStillReadsIt()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(FullPutKeepsTheOldValueAndPhpStillReadsIt));
        ShmInterop.Php($"""$s = shm_attach({key}, 300, 0600); shm_put_var($s, 1, str_repeat('a', 100)); shm_put_var($s, 2, 'b');""");
        using var shm = PhpSharedMemory.Attach(key);
        byte[] before = shm.ReadImage();
        byte[] tooBig = System.Text.Encoding.ASCII.GetBytes("s:200:\"" + new string('z', 200) + "\";");
        var ex = Assert.Throws<PhpShmFullException>(() => shm.PutRaw(1, tooBig));
        Assert.Equal(key, ex.SegmentKey);
        Assert.Equal(1, ex.VariableKey);
        Assert.Equal(before, shm.ReadImage());
        string got = ShmInterop.Php($"""$s = shm_attach({key}); echo shm_get_var($s, 1) === str_repeat('a', 100) ? 'kept' : 'lost', ' ', shm_get_var($s, 2);""").StdoutText;
        Assert.Equal("kept b", got);

        // For contrast, PHP itself loses the old value on the same failing put.
        string php = ShmInterop.Php($"""$s = shm_attach({key}); var_dump(@shm_put_var($s, 1, str_repeat('z', 200)), shm_has_var($s, 1));""").StdoutText;
        Assert.Equal("bool(false)\nbool(false)\n", php);
    }

    [Fact]
    public void OsErrorsNameCallKeyAndErrno()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(OsErrorsNameCallKeyAndErrno));
        using (var shm = PhpSharedMemory.Attach(key, 100))
        {
            shm.Destroy();
            Assert.False(shm.IsAttached);
            Assert.Throws<ObjectDisposedException>(() => shm.Keys());
        }
        Assert.False(IpcKeyScope.InUse(key));
        var tooLarge = Assert.Throws<PhpIpcException>(() => PhpSharedMemory.Attach(key, 1L << 50));
        Assert.Equal("shmget", tooLarge.Operation);
        Assert.Equal(key, tooLarge.Key);
        Assert.Contains(PhpIpcException.FormatKey(key), tooLarge.Message);
        Assert.True(tooLarge.Errno is 22 or 12 or 28, tooLarge.Message); // EINVAL (over shmmax) / ENOMEM / ENOSPC
    }
}

/// <summary>A variable whose bytes are not serialize() output: the error names the variable and the offset.</summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmBadVariableTests
{
    [Fact]
    public void UnserializeErrorsNameTheVariableKeyAndOffset()
    {
        using var keys = new PhpShmCompat.TestSupport.IpcKeyScope();
        int key = keys.NewKey(nameof(UnserializeErrorsNameTheVariableKeyAndOffset));
        using var shm = PhpSharedMemory.Attach(key, 1000);
        shm.PutRaw(1, "i:1;"u8);
        shm.PutRaw(77, "a:2:{i:0;i:1;"u8); // truncated array
        string php = ShmInterop.Php($"""$s = shm_attach({key}); var_dump(@shm_get_var($s, 77)); echo error_get_last()['message'];""").StdoutText;
        Assert.Equal("bool(false)\nshm_get_var(): Variable data in shared memory is corrupted", php);

        var ex = Assert.Throws<PhpShmCorruptException>(() => shm.Get(77));
        Assert.Equal(77, ex.VariableKey);
        Assert.Equal(key, ex.SegmentKey);
        Assert.Equal("chunk.data", ex.Problem.Field);
        Assert.InRange(ex.Problem.Offset, 40 + 40 + 24, 40 + 40 + 24 + 13);
        Assert.IsType<PhpSerializer.PhpSerializationException>(ex.InnerException);
        Assert.Contains("variable 77", ex.Message);
        Assert.Equal(1L, ((PhpSerializer.PhpInt)shm.Get(1)).Value); // the rest of the segment is fine
        Assert.True(shm.Validate().IsValid); // the layout is valid; only the value is not
    }
}
