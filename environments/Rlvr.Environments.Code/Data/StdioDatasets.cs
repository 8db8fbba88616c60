using System.Globalization;
using System.Text.Json;
using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Data;

/// <summary>Loads CodeContests (the Hub's test split, or SandboxFusion's sample) and LiveCodeBench into stdin/stdout problems.</summary>
public static class StdioDatasets
{
    /// <summary>
    /// At most this many tests are kept per upstream CodeContests problem: every public and private test, then generated
    /// tests up to the cap. Generated tests number up to a few hundred per problem, and each is a fresh process within one
    /// bounded run budget (<see cref="CodeOptions.MaxRunTime"/>).
    /// </summary>
    public const int MaxCodeContestsTests = 100;

    /// <summary>
    /// Reads CodeContests rows of either shape, told apart row by row: the Hub's upstream schema (<c>name</c>,
    /// <c>description</c>, <c>public_tests</c>/<c>private_tests</c>/<c>generated_tests</c> as <c>{input, output}</c> lists,
    /// <c>time_limit</c> as <c>{seconds, nanos}</c>, <c>input_file</c>/<c>output_file</c>), or SandboxFusion's sample
    /// (<c>id</c>, <c>content</c>, <c>labels</c>, and <c>test</c> as a JSON string). Whether a problem needs a checker or
    /// an interactor, and any declared tolerance, come from its statement (<see cref="StatementJudging"/>). Upstream
    /// problems whose program must read or write a named file rather than standard input/output are skipped.
    /// </summary>
    /// <param name="path">The file (Parquet or JSONL).</param>
    public static IEnumerable<StdioProblem> ReadCodeContests(string path)
    {
        foreach (var row in Rlvr.Core.Data.Datasets.DatasetReader.Read(path, CodeContestsColumns))
        {
            var problem = row.Value.TryGetProperty("public_tests", out _) ? FromUpstream(row) : FromSample(row);
            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    // The only columns read: upstream's (never solutions, incorrect_solutions, untranslated_description, cf_*) and the
    // sample's. In a Parquet file the other columns' pages are not even decompressed (DatasetReader.Read(path, columns)).
    private static readonly string[] CodeContestsColumns =
    [
        "name", "description", "public_tests", "private_tests", "generated_tests", "time_limit", "input_file", "output_file",
        "id", "content", "test",
    ];

    /// <summary>Whether an upstream <c>input_file</c>/<c>output_file</c> value names a file rather than the standard stream.</summary>
    /// <param name="value">The field's value (empty or absent for the standard stream).</param>
    public static bool NamesAFile(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !StandardStreams.Contains(value.Trim());

    private static readonly HashSet<string> StandardStreams = new(StringComparer.OrdinalIgnoreCase) { "stdin", "stdout", "standard input", "standard output" };

    private static StdioProblem FromSample(Rlvr.Core.Data.Datasets.DatasetRow row)
    {
        int id = Required(row, "id").GetInt32();
        string content = Required(row, "content").GetString() ?? string.Empty;
        using var tests = JsonDocument.Parse(Required(row, "test").GetString() ?? "[]");
        return new StdioProblem
        {
            Id = "code_contests/" + id.ToString(CultureInfo.InvariantCulture),
            Prompt = Instruction + content,
            Tests = [.. tests.RootElement.EnumerateArray().Select(t => new StdioTest(
                t.GetProperty("input").GetProperty("stdin").GetString() ?? string.Empty,
                t.GetProperty("output").GetProperty("stdout").GetString() ?? string.Empty))],
            Tolerance = StatementJudging.Tolerance(content),
            NeedsJudge = StatementJudging.NeedsJudge(content),
            KeepLineStructure = false,
        };
    }

    private static StdioProblem? FromUpstream(Rlvr.Core.Data.Datasets.DatasetRow row)
    {
        var value = row.Value;
        if (NamesAFile(OptionalString(value, "input_file")) || NamesAFile(OptionalString(value, "output_file")))
        {
            return null;
        }

        string name = Required(row, "name").GetString() ?? string.Empty;
        string description = OptionalString(value, "description") ?? string.Empty;
        var tests = new List<StdioTest>();
        foreach (string field in new[] { "public_tests", "private_tests", "generated_tests" })
        {
            foreach (var test in Tests(row, field))
            {
                if (tests.Count < MaxCodeContestsTests || field != "generated_tests")
                {
                    tests.Add(test);
                }
            }
        }

        return new StdioProblem
        {
            Id = "code_contests/" + name,
            Prompt = Instruction + description,
            Tests = tests,
            Tolerance = StatementJudging.Tolerance(description),
            NeedsJudge = StatementJudging.NeedsJudge(description),
            KeepLineStructure = false,
            TimeLimitSeconds = TimeLimit(value),
        };
    }

    private static IEnumerable<StdioTest> Tests(Rlvr.Core.Data.Datasets.DatasetRow row, string field)
    {
        if (!row.Value.TryGetProperty(field, out var tests) || tests.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var inputs = Strings(row, tests, field, "input");
        var outputs = Strings(row, tests, field, "output");
        if (inputs.Count != outputs.Count)
        {
            throw new Rlvr.Core.ProblemFormatException($"$.{field}", $"{row.Location}: field '$.{field}' has {inputs.Count} inputs and {outputs.Count} outputs");
        }

        return inputs.Zip(outputs, (i, o) => new StdioTest(i, o));
    }

    private static List<string> Strings(Rlvr.Core.Data.Datasets.DatasetRow row, JsonElement tests, string field, string name)
    {
        if (!tests.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new Rlvr.Core.ProblemFormatException($"$.{field}.{name}", $"{row.Location}: field '$.{field}.{name}' must be a list of strings");
        }

        return [.. list.EnumerateArray().Select(e => e.GetString()!)];
    }

    // The statement's limit, as upstream records it ({seconds, nanos}; null or zero when unknown).
    private static double? TimeLimit(JsonElement value)
    {
        if (!value.TryGetProperty("time_limit", out var limit) || limit.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        double seconds = limit.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
        double nanos = limit.TryGetProperty("nanos", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetDouble() : 0;
        double total = seconds + (nanos / 1e9);
        return total > 0 && double.IsFinite(total) ? total : null;
    }

    private static string? OptionalString(JsonElement value, string name) =>
        value.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;

    private static JsonElement Required(Rlvr.Core.Data.Datasets.DatasetRow row, string name) =>
        row.Value.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null
            ? field
            : throw new Rlvr.Core.ProblemFormatException("$." + name, $"{row.Location}: field '$.{name}' is missing");

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
                CSharpPrompt = problem.CSharpPrompt,
                Tests = new DecodedOnDemand<StdioTest>(Decode(problem), () => Decode(problem)),
            };
        }
    }

    private static List<StdioTest> Decode(LiveCodeBenchProblem problem) => [.. problem.ReadTests().Select(t => new StdioTest(t.Input, t.Output))];

    private const string Instruction = "Write a program that reads standard input and writes standard output. Reply with the program in a fenced code block.\n\n";
}
