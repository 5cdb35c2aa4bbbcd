using System.Buffers.Binary;
using System.Text;
using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests.Mapping;

/// <summary>Runs real PHP over many serialized values in one process (uint32-LE length-prefixed frames).</summary>
internal static class MappingPhp
{
    /// <summary>The PHP classes matching MappingModels.cs.</summary>
    public const string Classes = """
        namespace App\Model;
        enum Suit: string { case Hearts = 'H'; case Spades = 'S'; case Clubs = 'C'; }
        enum Status { case Active; case Banned; }
        class Entity {
            private int $id = 0;
            protected string $createdBy = '';
            public ?string $note = null;
            public function setEntity(int $id, string $createdBy): void { $this->id = $id; $this->createdBy = $createdBy; }
        }
        class Person extends Entity {
            public string $name = '';
            private int $id = 0;
            protected array $tags = [];
            public float $score = 0.0;
            public Suit $suit = Suit::Hearts;
            public ?Person $friend = null;
            public array $scores = [];
            public ?Status $status = null;
            public bool $active = false;
            public string $blob = '';
            public function setPerson(int $id, array $tags): void { $this->id = $id; $this->tags = $tags; }
        }
        final class Point { public int $x = 0; public int $y = 0; }
        final class Team {
            public function __construct(
                public string $title,
                public array $members,
                public ?Person $lead,
                public array $meta,
                public Point $origin,
                public array $suits,
            ) {}
        }
        function read_frames(): array {
            $in = stream_get_contents(STDIN);
            $out = []; $pos = 0; $len = strlen($in);
            while ($pos < $len) { $n = unpack('V', substr($in, $pos, 4))[1]; $out[] = substr($in, $pos + 4, $n); $pos += 4 + $n; }
            return $out;
        }
        function frame(string $s): string { return pack('V', strlen($s)) . $s; }
        """;

    /// <summary>PHP: unserialize every frame (must give an object of <paramref name="phpClass"/>), serialize it again; "1"+bytes or "0"+error.</summary>
    public static List<(bool Ok, byte[] Bytes)> RoundTrip(IReadOnlyList<byte[]> inputs, string phpClass)
    {
        string code = Classes + $$"""

            $out = '';
            foreach (read_frames() as $s) {
                try {
                    $v = unserialize($s);
                    if (!($v instanceof {{phpClass}})) { $out .= frame('0not a {{phpClass.Replace("\\", "\\\\")}}: ' . get_debug_type($v)); continue; }
                    $out .= frame('1' . serialize($v));
                } catch (\Throwable $e) { $out .= frame('0' . get_class($e) . ': ' . $e->getMessage()); }
            }
            echo $out;
            """;
        var result = PhpRunner.RunCode(code, Frame(inputs)).EnsureSuccess();
        Assert.True(result.Stderr.Length == 0, "PHP warnings: " + result.Stderr);
        var frames = Unframe(result.Stdout);
        Assert.Equal(inputs.Count, frames.Count);
        return frames.Select(f => (f[0] == (byte)'1', f[1..])).ToList();
    }

    /// <summary>Runs PHP code (after the classes) that writes frames; returns them.</summary>
    public static List<byte[]> Generate(string body, params string[] args)
    {
        var result = PhpRunner.RunCode(Classes + "\n" + body, null, args).EnsureSuccess();
        Assert.True(result.Stderr.Length == 0, "PHP warnings: " + result.Stderr);
        return Unframe(result.Stdout);
    }

    public static byte[] Frame(IEnumerable<byte[]> items)
    {
        using var ms = new MemoryStream();
        Span<byte> header = stackalloc byte[4];
        foreach (var item in items)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)item.Length);
            ms.Write(header);
            ms.Write(item);
        }
        return ms.ToArray();
    }

    public static List<byte[]> Unframe(byte[] data)
    {
        var list = new List<byte[]>();
        int pos = 0;
        while (pos < data.Length)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
            list.Add(data.AsSpan(pos + 4, n).ToArray());
            pos += 4 + n;
        }
        return list;
    }

    /// <summary>Bytes as readable text (NUL and non-ASCII escaped).</summary>
    public static string Show(byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes) sb.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        return sb.ToString();
    }
}
