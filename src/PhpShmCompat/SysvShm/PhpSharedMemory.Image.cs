namespace PhpShmCompat;

public sealed partial class PhpSharedMemory
{
    /// <summary>
    /// Replaces the whole segment with <paramref name="image"/> (exactly the segment's size):
    /// the bytes after the header first, the header with its magic last.
    /// </summary>
    internal void OverwriteImage(ReadOnlySpan<byte> image)
    {
        ThrowIfReadOnly();
        using var lease = _mapping.Acquire();
        Span<byte> target = lease.Span;
        if (image.Length != target.Length)
            throw new ArgumentException($"the image has {image.Length} bytes, the segment {target.Length}", nameof(image));
        int header = Math.Min(image.Length, SysvShmFormat.For(image, PhpShmLayout.Detect).HeaderSize);
        image[header..].CopyTo(target[header..]);
        image[..header].CopyTo(target);
    }
}
