using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using PhpShmCompat.Testing;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// The pod sidecar: a PHP container with a shareable IPC namespace and a second container,
/// plain Debian without PHP or .NET, running a self-contained .NET program (tests/PodSidecar)
/// in that namespace, as the containers of one Kubernetes pod share theirs. Values, a locked
/// counter and messages cross between the two; the host sees none of their objects.
/// </summary>
public sealed class PodSidecarTests(ITestOutputHelper output)
{
    private const string PhpVersion = "8.2";
    private const string SidecarImage = "phpshmcompat/debian:bookworm";
    private const int Iterations = 2000;

    private const string PhpSetup = """
        $key = (int)$argv[1];
        $shm = shm_attach($key, 65536, 0600);
        sem_get($key, 1, 0600);
        msg_get_queue($key, 0600);
        $v = ['from' => 'php', 'f' => 1.5, 'neg' => -7, 's' => "x\0y\xff", 'o' => (object)['p' => 'q'], 'list' => [true, null]];
        shm_put_var($shm, 1, $v);
        shm_put_var($shm, 3, 0);
        echo bin2hex(serialize($v));
        """;

    // The PHP half of the pod: meets .NET on the queue, increments under the semaphore, reads
    // .NET's value, answers .NET's job after its loop.
    private const string PhpPod = """
        [$key, $n] = [(int)$argv[1], (int)$argv[2]];
        $shm = shm_attach($key);
        $sem = sem_get($key, 1, 0600);
        $q = msg_get_queue($key, 0600);
        msg_send($q, 2, 'php-ready', false);
        msg_receive($q, 1, $type, 1024, $ready, false);
        $interleaved = 0; $last = null;
        for ($i = 0; $i < $n; $i++) {
            sem_acquire($sem);
            $v = shm_get_var($shm, 3);
            if ($last !== null && $v !== $last + 1) $interleaved++;
            shm_put_var($shm, 3, $v + 1);
            $last = $v + 1;
            sem_release($sem);
        }
        sem_acquire($sem); $dotnet = shm_get_var($shm, 2); sem_release($sem);
        msg_receive($q, 10, $type, 65536, $job);
        msg_send($q, 11, ['ok' => true, 'job' => $job, 'by' => 'PHP ' . PHP_VERSION]);
        echo json_encode(['ready' => $ready, 'interleaved' => $interleaved, 'dotnet' => bin2hex(serialize($dotnet)), 'job' => $job]);
        """;

