using System.Text;

namespace PhpSerializer.Tests;

internal static class TestBytes
{
    /// <summary>Latin-1 mapping: each char of <paramref name="s"/> is one byte (so "\0" and "\xff" are raw bytes).</summary>
    public static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    public static string S(byte[] b) => Encoding.Latin1.GetString(b);

    public static string RoundTrip(string serialized) => S(PhpSerialization.Serialize(PhpSerialization.Unserialize(B(serialized), PhpTestClasses.Options)));
}
