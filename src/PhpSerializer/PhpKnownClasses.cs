using System.Collections;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// The PHP classes that the PHP side of an exchange declares, as far as they change what
/// <c>unserialize()</c> builds: PHP finds a class whatever the letter case of its name in the data
/// and gives the object the declared spelling, and a class with <c>__unserialize()</c> receives
/// its data as an array (int and numeric-string keys stay or become ints), where other objects
/// get string property names. <c>stdClass</c>, <c>__PHP_Incomplete_Class</c> and PHP's own classes
/// with <c>__unserialize()</c> (<c>ArrayObject</c>, <c>ArrayIterator</c>, <c>SplObjectStorage</c>,
/// <c>SplDoublyLinkedList</c> and its queue and stack, <c>SplFixedArray</c>, the <c>Date*</c> classes,
/// <c>HashContext</c>, the <c>Random\</c> engines and <c>Random\Randomizer</c>) are always known;
/// every other name is a class PHP does not have, whose object keeps the name as written.
/// </summary>
/// <remarks>
/// Add classes before the options are first used; the list is read by concurrent calls without
/// locks. Properties that a declared class has in PHP but the data lacks are not added: the
/// value model holds what the bytes say.
/// </remarks>
public sealed class PhpKnownClasses : IEnumerable<PhpKnownClass>
{
    // PHP's own classes that are always there (core, date, hash, random, SPL) and define
    // __unserialize(): their data keeps int keys, so serialize() of what unserialize() built gives
    // PHP's bytes back (an ArrayObject written by PHP reads and writes as `i:0;`, not `s:1:"0";`).
    // The date, hash and random classes gained __unserialize() in PHP 8.2; SplFixedArray in 8.2.
    private static readonly PhpKnownClass[] BuiltIn =
    [
        new("stdClass", hasUnserialize: false),
        .. new[]
        {
            "ArrayObject", "ArrayIterator", "RecursiveArrayIterator", "SplDoublyLinkedList", "SplQueue", "SplStack",
            "SplFixedArray", "SplObjectStorage", "DateTime", "DateTimeImmutable", "DateTimeZone", "DateInterval", "DatePeriod",
            "HashContext", "Random\\Engine\\Mt19937", "Random\\Engine\\PcgOneseq128XslRr64", "Random\\Engine\\Xoshiro256StarStar", "Random\\Randomizer",
        }.Select(name => new PhpKnownClass(name, hasUnserialize: true)),
    ];

    private static readonly Table BuiltInTable = new(BuiltIn);

    private readonly object _lock = new();
    private volatile Table _table = BuiltInTable;

    internal PhpKnownClasses() { }

    /// <summary>How many classes are known (<c>stdClass</c> included).</summary>
    public int Count => _table.Classes.Length;

    /// <summary>
    /// Declares <paramref name="name"/> as PHP declares it (its spelling is the one objects get).
    /// </summary>
    /// <param name="name">The class name with its namespace, for example <c>App\Model\User</c>.</param>
    /// <param name="hasUnserialize">True when the class defines <c>__unserialize()</c>.</param>
    /// <exception cref="ArgumentException">The name is empty, not a valid PHP class name, or known already.</exception>
    public void Add(string name, bool hasUnserialize = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0 || PhpFormat.FirstInvalidClassNameByte(bytes) >= 0)
            throw new ArgumentException($"'{name}' is not a valid PHP class name", nameof(name));
        lock (_lock)
        {
            if (Find(bytes) is not null) throw new ArgumentException($"The class '{name}' is known already (names are compared ignoring ASCII case, as PHP does)", nameof(name));
            _table = new Table([.. _table.Classes, new PhpKnownClass(name, hasUnserialize)]);
        }
    }

    /// <summary>True when <paramref name="name"/> (in any letter case) is known.</summary>
    public bool Contains(string name) => Find(Encoding.UTF8.GetBytes(name ?? throw new ArgumentNullException(nameof(name)))) is not null;

    /// <summary>The known class whose name equals <paramref name="name"/> ignoring ASCII case, as PHP's class lookup does, or null.</summary>
    internal PhpKnownClass? Find(ReadOnlySpan<byte> name)
    {
        // Every object read asks, so only the names of the same length are compared.
        PhpKnownClass[]?[] byLength = _table.ByLength;
        if ((uint)name.Length >= (uint)byLength.Length || byLength[name.Length] is not { } sameLength) return null;
        foreach (PhpKnownClass known in sameLength)
        {
            if (PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(known.NameBytes, name)) return known;
        }
        return null;
    }

    /// <inheritdoc />
    public IEnumerator<PhpKnownClass> GetEnumerator() => ((IEnumerable<PhpKnownClass>)_table.Classes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The classes in declaration order, and the same grouped by the byte length of their names.</summary>
    private sealed class Table
    {
        public Table(PhpKnownClass[] classes)
        {
            Classes = classes;
            ByLength = new PhpKnownClass[]?[classes.Max(c => c.NameBytes.Length) + 1];
            foreach (PhpKnownClass c in classes)
                ByLength[c.NameBytes.Length] = [.. ByLength[c.NameBytes.Length] ?? [], c];
        }

        public PhpKnownClass[] Classes { get; }

        public PhpKnownClass[]?[] ByLength { get; }
    }
}

/// <summary>A PHP class declared on the PHP side (see <see cref="PhpKnownClasses"/>).</summary>
public sealed class PhpKnownClass
{
    internal PhpKnownClass(string name, bool hasUnserialize)
    {
        Name = name;
        NameBytes = Encoding.UTF8.GetBytes(name);
        HasUnserialize = hasUnserialize;
    }

    /// <summary>The class name as declared.</summary>
    public string Name { get; }

    /// <summary>True when the class defines <c>__unserialize()</c>, so its data is read as an array.</summary>
    public bool HasUnserialize { get; }

    internal byte[] NameBytes { get; }

    /// <inheritdoc />
    public override string ToString() => HasUnserialize ? Name + " (__unserialize)" : Name;
}
