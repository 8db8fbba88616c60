using System.Text.Json;
using Xunit.Abstractions;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// CodeContests in the Hub's upstream schema: a Parquet file with nested structs and lists, written by the test from
/// the sample rows (<see cref="CodeContestsParquet"/>), read by the same loader as the sample.
/// </summary>
[Collection(nameof(StdioDatasetsTests))]
public sealed class StdioDatasetsTests(ITestOutputHelper output) : IDisposable
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
    public async Task ReadCodeContests_LargeSolutionColumns_AreNeitherDecodedNorKept()
    {
        // Four upstream rows carrying 40 MB of solution text in the columns the loader never uses (30 MB of solutions,
        // 10 MB of incorrect_solutions), as the Hub's file carries hundreds of programs per problem.
        const int solutionChars = 100_000;
        var random = new Random(12);
        var rows = CodeContestsParquet.FromSample(TestPaths.Shared("code_contests_sample.jsonl")).Take(4).ToList();
        long solutionBytes = 0;
        foreach (var row in rows)
        {
            row.Solutions = Programs(75);
            row.IncorrectSolutions = Programs(25);
            solutionBytes += (long)(row.Solutions.Solution.Count + row.IncorrectSolutions.Solution.Count) * solutionChars;
        }

        string path = Path.Combine(folder, "with-solutions.parquet");
        await File.WriteAllBytesAsync(path, await CodeContestsParquet.BytesAsync(rows));
        var expected = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Take(4).ToList();
        _ = StdioDatasets.ReadCodeContests(path).ToList(); // warm up (type loading, Parquet.Net's caches)

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var problems = StdioDatasets.ReadCodeContests(path).ToList();
        long loading = GC.GetTotalAllocatedBytes(precise: true) - before;
        before = GC.GetTotalAllocatedBytes(precise: true);
        int everyColumn = Rlvr.Core.Data.Datasets.DatasetReader.Read(path).Count();
        long everyColumnLoading = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"solutions {solutionBytes} B; loading {loading} B; reading every column {everyColumnLoading} B");

        Assert.Equal(SampleRows().Take(4).Select(r => "code_contests/" + r.Name), problems.Select(p => p.Id));
        foreach (var (sample, problem) in expected.Zip(problems))
        {
            Assert.Equal(sample.Tests.Take(StdioDatasets.MaxCodeContestsTests).ToList(), problem.Tests);
            Assert.Equal(sample.Prompt, problem.Prompt);
        }

        Assert.Equal(4, everyColumn);
        Assert.True(everyColumnLoading > solutionBytes, $"the measure must see a whole-file read: {everyColumnLoading} B");
        Assert.True(loading < solutionBytes / 4, $"loading allocated {loading} B for {solutionBytes} B of solutions");

        CodeContestsParquet.Solutions Programs(int count)
        {
            var programs = new CodeContestsParquet.Solutions();
            for (int i = 0; i < count; i++)
            {
                programs.Language.Add(2);
                programs.Solution.Add(string.Create(solutionChars, random, static (span, r) =>
                {
                    for (int k = 0; k < span.Length; k++)
                    {
                        int v = r.Next(27);
                        span[k] = v == 26 ? '\n' : (char)('a' + v);
                    }
                }));
            }

            return programs;
        }
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
