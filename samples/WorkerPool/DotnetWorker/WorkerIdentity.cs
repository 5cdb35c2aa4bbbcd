namespace WorkerPool;

/// <summary>This worker's name in the results (PHP workers are php-N).</summary>
public sealed record WorkerIdentity(string Name);
