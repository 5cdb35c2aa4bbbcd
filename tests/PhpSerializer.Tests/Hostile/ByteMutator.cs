namespace PhpSerializer.Tests.Hostile;

/// <summary>
/// Deterministic, seeded structure-aware mutations of serialized bytes: bit flips, grammar
/// bytes, interesting numbers in length/count positions, truncation, duplication, splicing
/// with another seed. Same seed, same mutants: a failure is reproduced from its index alone.
/// </summary>
internal sealed class ByteMutator
{
    // Bytes that move the parser between states (type letters, separators, digits, signs).
    private static readonly byte[] GrammarBytes = "aOCEsSrRidbN:;{}\"\\0123456789-+.eE \0\xff"u8.ToArray();

    // Numbers that hit limits: zero, off-by-one, int32/int64/size_t edges, huge counts.
    private static readonly string[] InterestingNumbers =
    {
        "0", "1", "-1", "2", "7", "8", "24", "31", "32", "40", "127", "128", "255", "256", "4095", "4096", "4097",
        "65535", "65536", "100000000", "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999", "+1", "007", "-0", "1e3", ".5", "INF", "NAN",
    };

    private readonly Random _rng;
    private readonly IReadOnlyList<byte[]> _seeds;

    public ByteMutator(int seed, IReadOnlyList<byte[]> seeds)
    {
        _rng = new Random(seed);
        _seeds = seeds;
    }

    /// <summary>One mutant: a random seed with 1..4 stacked mutations.</summary>
    public byte[] Next()
    {
        var data = new List<byte>(_seeds[_rng.Next(_seeds.Count)]);
        int rounds = 1 + _rng.Next(4);
        for (int r = 0; r < rounds; r++) MutateOnce(data);
        return data.ToArray();
    }

    private void MutateOnce(List<byte> data)
    {
        int n = data.Count;
        switch (_rng.Next(10))
        {
            case 0 when n > 0: // flip one bit
                {
                    int i = _rng.Next(n);
                    data[i] ^= (byte)(1 << _rng.Next(8));
                    break;
                }
            case 1 when n > 0: // overwrite with a grammar byte
                data[_rng.Next(n)] = GrammarBytes[_rng.Next(GrammarBytes.Length)];
                break;
            case 2: // insert a grammar byte
                data.Insert(_rng.Next(n + 1), GrammarBytes[_rng.Next(GrammarBytes.Length)]);
                break;
            case 3 when n > 0: // delete a short range
                {
                    int at = _rng.Next(n);
                    data.RemoveRange(at, Math.Min(n - at, 1 + _rng.Next(8)));
                    break;
                }
            case 4 when n > 0: // truncate
                {
                    int keep = _rng.Next(n);
                    data.RemoveRange(keep, n - keep);
                    break;
                }
            case 5 when n > 0: // duplicate a range in place (repeats tokens, breaks counts)
                {
                    int at = _rng.Next(n);
                    int len = Math.Min(n - at, 1 + _rng.Next(64));
                    data.InsertRange(_rng.Next(data.Count + 1), data.GetRange(at, len));
                    break;
                }
            case 6: // splice: a piece of another seed at a random position
                {
                    byte[] other = _seeds[_rng.Next(_seeds.Count)];
                    if (other.Length == 0) break;
                    int at = _rng.Next(other.Length);
                    int len = Math.Min(other.Length - at, 1 + _rng.Next(96));
                    int to = _rng.Next(n + 1);
                    int cut = Math.Min(n - to, _rng.Next(16));
                    data.RemoveRange(to, cut);
                    data.InsertRange(to, new ArraySegment<byte>(other, at, len));
                    break;
                }
            default: // replace a run of digits (a length, count, int or reference) with an interesting number
                ReplaceNumber(data);
                break;
        }
    }

    private void ReplaceNumber(List<byte> data)
    {
        int n = data.Count;
        if (n == 0) return;
        int start = _rng.Next(n);
        int probe = 0;
        while (probe < n && !IsDigit(data[(start + probe) % n])) probe++;
        if (probe == n) return;
        int at = (start + probe) % n;
        while (at > 0 && IsDigit(data[at - 1])) at--;
        int end = at;
        while (end < n && IsDigit(data[end])) end++;
        string replacement = _rng.Next(4) == 0
            ? (long.Parse(System.Text.Encoding.ASCII.GetString(data.GetRange(at, Math.Min(end - at, 18)).ToArray()), System.Globalization.CultureInfo.InvariantCulture) + _rng.Next(-2, 3)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : InterestingNumbers[_rng.Next(InterestingNumbers.Length)];
        data.RemoveRange(at, end - at);
        data.InsertRange(at, System.Text.Encoding.ASCII.GetBytes(replacement));
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
