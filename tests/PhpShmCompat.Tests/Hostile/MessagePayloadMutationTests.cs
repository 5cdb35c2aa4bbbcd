using System.Runtime.InteropServices;
using PhpSerializer;
using Xunit.Abstractions;

namespace PhpShmCompat.Tests.Hostile;

/// <summary>
/// Mutated <c>struct msgbuf</c> images (8-byte mtype + serialize() payload, PHP-made seeds in
/// fuzz/corpus/message) through the message payload decoder: <see cref="PhpMessage.GetValue"/>
/// returns a value or throws <see cref="PhpMessageCorruptedException"/> with the raw message
/// and the serializer's reason; <see cref="PhpMessage.TryGetValue"/> agrees.
/// </summary>
public class MessagePayloadMutationTests(ITestOutputHelper output)
{
    private const int Messages = 30_000;
    private const int Seed = 0x3E5_0008;

    [Fact]
    public void MutatedMessagePayloadsDecodeOrThrowPhpMessageCorruptedException()
    {
        List<byte[]> seeds = Seeds();
        var rng = new Random(Seed);
        int decoded = 0, corrupted = 0;
        for (int i = 0; i < Messages; i++)
        {
            byte[] buffer = Mutate(seeds[rng.Next(seeds.Count)], rng);
            var message = new PhpMessage(MemoryMarshal.Read<long>(buffer), buffer[8..]);
            bool ok;
            try
            {
                _ = PhpSerialization.Serialize(message.GetValue());
                ok = true;
                decoded++;
            }
            catch (PhpMessageCorruptedException e)
            {
                Assert.Same(message, e.RawMessage);
                Assert.IsType<PhpSerializationException>(e.InnerException);
                ok = false;
                corrupted++;
            }
            catch (Exception e)
            {
                Assert.Fail($"message {i}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(buffer)}");
                return;
            }
            Assert.Equal(ok, message.TryGetValue(out _));
        }
        output.WriteLine($"message payload mutation test: {Messages} mutated messages from {seeds.Count} PHP seeds (seed 0x{Seed:X}): {decoded} decoded, {corrupted} PhpMessageCorruptedException, 0 failures");
        Assert.True(decoded > Messages / 20 && corrupted > Messages / 4, $"{decoded} decoded, {corrupted} corrupted: mutations too weak or too strong");
    }

    /// <summary>Bit flips, grammar bytes, cuts and digit changes in the payload; the mtype is kept.</summary>
    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var data = new List<byte>(seed);
        for (int r = 1 + rng.Next(3); r > 0; r--)
        {
            int n = data.Count;
            if (n <= 8) break;
            int at = 8 + rng.Next(n - 8);
            switch (rng.Next(5))
            {
                case 0: data[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: data[at] = "aOsSiCErR:;{}\"0123456789-"u8[rng.Next(25)]; break;
                case 2: data.RemoveRange(at, n - at); break;
                case 3: data.Insert(at, (byte)('0' + rng.Next(10))); break;
                default: data.RemoveAt(at); break;
            }
        }
        return data.ToArray();
    }

    private static List<byte[]> Seeds()
    {
        string dir = RepoPaths.Find("fuzz/corpus/message");
        var seeds = Directory.GetFiles(dir, "*.bin").Order().Select(File.ReadAllBytes).Where(b => b.Length > 8).ToList();
        Assert.True(seeds.Count >= 10, $"PHP message seeds missing in {dir}");
        return seeds;
    }
}
