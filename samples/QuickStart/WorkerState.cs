using PhpSerializer;

namespace QuickStart;

/// <summary>A PHP class <c>WorkerState</c> mapped to .NET.</summary>
[PhpClass("WorkerState")]
public sealed class WorkerState
{
    /// <summary>Worker name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Load average.</summary>
    public double Load { get; set; }
}
