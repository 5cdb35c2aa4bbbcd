using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>
/// One row of the comparison: a C# workload timed against the PHP item of
/// <c>bench/php/bench.php</c> that runs the same loop on the same corpus.
/// </summary>
/// <param name="Name">Row label.</param>
/// <param name="PhpItem">The PHP item it is compared with (several rows may share one).</param>
/// <param name="Throughput">True: compare MiB/s; false: compare ops/s.</param>
/// <param name="TargetRatio">The C#/PHP target, or null for an informational row.</param>
/// <param name="Create">Builds the C# workload (untimed setup) from an IPC key.</param>
/// <param name="MinMiBPerSecond">An absolute C# throughput target, if any.</param>
/// <param name="RuntimeSetting">A <c>NAME=value</c> environment variable for the row's process
/// (a .NET runtime setting an application could make), or null.</param>
internal sealed record CompareItem(string Name, string PhpItem, bool Throughput, double? TargetRatio, Func<int, IWorkload> Create, double? MinMiBPerSecond = null, string? RuntimeSetting = null)
{
    /// <summary>Rows in table order.</summary>
    public static IReadOnlyList<CompareItem> All { get; } =
    [
        new("document parse, mixed", "unserialize-mixed", true, 5, _ => new DocumentParseWorkload(Docs("mixed"), readField: false)),
        new("document parse + one field, mixed", "unserialize-field", true, 5, _ => new DocumentParseWorkload(Docs("mixed"), readField: true)),
        new("token walk, no checks (floor), mixed", "unserialize-mixed", true, null, _ => new TokenWalkWorkload(Docs("mixed"))),
        new("token walk + index rows, no checks (floor), mixed", "unserialize-mixed", true, null, _ => new IndexRowsWalkWorkload(Docs("mixed"))),
        new("unserialize mixed", "unserialize-mixed", true, 2.5, _ => new UnserializeWorkload(Docs("mixed"))),
        new("value tree built, no parse (floor), mixed", "unserialize-mixed", true, null, _ => new TreeBuildWorkload(Docs("mixed"))),
        new("unserialize strings", "unserialize-strings", true, 3, _ => new UnserializeWorkload(Docs("strings")), MinMiBPerSecond: 1024),
        new("unserialize mixed (no-copy)", "unserialize-mixed", true, 3, _ => new UnserializeWorkload(Docs("mixed"), noCopy: true)),
        new("unserialize strings (no-copy)", "unserialize-strings", true, 3, _ => new UnserializeWorkload(Docs("strings"), noCopy: true), MinMiBPerSecond: 1024),
        new("serialize mixed", "serialize-mixed", true, 3, _ => new SerializeWorkload(Docs("mixed"), reuseBuffer: false)),
        new("serialize mixed (IBufferWriter)", "serialize-mixed", true, null, _ => new SerializeWorkload(Docs("mixed"), reuseBuffer: true)),
        new("new byte[] per result + one copy (floor), mixed", "serialize-mixed", true, null, _ => new ResultArraysWorkload(Docs("mixed"))),
        new("serialize strings", "serialize-strings", true, 1, _ => new SerializeWorkload(Docs("strings"), reuseBuffer: false)),
        new("serialize strings (IBufferWriter)", "serialize-strings", true, null, _ => new SerializeWorkload(Docs("strings"), reuseBuffer: true)),
        new("serialize strings, large arrays in gen 0 (GCLOHThreshold)", "serialize-strings", true, null, _ => new SerializeWorkload(Docs("strings"), reuseBuffer: false), RuntimeSetting: "DOTNET_GCLOHThreshold=0x200000"),
        new("new byte[] per result + one copy (floor), strings", "serialize-strings", true, null, _ => new ResultArraysWorkload(Docs("strings"))),
        new("Deserialize<UserRecord>", "unserialize-records", true, null, _ => new DeserializeRecordsWorkload(Docs("records"))),
        new("records -> PhpValue", "unserialize-records", true, null, _ => new UnserializeWorkload(Docs("records"))),
        new("Serialize<UserRecord>", "serialize-records", true, null, _ => new SerializeRecordsWorkload(Docs("records"))),
        new("records <- PhpValue", "serialize-records", true, null, _ => new SerializeWorkload(Docs("records"), reuseBuffer: false)),
        new("shm Get (50 vars)", "shm-get", false, 2, key => new ShmWorkload(key, Docs("shm"), ShmWorkload.Mode.GetAll)),
        new("shm vars' value trees built, no read or parse (floor)", "shm-get", false, null, _ => new TreeBuildWorkload(Docs("shm"))),
        new("shm one var of 50 + one field (document)", "shm-get-field", false, 3, key => new ShmFieldWorkload(key, Docs("shm"))),
        new("shm Get of the last of 20,000 vars", "shm-get-last", false, 100, key => new LargeShmWorkload(key, LargeShmWorkload.Mode.GetLast)),
        new("shm all 20,000 vars, one pass (ForEach)", "shm-get-all-20k", false, 100, key => new LargeShmWorkload(key, LargeShmWorkload.Mode.ForEachDocument)),
        new("shm all 20,000 vars, one pass (GetAll)", "shm-get-all-20k", false, null, key => new LargeShmWorkload(key, LargeShmWorkload.Mode.GetAllValues)),
        new("shm Get int var", "shm-get-int", false, null, key => new ShmWorkload(key, Docs("shm"), ShmWorkload.Mode.GetInt)),
        new("shm Put (50 vars)", "shm-put", false, 1.5, key => new ShmWorkload(key, Docs("shm"), ShmWorkload.Mode.Put)),
        new("semaphore acquire+release", "sem-pair", false, 1, key => new SemaphoreWorkload(key)),
        new("message send+receive", "msg-pair", false, 1.2, key => new MessageWorkload(key, Docs("msg"))),
    ];

    private static byte[][] Docs(string name) => CorpusFile.Read(BenchPaths.CorpusPath(name));
}
