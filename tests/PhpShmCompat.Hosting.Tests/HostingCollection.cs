namespace PhpShmCompat.Hosting.Tests;

/// <summary>The hosting tests run one at a time: several start PHP processes and hosts, and the machine has 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostingCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "hosting";
}
