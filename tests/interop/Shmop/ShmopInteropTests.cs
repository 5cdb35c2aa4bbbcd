using PhpShmCompat.InteropTests.SysvShm;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Shmop;

/// <summary>The four modes against PHP's shmop_* in both directions.</summary>
[Collection(ShmInteropCollection.Name)]
public class ShmopInteropTests
{
    [Fact]
    public void PhpCreatesCSharpAccessesReadOnlyAndWritesWithW()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(PhpCreatesCSharpAccessesReadOnlyAndWritesWithW));
        ShmInterop.Php($"""$s = shmop_open({key}, "c", 0600, 100); shmop_write($s, "hello from php\0\xff", 10);""");

        using (var a = ShmopSegment.Open(key, "a"))
        {
            Assert.True(a.IsReadOnly);
            Assert.Equal(100, a.Size);
            Assert.Equal("hello from php\0\xff"u8.ToArray() is var _ ? "68656C6C6F2066726F6D2070687000FF" : "", Convert.ToHexString(a.Read(10, 16)));
            Assert.Equal(90, a.Read(10, 0).Length);
            Assert.Equal(0x68, a.AsReadOnlySpan()[10]);
            var ro = Assert.Throws<InvalidOperationException>(() => a.Write(0, "x"u8));
            Assert.Contains("read-only", ro.Message);
            Assert.Throws<InvalidOperationException>(() => a.AsSpan());
        }
        using (var w = ShmopSegment.Open(key, ShmopMode.Write))
        {
            Assert.False(w.IsReadOnly);
            Assert.Equal(5, w.Write(95, "tail!"u8));
            w.AsSpan()[0] = (byte)'C';
        }
        string php = ShmInterop.Php($"""$s = shmop_open({key}, "a", 0, 0); echo shmop_read($s, 0, 1), shmop_read($s, 95, 0), shmop_size($s);""").StdoutText;
        Assert.Equal("Ctail!100", php);
    }

    [Fact]
    public void CSharpCreatesNewPhpWritesAndCSharpReads()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(CSharpCreatesNewPhpWritesAndCSharpReads));
        using var n = ShmopSegment.Open(key, ShmopMode.CreateNew, size: 256);
        Assert.Equal(256, n.Size);
        Assert.Equal(0x180, Interop.ShmStatOrThrow(n.Id, key).Mode); // default 0600

        string php = ShmInterop.Php($$"""
            var_dump(@shmop_open({{key}}, "n", 0600, 256));
            $w = shmop_open({{key}}, "w", 0, 0);
            echo shmop_write($w, "written by php", 3), "\n";
            $c = shmop_open({{key}}, "c", 0600, 10); // smaller request on an existing segment is fine
            echo shmop_size($c), "\n";
            """).StdoutText;
        Assert.Equal("bool(false)\n14\n256\n", php);
        Assert.Equal("written by php"u8.ToArray(), n.Read(3, 14));
        Assert.Throws<PhpIpcExistsException>(() => ShmopSegment.Open(key, "n", size: 256));
    }

    [Fact]
    public void CreateModeOpensExistingAndRefusesLargerRequests()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(CreateModeOpensExistingAndRefusesLargerRequests));
        ShmInterop.Php($"""shmop_open({key}, "c", 0600, 50);""");
        using (var c = ShmopSegment.Open(key, ShmopMode.Create, size: 10)) Assert.Equal(50, c.Size);
        var ex = Assert.Throws<PhpIpcException>(() => ShmopSegment.Open(key, ShmopMode.Create, size: 51));
        Assert.Equal(22, ex.Errno); // EINVAL, as PHP's "Unable to attach or create shared memory segment "Invalid argument""
        Assert.Equal("shmget", ex.Operation);
        string php = ShmInterop.Php($"""var_dump(@shmop_open({key}, "c", 0600, 51));""").StdoutText;
        Assert.Equal("bool(false)\n", php);
    }

    [Fact]
    public void MissingSegmentsAndBadArguments()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(MissingSegmentsAndBadArguments));
        Assert.Throws<PhpIpcNotFoundException>(() => ShmopSegment.Open(key, "a"));
        Assert.Throws<PhpIpcNotFoundException>(() => ShmopSegment.Open(key, "w"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShmopSegment.Open(key, "c", size: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShmopSegment.Open(key, ShmopMode.CreateNew, size: -1));
        Assert.Throws<ArgumentException>(() => ShmopSegment.Open(key, "x"));
        Assert.Throws<ArgumentException>(() => ShmopSegment.Open(key, "cw"));
        Assert.False(IpcKeyScope.InUse(key));
    }

    [Fact]
    public void ReadAndWriteBoundsFollowPhpAndTruncationIsOptIn()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(ReadAndWriteBoundsFollowPhpAndTruncationIsOptIn));
        using var seg = ShmopSegment.Open(key, ShmopMode.Create, IpcPermissions.OwnerOnly, 20);
        Assert.Empty(seg.Read(20, 0));                       // offset == size is allowed, reads nothing
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Read(21, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Read(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Read(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Read(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Write(21, "a"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.Write(-1, "a"u8));

        byte[] before = seg.Read(0, 0);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => seg.Write(15, "0123456789"u8));
        Assert.Contains("allowTruncation", ex.Message);
        Assert.Equal(before, seg.Read(0, 0)); // nothing written
        Assert.Equal(5, seg.Write(15, "0123456789"u8, allowTruncation: true));

        // PHP 8.2 truncates silently and returns the count written: same bytes, same count.
        string php = ShmInterop.Php($$"""
            $s = shmop_open({{key}}, "w", 0, 0);
            echo shmop_write($s, "ABCDEFGHIJ", 12), ' ', shmop_read($s, 10, 0);
            """).StdoutText;
        Assert.Equal("8 \0\0ABCDEFGH", php);
        Assert.Equal("\0\0ABCDEFGH"u8.ToArray(), seg.Read(10, 0));
    }

    [Fact]
    public void DeleteRemovesTheSegmentAfterTheLastDetach()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(DeleteRemovesTheSegmentAfterTheLastDetach));
        ShmInterop.Php($"""shmop_open({key}, "c", 0600, 10);""");
        using (var w = ShmopSegment.Open(key, "w"))
        {
            w.Delete();
            Assert.Equal(3, w.Write(0, "abc"u8)); // still usable until detached
        }
        Assert.False(IpcKeyScope.InUse(key));
        Assert.Equal("bool(false)\n", ShmInterop.Php($"""var_dump(@shmop_open({key}, "a", 0, 0));""").StdoutText);

        // And PHP's delete is seen by C#.
        using var c = ShmopSegment.Open(key, ShmopMode.CreateNew, size: 10);
        ShmInterop.Php($"""shmop_delete(shmop_open({key}, "w", 0, 0));""");
        c.Dispose();
        Assert.False(IpcKeyScope.InUse(key));
    }

    [Fact]
    public void PermissionsAreExplicitAndDefaultToOwnerOnly()
    {
        using var keys = new IpcKeyScope();
        int k1 = keys.NewKey(nameof(PermissionsAreExplicitAndDefaultToOwnerOnly)), k2 = keys.NewKey(nameof(PermissionsAreExplicitAndDefaultToOwnerOnly));
        using var group = ShmopSegment.Open(k1, ShmopMode.CreateNew, IpcPermissions.OwnerAndGroup, 10);
        Assert.Equal(0x1B0, Interop.ShmStatOrThrow(group.Id, k1).Mode);
        using var shm = PhpSharedMemory.Attach(k2, 100);
        Assert.Equal(0x180, Interop.ShmStatOrThrow(shm.Id, k2).Mode);
        Assert.Equal("0660", IpcPermissions.OwnerAndGroup.ToString());
        Assert.Equal(IpcPermissions.Everyone, IpcPermissions.Parse("0666"));
        Assert.Throws<ArgumentOutOfRangeException>(() => IpcPermissions.FromMode(660)); // decimal 660 = 0o1224: not a mode
    }
}
