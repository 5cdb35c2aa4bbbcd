using System.Globalization;
using System.Text;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>
/// Generates <c>serialize()</c> inputs that PHP accepts but never writes itself, and near misses
/// that it rejects, at the level of the grammar: every spelling of an int (signs, leading zeros,
/// the int64 limits and one past them), every spelling of a float (<c>5.</c>, <c>.5</c>,
/// <c>1e500</c>, <c>-0</c>, <c>NAN</c>, subnormals), numeric-string and int keys that name the
/// same element, duplicate keys and properties, <c>r:</c>/<c>R:</c> at every position and to
/// every kind of value, <c>S:</c> escapes, class names in any letter case, mangled property
/// names, wrong lengths and counts, truncation and trailing bytes. Deterministic for a seed and
/// an index, so any input can be made again from the two numbers a failure prints.
/// </summary>
/// <remarks>
/// <c>C:</c> and <c>E:</c> are left out: what PHP does with them depends on classes and enums
/// the value model does not know (they are covered by directed tests instead).
/// </remarks>
public sealed class NonCanonicalInputs
{
    /// <summary>A class that the PHP judge declares with <c>__serialize</c>/<c>__unserialize</c>.</summary>
    public const string UnserializeClass = "WithSer";

    private readonly int _seed;

    /// <summary>Creates the generator for one seed.</summary>
    public NonCanonicalInputs(int seed) => _seed = seed;

    /// <summary>The input number <paramref name="index"/> of this seed.</summary>
    public byte[] Get(long index)
    {
        var g = new Builder(new Random(HashCode.Combine(_seed, index, 0x5eed)));
        return g.Input();
    }

    private sealed class Builder(Random random)
    {
        private readonly Random _r = random;
        private readonly List<byte> _out = new(128);
        private int _slots; // values written so far that take a number (as PHP counts them)
        private int _budget = 24; // values left for this input

        public byte[] Input()
        {
            int shape = _r.Next(100);
            if (shape < 10) Scalar();
            else if (shape < 55) Array(0);
            else Object(0);
            if (Chance(6)) Truncate();
            if (Chance(6)) Trailing();
            if (Chance(8)) Mutate();
            return _out.ToArray();
        }

        private bool Chance(int percent) => _r.Next(100) < percent;
        private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

        private void Write(string s)
        {
            foreach (char c in s) _out.Add((byte)c); // Latin-1: every char stands for one byte
        }

        private void Value(int depth)
        {
            _budget--;
            int k = _r.Next(100);
            bool canNest = depth < 5 && _budget > 0;
            if (k < 8) { Write("N;"); _slots++; }
            else if (k < 13) { Bool(); _slots++; }
            else if (k < 28) { Write("i:" + IntText() + ";"); _slots++; }
            else if (k < 42) { Write("d:" + FloatText() + ";"); _slots++; }
            else if (k < 55) { StringToken((byte)'s', StringContent()); _slots++; }
            else if (k < 60) { StringToken((byte)'S', StringContent()); _slots++; }
            else if (k < 70 && canNest) Array(depth + 1);
            else if (k < 80 && canNest) Object(depth + 1);
            else if (k < 90) { Write("r:" + ReferenceNumber() + ";"); _slots++; }
            else if (k < 100) Write("R:" + ReferenceNumber() + ";"); // R: takes no number
            else { Write("N;"); _slots++; }
        }

        private void Scalar()
        {
            _slots = 0;
            Value(6);
        }

        private void Bool() => Write("b:" + Pick(BoolBodies) + ";");

        private static readonly string[] BoolBodies = ["0", "1", "0", "1", "2", "01", "-1", "", "+1", "10"];

        private void Array(int depth)
        {
            _slots++;
            int count = _r.Next(100) switch { < 30 => 0, < 60 => 1, < 80 => 2, < 92 => 3, _ => _r.Next(4, 7) };
            if (depth == 0 && count == 0 && Chance(70)) count = 1 + _r.Next(3);
            Write("a:" + CountText(count) + ":{");
            var keys = new List<KeyIdentity>();
            for (int i = 0; i < count; i++)
            {
                Key(keys, isObject: false);
                Value(depth);
            }
            Write("}");
        }

