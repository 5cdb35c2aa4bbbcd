using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>The .NET twin of PHP's <c>UserRecord</c> (bench/php/classes.php), for the typed benchmarks.</summary>
[PhpClass("UserRecord")]
public sealed class UserRecord
{
    [PhpProperty("id")] public long Id { get; set; }
    [PhpProperty("name")] public string Name { get; set; } = "";
    [PhpProperty("email")] public string Email { get; set; } = "";
    [PhpProperty("balance")] public double Balance { get; set; }
    [PhpProperty("active")] public bool Active { get; set; }
    [PhpProperty("nickname")] public string? Nickname { get; set; }
    [PhpProperty("tags")] public List<string> Tags { get; set; } = [];
    [PhpProperty("createdAt")] public long CreatedAt { get; set; }
}
