using System.Diagnostics;
using System.Globalization;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// Two hosts on one machine: PHP workers in this IPC namespace (A) send tasks to their usual
/// SysV queue; a bridge in A moves them to a Redis stream; in a second IPC namespace (B) a
/// bridge moves them into B's queue, where a PHP worker and a .NET worker take them; their
/// results go back the same way, and PHP in A reads them from its results queue.
/// </summary>
[Collection(RedisBridgeCollection.Name)]
public sealed class CrossNamespaceTests : IDisposable
{
    private const int Tasks = 400;
    private readonly SharedRedis _redis;
    private readonly ITestOutputHelper _output;
    private readonly IpcKeyScope _keys = new();
    private readonly string _prefix = SharedRedis.NewPrefix();
    private readonly string _dir = Directory.CreateTempSubdirectory("phpshm-ns-").FullName;
    private readonly List<IDisposable> _owned = [];

    public CrossNamespaceTests(SharedRedis redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
        Directory.Delete(_dir, recursive: true);
    }

    private BridgeProcess Bridge(IpcNamespace? ns, params string[] args)
    {
        BridgeProcess p = BridgeProcess.Start(ns, ["bridge", .. args, "--redis", _redis.Configuration]);
        _owned.Add(p);
        p.WaitForStderr("phpshm bridge: running");
        return p;
    }

    [Fact]
    public void TasksFromPhpInOneNamespaceAreDoneByPhpAndDotnetWorkersInAnotherAndResultsComeBack()
    {
        using var b = IpcNamespace.Create();
        int tasksA = _keys.NewKey(), resultsA = _keys.NewKey();
        // B's queues live in B's namespace (they vanish with it); the keys may even be the same.
        int tasksB = tasksA, resultsB = resultsA;
        string tasksStream = _prefix + ":tasks", resultsStream = _prefix + ":results";
        using (PhpMessageQueue.Get(tasksA)) { }
        using (PhpMessageQueue.Get(resultsA)) { }

        Bridge(null, PhpIpcException.FormatKey(tasksA), "--to", tasksStream, "--journal", Path.Combine(_dir, "a.journal"));
        Bridge(b, PhpIpcException.FormatKey(tasksB), "--from", tasksStream, "--group", "workers");
        Bridge(b, PhpIpcException.FormatKey(resultsB), "--to", resultsStream, "--journal", Path.Combine(_dir, "b.journal"));
        Bridge(null, PhpIpcException.FormatKey(resultsA), "--from", resultsStream, "--group", "origin");

        // Workers in B: PHP takes half, .NET the other half.
        string phpWorker = Path.Combine(_dir, "worker.php");
        File.WriteAllText(phpWorker, $$"""
            <?php
            $tasks = msg_get_queue({{tasksB}}); $results = msg_get_queue({{resultsB}});
            for ($i = 0; $i < {{Tasks / 2}}; $i++) {
              if (!msg_receive($tasks, 0, $type, 65536, $task)) exit(1);
              msg_send($results, 1, ['id' => $task['id'], 'square' => $task['n'] * $task['n'], 'by' => 'php']);
            }
            """);
        using Process php = Process.Start(b.StartInfo(PhpRunner.PhpPath, [phpWorker]))!;
        _owned.Add(new KillOnDispose(php));
        BridgeProcess dotnet = BridgeProcess.StartDll(b, BridgeProcess.WorkerPath, "task-worker",
            tasksB.ToString(CultureInfo.InvariantCulture), resultsB.ToString(CultureInfo.InvariantCulture), (Tasks / 2).ToString(CultureInfo.InvariantCulture));
        _owned.Add(dotnet);

        // PHP in A sends the tasks and reads every result from its own results queue.
        PhpResult origin = PhpRunner.RunCode($$"""
            $tasks = msg_get_queue({{tasksA}}); $results = msg_get_queue({{resultsA}});
            for ($i = 0; $i < {{Tasks}}; $i++) msg_send($tasks, 1, ['id' => $i, 'n' => $i + 1]);
            $by = ['php' => 0, 'dotnet' => 0]; $ok = 0;
            for ($i = 0; $i < {{Tasks}}; $i++) {
              msg_receive($results, 0, $type, 65536, $r);
              if ($r['square'] === ($r['id'] + 1) ** 2) $ok++;
              $by[$r['by']]++;
            }
            echo "$ok {$by['php']} {$by['dotnet']}";
            """).EnsureSuccess();

        Assert.True(php.WaitForExit(60_000));
        Assert.Equal(0, php.ExitCode);
        Assert.Equal(0, dotnet.WaitForExit(TimeSpan.FromSeconds(60)));
        string[] counts = origin.StdoutText.Split(' ');
        _output.WriteLine($"{Tasks} tasks from namespace A: {counts[0]} correct results back; done by PHP {counts[1]}, by .NET {counts[2]} in namespace B");
        Assert.Equal($"{Tasks} {Tasks / 2} {Tasks / 2}", origin.StdoutText);
        int onlyInA = _keys.NewKey();
        using (PhpMessageQueue.Get(onlyInA)) { }
        Assert.False(b.SeesQueue(onlyInA), "namespace B must not see A's queues");
    }

}
