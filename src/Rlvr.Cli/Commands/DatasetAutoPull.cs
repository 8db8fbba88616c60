using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary>
/// Download on first use: before <c>rlvr eval</c> reads an environment's problems, every dataset of it that is not on
/// this machine and has a Hub source is pulled into the cache (as <c>rlvr data pull</c> would), with progress on
/// stderr. <c>HF_HUB_OFFLINE=1</c> (huggingface_hub's own switch) turns this off. When the download fails (offline, no
/// route, a 404, a checksum mismatch) the error and the command that fixes it are printed, and the run goes on
/// without the dataset: lines that name a bundled problem then fail, and <c>rlvr eval</c> exits 1 when none could be
/// scored.
/// </summary>
internal static class DatasetAutoPull
{
    /// <summary>huggingface_hub's switch for "never touch the network"; <c>1</c>, <c>true</c>, <c>yes</c> or <c>on</c>.</summary>
    public const string OfflineVariable = "HF_HUB_OFFLINE";

    /// <summary>Whether <c>HF_HUB_OFFLINE</c> asks for no download.</summary>
    public static bool Offline =>
        Environment.GetEnvironmentVariable(OfflineVariable)?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON";

    /// <summary>A client for Hub downloads: a bounded connect time, so an unreachable Hub fails fast.</summary>
    public static HttpClient CreateClient(TimeSpan timeout)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("rlvr/" + typeof(DatasetAutoPull).Assembly.GetName().Version?.ToString(3));
        return http;
    }

    /// <summary>Pulls the missing datasets of <paramref name="environment"/>; returns how many are still missing.</summary>
    public static async Task<int> EnsureAsync(IEnvironment environment, TextWriter stderr, CancellationToken cancellationToken)
    {
        var missing = DatasetStatus.Missing(environment);
        if (missing.Count == 0)
        {
            return 0;
        }

        int stillMissing = 0;
        using var http = CreateClient(TimeSpan.FromMinutes(5));
        var downloader = new DatasetDownloader(http);
        foreach (var spec in missing)
        {
            if (spec.Repository is null)
            {
                await stderr.WriteLineAsync($"rlvr: {environment.Name}: {DataLocations.MissingMessage(spec)}").ConfigureAwait(false);
                stillMissing++;
                continue;
            }

            if (Offline)
            {
                await stderr.WriteLineAsync($"rlvr: {environment.Name}: {DataLocations.MissingMessage(spec)}; not downloading because {OfflineVariable} is set").ConfigureAwait(false);
                stillMissing++;
                continue;
            }

            await stderr.WriteLineAsync($"rlvr: dataset '{spec.Name}' is not on this machine: pulling {spec.Repository}@{spec.Revision} from {downloader.Endpoint} ({OfflineVariable}=1 turns this off)").ConfigureAwait(false);
            var bar = new DownloadBar(stderr, enabled: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
            try
            {
                var paths = await downloader.PullAsync(spec, bar, cancellationToken).ConfigureAwait(false);
                bar.Finish();
                string check = spec.Files.All(f => f.Sha256 is not null) ? "sha256 verified" : "no pinned sha256: not verified";
                await stderr.WriteLineAsync($"rlvr: dataset '{spec.Name}' pulled ({check}): {string.Join(", ", paths)}").ConfigureAwait(false);
            }
            catch (DatasetDownloadException ex)
            {
                bar.Finish();
                await stderr.WriteLineAsync($"rlvr: dataset '{spec.Name}' could not be downloaded: {ex.Message}. Fix: run `{spec.PullCommand}` when the Hub is reachable (HF_ENDPOINT names it), or put a local copy under {DataLocations.DataDirectoryVariable} or pass --data {spec.Name}=FILE").ConfigureAwait(false);
                stillMissing++;
            }
        }

        return stillMissing;
    }
}
