using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Rlvr.Cli.Tests.Commands;
using Rlvr.Core.Data.Datasets;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Math;
using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>
/// The repository as a new user gets it: a <c>git clone</c> of this checkout's HEAD into a temporary folder with
/// nothing beside it, the CLI published from that clone, and no dataset anywhere (empty cache, no
/// <c>RLVR_DATA_DIR</c>). <c>rlvr list</c> then names the missing dataset and the command that brings it for every
/// environment that reads one; after <c>rlvr data pull</c> from a Hub-layout server on 127.0.0.1 every environment has
/// the same problems as the checkout's own build reading the test data.
/// </summary>
public sealed class FreshCloneTests : IDisposable
{
    private static readonly string[] DatasetEnvironments = ["math/gsm8k", "math/math500", "code/humaneval", "code/mbpp", "code/stdio", "code/csharp", "code/python"];

    private readonly string root = Directory.CreateTempSubdirectory("rlvr-fresh-clone-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Clone_ListThenPullFromTheHub_ProblemsGoFromANamedFixToPresent()
    {
        // The clone: this checkout's HEAD, in a folder with no sibling data folder.
        string clone = Path.Combine(root, "repo");
        string head = (await RunAsync("git", RepoPaths.Root, null, "rev-parse", "HEAD")).Stdout.Trim();
        await RunAsync("git", root, null, "clone", "--quiet", "--no-checkout", RepoPaths.Root, clone);
        await RunAsync("git", clone, null, "checkout", "--quiet", head);
        Assert.False(Directory.Exists(Path.Combine(root, "shared")));

        string tool = Path.Combine(root, "tool");
        await RunAsync("dotnet", clone, TimeSpan.FromMinutes(10), "publish", "src/Rlvr.Cli/Rlvr.Cli.csproj", "-c", "Release", "-o", tool, "-nologo", "-nodeReuse:false", "-clp:ErrorsOnly");
        string rlvr = Path.Combine(tool, "rlvr.dll");

        await using var hub = new LocalHub();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DataLocations.HomeVariable] = Path.Combine(root, "home"),
            [DataLocations.DataDirectoryVariable] = string.Empty,
            ["RLVR_TEST_DATA_DIR"] = string.Empty,
            ["XDG_CACHE_HOME"] = string.Empty,
            ["HF_HUB_OFFLINE"] = string.Empty,
            [DatasetDownloader.EndpointVariable] = hub.Endpoint,
            [DatasetDownloader.TokenVariable] = string.Empty,
        };

        // Before: 0 problems and the fix named, for every environment that reads a dataset.
        var before = ProblemCounts((await RunAsync("dotnet", root, null, environment, rlvr, "list")).Stdout);
        foreach (string name in DatasetEnvironments)
        {
            Assert.Equal(0, before[name].Problems);
            Assert.Contains("missing dataset", before[name].Line, StringComparison.Ordinal);
        }

        foreach (var (name, dataset) in new[] { ("math/gsm8k", "gsm8k"), ("math/math500", "math500"), ("code/humaneval", "humaneval"), ("code/mbpp", "mbpp"), ("code/python", "livecodebench"), ("code/stdio", "livecodebench"), ("code/stdio", "code_contests"), ("code/csharp", "code_contests") })
        {
            Assert.Contains($"rlvr data pull {dataset}", before[name].Line, StringComparison.Ordinal);
        }

        Assert.All(DatasetEnvironments, name => Assert.DoesNotContain("local copy only", before[name].Line, StringComparison.Ordinal));

        // The Hub: MATH-500's real bytes at the pinned revision (checksum verified); HumanEval, GSM8K, MBPP,
        // LiveCodeBench and CodeContests made from the test data at a branch, pulled as NAME@main (their pinned
        // checksums are of the Hub's own files, which no machine here holds).
        hub.Add(MathDatasets.Math500.Repository!, MathDatasets.Math500.Revision, MathDatasets.Math500.Files[0].Path, await File.ReadAllBytesAsync(DataCommandTests.TestDataFile("math/math500_test.jsonl")));
        hub.Add(CodeDatasets.HumanEval.Repository!, "main", CodeDatasets.HumanEval.Files[0].Path, await DataCommandTests.HumanEvalParquetAsync());
        hub.Add(MathDatasets.Gsm8k.Repository!, "main", MathDatasets.Gsm8k.Files[0].Path, await DataCommandTests.Gsm8kParquetAsync());
        hub.Add(CodeDatasets.Mbpp.Repository!, "main", CodeDatasets.Mbpp.Files[0].Path, await MbppParquetAsync());

