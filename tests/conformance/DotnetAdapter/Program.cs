using PhpSerializer;

// Reads serialize() bytes on stdin; prints the library's re-serialization and exits 0, or the
// error offset and exits 1 (the protocol of tests/conformance/run.sh).
using var input = new MemoryStream();
Console.OpenStandardInput().CopyTo(input);
try
{
    byte[] output = PhpSerialization.Serialize(PhpSerialization.Unserialize(input.ToArray()));
    using Stream stdout = Console.OpenStandardOutput();
    stdout.Write(output);
    return 0;
}
catch (PhpSerializationException e)
{
    Console.WriteLine(e.Offset);
    return 1;
}
