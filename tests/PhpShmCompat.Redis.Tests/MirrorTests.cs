using PhpShmCompat.TestSupport;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>The mirror against segments written by real PHP: exact bytes, versions, changes, removals.</summary>
[Collection(RedisCollection.Name)]
public sealed class MirrorTests : IDisposable
{
    private readonly SharedRedis _redis;
    private readonly string _prefix = SharedRedis.NewPrefix();
    private readonly IpcKeyScope _keys = new();

    public MirrorTests(SharedRedis redis) => _redis = redis;

    public void Dispose()
    {
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
    }

    private IDatabase Db => _redis.Connection.GetDatabase();

    private PhpSegmentMirror NewMirror(int key, bool withSem = true) => new(_redis.Connection, new PhpSegmentMirrorOptions
    {
        SegmentKey = key, SemaphoreKey = withSem ? key : null, KeyPrefix = _prefix,
    });

    // PHP puts the values and prints, per variable, the hex of serialize() of what it stored.
    private static Dictionary<long, string> PhpPut(int key, string puts)
    {
        string output = PhpRunner.RunCode($$"""
            $s = shm_attach({{key}}, 20000, 0600); $m = sem_get({{key}});
            sem_acquire($m);
            $vals = [{{puts}}];
            foreach ($vals as $k => $v) { shm_put_var($s, $k, $v); echo $k, " ", bin2hex(serialize($v)), "\n"; }
            sem_release($m);
            """).EnsureSuccess().StdoutText;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => p[1]);
    }

    [Fact]
    public async Task EveryVariableIsMirroredWithTheBytesPhpSerializeWrote()
    {
        int key = _keys.NewKey();
        Dictionary<long, string> expected = PhpPut(key,
            """1 => ["jobs_done" => 42, "last" => "resize.png"], 2 => 3.14, -7 => "é\0x", 9000000000 => null, 5 => new ArrayObject([1, 2]), 6 => true, 8 => [1.5, -0.0, PHP_INT_MIN]""");
        using PhpSegmentMirror mirror = NewMirror(key);

        PhpMirrorPass pass = await mirror.SyncOnceAsync();

        Assert.Equal(1, pass.Version);
        Assert.Equal(expected.Keys.Order(), pass.Written.Order());
        HashEntry[] hash = await Db.HashGetAllAsync(mirror.Keys.Segment);
        Assert.Equal(expected.Count, hash.Length);
        foreach (HashEntry field in hash)
            Assert.Equal(expected[long.Parse(field.Name.ToString(), System.Globalization.CultureInfo.InvariantCulture)], Convert.ToHexString((byte[])field.Value!).ToLowerInvariant());
        Assert.Equal("1", (string?)await Db.HashGetAsync(mirror.Keys.Meta, "version"));
        StreamEntry[] changes = await Db.StreamRangeAsync(mirror.Keys.Changes);
        StreamEntry change = Assert.Single(changes);
        Assert.Equal(string.Join(' ', pass.Written), (string?)change["put"]);
    }

    [Fact]
    public async Task OnlyChangedVariablesAreWrittenAndRemovedOnesAreDeleted()
    {
        int key = _keys.NewKey();
        PhpPut(key, """1 => "a", 2 => "b", 3 => "c" """);
        using PhpSegmentMirror mirror = NewMirror(key);
        await mirror.SyncOnceAsync();

        PhpRunner.RunCode($"""
            $s = shm_attach({key}); $m = sem_get({key}); sem_acquire($m);
            shm_put_var($s, 2, "B"); shm_remove_var($s, 3); shm_put_var($s, 4, [4]);
            sem_release($m);
            """).EnsureSuccess();
        PhpMirrorPass pass = await mirror.SyncOnceAsync();

        Assert.Equal(2, pass.Version);
        Assert.Equal(new long[] { 2, 4 }, pass.Written.Order());
        Assert.Equal(new long[] { 3 }, pass.Removed);
        Assert.False(await Db.HashExistsAsync(mirror.Keys.Segment, "3"));
        Assert.Equal("s:1:\"B\";", (string?)await Db.HashGetAsync(mirror.Keys.Segment, "2"));
        StreamEntry last = (await Db.StreamRangeAsync(mirror.Keys.Changes, count: 1, messageOrder: Order.Descending))[0];
        Assert.Equal("2", (string?)last["version"]);
        Assert.Equal("3", (string?)last["removed"]);

        PhpMirrorPass idle = await mirror.SyncOnceAsync();
        Assert.False(idle.Changed);
        Assert.Equal(2, idle.Version);
        Assert.Equal(2, await Db.StreamLengthAsync(mirror.Keys.Changes));
    }

    [Fact]
    public async Task ARestartedMirrorDeletesWhatWasRemovedWhileItWasAway()
    {
        int key = _keys.NewKey();
        PhpPut(key, """1 => "a", 2 => "b" """);
        using (PhpSegmentMirror first = NewMirror(key)) await first.SyncOnceAsync();
        PhpRunner.RunCode($"$s = shm_attach({key}); shm_remove_var($s, 1);").EnsureSuccess();

        using PhpSegmentMirror second = NewMirror(key);
        PhpMirrorPass pass = await second.SyncOnceAsync();

        Assert.Equal(new long[] { 1 }, pass.Removed);
        Assert.Empty(pass.Written);
        Assert.Equal(2, pass.Version);
        Assert.Equal(new RedisValue[] { "2" }, await Db.HashKeysAsync(second.Keys.Segment));
    }

    [Fact]
    public async Task WithoutTheSemaphoreTheMirrorPublishesWhatTwoAgreeingReadsSaw()
    {
        int key = _keys.NewKey();
        PhpPut(key, """1 => ["x" => 1]""");
        using PhpSegmentMirror mirror = NewMirror(key, withSem: false);

        PhpMirrorPass pass = await mirror.SyncOnceAsync();

        Assert.True(pass.Consistent);
        Assert.Equal(new long[] { 1 }, pass.Written);
        Assert.False(mirror.AcceptsRemoteWrites);
    }

    [Fact]
    public async Task ACorruptSegmentIsATypedErrorAndNothingIsPublished()
    {
        int key = _keys.NewKey();
        PhpPut(key, """1 => "a" """);
        using (var raw = ShmopSegment.Open(key, ShmopMode.Write))
            raw.Write(16, BitConverter.GetBytes(long.MaxValue)); // header "end" far outside the segment
        using PhpSegmentMirror mirror = NewMirror(key);

        PhpShmCorruptException e = await Assert.ThrowsAsync<PhpShmCorruptException>(() => mirror.SyncOnceAsync());
        Assert.Equal(key, e.SegmentKey);
        Assert.False(await Db.KeyExistsAsync(mirror.Keys.Segment));
    }

    [Fact]
    public async Task PhpInAnotherIpcNamespaceReadsTheMirroredVariableWithPhpredis()
    {
        int key = _keys.NewKey();
        Dictionary<long, string> written = PhpPut(key, """3 => ["state" => ["jobs_done" => 42, "names" => ["a", "b"]], "at" => 1.25]""");
        using PhpSegmentMirror mirror = NewMirror(key);
        await mirror.SyncOnceAsync();

        using var other = IpcNamespace.Create();
        string code = $$"""
            $r = new Redis(); $r->connect('{{_redis.Host}}', {{_redis.Port}});
            $v = unserialize($r->hGet('{{mirror.Keys.Segment}}', '3'));
            echo bin2hex(serialize($v));
            """;
        PhpResult result = other.RunPhp(code);
        Assert.True(result.ExitCode == 0, result.Stderr + result.StdoutText);
        Assert.Equal(written[3], result.StdoutText.Trim());
        Assert.False(other.SeesSegment(key));
    }

    [Fact]
    public async Task WithoutTheSemaphoreATornReadIsNeverPublished()
    {
        int key = _keys.NewKey();
        PhpRunner.RunCode($"shm_attach({key}, 300000, 0600);").EnsureSuccess();
        using PhpSegmentMirror mirror = NewMirror(key, withSem: false);
        // PHP rewrites one large variable without any lock, as fast as it can: a copy of the
        // segment taken during a write sees half of the old string and half of the new one, or a
        // chunk list in the middle of PHP's compaction.
        string stopFile = Path.Combine(Path.GetTempPath(), $"phpshm-torn-{Guid.NewGuid():N}");
        using var writer = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(PhpRunner.PhpPath,
            ["-r", $"$s = shm_attach({key}); for ($i = 0; !file_exists('{stopFile}'); $i++) {{ shm_put_var($s, 1, str_repeat(chr(65 + $i % 26), 100000 + ($i % 7) * 1000)); shm_put_var($s, 2, $i); }}"])
            { UseShellExecute = false })!;
        try
        {
            var published = new HashSet<string>();
            for (int pass = 0; pass < 300; pass++)
            {
                PhpMirrorPass result = await mirror.SyncOnceAsync();
                if (!result.Written.Contains(1)) continue;
                byte[] value = (byte[])(await Db.HashGetAsync(mirror.Keys.Segment, "1"))!;
                // Every published value is one PHP wrote whole: a string of one repeated letter.
                var text = (PhpSerializer.PhpString)PhpSerializer.PhpSerialization.Unserialize(value);
                ReadOnlySpan<byte> bytes = text.Span;
                Assert.True(bytes.Length >= 100000 && bytes.IndexOfAnyExcept(bytes[0]) < 0, $"torn value published at pass {pass}");
                published.Add(((char)bytes[0]).ToString() + bytes.Length);
            }
            Assert.True(published.Count > 1, "the writer never changed the value between passes");
        }
        finally
        {
            File.WriteAllText(stopFile, "");
            if (!writer.WaitForExit(10_000)) writer.Kill();
            File.Delete(stopFile);
        }
    }
}
