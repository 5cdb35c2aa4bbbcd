using PhpShmCompat.TestSupport.Differential;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The general path alone (<see cref="PhpSerializedReader"/> + <see cref="TreeBuilder"/>),
/// without the fast path in front of it: the public entry points let the fast path take every
/// input it can, so a wrong line of the general path would show only on inputs the fast path
/// refuses.
/// </summary>
internal static class GeneralReader
{
    /// <summary>The tree the general path builds.</summary>
    public static PhpValue Read(byte[] input, PhpSerializerOptions? options = null)
    {
        options ??= PhpTestClasses.Options;
        var reader = new PhpSerializedReader(input, options);
        PhpValue value = TreeBuilder.Build(ref reader, options);
        Assert.True(reader.IsFinished);
        return value;
    }

    /// <summary><c>serialize()</c> of what the general path reads.</summary>
    public static byte[] RoundTrip(byte[] input, PhpSerializerOptions? options = null) => PhpSerialization.Serialize(Read(input, options), options ?? PhpTestClasses.Options);

    /// <summary>The general path's error for <paramref name="input"/>; fails when it accepts.</summary>
    public static PhpSerializationException Error(byte[] input, PhpSerializerOptions? options = null)
    {
        try
        {
            Read(input, options);
        }
        catch (PhpSerializationException e)
        {
            return e;
        }
        Assert.Fail($"the general path accepts {PhpFrames.Show(input)}");
        return null!;
    }

    /// <summary>The general path's verdict, as the differential tests compare it with PHP's judge.</summary>
    public static Verdict VerdictOf(byte[] input)
    {
        try
        {
            return Verdict.Accept(RoundTrip(input, LibraryVerdict.Options));
        }
        catch (PhpSerializationException e)
        {
            return Verdict.Reject(e.Offset, e.Reason);
        }
    }
}
