using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>
/// Nothing is left in <c>ipcs -m</c>. Other test collections run in parallel and
/// create 0x5A... keys of their own, so only keys handed out to this collection are compared.
/// The collection runs one test at a time, so when this runs every earlier test is finished.
/// </summary>
[Collection(ShmInteropCollection.Name)]
public class NoLeftoverSegmentsTests
{
    [Fact]
    public void IpcsShowsNoSegmentOfThisSuiteBeforeOrAfterAWorkload()
    {
        HashSet<int> before = ShmInterop.SegmentKeysInIpcs();
        var used = new List<int>();
        using (var keys = new IpcKeyScope())
        {
            // Every way this suite creates segments: C# and PHP creators, sysvshm and shmop, removal and scope cleanup.
            int a = keys.NewKey(nameof(NoLeftoverSegmentsTests)), b = keys.NewKey(nameof(NoLeftoverSegmentsTests));
            int c = keys.NewKey(nameof(NoLeftoverSegmentsTests)), d = keys.NewKey(nameof(NoLeftoverSegmentsTests));
            used.AddRange(new[] { a, b, c, d });
            using (var shm = PhpSharedMemory.Attach(a, 1000)) shm.PutRaw(1, "N;"u8);
            using (var shm = PhpSharedMemory.Attach(b, 1000)) shm.Destroy();
            using (var seg = ShmopSegment.Open(c, ShmopMode.CreateNew, size: 64)) seg.Delete();
            ShmInterop.Php($"""shm_attach({d}, 500, 0600); shmop_open({d}, "w", 0, 0);""");
            HashSet<int> during = ShmInterop.SegmentKeysInIpcs();
            Assert.Contains(a, during);
            Assert.DoesNotContain(b, during);
            Assert.DoesNotContain(c, during);
            Assert.Contains(d, during);
        }
        HashSet<int> after = ShmInterop.SegmentKeysInIpcs();
        foreach (int k in used) Assert.DoesNotContain(k, after);
        Assert.DoesNotContain(after.Except(before), ShmInterop.Leaks.Issued.ContainsKey);

        // And nothing of any kind under any key this or an earlier test of the collection used.
        ShmInterop.Leaks.ThrowIfAnyLeft();
    }
}
