using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// Downloads dataset files from the Hugging Face Hub into the cache (<see cref="DataLocations.CacheFolder"/>).
/// A file is fetched from <c>{endpoint}/datasets/{repository}/resolve/{revision}/{path}</c>, the layout of
/// huggingface_hub's <c>hf_hub_url</c> for a dataset repository; the endpoint is <c>HF_ENDPOINT</c> when set (as in
/// huggingface_hub), and <c>HF_TOKEN</c>, when set, is sent as a bearer token. Bytes go to <c>&lt;file&gt;.part</c>;
/// an interrupted download resumes from there with an HTTP <c>Range</c> request (also in a later run), the SHA-256 is
/// checked when the dataset pins one, and only a complete, verified file takes its final name.
/// </summary>
public sealed class DatasetDownloader
{
    /// <summary>The environment variable naming the Hub endpoint (the same one huggingface_hub reads).</summary>
    public const string EndpointVariable = "HF_ENDPOINT";

    /// <summary>The environment variable holding a Hub access token (the same one huggingface_hub reads).</summary>
    public const string TokenVariable = "HF_TOKEN";

    /// <summary>The Hub's public endpoint, used when <c>HF_ENDPOINT</c> is not set.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    private const int Attempts = 4;
    private readonly HttpClient http;

    /// <summary>Creates a downloader.</summary>
    /// <param name="http">The client (its timeout bounds one request).</param>
    /// <param name="endpoint">The Hub endpoint; <see langword="null"/> for <c>HF_ENDPOINT</c>, else the public Hub.</param>
    public DatasetDownloader(HttpClient http, string? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        string? configured = endpoint ?? System.Environment.GetEnvironmentVariable(EndpointVariable);
        Endpoint = (string.IsNullOrWhiteSpace(configured) ? DefaultEndpoint : configured).TrimEnd('/');
    }

    /// <summary>The Hub endpoint in use, without a trailing slash.</summary>
    public string Endpoint { get; }

    /// <summary>The URL of one file of a dataset repository at a revision.</summary>
    /// <param name="endpoint">The Hub endpoint.</param>
    /// <param name="repository">The dataset repository, <c>owner/name</c>.</param>
    /// <param name="revision">A commit id or branch name.</param>
    /// <param name="path">The file's path in the repository.</param>
    public static Uri FileUrl(string endpoint, string repository, string revision, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{endpoint.TrimEnd('/')}/datasets/{repository}/resolve/{Uri.EscapeDataString(revision)}/{escapedPath}");
    }

    /// <summary>Downloads every file of <paramref name="spec"/> that is not already cached and verified.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="progress">Receives progress per file; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download (the partial file stays, to resume later).</param>
    /// <returns>The cached files, in reading order.</returns>
    /// <exception cref="DatasetDownloadException">A file could not be fetched or failed its checksum.</exception>
    public async Task<IReadOnlyList<string>> PullAsync(DatasetSpec spec, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Repository is null || spec.Files.Count == 0)
        {
            throw new DatasetDownloadException(DataLocations.MissingMessage(spec));
        }

        var paths = new List<string>(spec.Files.Count);
        foreach (var file in spec.Files)
        {
            paths.Add(await PullFileAsync(spec, file, progress, cancellationToken).ConfigureAwait(false));
        }

        return paths;
    }

    private async Task<string> PullFileAsync(DatasetSpec spec, DatasetFile file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string target = DataLocations.CachePath(spec, file);
        if (File.Exists(target))
        {
            if (file.Sha256 is null || string.Equals(await HashAsync(target, cancellationToken).ConfigureAwait(false), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                long size = new FileInfo(target).Length;
                progress?.Report(new DownloadProgress(file.Path, size, size));
                return target;
            }

            File.Delete(target);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string part = target + ".part";
        var url = FileUrl(Endpoint, spec.Repository!, spec.Revision, file.Path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadAsync(url, file.Path, part, progress, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt < Attempts && !cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException { StatusCode: null } or TaskCanceledException)
            {
                // A dropped connection or a stalled read: the bytes so far stay in the .part file and the next
                // attempt asks only for the rest.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException { StatusCode: null } or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new DatasetDownloadException($"{url}: the download failed after {Attempts} attempts ({ex.Message}); run the command again to resume", ex);
            }
        }

        if (file.Sha256 is not null)
        {
            string actual = await HashAsync(part, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(part);
                throw new DatasetDownloadException($"{url}: checksum mismatch: expected sha256 {file.Sha256}, got {actual}; the file was discarded");
            }
        }

        File.Move(part, target, overwrite: true);
        return target;
    }

    private async Task DownloadAsync(Uri url, string name, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long offset = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        if (System.Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset > 0)
        {
            // The .part file already holds every byte; the checksum decides whether it is right.
            progress?.Report(new DownloadProgress(name, offset, offset));
            return;
        }

        if (!response.IsSuccessStatusCode)
        {
            string hint = response.StatusCode switch
            {
                HttpStatusCode.NotFound => " (no such file at that revision: check the repository, revision and path)",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $" (the repository may be gated: set {TokenVariable})",
                _ => string.Empty,
            };
            throw new DatasetDownloadException(string.Create(CultureInfo.InvariantCulture, $"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}"));
        }

        bool resumed = offset > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (!resumed)
        {
            offset = 0;
        }

        long? total = response.Content.Headers.ContentLength is { } length ? length + offset : null;
        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var sink = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (sink.ConfigureAwait(false))
            {
                byte[] buffer = new byte[1 << 16];
                long received = offset;
                progress?.Report(new DownloadProgress(name, received, total));
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    progress?.Report(new DownloadProgress(name, received, total));
                }

                if (total is { } expected && received < expected)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"connection closed after {received} of {expected} bytes"));
                }
            }
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }
}
