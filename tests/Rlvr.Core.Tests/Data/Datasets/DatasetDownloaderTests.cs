using System.Security.Cryptography;
using Rlvr.Core.Data.Datasets;
using Rlvr.Tests.Support;

namespace Rlvr.Core.Tests.Data.Datasets;

/// <summary>Downloads from a Hub-layout server on 127.0.0.1 started by the test, with files the test makes.</summary>
[Collection(DataLocationsCollection.Name)]
public sealed class DatasetDownloaderTests : IDisposable
{
    private const string Repository = "test-owner/test-set";
    private const string Revision = "0123456789abcdef0123456789abcdef01234567";
    private readonly string home = Path.Combine(Path.GetTempPath(), "rlvr-dl-" + Guid.NewGuid().ToString("N"));
    private readonly string? previousHome = System.Environment.GetEnvironmentVariable(DataLocations.HomeVariable);
    private readonly string? previousData = System.Environment.GetEnvironmentVariable(DataLocations.DataDirectoryVariable);

    public DatasetDownloaderTests()
    {
        System.Environment.SetEnvironmentVariable(DataLocations.HomeVariable, home);
        System.Environment.SetEnvironmentVariable(DataLocations.DataDirectoryVariable, null);
    }

    public void Dispose()
    {
        System.Environment.SetEnvironmentVariable(DataLocations.HomeVariable, previousHome);
        System.Environment.SetEnvironmentVariable(DataLocations.DataDirectoryVariable, previousData);
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void FileUrl_DatasetRepository_FollowsTheHubResolveLayout()
    {
        var url = DatasetDownloader.FileUrl("https://hub.example/", "openai/gsm8k", "main", "main/test-00000-of-00001.parquet");
        Assert.Equal("https://hub.example/datasets/openai/gsm8k/resolve/main/main/test-00000-of-00001.parquet", url.ToString());
    }

    [Fact]
    public async Task PullAsync_PinnedFile_DownloadsVerifiesAndIsFoundAfterwards()
    {
        byte[] content = Content(300_000);
        await using var hub = new LocalHub();
        hub.Add(Repository, Revision, "data/test.jsonl", content);
        var spec = Spec(new DatasetFile("data/test.jsonl", Sha(content)));
        Assert.Null(DataLocations.Find(spec));

        var progress = new List<DownloadProgress>();
        var paths = await Downloader(hub).PullAsync(spec, new SyncProgress(progress), CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(paths.Single()));
        Assert.Equal(paths, DataLocations.Find(spec));
        Assert.StartsWith(home, paths[0], StringComparison.Ordinal);
        Assert.Equal(content.Length, progress[^1].Received);
        Assert.Equal(content.Length, progress[^1].Total);
        Assert.False(File.Exists(paths[0] + ".part"));
    }

    [Fact]
    public async Task PullAsync_AlreadyCached_MakesNoRequest()
    {
        byte[] content = Content(1000);
        await using var hub = new LocalHub();
        hub.Add(Repository, Revision, "a.jsonl", content);
        var spec = Spec(new DatasetFile("a.jsonl", Sha(content)));
        await Downloader(hub).PullAsync(spec, null, CancellationToken.None);
        int before = hub.Requests.Count;

        await Downloader(hub).PullAsync(spec, null, CancellationToken.None);

        Assert.Equal(before, hub.Requests.Count);
    }

    [Fact]
    public async Task PullAsync_WrongChecksum_FailsAndKeepsNothing()
    {
        byte[] content = Content(5000);
        await using var hub = new LocalHub();
        hub.Add(Repository, Revision, "a.jsonl", content);
        var spec = Spec(new DatasetFile("a.jsonl", new string('0', 64)));

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(() => Downloader(hub).PullAsync(spec, null, CancellationToken.None));

        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(Sha(content), error.Message, StringComparison.Ordinal);
        string target = DataLocations.CachePath(spec, spec.Files[0]);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".part"));
        Assert.Null(DataLocations.Find(spec));
    }

    [Fact]
    public async Task PullAsync_MissingFile_FailsWith404AndTheUrl()
    {
        await using var hub = new LocalHub();
        var spec = Spec(new DatasetFile("nope.parquet", null));

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(() => Downloader(hub).PullAsync(spec, null, CancellationToken.None));

        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains($"/datasets/{Repository}/resolve/{Revision}/nope.parquet", error.Message, StringComparison.Ordinal);
        Assert.Null(DataLocations.Find(spec));
    }

    [Fact]
    public async Task PullAsync_ConnectionDroppedMidFile_ResumesWithARangeRequest()
    {
        byte[] content = Content(400_000);
        await using var hub = new LocalHub();
        hub.Add(Repository, Revision, "big.parquet", content);
        hub.DropNextAfter(Repository, Revision, "big.parquet", 150_000);
        var spec = Spec(new DatasetFile("big.parquet", Sha(content)));

        var paths = await Downloader(hub).PullAsync(spec, null, CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(paths.Single()));
        var requests = hub.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.DoesNotContain("range=", requests[0], StringComparison.Ordinal);
        // The second request asks only for what the first did not deliver (what reached the disk before the reset).
        long resumedAt = long.Parse(requests[1][(requests[1].IndexOf("range=", StringComparison.Ordinal) + 6)..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 150_000);
    }

    [Fact]
    public async Task PullAsync_PartialFileFromAnEarlierRun_AsksOnlyForTheRest()
    {
        byte[] content = Content(100_000);
        await using var hub = new LocalHub();
        hub.Add(Repository, Revision, "a.jsonl", content);
        var spec = Spec(new DatasetFile("a.jsonl", Sha(content)));
        string target = DataLocations.CachePath(spec, spec.Files[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target + ".part", content.AsSpan(0, 40_000).ToArray());

        await Downloader(hub).PullAsync(spec, null, CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(target));
        Assert.EndsWith("range=40000-", hub.Requests.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_LocalCopyInDataDirectory_WinsOverTheCache()
    {
        string dir = Path.Combine(home, "local");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "copy.jsonl"), "{}\n");
        System.Environment.SetEnvironmentVariable(DataLocations.DataDirectoryVariable, dir);
        var spec = Spec(new DatasetFile("a.jsonl", null)) with { LocalNames = ["missing.jsonl", "sub/copy.jsonl"] };

        Assert.Equal([Path.Combine(dir, "sub", "copy.jsonl")], DataLocations.Find(spec));
    }

    private static DatasetSpec Spec(DatasetFile file) => new()
    {
        Name = "test-set-" + Guid.NewGuid().ToString("N"),
        Description = "test",
        Repository = Repository,
        Revision = Revision,
        Files = [file],
    };

    private static DatasetDownloader Downloader(LocalHub hub) => new(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, hub.Endpoint);

    private static byte[] Content(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private sealed class SyncProgress(List<DownloadProgress> into) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => into.Add(value);
    }
}
