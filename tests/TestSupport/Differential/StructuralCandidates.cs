using System.Globalization;
using System.Text;
using PhpSerializer;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>
/// Smaller inputs made from a well-formed input by its structure, for shrinking: each element of
/// each array or object removed (with the container's count lowered to match), and each element's
/// value replaced by <c>N;</c>. Byte deletions alone rarely keep an input well formed; these do.
/// </summary>
internal static class StructuralCandidates
{
    private sealed class Container(int headerStart, int headerEnd)
    {
        public readonly int HeaderStart = headerStart;
        public readonly int HeaderEnd = headerEnd;
        public readonly List<(int KeyStart, int ValueStart, int End)> Elements = new();
        public int KeyStart = -1;
        public int ValueStart = -1;
    }

    /// <summary>The candidates for <paramref name="input"/>; none when it does not parse as far as its root's end.</summary>
    public static List<byte[]> Of(byte[] input)
    {
        var containers = new List<Container>();
        var open = new Stack<Container>();
        try
        {
            var reader = new PhpSerializedReader(input);
            while (reader.Read())
            {
                Container? top = open.Count > 0 ? open.Peek() : null;
                switch (reader.TokenType)
                {
                    case PhpTokenType.IntKey:
                    case PhpTokenType.StringKey:
                        top!.KeyStart = reader.TokenStartIndex;
                        top.ValueStart = reader.BytesConsumed;
                        continue;
                    case PhpTokenType.StartArray:
                    case PhpTokenType.StartObject:
                        var c = new Container(reader.TokenStartIndex, reader.BytesConsumed);
                        containers.Add(c);
                        open.Push(c);
                        continue;
                    case PhpTokenType.EndArray:
                    case PhpTokenType.EndObject:
                        open.Pop();
                        top = open.Count > 0 ? open.Peek() : null;
                        break;
                }
                top?.Elements.Add((top.KeyStart, top.ValueStart, reader.BytesConsumed));
            }
        }
        catch (PhpSerializationException)
        {
            return [];
        }

        var candidates = new List<byte[]>();
        foreach (Container c in containers)
        {
            byte[]? header = WithCount(input.AsSpan(c.HeaderStart, c.HeaderEnd - c.HeaderStart), c.Elements.Count - 1);
            foreach (var (keyStart, valueStart, end) in c.Elements)
            {
                if (header is not null)
                    candidates.Add([.. input.AsSpan(0, c.HeaderStart), .. header, .. input.AsSpan(c.HeaderEnd, keyStart - c.HeaderEnd), .. input.AsSpan(end)]);
                if (end - valueStart > 2)
                    candidates.Add([.. input.AsSpan(0, valueStart), .. "N;"u8, .. input.AsSpan(end)]);
            }
        }
        return candidates;
    }

    // "a:5:{" or "O:3:"Foo":5:{" with the count replaced; null when the header has no such shape.
    private static byte[]? WithCount(ReadOnlySpan<byte> header, int count)
    {
        if (count < 0 || header.Length < 4 || !header.EndsWith(":{"u8)) return null;
        int colon = header[..^2].LastIndexOf((byte)':');
        if (colon < 0) return null;
        return [.. header[..(colon + 1)], .. Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture)), .. ":{"u8];
    }
}
