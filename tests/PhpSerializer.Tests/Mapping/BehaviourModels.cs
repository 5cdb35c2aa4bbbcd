namespace PhpSerializer.Tests.Mapping;

[PhpClass("Shop\\Item")]
public sealed class Item
{
    [PhpProperty("sku_code")]
    public string Sku { get; set; } = "";

    [PhpProperty(Visibility = PhpVisibility.Protected)]
    public int Stock { get; set; }

    [PhpProperty("secret", Visibility = PhpVisibility.Private, DeclaringClass = "Shop\\Base")]
    public string? Secret { get; set; }

    [PhpIgnore]
    public string Ignored { get; set; } = "keep";

    public int Computed => Stock * 2; // read-only: written, ignored on read

    [PhpProperty(Order = -1)]
    public string First { get; set; } = "";
}

public sealed class Unattributed
{
    public int UserId { get; set; }

    public string DisplayName { get; set; } = "";
}

public abstract class Shape
{
    public string Label { get; set; } = "";
}

[PhpClass("Geo\\Circle")]
public sealed class Circle : Shape
{
    public double R { get; set; }
}

[PhpClass("Geo\\Square")]
public sealed class Square : Shape
{
    public double Side { get; set; }
}

[PhpClass("Geo\\Drawing")]
public sealed class Drawing
{
    public List<Shape> Shapes { get; set; } = new();

    public object? Extra { get; set; }

    public PhpValue? Raw { get; set; }
}

[PhpClass("Acc\\Account")]
public sealed record Account(string Owner, long Balance, string Currency = "EUR");

[PhpClass("Acc\\Required")]
public sealed class WithRequired
{
    public required string Name { get; init; }

    public int Age { get; set; }
}

[PhpClass("Node")]
public sealed class Node
{
    public int Value { get; set; }

    public Node? Next { get; set; }

    public List<Node> Children { get; set; } = new();
}

[PhpClass("Pair")]
public sealed record Pair(string Left, Pair? Other);

[PhpEnum("Big")]
public enum BigEnum : ulong
{
    Small = 1,
}

public enum HugeInt : ulong
{
    Max = ulong.MaxValue,
}

[PhpClass("TwoCtors")]
public sealed class TwoConstructors
{
    public TwoConstructors(int a) => A = a;

    public TwoConstructors(string b) => A = b.Length;

    public int A { get; }
}
