namespace Rlvr.Sandbox.Docker;

/// <summary>One Docker engine the provider may create sandboxes on.</summary>
/// <param name="Uri"><c>unix:///var/run/docker.sock</c> or <c>tcp://host:2376</c>.</param>
/// <param name="TlsCertificateDirectory">
/// For <c>tcp://</c> with TLS: a folder holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> (as
/// <c>DOCKER_CERT_PATH</c>); <see langword="null"/> for a plain connection.
/// </param>
public sealed record DockerEndpoint(Uri Uri, string? TlsCertificateDirectory = null)
{
    /// <summary>The local engine's socket.</summary>
    public static DockerEndpoint Local { get; } = new(new Uri("unix:///var/run/docker.sock"));

    /// <summary>
    /// The endpoint the Docker CLI would use: <c>DOCKER_HOST</c> (with <c>DOCKER_CERT_PATH</c> when
    /// <c>DOCKER_TLS_VERIFY</c> is set), else the local socket.
    /// </summary>
    /// <returns>The endpoint.</returns>
    public static DockerEndpoint FromEnvironment()
    {
        string? host = System.Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(host))
        {
            return Local;
        }

        string? tls = System.Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY");
        string? certs = null;
        if (!string.IsNullOrEmpty(tls) && tls != "0")
        {
            certs = System.Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
            if (string.IsNullOrWhiteSpace(certs))
            {
                certs = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".docker");
            }
        }

        return new DockerEndpoint(new Uri(host), certs);
    }

    /// <summary>Parses <c>URI</c> or <c>URI,CERT_DIR</c> (the form of <c>--docker-host</c> and <c>RLVR_DOCKER_HOSTS</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The endpoint.</returns>
    public static DockerEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        return comma < 0
            ? new DockerEndpoint(new Uri(text.Trim()))
            : new DockerEndpoint(new Uri(text[..comma].Trim()), text[(comma + 1)..].Trim());
    }

    /// <inheritdoc/>
    public override string ToString() => Uri.ToString();
}
