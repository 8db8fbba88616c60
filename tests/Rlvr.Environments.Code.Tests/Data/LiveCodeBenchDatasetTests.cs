using System.Text;
using System.Text.Json.Nodes;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// LiveCodeBench read from the Hub's row layout (<c>livecodebench/code_generation_lite</c>): the converted sample
/// turned back into upstream rows at run time (private tests pickled by CPython, zlib, base64) loads into the same
/// problems and tests as the sample itself; a hostile pickle is a format error naming file and line; and the dataset
/// downloads from a Hub-layout server on 127.0.0.1.
/// </summary>
public sealed class LiveCodeBenchDatasetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("rlvr-lcb-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_HubRowsMadeFromTheSample_SameProblemsAndTestsAsTheSample(bool pickledPrivate)
    {
        string sample = TestPaths.Shared("livecodebench_sample.jsonl");
        string upstream = Write("test6.jsonl", LiveCodeBenchUpstream.FromSample(sample, pickledPrivate));

        var stdio = StdioDatasets.ReadLiveCodeBench(upstream).ToList();
        var functions = FunctionDatasets.ReadLiveCodeBenchCallBased(upstream).ToList();
        AssertSameStdio(StdioDatasets.ReadLiveCodeBench(sample).ToList(), stdio);
        AssertSameFunctions(FunctionDatasets.ReadLiveCodeBenchCallBased(sample).ToList(), functions);

        // The decoded tests are held weakly: once collected, they are decoded again from the kept compressed bytes.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        AssertSameStdio(StdioDatasets.ReadLiveCodeBench(sample).ToList(), stdio);
        AssertSameFunctions(FunctionDatasets.ReadLiveCodeBenchCallBased(sample).ToList(), functions);
    }

    [Fact]
    public void Read_HubRows_PromptsInLiveCodeBenchsFormat()
    {
        string sample = TestPaths.Shared("livecodebench_sample.jsonl");
        string upstream = Write("test6.jsonl", LiveCodeBenchUpstream.FromSample(sample));
        var rows = File.ReadLines(upstream).Select(l => JsonNode.Parse(l)!).ToDictionary(r => r["platform"]!.GetValue<string>() + "/" + r["question_id"]!.GetValue<string>());

        foreach (var problem in StdioDatasets.ReadLiveCodeBench(upstream))
        {
            string content = rows[problem.Id]["question_content"]!.GetValue<string>();
            Assert.StartsWith(LiveCodeBenchRows.SystemMessage + "\n\n### Question:\n" + content + "\n\n### Format: " + LiveCodeBenchRows.WithoutStarterCode + "\n```python\n# YOUR CODE HERE\n```\n\n", problem.Prompt, StringComparison.Ordinal);
            Assert.EndsWith("\n\n### Answer: (use the provided format with backticks)\n\n", problem.Prompt, StringComparison.Ordinal);
        }

        var function = FunctionDatasets.ReadLiveCodeBenchCallBased(upstream).Single();
        string starter = rows[function.Id]["starter_code"]!.GetValue<string>();
        Assert.Contains("def countSeniors(self", starter, StringComparison.Ordinal);
        Assert.Contains("\n\n### Format: " + LiveCodeBenchRows.WithStarterCode + "\n```python\n" + starter + "\n```\n\n### Answer:", function.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPrompt_CSharpEnvironment_AsksForACSharpProgramWithTheSameQuestion()
    {
        string sample = TestPaths.Shared("livecodebench_sample.jsonl");
        string upstream = Write("test6.jsonl", LiveCodeBenchUpstream.FromSample(sample));
        var csharp = new Rlvr.Environments.Code.CSharp.CSharpEnvironment();
        var python = new StdioEnvironment();

        var fromHub = StdioDatasets.ReadLiveCodeBench(upstream).ToList();
        var fromSample = StdioDatasets.ReadLiveCodeBench(sample).ToList();
        Assert.Equal(2, fromHub.Count);
        for (int i = 0; i < fromHub.Count; i++)
        {
            string prompt = csharp.RenderPrompt(fromHub[i]);
            Assert.StartsWith(LiveCodeBenchRows.CSharpSystemMessage + "\n\n### Question:\n", prompt, StringComparison.Ordinal);
            Assert.Contains("```csharp\n// YOUR CODE HERE\n```", prompt, StringComparison.Ordinal);
            Assert.DoesNotContain("Python", prompt, StringComparison.Ordinal);
            Assert.Equal(prompt, csharp.RenderPrompt(fromSample[i]));
            Assert.Contains("```python\n# YOUR CODE HERE\n```", python.RenderPrompt(fromHub[i]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_HostilePickleInPrivateTests_FormatErrorNamingFileAndLineAndNothingRuns()
    {
        string marker = Path.Combine(folder, "ran");
        var lines = LiveCodeBenchUpstream.FromSample(TestPaths.Shared("livecodebench_sample.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // A pickle that, unpickled by Python, would call os.system("touch <marker>") (protocol 0: GLOBAL, REDUCE).
        byte[] hostile = Encoding.ASCII.GetBytes("cos\nsystem\n(S'touch " + marker + "'\ntR.");
        var row = JsonNode.Parse(lines[1])!;
        row["private_test_cases"] = Convert.ToBase64String(Zlib(hostile));
        lines[1] = row.ToJsonString();
        string upstream = Write("test6.jsonl", string.Join('\n', lines) + "\n");

        var ex = Assert.Throws<ProblemFormatException>(() => FunctionDatasets.ReadLiveCodeBenchCallBased(upstream).ToList());
        Assert.Contains("test6.jsonl:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("private_test_cases", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GLOBAL", ex.Message, StringComparison.Ordinal);
        Assert.Equal("$.private_test_cases", ex.Field);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Read_TestWithoutOutput_FormatErrorNamingTheTest()
    {
        var lines = LiveCodeBenchUpstream.FromSample(TestPaths.Shared("livecodebench_sample.jsonl"), pickledPrivate: false).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var row = JsonNode.Parse(lines[0])!;
        row["public_test_cases"] = "[{\"input\": \"1\\n\", \"testtype\": \"stdin\"}]";
        lines[0] = row.ToJsonString();
        string upstream = Write("test6.jsonl", string.Join('\n', lines) + "\n");

        var ex = Assert.Throws<ProblemFormatException>(() => StdioDatasets.ReadLiveCodeBench(upstream).ToList());
        Assert.Contains("test6.jsonl:1: public_test_cases[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_FromLocalHub_DownloadsTheHubFileAndItLoads()
    {
        var spec = CodeDatasets.LiveCodeBench;
        Assert.Equal("livecodebench/code_generation_lite", spec.Repository);
        Assert.True(spec.IsPinned);
        Assert.All(spec.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256!));

        string sample = TestPaths.Shared("livecodebench_sample.jsonl");
        byte[] content = Encoding.UTF8.GetBytes(LiveCodeBenchUpstream.FromSample(sample));
        await using var hub = new LocalHub();
        hub.Add(spec.Repository!, spec.Revision, spec.Files[0].Path, content);
        hub.Add(spec.Repository!, "main", spec.Files[0].Path, content);
        using var http = new HttpClient();
        var downloader = new DatasetDownloader(http, hub.Endpoint);

        // At the pinned revision the file must have the pinned checksum: these test bytes do not.
        var mismatch = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.PullAsync(spec, null, CancellationToken.None));
        Assert.Contains("sha256", mismatch.Message, StringComparison.OrdinalIgnoreCase);

        // Another revision carries no checksum: downloaded, cached and read.
        var paths = await downloader.PullAsync(spec.AtRevision("main"), null, CancellationToken.None);
        Assert.Equal(content, await File.ReadAllBytesAsync(paths.Single()));
        Assert.Contains("/datasets/livecodebench/code_generation_lite/resolve/main/test6.jsonl", string.Join('\n', hub.Requests), StringComparison.Ordinal);
        AssertSameStdio(StdioDatasets.ReadLiveCodeBench(sample).ToList(), paths.SelectMany(StdioDatasets.ReadLiveCodeBench).ToList());
        AssertSameFunctions(FunctionDatasets.ReadLiveCodeBenchCallBased(sample).ToList(), paths.SelectMany(FunctionDatasets.ReadLiveCodeBenchCallBased).ToList());
    }

    private static void AssertSameStdio(IReadOnlyList<StdioProblem> expected, IReadOnlyList<StdioProblem> actual)
    {
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Select(p => p.Id), actual.Select(p => p.Id));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Tests.Count > 1);
            Assert.Equal(expected[i].Tests, actual[i].Tests);
        }
    }

    private static void AssertSameFunctions(IReadOnlyList<PythonFunctionProblem> expected, IReadOnlyList<PythonFunctionProblem> actual)
    {
        var want = Assert.Single(expected);
        var got = Assert.Single(actual);
        Assert.Equal("leetcode/2727", got.Id);
        Assert.Equal(want.EntryPoint, got.EntryPoint);
        Assert.Equal(want.SolutionClass, got.SolutionClass);
        Assert.Equal(Cases(want), Cases(got));
        Assert.True(want.Cases!.Count > 1);
    }

    private static List<string> Cases(PythonFunctionProblem problem) =>
        [.. problem.Cases!.Select(c => string.Join(" | ", c.Args.Select(a => a.GetRawText())) + " -> " + c.Expected.GetRawText())];

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
