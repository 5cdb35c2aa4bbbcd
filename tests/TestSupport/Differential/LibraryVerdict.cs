using PhpSerializer;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>The library's verdict on one input, as the differential tests compare it with PHP's.</summary>
public static class LibraryVerdict
{
    /// <summary>The options the differential tests read with: the PHP judge's classes declared.</summary>
    public static readonly PhpSerializerOptions Options = CreateOptions();

    private static PhpSerializerOptions CreateOptions()
    {
        var options = new PhpSerializerOptions();
        options.KnownClasses.Add(NonCanonicalInputs.UnserializeClass, hasUnserialize: true);
        return options;
    }

    /// <summary>
    /// <c>Serialize(Unserialize(x))</c>, or the error's offset. The other read paths
    /// (<c>UnserializeNoCopy</c>, <c>Deserialize&lt;PhpValue&gt;</c>) must say the same, or the
    /// verdict carries the disagreement so that the test reports it.
    /// </summary>
    public static Verdict Of(byte[] input)
    {
        Verdict main = Run(() => PhpSerialization.Serialize(PhpSerialization.Unserialize(input, Options), Options));
        Verdict noCopy = Run(() => PhpSerialization.Serialize(PhpSerialization.UnserializeNoCopy(input, Options), Options));
        Verdict mapped = Run(() => PhpSerialization.Serialize(PhpSerialization.Deserialize<PhpValue>(input, Options)!, Options));
        if (!Same(main, noCopy)) return Verdict.Inconsistent($"Unserialize {main} but UnserializeNoCopy {noCopy}");
        if (!Same(main, mapped)) return Verdict.Inconsistent($"Unserialize {main} but Deserialize<PhpValue> {mapped}");
        return main;
    }

    private static bool Same(Verdict a, Verdict b) => a.Agrees(b) && a.Kind == b.Kind;

    private static Verdict Run(Func<byte[]> roundTrip)
    {
        try
        {
            return Verdict.Accept(roundTrip());
        }
        catch (PhpSerializationException e)
        {
            return Verdict.Reject(e.Offset, e.Reason);
        }
    }
}
