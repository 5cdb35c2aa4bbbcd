using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>Typed Put&lt;T&gt;/Get&lt;T&gt; through the serializer's object mapping, against PHP.</summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmTypedTests
{
    [PhpClass("Job")]
    public sealed class Job
    {
        public string Name { get; set; } = "";
        public long Tries { get; set; }
        public List<string> Tags { get; set; } = new();
    }

    [Fact]
    public void TypedValuesRoundTripThroughPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(TypedValuesRoundTripThroughPhp));
        using var shm = PhpSharedMemory.Attach(key, 4000);
        shm.Put(1, new Job { Name = "mail", Tries = 3, Tags = { "a", "b" } });
        shm.Put(2, new Dictionary<string, long> { ["x"] = 1, ["y"] = 2 });
        shm.Put(3, 42L);

        string php = ShmInterop.Php($$"""
            class Job { public $Name; public $Tries; public $Tags; }
            $s = shm_attach({{key}});
            $j = shm_get_var($s, 1);
            echo get_class($j), ' ', $j->Name, ' ', $j->Tries, ' ', implode(',', $j->Tags), "\n";
            echo json_encode(shm_get_var($s, 2)), ' ', shm_get_var($s, 3), "\n";
            $j->Tries++; $j->Tags[] = 'php';
            shm_put_var($s, 1, $j);
            shm_put_var($s, 4, ['x' => 10, 'y' => 20]);
            """).StdoutText;
        Assert.Equal("Job mail 3 a,b\n{\"x\":1,\"y\":2} 42\n", php);

        Job? job = shm.Get<Job>(1);
        Assert.NotNull(job);
        Assert.Equal(("mail", 4L), (job.Name, job.Tries));
        Assert.Equal(new[] { "a", "b", "php" }, job.Tags);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 10, ["y"] = 20 }, shm.Get<Dictionary<string, long>>(4));
        Assert.Equal(42L, shm.Get<long>(3));
        Assert.False(shm.TryGet(99, out Job? _));
        Assert.Throws<KeyNotFoundException>(() => shm.Get<Job>(99));
        var wrongType = Assert.Throws<PhpShmCorruptException>(() => shm.Get<long>(1)); // an object is not an int
        Assert.Equal(1, wrongType.VariableKey);
        Assert.Equal(new long[] { 2, 3, 1, 4 }, shm.Keys());
    }
}