        private void Object(int depth)
        {
            _slots++;
            string name = ClassName();
            int count = _r.Next(100) switch { < 25 => 0, < 55 => 1, < 80 => 2, < 92 => 3, _ => _r.Next(4, 7) };
            Write("O:" + LengthText(name.Length) + ":\"" + name + "\":" + CountText(count) + ":{");
            var keys = new List<KeyIdentity>();
            for (int i = 0; i < count; i++)
            {
                Key(keys, isObject: true);
                Value(depth);
            }
            Write("}");
        }

        // A key is one identity (an int or a byte string) written in one of its spellings; a
        // container often repeats an identity it has used, in another spelling.
        private readonly record struct KeyIdentity(long? Int, string? Text);

        private void Key(List<KeyIdentity> used, bool isObject)
        {
            KeyIdentity id;
            if (used.Count > 0 && Chance(30)) id = Pick(used);
            else
            {
                id = _r.Next(100) switch
                {
                    < 35 => new KeyIdentity(Pick(SmallKeyInts), null),
                    < 45 => new KeyIdentity(Pick(EdgeInts), null),
                    < 70 => new KeyIdentity(null, Pick(NumericLookingStrings)),
                    < 80 when isObject => new KeyIdentity(null, Pick(PropertyNames)),
                    _ => new KeyIdentity(null, Pick(PlainStrings)),
                };
                used.Add(id);
            }
            int form = _r.Next(100);
            if (form < 3) { Write(Pick(BadKeys)); return; }
            if (id.Int is long n)
            {
                if (form < 45) Write("i:" + SpellInt(n) + ";");
                else if (form < 90) StringToken((byte)'s', n.ToString(CultureInfo.InvariantCulture));
                else StringToken((byte)'S', n.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                string text = id.Text!;
                bool integral = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long asInt);
                if (form < 25 && integral) Write("i:" + SpellInt(asInt) + ";");
                else if (form < 85) StringToken((byte)'s', text);
                else StringToken((byte)'S', text);
            }
        }

        private static readonly long[] SmallKeyInts = [0, 1, 2, 3, 5, 7, -1, -5, 10, 100];
        private static readonly long[] EdgeInts = [long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, int.MaxValue, (long)int.MaxValue + 1, int.MinValue, 9007199254740993];
        private static readonly string[] NumericLookingStrings =
        [
            "0", "1", "5", "-5", "05", "-0", "00", "+1", " 1", "1 ", "1.0", "1e3", "0x1A", "-", "",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "123456789012345678901", "2147483648", "-2147483649", "007", "1_000",
        ];
        private static readonly string[] PropertyNames =
        [
            "a", "b", "\0*\0a", "\0*\0b", "\0stdClass\0a", "\0Nope\0a", "\0WithSer\0a", "\0x", "\0*x", "\0\0a",
            "\0*\0", "\0", "\0A\0", "__PHP_Incomplete_Class_Name", "data",
        ];
        private static readonly string[] PlainStrings = ["a", "b", "k", "key", "A", "ä", "\0", "\"", ";", "}", "a b", "\xff\xfe"];
        private static readonly string[] BadKeys = ["N;", "b:1;", "d:1;", "d:0.5;", "a:0:{}", "O:8:\"stdClass\":0:{}", "r:1;", "R:1;", "X;", "i:;", "s:1:\"a\"", "i:1"];

        private string ClassName()
        {
            if (Chance(4)) return Pick(InvalidClassNames);
            string name = _r.Next(100) switch
            {
                < 40 => "stdClass",
                < 55 => UnserializeClass,
                < 65 => "__PHP_Incomplete_Class",
                _ => Pick(UnknownClassNames),
            };
            return _r.Next(100) switch
            {
                < 55 => name,
                < 65 => name.ToLowerInvariant(),
                < 75 => name.ToUpperInvariant(),
                _ => RandomCase(name),
            };
        }

        private static readonly string[] UnknownClassNames = ["Nope", "Foo", "A\\B", "Foo_Bar", "x", "_", "Q1", "\u00e9t\u00e9", "StdClasses", "WithSerX"];
        private static readonly string[] InvalidClassNames = ["", "1AB", "A-B", "\\A", "A\0B", "A B", "A;B", "A:B", "A\"B"];