    [DockerFact(PhpVersion, SidecarImage)]
    public async Task PhpAndADotNetSidecarShareValuesALockedCounterAndMessagesInTheirOwnNamespace()
    {
        string sidecarDir = Path.Combine(AppContext.BaseDirectory, "pod-sidecar");
        Assert.True(File.Exists(Path.Combine(sidecarDir, "PodSidecar")), $"the self-contained sidecar was not published to {sidecarDir} (the interop project's build does it)");
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = key.ToString(CultureInfo.InvariantCulture);

        await using PhpContainer php = PhpBuilder.ForLocalImage(PhpVersion).WithIpcMode(ContainerIpcMode.Shareable).Build();
        await using IContainer sidecar = new ContainerBuilder(SidecarImage)
            .WithIpcMode(ContainerIpcMode.Container(php))
            .WithBindMount(sidecarDir, "/sidecar", AccessMode.ReadOnly)
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand("trap 'exit 0' TERM INT; sleep infinity & wait")
            .WithLabel(PhpBuilder.ContainerLabel, "sidecar")
            .WithImagePullPolicy(DotNet.Testcontainers.Images.PullPolicy.Never)
            .WithCreateParameterModifier(p => (p.HostConfig ??= new Docker.DotNet.Models.HostConfig()).NetworkMode = "none")
            .Build();
        await sidecar.StartAsync(); // starts the PHP container first: the sidecar depends on it
        output.WriteLine(php.Describe());
        output.WriteLine($".NET sidecar in container {sidecar.Id[..12]} ({SidecarImage}, --ipc=container:{php.Id[..12]}, --network=none)");
        var noDotnet = await sidecar.ExecAsync(["sh", "-c", "command -v php dotnet || echo none"]);
        Assert.Equal("none", noDotnet.Stdout?.Trim());

        string phpValueHex = (await php.ExecPhpAsync(PhpSetup, [k])).EnsureSuccess().Stdout;
        var watch = Stopwatch.StartNew();
        Task<PhpContainerResult> phpPod = php.ExecPhpAsync(PhpPod, [k, Iterations.ToString(CultureInfo.InvariantCulture)]);
        // Each side blocks in the kernel until the other one answers: bound the wait, and fail
        // (removing both containers, which ends the other side) as soon as one side fails.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        ExecResult dotnetPod = await sidecar.ExecAsync(["/sidecar/PodSidecar", "pod", k, Iterations.ToString(CultureInfo.InvariantCulture)], timeout.Token);
        Assert.True(dotnetPod.ExitCode == 0, $"the .NET sidecar failed ({dotnetPod.ExitCode}):\n{dotnetPod.Stderr}{dotnetPod.Stdout}");
        PhpContainerResult phpResult = (await phpPod.WaitAsync(timeout.Token)).EnsureSuccess();
        watch.Stop();
        Dictionary<string, string> dotnet = (dotnetPod.Stdout ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        using JsonDocument phpJson = JsonDocument.Parse(phpResult.Stdout);
        JsonElement phpOut = phpJson.RootElement;
        int phpInterleaved = phpOut.GetProperty("interleaved").GetInt32();
        output.WriteLine($"{Iterations} locked increments each in {watch.ElapsedMilliseconds} ms; PHP saw .NET's between its own {phpInterleaved} times, .NET saw PHP's {dotnet["interleaved"]} times; final {dotnet["final"]}");
        output.WriteLine(".NET received: " + dotnet["reply"]);

        // Values: each side read the other's bytes exactly.
        Assert.Equal(phpValueHex, dotnet["php-value-hex"]);
        Assert.Equal(dotnet["dotnet-value-hex"], phpOut.GetProperty("dotnet").GetString());
        // The locked counter is exact, seen by .NET and by PHP.
        Assert.Equal((2 * Iterations).ToString(CultureInfo.InvariantCulture), dotnet["final"]);
        Assert.Equal($"{2 * Iterations}", (await php.ExecPhpAsync($"echo shm_get_var(shm_attach({key}), 3);")).EnsureSuccess().Stdout);
        Assert.True(phpInterleaved + int.Parse(dotnet["interleaved"], CultureInfo.InvariantCulture) > 0, "the two loops never overlapped, so the lock was not tested");
        // Messages both ways: the barrier, the job and the answer.
        Assert.Equal("dotnet-ready", phpOut.GetProperty("ready").GetString());
        Assert.Equal("{\"job\":\"resize\",\"id\":17}", phpOut.GetProperty("job").GetRawText());
        Assert.Contains("resize", dotnet["reply"]);
        Assert.Contains("PHP " + php.PhpVersion, dotnet["reply"]);

        // Both containers see the objects in their namespace; the host sees none of them.
        foreach (string kind in new[] { "shm", "sem", "msg" })
        {
            Assert.Contains(k, KeysIn((await php.ExecAsync(["cat", "/proc/sysvipc/" + kind])).EnsureSuccess().Stdout));
            Assert.Contains(k, KeysIn((await sidecar.ExecAsync(["cat", "/proc/sysvipc/" + kind])).Stdout));
        }
        Assert.False(IpcKeyScope.InUse(key), "an object of the pod's namespace is visible on the host");
        string hostIpcs = RunHost("ipcs", "-a");
        Assert.DoesNotContain($"0x{key:x8}", hostIpcs);
        output.WriteLine($"host `ipcs -a` lists no object with key 0x{key:x8}; /proc/sysvipc/{{shm,sem,msg}} in both containers list it");
    }

    // The key column (the first) of a /proc/sysvipc table.
    private static string[] KeysIn(string? table)
        => SysvIpcTable.Parse((table ?? "").Split('\n')).Select(r => r.Key.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static string RunHost(string program, params string[] arguments)
    {
        var psi = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return text;
    }
}
