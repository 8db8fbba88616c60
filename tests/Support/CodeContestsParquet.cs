using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Rlvr.Tests.Support;

/// <summary>
/// Writes CodeContests rows in the Hub's upstream schema as Parquet, made at run time from SandboxFusion's
/// 20-problem sample in the test data: nested structs (<c>public_tests</c>, <c>private_tests</c>,
/// <c>generated_tests</c> as <c>{input: list&lt;string&gt;, output: list&lt;string&gt;}</c>, <c>solutions</c>,
/// <c>time_limit</c> as a nullable <c>{seconds, nanos}</c>) and the scalar columns. The schema follows the dataset's
/// card and loading script (<c>deepmind/code_contests</c>: name, description, the three test structs, source, difficulty,
/// solutions, incorrect_solutions, cf_contest_id, cf_index, cf_points, cf_rating, cf_tags, is_description_translated,
/// untranslated_description, time_limit, memory_limit_bytes, input_file, output_file).
/// </summary>
/// <remarks>
/// Each sample problem's tests are split the way the tests expect: the first is public, the next two private, the rest
/// generated. Its time limit is <c>1 + id % 3</c> seconds plus <c>id</c> × 10 ms (as <c>nanos</c>), except id 19, which
/// has none (null).
/// </remarks>
internal static class CodeContestsParquet
{
    /// <summary>The sample's rows (<c>labels</c> and <c>test</c> are JSON strings there) converted to the upstream schema, in file order.</summary>
    public static List<Row> FromSample(string samplePath)
    {
        var rows = new List<Row>();
        foreach (string line in File.ReadLines(samplePath).Where(l => l.Trim().Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var sample = document.RootElement;
            int id = sample.GetProperty("id").GetInt32();
            using var labelsDocument = JsonDocument.Parse(sample.GetProperty("labels").GetString()!);
            var labels = labelsDocument.RootElement;
            using var tests = JsonDocument.Parse(sample.GetProperty("test").GetString()!);
            var all = tests.RootElement.EnumerateArray()
                .Select(t => (Input: t.GetProperty("input").GetProperty("stdin").GetString()!, Output: t.GetProperty("output").GetProperty("stdout").GetString()!))
                .ToList();
            rows.Add(new Row
            {
                Name = labels.GetProperty("name").GetString()!,
                Description = sample.GetProperty("content").GetString()!,
                PublicTests = Tests(all.Take(1)),
                PrivateTests = Tests(all.Skip(1).Take(2)),
                GeneratedTests = Tests(all.Skip(3)),
                Source = labels.GetProperty("source").GetString() == "CODEFORCES" ? 2 : 1,
                TimeLimit = id == 19 ? null : new Duration { Seconds = 1 + (id % 3), Nanos = id * 10_000_000 },
                MemoryLimitBytes = 256L * 1024 * 1024,
                CfTags = ["sample"],
            });
        }

        return rows;
    }

    /// <summary>The rows as a Parquet file's bytes.</summary>
    public static async Task<byte[]> BytesAsync(IReadOnlyList<Row> rows)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    private static TestSet Tests(IEnumerable<(string Input, string Output)> tests)
    {
        var list = tests.ToList();
        return new TestSet { Input = [.. list.Select(t => t.Input)], Output = [.. list.Select(t => t.Output)] };
    }

    /// <summary>One upstream row.</summary>
    public sealed class Row
    {
        [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;
        [JsonPropertyName("description")] public string Description { get; set; } = string.Empty;
        [JsonPropertyName("public_tests")] public TestSet PublicTests { get; set; } = new();
        [JsonPropertyName("private_tests")] public TestSet PrivateTests { get; set; } = new();
        [JsonPropertyName("generated_tests")] public TestSet GeneratedTests { get; set; } = new();
        [JsonPropertyName("source")] public int Source { get; set; }
        [JsonPropertyName("difficulty")] public int Difficulty { get; set; }
        [JsonPropertyName("solutions")] public Solutions Solutions { get; set; } = new();
        [JsonPropertyName("incorrect_solutions")] public Solutions IncorrectSolutions { get; set; } = new();
        [JsonPropertyName("cf_contest_id")] public long CfContestId { get; set; }
        [JsonPropertyName("cf_index")] public string CfIndex { get; set; } = string.Empty;
        [JsonPropertyName("cf_points")] public float CfPoints { get; set; }
        [JsonPropertyName("cf_rating")] public int CfRating { get; set; }
        [JsonPropertyName("cf_tags")] public List<string> CfTags { get; set; } = [];
        [JsonPropertyName("is_description_translated")] public bool IsDescriptionTranslated { get; set; }
        [JsonPropertyName("untranslated_description")] public string UntranslatedDescription { get; set; } = string.Empty;
        [JsonPropertyName("time_limit")] public Duration? TimeLimit { get; set; }
        [JsonPropertyName("memory_limit_bytes")] public long MemoryLimitBytes { get; set; }
        [JsonPropertyName("input_file")] public string InputFile { get; set; } = string.Empty;
        [JsonPropertyName("output_file")] public string OutputFile { get; set; } = string.Empty;
    }

    /// <summary>A <c>{input, output}</c> struct of parallel lists.</summary>
    public sealed class TestSet
    {
        [JsonPropertyName("input")] public List<string> Input { get; set; } = [];
        [JsonPropertyName("output")] public List<string> Output { get; set; } = [];
    }

    /// <summary>A <c>{language, solution}</c> struct of parallel lists.</summary>
    public sealed class Solutions
    {
        [JsonPropertyName("language")] public List<int> Language { get; set; } = [];
        [JsonPropertyName("solution")] public List<string> Solution { get; set; } = [];
    }

    /// <summary>A protobuf-style duration.</summary>
    public sealed class Duration
    {
        [JsonPropertyName("seconds")] public long Seconds { get; set; }
        [JsonPropertyName("nanos")] public int Nanos { get; set; }
    }
}
