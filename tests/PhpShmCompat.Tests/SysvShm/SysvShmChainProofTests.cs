using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// The proof a read without PHP's lock relies on: a chunk list is accepted only when every chunk
/// fits, the walk ends exactly at the header's end, no key repeats, the chunk read is on the
/// walk, and end + free = total. Each way a writer stopped half-way can break it is tried on an
/// image of a list PHP's own put would have left.
/// </summary>
public class SysvShmChainProofTests
{
    private const int EndOffset = 16, FreeOffset = 24; // header fields
    private const int LengthField = 8, NextField = 16; // chunk fields, after the key
    private static readonly SysvShmFormat F = SysvShmFormat.Php64;

    private static byte[] Image(int variables)
    {
        byte[] image = NewImage(64 * 1024);
        for (int key = 1; key <= variables; key++) SysvShmLayout.Put(image, key, Str("value " + key));
        return image;
    }

    private static List<int> ChunkOffsets(byte[] image)
    {
        PhpShmHeader header = SysvShmLayout.ReadHeader(image);
        var offsets = new List<int>();
        for (long pos = header.Start; pos < header.End; pos += ReadLong(image, (int)pos + NextField)) offsets.Add((int)pos);
        return offsets;
    }

    // The data bytes a chunk has room for before its next: next minus the chunk header.
    private static long DataRoom(byte[] image, int chunk) => ReadLong(image, chunk + NextField) - SysvShmLayout.ChunkHeaderSize;

    private static void SetLength(byte[] image, int chunk, long length) => WriteLong(image, chunk + LengthField, length);

    private static bool IsWhole(byte[] image, int chunkOffset = -1) => IsWhole(image, image.Length, chunkOffset);

    private static bool IsWhole(byte[] image, int length, int chunkOffset)
        => SysvShmChainProof.IsWhole(F, image.AsSpan(0, length), SysvShmLayout.ReadHeader(image), chunkOffset);

    [Fact]
    public void AListPhpCouldHaveLeftIsWholeAndEveryChunkOnItIsPassed()
    {
        byte[] image = Image(3);
        Assert.True(IsWhole(image));
        foreach (int chunk in ChunkOffsets(image)) Assert.True(IsWhole(image, chunk));
        Assert.False(IsWhole(image, ChunkOffsets(image)[1] + 8)); // not where a chunk starts
        Assert.True(IsWhole(NewImage(4096))); // no variables at all
    }

    [Fact]
    public void AHeaderBetweenItsTwoWritesIsNotWhole()
    {
        byte[] image = Image(3);
        WriteLong(image, FreeOffset, ReadLong(image, FreeOffset) - 1);
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void AnEndPastTheSegmentIsNotWhole()
    {
        byte[] image = Image(3);
        PhpShmHeader header = SysvShmLayout.ReadHeader(image);
        Assert.True(IsWhole(image, (int)header.End, -1)); // the walk needs the segment up to end only
        Assert.False(IsWhole(image, (int)header.End - 1, -1));
    }

    [Theory]
    [InlineData(LengthField, -1L)]     // negative length
    [InlineData(LengthField, 1000L)]   // longer than its chunk leaves room for
    [InlineData(NextField, 8L)]        // next inside the chunk's own header
    [InlineData(NextField, 60_000L)]   // next past the end
    public void AChunkThatDoesNotFitIsNotWhole(int field, long value)
    {
        byte[] image = Image(3);
        int second = ChunkOffsets(image)[1];
        WriteLong(image, second + field, value);
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void AChunkExactlyFillingItsRoomIsWhole()
    {
        // The last chunk's next is exactly the room left, its length exactly next - 24.
        byte[] image = Image(3);
        int last = ChunkOffsets(image)[2];
        SetLength(image, last, DataRoom(image, last));
        Assert.True(IsWhole(image));
        SetLength(image, last, DataRoom(image, last) + 1);
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void AWalkThatDoesNotEndAtTheEndIsNotWhole()
    {
        // The end moved on (with free moved back, so their sum holds) by less than a chunk header:
        // the walk reaches the old end and finds no room for another chunk.
        byte[] image = Image(3);
        WriteLong(image, EndOffset, ReadLong(image, EndOffset) + 10);
        WriteLong(image, FreeOffset, ReadLong(image, FreeOffset) - 10);
        Assert.False(IsWhole(image));

        // By a whole chunk's worth: the walk reads zeros there (length 0, next 0) and stops.
        byte[] moved = Image(3);
        WriteLong(moved, EndOffset, ReadLong(moved, EndOffset) + 48);
        WriteLong(moved, FreeOffset, ReadLong(moved, FreeOffset) - 48);
        Assert.False(IsWhole(moved));
    }

    [Fact]
    public void AKeyMetTwiceIsNotWhole()
    {
        byte[] image = Image(3);
        List<int> chunks = ChunkOffsets(image);
        WriteLong(image, chunks[2], ReadLong(image, chunks[0]));
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void LongListsAreCheckedWhole()
    {
        // More keys than the first rented array holds.
        byte[] image = Image(200);
        Assert.True(IsWhole(image));
        List<int> chunks = ChunkOffsets(image);
        Assert.Equal(200, chunks.Count);
        Assert.True(IsWhole(image, chunks[^1]));
        WriteLong(image, chunks[150], ReadLong(image, chunks[3]));
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void AChunkWhoseDataRunsIntoTheNextIsNotWhole()
    {
        // Still within the room the rest of the list leaves, but longer than its own chunk.
        byte[] image = Image(3);
        int first = ChunkOffsets(image)[0];
        SetLength(image, first, DataRoom(image, first) + 1);
        Assert.False(IsWhole(image));
    }

    [Fact]
    public void AnEmptyVariableAtTheEndIsWhole()
    {
        // A chunk whose data has no bytes at all (length 0) is one the layout can hold.
        byte[] image = Image(2);
        SysvShmLayout.Put(image, 3, ReadOnlySpan<byte>.Empty);
        List<int> chunks = ChunkOffsets(image);
        Assert.Equal(0, ReadLong(image, chunks[^1] + LengthField));
        Assert.True(IsWhole(image));
        Assert.True(IsWhole(image, chunks[^1]));
    }
}
