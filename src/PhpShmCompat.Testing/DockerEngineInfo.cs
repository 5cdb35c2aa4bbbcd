namespace PhpShmCompat.Testing;

/// <summary>What a reachable Docker engine reported about itself (its <c>GET /version</c> answer).</summary>
/// <param name="Endpoint">The endpoint that answered, for example <c>unix:///var/run/docker.sock</c>.</param>
/// <param name="Version">The engine version, for example <c>20.10.24+dfsg1</c>.</param>
/// <param name="ApiVersion">The newest Docker API version the engine speaks, for example <c>1.41</c>.</param>
/// <param name="MinApiVersion">The oldest Docker API version the engine accepts, when it says.</param>
public sealed record DockerEngineInfo(Uri Endpoint, string Version, Version ApiVersion, Version? MinApiVersion)
{
    /// <summary>A one-line description for logs: engine version, API version and endpoint.</summary>
    public override string ToString() => $"Docker engine {Version} (API {ApiVersion}) at {Endpoint}";
}
