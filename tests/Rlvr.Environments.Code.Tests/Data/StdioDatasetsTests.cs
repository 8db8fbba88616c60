using System.Text.Json;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// CodeContests in the Hub's upstream schema: a Parquet file with nested structs and lists, written by the test from
/// the sample rows (<see cref="CodeContestsParquet"/>), read by the same loader as the sample.
/// </summary>
public sealed class StdioDatasetsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("rlvr-code-contests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ReadCodeContests_UpstreamParquet_YieldsEachProblemWithItsTestsLimitAndJudgeFlags()
    {
        string samplePath = TestPaths.Shared("code_contests_sample.jsonl");
        var rows = CodeContestsParquet.FromSample(samplePath);
        var fileBased = CodeContestsParquet.FromSample(samplePath)[3];
        fileBased.Name = "9999_Z. Reads input.txt";
        fileBased.InputFile = "input.txt";
        fileBased.OutputFile = "output.txt";
        rows.Add(fileBased);
        string path = Path.Combine(folder, "test-00000-of-00001.parquet");
        await File.WriteAllBytesAsync(path, await CodeContestsParquet.BytesAsync(rows));

        var problems = StdioDatasets.ReadCodeContests(path).ToList();
        var sample = StdioDatasets.ReadCodeContests(samplePath).ToDictionary(p => p.Id, StringComparer.Ordinal);

        var expected = SampleRows();
        Assert.Equal(expected.Select(r => "code_contests/" + r.Name), problems.Select(p => p.Id));
        foreach (var (row, problem) in expected.Zip(problems))
        {
            var fromSample = sample["code_contests/" + row.Id];
            var tests = fromSample.Tests.Take(StdioDatasets.MaxCodeContestsTests).ToList();
            Assert.Equal(tests, problem.Tests);
            Assert.EndsWith(row.Content, problem.Prompt, StringComparison.Ordinal);
            Assert.Equal(fromSample.Prompt, problem.Prompt);
            Assert.Equal(fromSample.NeedsJudge, problem.NeedsJudge);
            Assert.Equal(fromSample.Tolerance, problem.Tolerance);
            Assert.False(problem.KeepLineStructure);
            double? limit = row.Id == 19 ? null : 1 + (row.Id % 3) + (row.Id * 0.01);
            Assert.Equal(limit, problem.TimeLimitSeconds is { } t ? Math.Round(t, 6) : null);
        }

        Assert.Equal([4, 7, 10, 11, 13, 15], expected.Zip(problems).Where(x => x.Second.NeedsJudge).Select(x => x.First.Id));
        Assert.Equal(new FloatTolerance(1e-4, 1e-4), problems[5].Tolerance);
        Assert.Contains(expected, r => r.TestCount > StdioDatasets.MaxCodeContestsTests);
        Assert.All(problems, p => Assert.True(p.Tests.Count <= StdioDatasets.MaxCodeContestsTests));
    }

    [Fact]
    public async Task ReadCodeContests_PublicAndPrivateTests_AreAllKeptBeforeGenerated()
    {
        var row = CodeContestsParquet.FromSample(TestPaths.Shared("code_contests_sample.jsonl"))[10];
        int generated = row.GeneratedTests.Input.Count;
        row.PrivateTests.Input.AddRange(row.GeneratedTests.Input.Take(120));
        row.PrivateTests.Output.AddRange(row.GeneratedTests.Output.Take(120));
        string path = Path.Combine(folder, "big.parquet");
        await File.WriteAllBytesAsync(path, await CodeContestsParquet.BytesAsync([row]));

        var problem = Assert.Single(StdioDatasets.ReadCodeContests(path));

        Assert.True(generated > 0);
        Assert.Equal(1 + 2 + 120, problem.Tests.Count);
        Assert.Equal(row.PrivateTests.Input[^1], problem.Tests[^1].Input);
    }

    [Fact]
    public async Task ReadCodeContests_InputsAndOutputsOfDifferentLengths_NamesTheRowAndField()
    {
        var row = CodeContestsParquet.FromSample(TestPaths.Shared("code_contests_sample.jsonl"))[0];
        row.PrivateTests.Output.RemoveAt(0);
        string path = Path.Combine(folder, "bad.parquet");
        await File.WriteAllBytesAsync(path, await CodeContestsParquet.BytesAsync([row]));

        var error = Assert.Throws<Rlvr.Core.ProblemFormatException>(() => StdioDatasets.ReadCodeContests(path).ToList());

        Assert.Contains("bad.parquet: row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.private_tests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeLimitAtMost_LimitsAboveTheOption_AreLoweredToIt()
    {
        var problems = new[] { 1.5, 9.0, (double?)null }.Select((limit, i) => new StdioProblem
        {
            Id = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Prompt = string.Empty,
            Tests = [],
            TimeLimitSeconds = limit,
        });

        var bounded = StdioEnvironment.TimeLimitAtMost(problems, CodeOptions.Default.TestTimeLimit).Select(p => p.TimeLimitSeconds);

        Assert.Equal([1.5, CodeOptions.Default.TestTimeLimit.TotalSeconds, null], bounded);
    }

    private static List<(int Id, string Name, string Content, int TestCount)> SampleRows() =>
        [.. File.ReadLines(TestPaths.Shared("code_contests_sample.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (
                r.GetProperty("id").GetInt32(),
                JsonDocument.Parse(r.GetProperty("labels").GetString()!).RootElement.GetProperty("name").GetString()!,
                r.GetProperty("content").GetString()!,
                JsonDocument.Parse(r.GetProperty("test").GetString()!).RootElement.GetArrayLength()))];
}
