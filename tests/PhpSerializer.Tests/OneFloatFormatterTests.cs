using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests;

/// <summary>
/// Every path that writes a float -- the fast tree writer, the general tree writer, the token
/// writer, the typed writers and var_dump text -- writes exactly what
/// <see cref="PhpFloatFormatter.Format"/> does, so a change there is a change everywhere.
/// </summary>
public class OneFloatFormatterTests
{
    private static IEnumerable<double> Doubles()
    {
        var random = new Random(20261201);
        double[] edges = [0.0, -0.0, 0.1, -99214.68, 1e15, 1e-4, 1e-5, 1e25, 7241.185376941533, double.Epsilon, double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        foreach (double d in edges) yield return d;
        for (int i = 0; i < 5000; i++)
        {
            yield return BitConverter.Int64BitsToDouble(random.NextInt64());
            yield return Math.Round(random.NextDouble() * 1e6, random.Next(0, 8));
        }
    }

    private static string Formatted(double d)
    {
        Span<byte> text = stackalloc byte[PhpFloatFormatter.MaxLength];
        return Encoding.ASCII.GetString(text[..PhpFloatFormatter.Format(d, text)]);
    }

    public sealed class Holder
    {
        public double Value { get; set; }
    }

    [Fact]
    public void EveryWriterFormatsFloatsWithTheOneFormatter()
    {
        foreach (double d in Doubles())
        {
            string expected = "d:" + Formatted(d) + ";";
            Assert.Equal(expected, Encoding.ASCII.GetString(PhpSerialization.Serialize(new PhpFloat(d)))); // fast tree writer

            var buffer = new ArrayBufferWriter<byte>();
            var writer = new PhpSerializedWriter(buffer);
            writer.WriteFloat(d);
            Assert.Equal(expected, Encoding.ASCII.GetString(buffer.WrittenSpan)); // token writer

            var cell = new PhpReference(new PhpFloat(d));
            string viaTree = Encoding.ASCII.GetString(PhpSerialization.Serialize(PhpArray.List(cell, cell))); // references: the general tree writer
            Assert.Equal($"a:2:{{i:0;{expected}i:1;R:2;}}", viaTree);

            Assert.Equal(expected, Encoding.ASCII.GetString(PhpSerialization.Serialize(d))); // typed fast writer
            Assert.Equal("O:6:\"Holder\":1:{s:5:\"Value\";" + expected + "}", Encoding.ASCII.GetString(PhpSerialization.Serialize(new Holder { Value = d }, Options)));

            Assert.StartsWith($"float({Formatted(d)})", new PhpFloat(d).ToString()); // var_dump text
        }
    }

    private static readonly PhpSerializerOptions Options = new PhpSerializerOptions().RegisterClass<Holder>("Holder");
}
