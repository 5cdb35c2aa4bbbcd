using System.Globalization;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>PHP's msg_send(serialize: false) scalar forms: C# must put the very same bytes in the queue.</summary>
[Collection(SemMsgCollection.Name)]
public class ScalarFormatTests
{
    private static readonly double[] Floats =
    [
        0.0, -0.0, 1.5, -1.5, 0.1, 1e-7, -1e-7, 5e-7, 1.5e-6, 2.5e-6, 0.0000005, 123456789.123456789, 1e15, 1e20, 1e22,
        -2.5, 0.125, 1.0 / 3, 2.0 / 3, 9007199254740993, 1e300, double.MaxValue, -double.MaxValue, double.Epsilon,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN, 999999.9999995, 0.0000015, 4.35, 1e-300,
    ];

    private static readonly long[] Ints = [0, 1, -1, 42, long.MaxValue, long.MinValue, 1234567890123];

    [Fact]
    public void FloatsIntsAndBoolsMatchPhpByteForByte()
    {
        using var keys = new IpcKeyScope();
        int phpKey = keys.NewTrackedKey(), csKey = keys.NewTrackedKey();

        // PHP literals that round-trip exactly: var_export of each double with serialize_precision -1.
        string floats = string.Join(",", Floats.Select(PhpLiteral));
        string ints = string.Join(",", Ints.Select(i => i == long.MinValue ? "PHP_INT_MIN" : i.ToString(CultureInfo.InvariantCulture)));
        PhpRunner.RunCode($"$q = msg_get_queue({phpKey}, 0600); foreach ([{floats},{ints},true,false] as $v) if (!msg_send($q, 1, $v, false)) exit(1);").EnsureSuccess();

        using var php = PhpMessageQueue.Get(phpKey);
        using var cs = PhpMessageQueue.Get(csKey);
        foreach (double d in Floats) cs.SendScalar(1, d);
        foreach (long l in Ints) cs.SendScalar(1, l);
        cs.SendScalar(1, true);
        cs.SendScalar(1, false);

        var labels = Floats.Select(d => d.ToString("R", CultureInfo.InvariantCulture))
            .Concat(Ints.Select(i => i.ToString(CultureInfo.InvariantCulture))).Concat(["true", "false"]);
        foreach (string label in labels)
        {
            string expected = php.Receive(0, PhpMessageReceiveFlags.NoWait).GetString();
            string actual = cs.Receive(0, PhpMessageReceiveFlags.NoWait).GetString();
            Assert.True(expected == actual, $"{label}: PHP sent '{expected}', C# sent '{actual}'");
        }
        Assert.False(php.TryReceive(0, out _));
        Assert.Equal("0.000000", System.Text.Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(-0.0)));
        Assert.Equal("inf", System.Text.Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(double.NegativeInfinity)));
    }

    private static string PhpLiteral(double d)
    {
        if (double.IsNaN(d)) return "NAN";
        if (double.IsPositiveInfinity(d)) return "INF";
        if (double.IsNegativeInfinity(d)) return "-INF";
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        if (d == 0 && double.IsNegative(d)) return "-0.0";
        return r.Contains('.') || r.Contains('E') ? r : r + ".0";
    }
}
