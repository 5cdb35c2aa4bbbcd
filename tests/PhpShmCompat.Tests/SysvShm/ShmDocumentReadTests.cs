using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>Documents straight from a live segment, one-pass reads, and what keyed reads allocate.</summary>
public class ShmDocumentReadTests
{
    [Fact]
    public void DocumentsOnePassReadsAndKeyedReadsAgreeWithTheValueModel()
    {
        using var keys = new IpcKeyScope();
        using var shm = PhpSharedMemory.Attach(keys.NewKey(), 65536);
        try
        {
            for (int k = 0; k < 100; k++) shm.Put(k, new PhpArray { ["id"] = k, ["name"] = $"var{k}", ["ref"] = k % 7 == 0 ? PhpNull.Instance : new PhpFloat(k / 3.0) });
            shm.PutRaw(100, "a:2:{i:0;s:1:\"x\";i:1;R:2;}"u8); // a reference: read through the value model
            using PhpDocument reused = PhpDocument.Create();
            for (int k = 0; k <= 100; k++)
            {
                PhpValue value = shm.Get(k);
                Assert.True(shm.TryGetDocument(k, reused));
                Assert.Equal(PhpSerialization.Serialize(value), PhpSerialization.Serialize(reused.RootElement.ToValue()));
                using PhpDocument own = shm.GetDocument(k);
                Assert.Equal(PhpSerialization.Serialize(value), PhpSerialization.Serialize(own.RootElement.ToValue()));
            }
            Assert.False(shm.TryGetDocument(555, reused));
            Assert.Throws<InvalidOperationException>(() => reused.RootElement);
            Assert.Throws<KeyNotFoundException>(() => shm.GetDocument(555));

            var all = shm.GetAll();
            Assert.Equal(Enumerable.Range(0, 101).Select(i => (long)i), all.Select(p => p.Key));
            Assert.All(all, p => Assert.Equal(PhpSerialization.Serialize(shm.Get(p.Key)), PhpSerialization.Serialize(p.Value)));
            var names = new List<string>();
            shm.ForEach(names, static (key, element, list) => list.Add(key == 100 ? element[0].GetString() : element["name"].GetString()));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => $"var{i}").Append("x"), names);

            shm.PutRaw(50, "i:"u8);
            var bad = Assert.Throws<PhpShmCorruptException>(() => shm.GetDocument(50));
            Assert.Equal(50, bad.VariableKey);
            Assert.Throws<PhpShmCorruptException>(() => shm.GetAll());
        }
        finally
        {
            shm.Destroy();
        }
    }

    [Fact]
    public void KeyedDocumentReadsOfAnUnchangedSegmentAllocateNothing()
    {
        using var keys = new IpcKeyScope();
        using var shm = PhpSharedMemory.Attach(keys.NewKey(), 1 << 20);
        try
        {
            for (int k = 0; k < 2000; k++) shm.Put(k, new PhpArray { ["id"] = k, ["field"] = $"value {k}" });
            using PhpDocument document = PhpDocument.Create();
            long sum = 0;
            for (int round = 0; round < 3; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int k = 1999; k >= 1900; k--)
                {
                    Assert.True(shm.TryGetDocument(k, document));
                    sum += document.RootElement["id"].GetInt64();
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (round > 0) Assert.Equal(0, allocated); // the first round builds the position index
            }
            Assert.Equal(3 * Enumerable.Range(1900, 100).Sum(), sum);
        }
        finally
        {
            shm.Destroy();
        }
    }
}