        private string RandomCase(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (char c in s) sb.Append(Chance(50) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            return sb.ToString();
        }

        private string StringContent()
        {
            return _r.Next(100) switch
            {
                < 30 => Pick(PlainStrings),
                < 55 => Pick(NumericLookingStrings),
                < 65 => Pick(PropertyNames),
                < 75 => Pick(UnknownClassNames),
                _ => RandomBytes(_r.Next(0, 12)),
            };
        }

        private string RandomBytes(int n)
        {
            var sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.Append((char)(Chance(70) ? _r.Next(0x20, 0x7f) : _r.Next(0, 256)));
            return sb.ToString();
        }

        // s:len:"bytes"; or S:len:"escaped"; with the length usually right (in decoded bytes).
        private void StringToken(byte type, string content)
        {
            string body;
            if (type == (byte)'S')
            {
                var sb = new StringBuilder();
                foreach (char c in content)
                {
                    if (c == '\\' || Chance(40)) sb.Append('\\').Append(Hex(c >> 4)).Append(Hex(c & 15));
                    else sb.Append(c);
                }
                if (Chance(5)) sb.Append(Pick(BadEscapes));
                body = sb.ToString();
            }
            else body = content;
            int length = content.Length;
            if (Chance(6)) length += _r.Next(2) == 0 ? 1 : -1;
            if (length < 0) length = 0;
            Write((char)type + ":" + LengthText(length) + ":\"" + body + "\"" + (Chance(2) ? "" : ";"));
        }

        private static readonly string[] BadEscapes = ["\\zz", "\\6", "\\", "\\g0", "\\0G"];

        private char Hex(int v) => (Chance(50) ? "0123456789abcdef" : "0123456789ABCDEF")[v];

        private string IntText()
        {
            if (Chance(4)) return Pick(BadInts);
            long n = _r.Next(100) switch
            {
                < 40 => _r.Next(-300, 300),
                < 60 => _r.NextInt64(long.MinValue, long.MaxValue),
                _ => Pick(EdgeInts),
            };
            if (Chance(12)) return Pick(OverflowInts);
            return SpellInt(n);
        }

        private static readonly string[] BadInts = ["", " 1", "1 ", "1.5", "0x1", "--1", "+-1", "1e3", "-", "+", "\t1"];
        private static readonly string[] OverflowInts =
        [
            "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
            "99999999999999999999", "-99999999999999999999", "123456789012345678901234567890", "+9223372036854775808",
            "00000000000000000000009223372036854775807", "-00000000000000000000009223372036854775808",
        ];

        private string SpellInt(long n)
        {
            string digits = n < 0 ? ((ulong)(-(n + 1)) + 1).ToString(CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
            string sign = n < 0 ? "-" : (Chance(15) ? "+" : "");
            if (n == 0 && Chance(20)) sign = "-";
            string zeros = Chance(15) ? new string('0', _r.Next(1, 4)) : "";
            return sign + zeros + digits;
        }

        private string FloatText()
        {
            int k = _r.Next(100);
            if (k < 35) return Pick(FloatSpellings);
            if (k < 45) return Pick(BadFloats);
            double d = _r.Next(4) switch
            {
                0 => BitConverter.Int64BitsToDouble(_r.NextInt64()),
                1 => _r.NextDouble() * Math.Pow(10, _r.Next(-30, 30)),
                2 => _r.Next(-1000, 1000) / 8.0,
                _ => BitConverter.Int64BitsToDouble(_r.NextInt64(1, 1L << 52)), // subnormal
            };
            if (double.IsNaN(d) || double.IsInfinity(d)) return "NAN";
            string s = d.ToString("R", CultureInfo.InvariantCulture);
            // Respell the shortest digits as PHP never writes them.
            switch (_r.Next(6))
            {
                case 0: s = s.Replace("E", "e"); break;
                case 1: s = s.Replace("E-", "e-").Replace("E+", "E"); break;
                case 2: if (!s.Contains('E') && !s.Contains('.')) s += "."; break;
                case 3: s = s.StartsWith("0.", StringComparison.Ordinal) ? s[1..] : s.StartsWith("-0.", StringComparison.Ordinal) ? "-" + s[2..] : s; break;
                case 4: s = (s.StartsWith('-') ? "-00" + s[1..] : "+00" + s); break;
                default: if (!s.Contains('E')) s += "e0"; break;
            }
            return s;
        }

        private static readonly string[] FloatSpellings =
        [
            "5.", ".5", "-.5", "+.5", "0.5", "1e500", "-1e500", "1E+3", "1e-3", "1E3", "-0", "-0.0", "0", "+0", "-0.",
            "NAN", "INF", "-INF", "4.9E-324", "5e-324", "2e-324", "3e-324", "1e-400", "-1e-400", "2.2250738585072014E-308",
            "2.225073858507201E-308", "1.7976931348623157E+308", "1.7976931348623158E+308", "1.7976931348623159E+308",
            "9007199254740993", "9223372036854775808", "0.1", "0.30000000000000004", "123456789012345678901234567890",
            "0.000000000000000000000000000001", "1.5e+2", "+1.5E+2", "00001.5", "1.e5", ".1e-5", "1e0", "1e+0", "1e-0",
            "100000000000000000000", "1e15", "1e16", "1e17", "0.0001", "0.00001", "-1", "+1", "007",
        ];
        private static readonly string[] BadFloats = ["", ".", "e5", "1e", "1e+", "--1", "1..2", "0x1A", "1_000", "+INF", "-NAN", "nan", "inf", "Infinity", "1e5.5", " 1", "1 ", "E5", "+", "-", ".e1"];

        private string ReferenceNumber()
        {
            int k = _r.Next(100);
            if (k < 70 && _slots > 0) return (1 + _r.Next(_slots)).ToString(CultureInfo.InvariantCulture);
            if (k < 80) return (_slots + 1 + _r.Next(2)).ToString(CultureInfo.InvariantCulture);
            return Pick(ReferenceEdges);
        }

        private static readonly string[] ReferenceEdges = ["0", "1", "2", "01", "-1", "", "+1", "18446744073709551617", "18446744073709551616", "9223372036854775808", "4294967297"];

        private string LengthText(int length) => _r.Next(100) switch
        {
            < 94 => length.ToString(CultureInfo.InvariantCulture),
            < 97 => "0" + length.ToString(CultureInfo.InvariantCulture),
            < 98 => "+" + length.ToString(CultureInfo.InvariantCulture),
            < 99 => "-" + length.ToString(CultureInfo.InvariantCulture),
            _ => (System.Numerics.BigInteger.Pow(2, 64) + length).ToString(CultureInfo.InvariantCulture), // wraps to length in size_t
        };

        private string CountText(int count) => _r.Next(100) switch
        {
            < 90 => count.ToString(CultureInfo.InvariantCulture),
            < 93 => (count + 1).ToString(CultureInfo.InvariantCulture),
            < 95 => count == 0 ? "0" : (count - 1).ToString(CultureInfo.InvariantCulture),
            < 96 => "0" + count.ToString(CultureInfo.InvariantCulture),
            < 97 => "+" + count.ToString(CultureInfo.InvariantCulture),
            < 98 => "-" + count.ToString(CultureInfo.InvariantCulture),
            < 99 => "",
            _ => "99999999999999999999",
        };

        private void Truncate()
        {
            int cut = _r.Next(0, _out.Count);
            _out.RemoveRange(cut, _out.Count - cut);
        }

        private void Trailing() => Write(Pick(TrailingBytes));

        private static readonly string[] TrailingBytes = [" ", "X", ";", "}", "N;", "a:0:{}", "\0", "\n"];

        private void Mutate()
        {
            if (_out.Count == 0) return;
            int at = _r.Next(_out.Count);
            switch (_r.Next(3))
            {
                case 0: _out[at] = (byte)Pick(MutationBytes); break;
                case 1: _out.RemoveAt(at); break;
                default: _out.Insert(at, (byte)Pick(MutationBytes)); break;
            }
        }

        private static readonly char[] MutationBytes = ['0', '1', '9', ':', ';', '{', '}', '"', '-', '+', '.', 'e', 'N', 'i', 's', 'a', 'O', 'r', 'R', ' ', '\0'];
    }
}
