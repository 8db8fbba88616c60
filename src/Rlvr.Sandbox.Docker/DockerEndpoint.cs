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

    /// <summary>
    /// The most containers of ours this engine may hold at once (every pool, idle ones included); <see langword="null"/>
    /// for no limit of its own. Placement skips an engine at its limit.
    /// </summary>
    public int? MaxContainers { get; init; }

    /// <summary>
    /// Parses one engine: <c>URI[,CERT_DIR][,max=N]</c>, the form of <c>--docker-host</c> and of each entry of
    /// <c>RLVR_DOCKER_HOSTS</c>. <c>CERT_DIR</c> holds <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> for
    /// <c>tcp://</c> with TLS; <c>max=N</c> caps the containers placed on this engine.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="FormatException">The text is not of that form; the message names the part.</exception>
    public static DockerEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (!Uri.TryCreate(parts[0], UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            throw new FormatException($"'{parts[0]}' is not an engine address (unix:///path/docker.sock or tcp://host:port).");
        }

        string? certs = null;
        int? max = null;
        foreach (string part in parts.Skip(1))
        {
            if (part.StartsWith("max=", StringComparison.Ordinal))
            {
                max = int.TryParse(part.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0
                    ? n
                    : throw new FormatException($"'{part}': max= takes a whole number of containers, at least 1.");
            }
            else if (part.Length > 0 && certs is null)
            {
                certs = part;
            }
            else
            {
                throw new FormatException($"'{part}' is not understood in '{text}' (expected URI[,CERT_DIR][,max=N]).");
            }
        }

        return new DockerEndpoint(uri, certs) { MaxContainers = max };
    }

    /// <summary>Parses a list of engines separated by <c>;</c> (the form of <c>RLVR_DOCKER_HOSTS</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The endpoints, in order.</returns>
    /// <exception cref="FormatException">An entry is not of the form <see cref="Parse"/> takes.</exception>
    public static IReadOnlyList<DockerEndpoint> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => Uri.ToString();
}
