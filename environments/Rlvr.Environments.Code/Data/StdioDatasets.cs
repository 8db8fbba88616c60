using System.Globalization;
using System.Text.Json;
using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Data;

/// <summary>Loads CodeContests and LiveCodeBench into stdin/stdout problems.</summary>
public static class StdioDatasets
{
    // From the statements: these accept several outputs or are interactive.
    private static readonly HashSet<int> CodeContestsNeedingJudge = [4, 7, 10, 11, 13, 15];

    /// <summary>Reads CodeContests rows (<c>id</c>, <c>content</c>, <c>labels</c> and <c>test</c> as JSON strings).</summary>
    /// <param name="path">The file.</param>
    public static IEnumerable<StdioProblem> ReadCodeContests(string path)
    {
        foreach (var row in Rlvr.Core.Data.Datasets.DatasetReader.Read(path).Select(r => r.Value))
        {
            int id = row.GetProperty("id").GetInt32();
            using var tests = JsonDocument.Parse(row.GetProperty("test").GetString() ?? "[]");
            yield return new StdioProblem
            {
                Id = "code_contests/" + id.ToString(CultureInfo.InvariantCulture),
                Prompt = Instruction + (row.GetProperty("content").GetString() ?? string.Empty),
                Tests = [.. tests.RootElement.EnumerateArray().Select(t => new StdioTest(
                    t.GetProperty("input").GetProperty("stdin").GetString() ?? string.Empty,
                    t.GetProperty("output").GetProperty("stdout").GetString() ?? string.Empty))],
                Tolerance = id == 5 ? new FloatTolerance(1e-4, 1e-4) : null,
                NeedsJudge = CodeContestsNeedingJudge.Contains(id),
                KeepLineStructure = false,
            };
        }
    }

    /// <summary>
    /// Reads the stdin/stdout (AtCoder, Codeforces) problems of a LiveCodeBench file, either the Hub's rows or the
    /// converted sample's (see <see cref="CodeDatasets.LiveCodeBench"/>); call-based problems are left out.
    /// </summary>
    /// <param name="path">The file.</param>
    public static IEnumerable<StdioProblem> ReadLiveCodeBench(string path)
    {
        foreach (var problem in LiveCodeBenchRows.Read(path))
        {
            if (problem.FunctionName is not null)
            {
                continue;
            }

            yield return new StdioProblem
            {
                Id = problem.Id,
                Prompt = problem.Prompt,
                Tests = new DecodedOnDemand<StdioTest>(Decode(problem), () => Decode(problem)),
            };
        }
    }

    private static List<StdioTest> Decode(LiveCodeBenchProblem problem) => [.. problem.ReadTests().Select(t => new StdioTest(t.Input, t.Output))];

    private const string Instruction = "Write a program that reads standard input and writes standard output. Reply with the program in a fenced code block.\n\n";
}
