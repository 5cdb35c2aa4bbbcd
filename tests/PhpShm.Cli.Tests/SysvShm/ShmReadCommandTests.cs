using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.SysvShm;

/// <summary>dump, get and check against segments written by real PHP; reading never changes a byte.</summary>
public sealed class ShmReadCommandTests
{
    // Values PHP writes with shm_put_var; json_encode gives the JSON phpshm must print for 1..4.
    private const string PutValues = """
        class Foo { public $x = 1; protected $y = [2, 3]; private $z = "é"; }
        $shm = shm_attach($argv_key, 10000, 0600);
        $values = [
            1 => "hello",
            2 => ["a" => 1, "b" => [1.5, true, null, 1.0], "c" => -7, "10" => "ten", "05" => "five"],
            3 => [],
            4 => 1e25,
            5 => "\x00\xffbin",
            6 => new Foo(),
        ];
        $o = new stdClass; $o->n = 1; $x = 5;
        $values[7] = [$o, $o, &$x, &$x, "k" => ["deep" => [1.25, -0.0, "a\nb"]]];
        foreach ($values as $k => $v) shm_put_var($shm, $k, $v);
        """;

    private static void PutWithPhp(int key) => Php.Run(PutValues.Replace("$argv_key", key.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void DumpListsEveryVariablePhpWroteAndJsonValuesEqualPhpJsonEncode()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        PutWithPhp(key);

        CliResult text = CliRunner.Run("dump", Php.Hex(key));
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"segment {Php.Hex(key)}", text.StdoutText);
        Assert.Contains("7 variable(s)", text.StdoutText);
        Assert.Contains("\"hello\"", text.StdoutText);
        Assert.Contains("object(Foo)", text.StdoutText);
        Assert.Contains("{\"$binary\":\"AP9iaW4=\"}", text.StdoutText);

        CliResult json = CliRunner.Run("dump", key.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        JsonNode doc = JsonNode.Parse(json.StdoutText)!;
        JsonNode header = JsonNode.Parse(Php.RunText($$"""
            $img = shmop_read(shmop_open({{key}}, 'a', 0, 0), 0, 40);
            $h = unpack('Pstart/Pend/Pfree/Ptotal', substr($img, 8));
            echo json_encode($h);
            """))!;
        Assert.True(JsonNode.DeepEquals(header, doc["header"]), doc["header"]!.ToJsonString());
        Assert.Equal(10000, (long)doc["segmentSize"]!);

        JsonArray vars = doc["variables"]!.AsArray();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], vars.Select(v => (long)v!["var"]!).ToArray());
        // PHP's json_encode (with floats kept as floats) is the oracle for the plain values.
        JsonNode expected = JsonNode.Parse(Php.RunText($$"""
            ini_set('serialize_precision', -1);
            $shm = shm_attach({{key}});
            $out = [];
            foreach ([1, 2, 3, 4] as $k) $out[] = shm_get_var($shm, $k);
            echo json_encode($out, JSON_PRESERVE_ZERO_FRACTION);
            """))!;
        for (int i = 0; i < 4; i++)
            Assert.True(JsonNode.DeepEquals(expected[i], vars[i]!["value"]), $"var {i + 1}: php {expected[i]!.ToJsonString()} vs phpshm {vars[i]!["value"]!.ToJsonString()}");
        Assert.Equal("string", (string)vars[0]!["type"]!);
        Assert.Equal("array(5)", (string)vars[1]!["type"]!);
        Assert.Equal("AP9iaW4=", (string)vars[4]!["value"]!["$binary"]!);
        Assert.Equal("Foo", (string)vars[5]!["value"]!["$object"]!);
        Assert.Equal("é", (string)vars[5]!["value"]!["properties"]!["\0Foo\0z"]!);
        // Lengths are the stored serialize() lengths.
        for (int i = 0; i < vars.Count; i++)
            Assert.Equal(Php.SerializedVar(key, i + 1).Length, (int)vars[i]!["length"]!);
    }

    [Fact]
    public void GetSerializedEqualsPhpSerializeAndPhpFormatEqualsVarDump()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        PutWithPhp(key);
        byte[] before = Php.Image(key);

        for (long var = 1; var <= 7; var++)
        {
            byte[] phpSerialized = Php.SerializedVar(key, var);
            CliResult ser = CliRunner.Run("get", Php.Hex(key), var.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "serialized");
            Assert.True(ser.ExitCode == 0, ser.ToString());
            Assert.Equal(Encoding.Latin1.GetString(phpSerialized), Encoding.Latin1.GetString(ser.Stdout));

            CliResult dump = CliRunner.Run("get", Php.Hex(key), var.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "php");
            Assert.True(dump.ExitCode == 0, dump.ToString());
            Assert.Equal(Encoding.Latin1.GetString(Php.VarDump(phpSerialized)), Encoding.Latin1.GetString(dump.Stdout));
        }
        Assert.Equal(before, Php.Image(key)); // reading commands never write
    }

    [Fact]
    public void GetJsonIsTheDefaultAndReadsBackBinaryStrings()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        PutWithPhp(key);
        CliResult r = CliRunner.Run("get", Php.Hex(key), "5");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("AP9iaW4=", JsonNode.Parse(r.StdoutText)!["$binary"]!.GetValue<string>());
        CliResult f = CliRunner.Run("get", Php.Hex(key), "4");
        Assert.Equal("1E+25", f.StdoutText.Trim());
    }

    [Fact]
    public void MissingSegmentOrVariableIsExit1WithOneStderrLine()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        CliResult noSegment = CliRunner.Run("dump", Php.Hex(key));
        Assert.Equal(1, noSegment.ExitCode);
        Assert.Equal($"phpshm: no shared memory segment with key {Php.Hex(key)}", noSegment.Stderr.TrimEnd('\n'));
        Assert.Empty(noSegment.Stdout);
        Assert.False(IpcKeyScope.InUse(key)); // a reading command never creates a segment

        Php.Run($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 'x');");
        CliResult noVar = CliRunner.Run("get", Php.Hex(key), "2");
        Assert.Equal(1, noVar.ExitCode);
        Assert.Contains("no variable 2", noVar.Stderr);
        Assert.Single(noVar.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void CheckPassesASoundPhpSegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        PutWithPhp(key);
        CliResult r = CliRunner.Run("check", Php.Hex(key));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith($"OK: segment {Php.Hex(key)}", r.StdoutText);
        Assert.Contains("7 variable(s)", r.StdoutText);
    }

    [Fact]
    public void CheckReportsACorruptHeaderWithExit3AndChangesNothing()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        // PHP writes a valid segment, then a raw shmop write breaks header.end (offset 16).
        Php.Run($"""
            $s = shm_attach({key}, 1000, 0600); shm_put_var($s, 1, 'hello'); shm_detach($s);
            $raw = shmop_open({key}, 'w', 0, 0); shmop_write($raw, pack('P', 99999), 16);
            """);
        byte[] before = Php.Image(key);

        CliResult r = CliRunner.Run("check", Php.Hex(key));
        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("CORRUPT:", r.StdoutText);
        Assert.Contains("header.end at offset 16 is 99999, expected 40..1000", r.StdoutText);

        CliResult j = CliRunner.Run("check", Php.Hex(key), "--json");
        Assert.Equal(3, j.ExitCode);
        JsonNode doc = JsonNode.Parse(j.StdoutText)!;
        Assert.False((bool)doc["valid"]!);
        Assert.Contains(doc["problems"]!.AsArray(), p => (string)p!["field"]! == "header.end" && (long)p["offset"]! == 16);

        // dump and get refuse the same segment with exit 3 rather than reading out of bounds.
        CliResult dump = CliRunner.Run("dump", Php.Hex(key));
        Assert.Equal(3, dump.ExitCode);
        Assert.Contains("header.end", dump.Stderr);
        Assert.Equal(before, Php.Image(key));
    }

    [Fact]
    public void CheckReportsAVariableWhoseBytesPhpCannotUnserialize()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        // s:5:"hello"; -> s:9:"hello"; : the layout is intact, the value is not (PHP: "Variable data ... corrupted").
        Php.Run($"""
            $s = shm_attach({key}, 1000, 0600); shm_put_var($s, 1, 'hello'); shm_put_var($s, 2, 42); shm_detach($s);
            $raw = shmop_open({key}, 'w', 0, 0); shmop_write($raw, '9', 40 + 24 + 2);
            """);
        Assert.Contains("corrupted", PhpRunner.RunCode($"var_dump(shm_get_var(shm_attach({key}), 1));").Stderr);

        CliResult r = CliRunner.Run("check", Php.Hex(key));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("chunk.data at offset 66", r.StdoutText); // the bad length digit itself
        Assert.Contains("expected valid PHP serialize() output (variable 1)", r.StdoutText);

        CliResult get = CliRunner.Run("get", Php.Hex(key), "1");
        Assert.Equal(3, get.ExitCode);
        CliResult ok = CliRunner.Run("get", Php.Hex(key), "2");
        Assert.Equal("42", ok.StdoutText.Trim());
        CliResult dump = CliRunner.Run("dump", Php.Hex(key), "--json");
        Assert.Equal(3, dump.ExitCode);
        Assert.Equal("corrupt", (string)JsonNode.Parse(dump.StdoutText)!["variables"]![0]!["type"]!);
    }

    [Fact]
    public void CheckOfARawShmopSegmentReportsTheMissingMagic()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$r = shmop_open({key}, 'n', 0600, 100); shmop_write($r, 'not php', 0);");
        CliResult r = CliRunner.Run("check", Php.Hex(key));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("header.magic at offset 0", r.StdoutText);
    }
}
