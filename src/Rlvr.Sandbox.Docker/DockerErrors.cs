using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>Turns engine and transport failures into <see cref="SandboxException"/>s whose message says what to do.</summary>
internal static class DockerErrors
{
    public const string StartEngineHint =
        "Start Docker with scripts/setup-docker.sh (or point --docker-host, RLVR_DOCKER_HOSTS or DOCKER_HOST at a running engine), then run `rlvr doctor`.";

    public static SandboxException Unreachable(DockerEndpoint endpoint, Exception? inner) => new(
        SandboxReasons.DockerUnreachable,
        $"Cannot reach the Docker engine at {endpoint.Uri}{(inner is null ? string.Empty : ": " + Describe(inner))}. {HintFor(endpoint, inner)}",
        inner);

    /// <summary>Whether <paramref name="ex"/> (or an inner exception) is a failed TLS handshake.</summary>
    public static bool IsTlsFailure(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What to do about a failure to reach <paramref name="endpoint"/>: the certificates for a failed TLS handshake, else start an engine.</summary>
    public static string HintFor(DockerEndpoint endpoint, Exception? ex) => IsTlsFailure(ex)
        ? $"The TLS handshake failed: the engine must trust the CA that signed {Cert(endpoint, "cert.pem")} (its --tlscacert), and {Cert(endpoint, "ca.pem")} must be the CA that signed the engine's certificate."
        : StartEngineHint;

    /// <summary>Why a request failed, for one line: the innermost cause of a failed TLS handshake, else the message.</summary>
    public static string Reason(Exception ex) => IsTlsFailure(ex) ? "TLS handshake refused: " + Innermost(ex).Message : ex.Message;

    private static string Cert(DockerEndpoint endpoint, string file) =>
        endpoint.TlsCertificateDirectory is { } dir ? Path.Combine(dir, file) : file + " (no certificate folder given: URI,CERT_DIR)";

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    public static SandboxException ImageMissing(DockerEndpoint endpoint, string image, Exception? inner)
    {
        string? name = SandboxImages.NameOf(image);
        string fix = name is null
            ? $"Load or build '{image}' on that engine (no registry may be reachable)."
            : $"Build it with `rlvr images build {name}`.";
        return new SandboxException(SandboxReasons.ImageMissing, $"Image '{image}' is not on the Docker engine at {endpoint.Uri}. {fix}", inner);
    }

    public static SandboxException ContainerDied(string containerId, string what, Exception? inner = null) => new(
        SandboxReasons.ContainerDied,
        $"Sandbox container {Short(containerId)} died ({what}). The pool replaces it; if this repeats, check the engine with `rlvr doctor`.",
        inner);

    /// <summary>Whether <paramref name="ex"/> means the engine could not be talked to (as opposed to a refusal).</summary>
    public static bool IsTransport(Exception ex) => ex switch
    {
        DockerApiException => false,
        // A refused TLS handshake (a client certificate the engine does not trust) is as unreachable as a closed port.
        HttpRequestException or SocketException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException => true,
        AggregateException agg => agg.InnerExceptions.Any(IsTransport),
        _ => ex.InnerException is not null && IsTransport(ex.InnerException),
    };

    /// <summary>Maps any failure of a control request to the engine.</summary>
    public static SandboxException Map(DockerEndpoint endpoint, Exception ex, string doing)
    {
        if (ex is SandboxException sandbox)
        {
            return sandbox;
        }

        if (IsTransport(ex))
        {
            return Unreachable(endpoint, ex);
        }

        if (ex is DockerApiException api)
        {
            string body = api.ResponseBody?.Trim() ?? string.Empty;
            string hint = api.StatusCode == HttpStatusCode.BadRequest && body.Contains("version", StringComparison.OrdinalIgnoreCase)
                ? " The engine's API is older than 1.41; upgrade Docker (scripts/setup-docker.sh installs a suitable one)."
                : " Run `rlvr doctor` to check the engine.";
            return new SandboxException(SandboxReasons.DockerError, $"The Docker engine at {endpoint.Uri} refused to {doing}: {(int)api.StatusCode} {body}.{hint}", ex);
        }

        return new SandboxException(SandboxReasons.DockerError, $"Failed to {doing} on the Docker engine at {endpoint.Uri}: {Describe(ex)}. Run `rlvr doctor`.", ex);
    }

    public static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    private static string Describe(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, ex) ? ex.Message : ex.Message + " (" + innermost.Message + ")";
    }
}
