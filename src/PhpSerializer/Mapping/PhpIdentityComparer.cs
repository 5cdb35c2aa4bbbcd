using System.Runtime.CompilerServices;

namespace PhpSerializer;

/// <summary>Reference identity, except that equal <see cref="PhpEnumCase"/> values are one object (PHP enum cases are singletons).</summary>
internal sealed class PhpIdentityComparer : IEqualityComparer<object>
{
    public static readonly PhpIdentityComparer Instance = new();

    public new bool Equals(object? x, object? y)
        => ReferenceEquals(x, y) || (x is PhpEnumCase a && y is PhpEnumCase b && a.SerializedName.SequenceEqual(b.SerializedName));

    public int GetHashCode(object obj)
    {
        if (obj is not PhpEnumCase e) return RuntimeHelpers.GetHashCode(obj);
        var h = new HashCode();
        h.AddBytes(e.SerializedName);
        return h.ToHashCode();
    }
}
