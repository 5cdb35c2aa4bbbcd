using System.Buffers;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// What the general writer allocates besides its output: its identity map and frame stacks are
/// kept per thread, so once warm a write allocates nothing at all; a map or stack grown by a
/// large tree is dropped rather than kept alive, and the next write starts a new one.
/// </summary>
public class TreeWriterScratchTests
{
    private static readonly ArrayBufferWriter<byte> Output = new(1 << 20);

    // What TreeWriter allocates writing root: all that is allocated, less what the token writer
    // allocates itself for two open containers (its frame array, made on the first container),
    // the most the small trees here open at once.
    private static long AllocatedByWrite(PhpValue root)
    {
        Output.ResetWrittenCount();
        var writer = new PhpSerializedWriter(Output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        TreeWriter.Write(writer, root, null);
        return GC.GetAllocatedBytesForCurrentThread() - before - TokenWritersOwn();
    }

    private static long TokenWritersOwn()
    {
        Output.ResetWrittenCount();
        var writer = new PhpSerializedWriter(Output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        writer.WriteStartObject("stdClass"u8, 1);
        writer.WriteKey(PhpArrayKey.FromInt(0));
        writer.WriteStartObject("stdClass"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
        long own = GC.GetAllocatedBytesForCurrentThread() - before;
        Output.ResetWrittenCount();
        return own;
    }

    // An object held twice: the identity map is used (r:2;).
    private static PhpObject Repeated()
    {
        var shared = new PhpObject("stdClass") { { "x", PhpInt.From(1) } };
        return new PhpObject("stdClass") { { "a", shared }, { "b", shared } };
    }

    private static PhpObject WithChildren(int n)
    {
        var root = new PhpObject("stdClass");
        for (int i = 0; i < n; i++) root.Add("p" + i, new PhpObject("stdClass"));
        return root;
    }

    private static PhpValue NestedArrays(int depth)
    {
        PhpValue value = PhpNull.Instance;
        for (int i = 0; i < depth; i++) value = PhpArray.List(value);
        return value;
    }

    [Fact]
    public void AWriteOnAWarmThreadAllocatesNothing()
    {
        PhpObject root = Repeated();
        AllocatedByWrite(root);
        Assert.Equal(0, AllocatedByWrite(root));
        Assert.Equal(0, AllocatedByWrite(root));
        Output.ResetWrittenCount();
        TreeWriter.Write(new PhpSerializedWriter(Output), root, null);
        Assert.Contains("r:2;", System.Text.Encoding.ASCII.GetString(Output.WrittenSpan));
    }

    [Fact]
    public void AnIdentityMapOfUpTo32EntriesIsKeptAndALargerOneDropped()
    {
        PhpObject small = Repeated();
        AllocatedByWrite(small);
        AllocatedByWrite(WithChildren(31)); // the root and 31 objects: 32 entries
        Assert.Equal(0, AllocatedByWrite(small));
        AllocatedByWrite(WithChildren(32)); // 33 entries
        Assert.NotEqual(0, AllocatedByWrite(small));
        Assert.Equal(0, AllocatedByWrite(small));
    }

    [Fact]
    public void FrameStacksOfUpTo256LevelsAreKeptAndDeeperOnesDropped()
    {
        PhpObject small = Repeated();
        AllocatedByWrite(small);
        AllocatedByWrite(NestedArrays(256));
        Assert.Equal(0, AllocatedByWrite(small));
        AllocatedByWrite(NestedArrays(300));
        Assert.NotEqual(0, AllocatedByWrite(small));
        Assert.Equal(0, AllocatedByWrite(small));
    }

    // The mapper's entry, which continues a numbering it owns, gives the scratch back too.
    [Fact]
    public void AWriteContinuingANumberingAllocatesNothingOnAWarmThread()
    {
        PhpObject root = Repeated();
        var identities = new Dictionary<object, long>(PhpIdentityComparer.Instance);
        long Write()
        {
            identities.Clear();
            long counter = 0;
            Output.ResetWrittenCount();
            var writer = new PhpSerializedWriter(Output);
            long before = GC.GetAllocatedBytesForCurrentThread();
            TreeWriter.Write(writer, root, PhpSerializerOptions.Default, ref counter, identities);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before - TokenWritersOwn();
            Assert.Equal(4, counter);
            return allocated;
        }
        Write();
        Assert.Equal(0, Write());
    }
}