        // LiveCodeBench: the sample turned back into the Hub's rows (private tests pickled, zlib, base64), at a branch.
        hub.Add(CodeDatasets.LiveCodeBench.Repository!, "main", CodeDatasets.LiveCodeBench.Files[0].Path, System.Text.Encoding.UTF8.GetBytes(LiveCodeBenchUpstream.FromSample(DataCommandTests.TestDataFile("code/livecodebench_sample.jsonl"))));

        // CodeContests in its upstream schema (nested test structs), made from the 20-problem sample, at a branch.
        hub.Add(CodeDatasets.CodeContests.Repository!, "main", CodeDatasets.CodeContests.Files[0].Path, await CodeContestsParquet.BytesAsync(CodeContestsParquet.FromSample(DataCommandTests.TestDataFile("code/code_contests_sample.jsonl"))));

        var pull = await RunAsync("dotnet", root, null, environment, rlvr, "data", "pull", "math500", "humaneval@main", "gsm8k@main", "mbpp@main", "livecodebench@main", "code_contests@main");
        Assert.Contains("math500  HuggingFaceH4/MATH-500@6e4ed1a2a79af7d8630a6b768ec859cb5af4d3be  sha256 verified", pull.Stdout, StringComparison.Ordinal);
        Assert.Contains("code_contests  deepmind/code_contests@main", pull.Stdout, StringComparison.Ordinal);

        // Nothing is copied by hand: every dataset came from the Hub (RLVR_DATA_DIR stays unset).
        var after = ProblemCounts((await RunAsync("dotnet", root, null, environment, rlvr, "list")).Stdout);

        // The checkout's own build, reading the test data: the same problems in every environment.
        var testData = new Dictionary<string, string>(StringComparer.Ordinal) { [DataLocations.DataDirectoryVariable] = Path.GetDirectoryName(Path.GetDirectoryName(DataCommandTests.TestDataFile("code/mbpp.jsonl")))! };
        var reference = ProblemCounts((await CliRunner.RunAsync(testData, "list")).Stdout);
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, counts) in reference)
        {
            Assert.True(counts.Problems == after[name].Problems, $"{name}: {after[name].Problems} problems in the clone, {counts.Problems} in the checkout\n{after[name].Line}");
            Assert.DoesNotContain("missing", after[name].Line, StringComparison.Ordinal);
        }

        Assert.Equal(1319, after["math/gsm8k"].Problems);
        Assert.Equal(500, after["math/math500"].Problems);
        Assert.Equal(164, after["code/humaneval"].Problems);
        Assert.Equal(974, after["code/mbpp"].Problems);
        Assert.Equal(1, after["code/python"].Problems);
        Assert.Contains("6 of ", after["code/stdio"].Line, StringComparison.Ordinal);
        Assert.Contains("(unscorable: needs_judge)", after["code/csharp"].Line, StringComparison.Ordinal);
        Assert.All(DatasetEnvironments, name => Assert.True(after[name].Problems > 0, name));
    }

    /// <summary>NAME → (PROBLEMS, whole line) from <c>rlvr list</c>.</summary>
    private static Dictionary<string, (int Problems, string Line)> ProblemCounts(string listOutput) =>
        listOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => (Parts: line.Split(' ', StringSplitOptions.RemoveEmptyEntries), Line: line))
            .ToDictionary(x => x.Parts[0], x => (int.Parse(x.Parts[2], System.Globalization.CultureInfo.InvariantCulture), x.Line), StringComparer.Ordinal);

    private static Task<(string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, TimeSpan? timeout, params string[] args) =>
        RunAsync(file, workingDirectory, timeout, new Dictionary<string, string>(StringComparer.Ordinal), args);

    private static async Task<(string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, TimeSpan? timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("RLVR_TEST_DATA_DIR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        var result = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}\n{result.Item1}\n{result.Item2}");
        return result;
    }

    /// <summary>The MBPP rows of the test data as a Parquet file with the Hub's columns.</summary>
    private static async Task<byte[]> MbppParquetAsync()
    {
        var rows = File.ReadLines(DataCommandTests.TestDataFile("code/mbpp.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<MbppRow>(l)!).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    private sealed class MbppRow
    {
        [JsonPropertyName("task_id")] public int TaskId { get; set; }
        [JsonPropertyName("text")] public string Text { get; set; } = string.Empty;
        [JsonPropertyName("code")] public string Code { get; set; } = string.Empty;
        [JsonPropertyName("test_list")] public List<string> TestList { get; set; } = [];
        [JsonPropertyName("test_setup_code")] public string TestSetupCode { get; set; } = string.Empty;
        [JsonPropertyName("challenge_test_list")] public List<string> ChallengeTestList { get; set; } = [];
    }
}
