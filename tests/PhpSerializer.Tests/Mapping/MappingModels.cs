namespace PhpSerializer.Tests.Mapping;

// .NET mirrors of the PHP classes in MappingPhp.Classes (App\Model\...).

[PhpEnum("App\\Model\\Suit")]
public enum Suit
{
    Hearts,
    Spades,
    [PhpCaseName("Clubs")] ClubsCase,
}

[PhpEnum("App\\Model\\Status")]
public enum Status
{
    Active,
    Banned,
}

/// <summary>Base class: a PHP-private <c>id</c> (declared by Entity), a protected and a public property.</summary>
[PhpClass("App\\Model\\Entity")]
public class Entity
{
    [PhpProperty("id", Visibility = PhpVisibility.Private)]
    public int EntityId { get; set; }

    [PhpProperty(Visibility = PhpVisibility.Protected)]
    public string CreatedBy { get; set; } = "";

    public string? Note { get; set; }
}

/// <summary>Child class with its own private <c>id</c> (PHP keeps both), fields and properties of many shapes.</summary>
[PhpClass("App\\Model\\Person")]
public class Person : Entity
{
    public string Name = "";

    [PhpProperty("id", Visibility = PhpVisibility.Private)]
    public long PersonId { get; set; }

    [PhpProperty(Visibility = PhpVisibility.Protected)]
    public List<string> Tags { get; set; } = new();

    public double Score { get; set; }

    public Suit Suit { get; set; }

    public Person? Friend { get; set; }

    public Dictionary<string, int> Scores { get; set; } = new();

    public Status? Status { get; set; }

    public bool Active { get; set; }

    public byte[] Blob { get; set; } = [];

    [PhpIgnore]
    public string Cache { get; set; } = "not serialized";
}

/// <summary>A positional record: constructor binding.</summary>
[PhpClass("App\\Model\\Team")]
public sealed record Team(string Title, List<Person> Members, Person? Lead, Dictionary<long, string> Meta, Point Origin, Suit[] Suits);

/// <summary>A struct with public fields.</summary>
[PhpClass("App\\Model\\Point")]
public struct Point
{
    public int X;
    public short Y;
}
