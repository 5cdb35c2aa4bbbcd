using System.Globalization;
using System.Text;

namespace PhpShmCompat.IpcWorker;

/// <summary>
/// <c>shm-churn KEY SIZE MAXLEN</c>: replaces variables 1..6 of a sysvshm segment in turn, for ever,
/// with the strings <see cref="Value"/> makes (the same ones the PHP churn script writes), so a test
/// can kill it at a random moment and knows every value it could have written. Prints "ready"
/// after the first round.
/// </summary>
internal static class ShmChurnCommand
{
    internal const int Variables = 6;

    internal static int Run(string[] args)
    {
        int key = Arg.Int(args[0]);
        long size = Arg.Long(args[1]);
        int maxLen = Arg.Int(args[2]);
        using PhpSharedMemory shm = PhpSharedMemory.Attach(key, size);
        for (long i = 0; ; i++)
        {
            int k = 1 + (int)(i % Variables);
            shm.PutRaw(k, Serialized(k, i, maxLen));
            if (i == Variables) Arg.Say("ready");
        }
    }

    /// <summary>The string for variable <paramref name="k"/> at iteration <paramref name="i"/>: "k{k}i{i}:" and a run of one letter.</summary>
    internal static string Value(int k, long i, int maxLen)
    {
        long length = 1 + (((k * 7919L) + (i * 104729L)) % maxLen);
        char c = (char)('a' + (((k * 3) + i) % 26));
        return string.Create(CultureInfo.InvariantCulture, $"k{k}i{i}:") + new string(c, (int)length);
    }

    /// <summary>PHP's serialize() of <see cref="Value"/>: s:N:"...";.</summary>
    internal static byte[] Serialized(int k, long i, int maxLen)
    {
        string v = Value(k, i, maxLen);
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"s:{v.Length}:\"{v}\";"));
    }
}
