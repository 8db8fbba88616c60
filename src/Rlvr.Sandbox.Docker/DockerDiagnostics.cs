using Docker.DotNet;

namespace Rlvr.Sandbox.Docker;

/// <summary>Checks for <c>rlvr doctor</c>: is an engine reachable, are the sandbox images built. Each says what to do.</summary>
public static class DockerDiagnostics
{
    /// <summary>Pings each endpoint and reports its version.</summary>
    /// <param name="endpoints">The engines; the default endpoint(s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether every engine answered, and one line per engine.</returns>
    public static async Task<(bool Ok, string Line)> CheckEnginesAsync(IReadOnlyList<DockerEndpoint>? endpoints = null, CancellationToken cancellationToken = default)
    {
        endpoints ??= new DockerSandboxOptions().Endpoints;
        bool ok = true;
        var lines = new List<string>();
        foreach (var endpoint in endpoints)
        {
            using var connection = new EngineConnection(endpoint);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                var version = await connection.Client.System.GetVersionAsync(cts.Token).ConfigureAwait(false);
                lines.Add($"docker        ok: {endpoint.Uri} Docker {version.Version} (API {version.APIVersion})");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ok = false;
                string why = ex is OperationCanceledException ? "no answer within 10 s" : DockerErrors.Reason(ex);
                lines.Add($"docker        FAIL: cannot reach {endpoint.Uri} ({why}). {DockerErrors.HintFor(endpoint, ex)}");
            }
        }

        return (ok, string.Join(System.Environment.NewLine, lines));
    }

    /// <summary>Checks that every image under <paramref name="imagesDirectory"/> (or <see cref="SandboxImages.Python"/>) exists on the default engine.</summary>
    /// <param name="imagesDirectory"><c>environments/images</c>, or <see langword="null"/> when not in a checkout.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether all exist, and one line.</returns>
    public static Task<(bool Ok, string Line)> CheckImagesAsync(string? imagesDirectory, CancellationToken cancellationToken = default) =>
        CheckImagesAsync(imagesDirectory, null, cancellationToken);

    /// <summary>Checks that every image under <paramref name="imagesDirectory"/> (or <see cref="SandboxImages.Python"/>) exists on each engine.</summary>
    /// <param name="imagesDirectory"><c>environments/images</c>, or <see langword="null"/> when not in a checkout.</param>
    /// <param name="endpoints">The engines; the default endpoint(s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether all exist everywhere, and one line per engine.</returns>
    public static async Task<(bool Ok, string Line)> CheckImagesAsync(string? imagesDirectory, IReadOnlyList<DockerEndpoint>? endpoints, CancellationToken cancellationToken = default)
    {
        var names = imagesDirectory is null ? [] : SandboxImageBuilder.Discover(imagesDirectory);
        if (names.Count == 0)
        {
            names = [SandboxImages.NameOf(SandboxImages.Python) ?? "python"];
        }

        endpoints ??= new DockerSandboxOptions().Endpoints;
        bool ok = true;
        var lines = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var (found, line) = await CheckImagesOnAsync(names, endpoint, endpoints.Count > 1, cancellationToken).ConfigureAwait(false);
            ok &= found;
            lines.Add(line);
        }

        return (ok, string.Join(System.Environment.NewLine, lines));
    }

    private static async Task<(bool Ok, string Line)> CheckImagesOnAsync(IReadOnlyList<string> names, DockerEndpoint endpoint, bool nameEngine, CancellationToken cancellationToken)
    {
        string on = nameEngine ? $" on {endpoint.Uri}" : string.Empty;
        using var connection = new EngineConnection(endpoint);
        var missing = new List<string>();
        try
        {
            foreach (string name in names)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(TimeSpan.FromSeconds(10));
                try
                {
                    await connection.Client.Images.InspectImageAsync(SandboxImages.Latest(name), cts.Token).ConfigureAwait(false);
                }
                catch (DockerImageNotFoundException)
                {
                    missing.Add(name);
                }
                catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    missing.Add(name);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (false, $"images        FAIL: cannot list images on {endpoint.Uri} ({DockerErrors.Reason(ex)}). {DockerErrors.HintFor(endpoint, ex)}");
        }

        return missing.Count == 0
            ? (true, $"images        ok{on}: {string.Join(", ", names.Select(SandboxImages.Latest))}")
            : (false, $"images        FAIL{on}: missing {string.Join(", ", missing.Select(SandboxImages.Latest))}. Build with `rlvr images build` (from the repository root) or `rlvr images build {missing[0]}`.");
    }
}
