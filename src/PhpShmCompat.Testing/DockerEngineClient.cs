using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PhpShmCompat.Testing;

/// <summary>
/// A tiny Docker Engine API client for the two questions asked before Testcontainers is touched:
/// is an engine there (and which API version does it speak), and is an image present. It uses
/// unversioned paths, which every engine answers whatever API version it speaks.
/// </summary>
internal sealed class DockerEngineClient : IDisposable
{
    private const string DefaultSocket = "/var/run/docker.sock";
    private readonly HttpClient _http;

    private DockerEngineClient(Uri endpoint, HttpClient http)
    {
        Endpoint = endpoint;
        _http = http;
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Creates a client for <c>DOCKER_HOST</c> (<c>unix://</c> or plain <c>tcp://</c>), else the
    /// default socket. Returns null with a reason for endpoints it cannot probe (TLS, npipe, ssh).
    /// </summary>
    public static DockerEngineClient? Create(TimeSpan timeout, out string? reason)
    {
        string? dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Uri endpoint;
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            endpoint = new Uri("unix://" + DefaultSocket);
        }
        else if (!Uri.TryCreate(dockerHost.Trim(), UriKind.Absolute, out endpoint!))
        {
            reason = $"DOCKER_HOST '{dockerHost}' is not a valid URI";
            return null;
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false };
        Uri baseAddress;
        switch (endpoint.Scheme)
        {
            case "unix":
                string socketPath = endpoint.AbsolutePath;
                if (!File.Exists(socketPath))
                {
                    reason = $"no Docker engine socket at {socketPath}";
                    handler.Dispose();
                    return null;
                }
                handler.ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
                baseAddress = new Uri("http://docker.sock/");
                break;
            case "tcp" or "http":
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")))
                {
                    reason = $"DOCKER_HOST {endpoint} uses TLS (DOCKER_TLS_VERIFY), which this probe does not speak";
                    handler.Dispose();
                    return null;
                }
                baseAddress = new UriBuilder("http", endpoint.Host, endpoint.Port).Uri;
                break;
            default:
                reason = $"DOCKER_HOST scheme '{endpoint.Scheme}' is not supported (use unix:// or tcp://)";
                handler.Dispose();
                return null;
        }

        reason = null;
        return new DockerEngineClient(endpoint, new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout });
    }

    /// <summary>Asks the engine for its version; returns null with a reason when it does not answer well.</summary>
    public DockerEngineInfo? GetVersion(out string? reason)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "version");
            using HttpResponseMessage response = _http.Send(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                reason = $"the Docker engine at {Endpoint} answered GET /version with HTTP {(int)response.StatusCode}";
                return null;
            }
            using Stream body = response.Content.ReadAsStream();
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            string version = GetString(root, "Version") ?? "unknown";
            if (!System.Version.TryParse(GetString(root, "ApiVersion"), out Version? api))
            {
                reason = $"the Docker engine at {Endpoint} reported no usable ApiVersion";
                return null;
            }
            _ = System.Version.TryParse(GetString(root, "MinAPIVersion"), out Version? minApi); // optional: null when absent
            reason = null;
            return new DockerEngineInfo(Endpoint, version, api, minApi);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or JsonException)
        {
            reason = $"no Docker engine answered at {Endpoint}: {e.Message}";
            return null;
        }
    }

    /// <summary>True when the engine has the image (by name:tag or id) locally.</summary>
    public bool ImageExists(string image)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "images/" + image + "/json");
        using HttpResponseMessage response = _http.Send(request);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new PhpContainerException($"the Docker engine at {Endpoint} answered GET /images/{image}/json with HTTP {(int)response.StatusCode}"),
        };
    }

    /// <summary>True when a container with this id or name exists (running or not).</summary>
    public bool ContainerExists(string idOrName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "containers/" + Uri.EscapeDataString(idOrName) + "/json");
        using HttpResponseMessage response = _http.Send(request);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new PhpContainerException($"the Docker engine at {Endpoint} answered GET /containers/{idOrName}/json with HTTP {(int)response.StatusCode}"),
        };
    }

    private static string? GetString(JsonElement root, string name)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
