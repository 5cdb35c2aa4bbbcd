using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>
/// PHP's verdict on many inputs from one long-running <c>php</c> process (<c>judge.php</c>): the
/// inputs go in as length-prefixed frames, one verdict frame per input comes back.
/// </summary>
public static class PhpJudge
{
    /// <summary>The judge script, copied next to the tests.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Differential", "judge.php");

    /// <summary>The judge script's text (for running it elsewhere, for example in a container).</summary>
    public static string ScriptText => File.ReadAllText(ScriptPath);

    /// <summary>PHP's verdicts from the host's <c>php</c>, in input order.</summary>
    public static List<Verdict> Host(IReadOnlyList<byte[]> inputs)
    {
        PhpResult result = PhpRunner.RunFile(ScriptPath, Frame(inputs)).EnsureSuccess();
        return Parse(result.Stdout, inputs.Count);
    }

    /// <summary>The host PHP's <c>MAJOR.MINOR</c>.</summary>
    public static string HostVersion() =>
        PhpRunner.RunCode("echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION;").EnsureSuccess().StdoutText;

    /// <summary>The inputs as uint32-LE length-prefixed frames.</summary>
    public static byte[] Frame(IReadOnlyList<byte[]> inputs)
    {
        long total = 0;
        foreach (byte[] input in inputs) total += 4 + input.Length;
        var data = new byte[total];
        int pos = 0;
        foreach (byte[] input in inputs)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(pos), (uint)input.Length);
            input.CopyTo(data, pos + 4);
            pos += 4 + input.Length;
        }
        return data;
    }

    /// <summary>Decodes the judge's output; throws unless it holds exactly <paramref name="expected"/> verdicts.</summary>
    public static List<Verdict> Parse(byte[] output, int expected)
    {
        var verdicts = new List<Verdict>(expected);
        int pos = 0;
        while (pos + 4 <= output.Length)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(pos));
            if (n < 1 || pos + 4 + n > output.Length) throw new InvalidDataException($"judge output is cut at byte {pos}");
            ReadOnlySpan<byte> frame = output.AsSpan(pos + 4, n);
            ReadOnlySpan<byte> body = frame[1..];
            verdicts.Add(frame[0] switch
            {
                (byte)'A' => Verdict.Accept(body.ToArray()),
                (byte)'R' => Verdict.Reject(long.Parse(Encoding.ASCII.GetString(body), CultureInfo.InvariantCulture)),
                (byte)'E' => Verdict.RejectWithoutOffset(Encoding.UTF8.GetString(body)),
                (byte)'I' => Verdict.AcceptUnreadable(body.ToArray()),
                _ => throw new InvalidDataException($"judge output has an unknown verdict '{(char)frame[0]}' at byte {pos}"),
            });
            pos += 4 + n;
        }
        if (pos != output.Length || verdicts.Count != expected)
            throw new InvalidDataException($"judge gave {verdicts.Count} verdicts for {expected} inputs");
        return verdicts;
    }
}
