using System.IO.Compression;
using System.Text.Json;
using Parquet.Serialization;
using Rlvr.Core.Data.Datasets;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Math;
using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Commands;

/// <summary>
/// <c>rlvr data</c>, <c>rlvr list</c> and <c>rlvr eval</c> through the real tool against a Hub-layout server on
/// 127.0.0.1, with an empty cache and no <c>RLVR_DATA_DIR</c>: datasets are reported missing with the command that
/// brings them, then present after <c>rlvr data pull</c>.
/// </summary>
public sealed class DataCommandTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("rlvr-data-cli-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public async Task List_NoDatasets_SaysWhichAreMissingAndHowToPullThem()
    {
        await using var hub = new LocalHub();
        var (exit, stdout, _) = await CliRunner.RunAsync(Environment(hub), "list");

        Assert.Equal(0, exit);
        string gsm8k = stdout.Split('\n').Single(l => l.StartsWith("math/gsm8k ", StringComparison.Ordinal));
        Assert.Contains(" 0  ", gsm8k, StringComparison.Ordinal);
        Assert.Contains("missing dataset gsm8k: rlvr data pull gsm8k", gsm8k, StringComparison.Ordinal);
        Assert.Contains("missing dataset humaneval: rlvr data pull humaneval", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_RealMath500BytesWithPinnedChecksum_VerifiesAndTheEnvironmentHas500Problems()
    {
        await using var hub = await Math500HubAsync();

        var pull = await CliRunner.RunAsync(Environment(hub), "data", "pull", "math500");
        var list = await CliRunner.RunAsync(Environment(hub), "list");

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Contains("sha256 verified", pull.Stdout, StringComparison.Ordinal);
        string line = list.Stdout.Split('\n').Single(l => l.StartsWith("math/math500 ", StringComparison.Ordinal));
        Assert.Contains(" 500  ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_BytesThatDoNotMatchThePin_FailsAndTheDatasetStaysMissing()
    {
        await using var hub = HubServing(MathDatasets.Gsm8k, "not the GSM8K file"u8.ToArray());

        var pull = await CliRunner.RunAsync(Environment(hub), "data", "pull", "gsm8k");
        var data = await CliRunner.RunAsync(Environment(hub), "data", "list");

        Assert.Equal(1, pull.ExitCode);
        Assert.Contains("checksum mismatch", pull.Stderr, StringComparison.Ordinal);
        Assert.Contains("gsm8k", data.Stdout.Split('\n').Single(l => l.StartsWith("gsm8k ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("missing", data.Stdout.Split('\n').Single(l => l.StartsWith("gsm8k ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_HumanEvalAsHubParquet_ReadsAll164Tasks()
    {
        // The pin is of the Hub's own Parquet bytes, which no machine here holds: this file, made from the test data,
        // is served at a branch and pulled as humaneval@main (read unverified).
        await using var hub = HubServing(CodeDatasets.HumanEval, await HumanEvalParquetAsync(), "main");

        var pull = await CliRunner.RunAsync(Environment(hub), "data", "pull", "humaneval@main");
        var list = await CliRunner.RunAsync(Environment(hub), "list");

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Contains("not verified", pull.Stdout, StringComparison.Ordinal);
        Assert.Contains(" 164  ", list.Stdout.Split('\n').Single(l => l.StartsWith("code/humaneval ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_CodeContestsAsUpstreamParquet_StdioAndCSharpListItsProblems()
    {
        byte[] parquet = await CodeContestsParquet.BytesAsync(CodeContestsParquet.FromSample(TestDataFile("code/code_contests_sample.jsonl")));
        await using var hub = HubServing(CodeDatasets.CodeContests, parquet);
        hub.Add(CodeDatasets.CodeContests.Repository!, "main", CodeDatasets.CodeContests.Files[0].Path, parquet);

        var before = await CliRunner.RunAsync(Environment(hub), "list");
        var pinned = await CliRunner.RunAsync(Environment(hub), "data", "pull", "code_contests");
        var pull = await CliRunner.RunAsync(Environment(hub), "data", "pull", "code_contests@main");
        var list = await CliRunner.RunAsync(Environment(hub), "list");
        var data = await CliRunner.RunAsync(Environment(hub), "data", "list");

        static string Line(string output, string name) => output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        foreach (string environment in new[] { "code/stdio", "code/csharp" })
        {
            Assert.Contains(" 0  ", Line(before.Stdout, environment), StringComparison.Ordinal);
            Assert.Contains("missing dataset code_contests: rlvr data pull code_contests", Line(before.Stdout, environment), StringComparison.Ordinal);
            Assert.Contains(" 20  ", Line(list.Stdout, environment), StringComparison.Ordinal);
            Assert.Contains("[6 of 20 problems accept several outputs or are interactive and have no checker (unscorable: needs_judge)", Line(list.Stdout, environment), StringComparison.Ordinal);
            Assert.DoesNotContain("missing dataset code_contests", Line(list.Stdout, environment), StringComparison.Ordinal);
        }

        // The pinned sha256 is of the Hub's own file, which these bytes are not.
        Assert.Equal(1, pinned.ExitCode);
        Assert.Contains("checksum mismatch", pinned.Stderr, StringComparison.Ordinal);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Contains("code_contests  deepmind/code_contests@main  no pinned sha256: not verified", pull.Stdout, StringComparison.Ordinal);
        Assert.Contains("present", Line(data.Stdout, "code_contests"), StringComparison.Ordinal);
        Assert.Contains(hub.Requests, r => r.Contains("/datasets/deepmind/code_contests/resolve/main/data/test-00000-of-00001-9c49eeff30aacaa8.parquet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eval_ProblemIdWithoutTheDataset_NamesThePullCommandAndExits1()
    {
        await using var hub = new LocalHub();
        string input = Path.Combine(home, "in.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem_id\": \"gsm8k-0\", \"completion\": \"#### 18\"}\n");

        var (exit, _, stderr) = await CliRunner.RunAsync(Environment(hub), "eval", "--env", "math/gsm8k", "--input", input, "--output", Path.Combine(home, "out.jsonl"));

        Assert.Equal(1, exit);
        Assert.Contains("in.jsonl:1: field '$.problem_id'", stderr, StringComparison.Ordinal);
        Assert.Contains("rlvr data pull gsm8k", stderr, StringComparison.Ordinal);
        Assert.Contains("no line of in.jsonl could be scored", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_DataFileGiven_ScoresProblemIdLinesFromIt()
    {
        await using var hub = new LocalHub();
        string input = Path.Combine(home, "in.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem_id\": \"gsm8k-0\", \"completion\": \"#### 18\"}\n{\"id\": \"b\", \"problem_id\": \"gsm8k-0\", \"completion\": \"#### 19\"}\n");
        string output = Path.Combine(home, "out.jsonl");

        var (exit, _, stderr) = await CliRunner.RunAsync(Environment(hub), "eval", "--env", "math/gsm8k", "--data", TestDataFile("math/gsm8k_test.jsonl"), "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        var rewards = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward").GetDouble()).ToList();
        Assert.Equal([1.0, 0.0], rewards);
    }

    [Fact]
    public async Task Eval_DatasetMissingAndHubReachable_PullsItOnFirstUseAndScores()
    {
        await using var hub = await Math500HubAsync();
        string input = Path.Combine(home, "in.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem_id\": \"test/precalculus/807.json\", \"completion\": \"\\\\boxed{\\\\left( 3, \\\\frac{\\\\pi}{2} \\\\right)}\"}\n");
        string output = Path.Combine(home, "out.jsonl");

        var (exit, _, stderr) = await CliRunner.RunAsync(Environment(hub), "eval", "--env", "math/math500", "--input", input, "--output", output);
        var again = await CliRunner.RunAsync(Environment(hub), "eval", "--env", "math/math500", "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("dataset 'math500' is not on this machine: pulling HuggingFaceH4/MATH-500@", stderr, StringComparison.Ordinal);
        Assert.Contains("dataset 'math500' pulled (sha256 verified)", stderr, StringComparison.Ordinal);
        Assert.Equal(1.0, JsonDocument.Parse(File.ReadAllLines(output).Single()).RootElement.GetProperty("reward").GetDouble());
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain("pulling", again.Stderr, StringComparison.Ordinal);
        Assert.Single(hub.Requests); // the second run read the cache
    }

    [Fact]
    public async Task Eval_DatasetMissingAndOffline_NamesTheFixExits1AndSendsNoRequest()
    {
        await using var hub = await Math500HubAsync();
        string input = Path.Combine(home, "in.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem_id\": \"test/precalculus/807.json\", \"completion\": \"x\"}\n");
        var environment = Environment(hub);
        environment["HF_HUB_OFFLINE"] = "1";

        var (exit, _, stderr) = await CliRunner.RunAsync(environment, "eval", "--env", "math/math500", "--input", input, "--output", Path.Combine(home, "out.jsonl"));

        Assert.Equal(1, exit);
        Assert.Contains("run `rlvr data pull math500`", stderr, StringComparison.Ordinal);
        Assert.Contains("not downloading because HF_HUB_OFFLINE is set", stderr, StringComparison.Ordinal);
        Assert.Contains("no line of in.jsonl could be scored", stderr, StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task Eval_HubUnreachable_SaysTheDownloadFailedAndTheFixAndExits1()
    {
        var hub = new LocalHub();
        var environment = Environment(hub);
        await hub.DisposeAsync(); // nothing listens on that port any more
        string input = Path.Combine(home, "in.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem_id\": \"gsm8k-0\", \"completion\": \"#### 18\"}\n");

        var (exit, _, stderr) = await CliRunner.RunAsync(environment, "eval", "--env", "math/gsm8k", "--input", input, "--output", Path.Combine(home, "out.jsonl"));

        Assert.Equal(1, exit);
        Assert.Contains("dataset 'gsm8k' could not be downloaded:", stderr, StringComparison.Ordinal);
        Assert.Contains("Fix: run `rlvr data pull gsm8k` when the Hub is reachable", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalModel_DataFileGiven_RollsOutItsProblems()
    {
        await using var hub = new LocalHub();
        await using var policy = await Rlvr.Rollouts.Tests.Support.ScriptedPolicyServer.StartAsync();
        string data = Path.Combine(home, "mini_gsm8k.jsonl");
        await File.WriteAllLinesAsync(data,
        [
            """{"question": "Compute 17+25.", "answer": "17+25=42\n#### 42"}""",
            """{"question": "Compute 1+2.", "answer": "1+2=3\n#### 3"}""",
        ]);
        var environment = Environment(hub);
        environment["HF_HUB_OFFLINE"] = "1";
        string output = Path.Combine(home, "out.jsonl");

        var (exit, stdout, stderr) = await CliRunner.RunAsync(environment,
            "eval", "--env", "math/gsm8k", "--model", policy.BaseUrl.ToString(), "--model-name", "reference", "--data", data, "--output", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("episodes      2", stdout, StringComparison.Ordinal);
        Assert.Equal(["gsm8k-0", "gsm8k-1"], File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("problem_id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pull_AnotherRevision_IsReadUnverifiedFromThenOn()
    {
        await using var hub = HubServing(MathDatasets.Gsm8k, await Gsm8kParquetAsync(), "main");

        var pull = await CliRunner.RunAsync(Environment(hub), "data", "pull", "gsm8k@main");
        var list = await CliRunner.RunAsync(Environment(hub), "list");
        var bad = await CliRunner.RunAsync(Environment(hub), "data", "pull", "gsm8k@../x");

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Contains("gsm8k  openai/gsm8k@main  no pinned sha256: not verified", pull.Stdout, StringComparison.Ordinal);
        Assert.Contains(" 1319  ", list.Stdout.Split('\n').Single(l => l.StartsWith("math/gsm8k ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not a revision", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_VerlParquetInput_ScoresPromptAgainstGroundTruth()
    {
        await using var hub = new LocalHub();
        string input = Path.Combine(home, "verl.parquet");
        await ParquetSerializer.SerializeAsync(
            new[]
            {
                new VerlRow { DataSource = "gsm8k", Prompt = [new VerlMessage { Role = "user", Content = "What is 6 times 7?" }], RewardModel = new VerlReward { GroundTruth = "42" }, ExtraInfo = new VerlExtra { Index = 0 }, Response = "6*7 = 42\n#### 42" },
                new VerlRow { DataSource = "gsm8k", Prompt = [new VerlMessage { Role = "user", Content = "What is 2 plus 2?" }], RewardModel = new VerlReward { GroundTruth = "4" }, ExtraInfo = new VerlExtra { Index = 1 }, Response = "\\boxed{5}" },
            },
            input);
        string output = Path.Combine(home, "out.jsonl");

        var (exit, _, stderr) = await CliRunner.RunAsync(Environment(hub), "eval", "--env", "math", "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        var results = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["gsm8k-0", "gsm8k-1"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([1.0, 0.0], results.Select(r => r.GetProperty("reward").GetDouble()));
    }

    // An empty value counts as unset for every variable the tool reads.
    internal Dictionary<string, string> Environment(LocalHub hub) => new(StringComparer.Ordinal)
    {
        [DataLocations.HomeVariable] = Path.Combine(home, "cache"),
        [DataLocations.DataDirectoryVariable] = string.Empty,
        ["XDG_CACHE_HOME"] = string.Empty,
        [DatasetDownloader.EndpointVariable] = hub.Endpoint,
        [DatasetDownloader.TokenVariable] = string.Empty,
    };

    /// <summary>A hub serving <paramref name="content"/> as the first file of <paramref name="spec"/> at <paramref name="revision"/> (the pinned one when null).</summary>
    internal static LocalHub HubServing(DatasetSpec spec, byte[] content, string? revision = null)
    {
        var hub = new LocalHub();
        hub.Add(spec.Repository!, revision ?? spec.Revision, spec.Files[0].Path, content);
        return hub;
    }

    /// <summary>A hub serving the real MATH-500 test file (of the test data) at its pinned revision.</summary>
    internal static async Task<LocalHub> Math500HubAsync() =>
        HubServing(MathDatasets.Math500, await File.ReadAllBytesAsync(TestDataFile("math/math500_test.jsonl")));

    internal static string TestDataFile(string relative) =>
        System.Environment.GetEnvironmentVariable("RLVR_TEST_DATA_DIR") is { Length: > 0 } dir
            ? Path.Combine(dir, relative)
            : throw new InvalidOperationException("RLVR_TEST_DATA_DIR is not set: point it at the benchmark data folder (scripts/test.sh sets it).");

    /// <summary>The GSM8K rows of the test data as a Parquet file with the Hub's columns (question, answer).</summary>
    internal static async Task<byte[]> Gsm8kParquetAsync()
    {
        var rows = File.ReadLines(TestDataFile("math/gsm8k_test.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<Gsm8kRow>(l)!).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    /// <summary>The HumanEval rows of the test data, written as a Parquet file with the Hub's column names.</summary>
    internal static async Task<byte[]> HumanEvalParquetAsync()
    {
        var rows = new List<HumanEvalRow>();
        using (var file = File.OpenRead(TestDataFile("code/HumanEval.jsonl.gz")))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Trim().Length > 0)
                {
                    rows.Add(JsonSerializer.Deserialize<HumanEvalRow>(line)!);
                }
            }
        }

        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    private sealed class Gsm8kRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("question")] public string Question { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("answer")] public string Answer { get; set; } = string.Empty;
    }

    private sealed class HumanEvalRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("task_id")] public string TaskId { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("prompt")] public string Prompt { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("canonical_solution")] public string CanonicalSolution { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("test")] public string Test { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("entry_point")] public string EntryPoint { get; set; } = string.Empty;
    }

    private sealed class VerlRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("data_source")] public string DataSource { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("prompt")] public List<VerlMessage> Prompt { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("reward_model")] public VerlReward RewardModel { get; set; } = new();
        [System.Text.Json.Serialization.JsonPropertyName("extra_info")] public VerlExtra ExtraInfo { get; set; } = new();
        [System.Text.Json.Serialization.JsonPropertyName("response")] public string Response { get; set; } = string.Empty;
    }

    private sealed class VerlMessage
    {
        [System.Text.Json.Serialization.JsonPropertyName("role")] public string Role { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("content")] public string Content { get; set; } = string.Empty;
    }

    private sealed class VerlReward
    {
        [System.Text.Json.Serialization.JsonPropertyName("ground_truth")] public string GroundTruth { get; set; } = string.Empty;
        [System.Text.Json.Serialization.JsonPropertyName("style")] public string Style { get; set; } = "rule";
    }

    private sealed class VerlExtra
    {
        [System.Text.Json.Serialization.JsonPropertyName("index")] public long Index { get; set; }
    }
}
