namespace PhpSerializer;

/// <summary>
/// Options for reading and writing PHP serialized data: safety limits (defaults follow PHP)
/// and leniency switches. One instance can be shared by concurrent calls once configured.
/// </summary>
public sealed partial class PhpSerializerOptions
{
    internal static readonly PhpSerializerOptions Default = new();

    /// <summary>
    /// Maximum nesting of non-empty arrays/objects (PHP's <c>unserialize_max_depth</c>, default
    /// 4096). Nesting deeper than this is rejected when reading and when writing. 0 = no limit
    /// other than the input size (the reader and writer never recurse, so no stack overflow).
    /// </summary>
    public int MaxDepth { get; set; } = 4096;

    /// <summary>Maximum element count of a single array or object (default: no limit beyond what the input can hold).</summary>
    public int MaxElementCount { get; set; } = int.MaxValue;

    /// <summary>Maximum length in bytes of a single string, payload or class name (default: no limit beyond the input).</summary>
    public int MaxStringLength { get; set; } = int.MaxValue;

    /// <summary>
    /// Maximum total bytes a serialize call may write (default: <see cref="Array.MaxLength"/>, the
    /// most a <c>byte[]</c> result can hold, so an oversized value -- for example one
    /// <see cref="PhpArray"/> instance shared many times, written out at every occurrence as
    /// PHP would -- fails with <see cref="PhpSerializationException"/> rather than running out of
    /// memory). Raise it only for an <see cref="System.Buffers.IBufferWriter{T}"/> that streams.
    /// </summary>
    public long MaxOutputBytes { get; set; } = Array.MaxLength;

    /// <summary>
    /// When true (default, like PHP 8.2 <c>unserialize()</c>, <c>shm_get_var</c> and <c>msg_receive</c>),
    /// bytes after the first complete value are ignored; when false they are an error.
    /// </summary>
    public bool AllowTrailingBytes { get; set; } = true;

    /// <summary>
    /// The classes the PHP side declares, as far as they change what <c>unserialize()</c> builds
    /// (the declared spelling of a name written in another letter case; array data for classes
    /// with <c>__unserialize()</c>). Only <c>stdClass</c> by default.
    /// </summary>
    public PhpKnownClasses KnownClasses { get; } = new();
}
