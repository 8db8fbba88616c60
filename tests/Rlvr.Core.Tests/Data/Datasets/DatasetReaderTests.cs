using System.IO.Compression;
using System.Text;
using Parquet.Serialization;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Core.Tests.Data.Datasets;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-reader-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Read_Parquet_ColumnsBecomePropertiesListsArraysStructsObjects()
    {
        string path = Path.Combine(dir, "rows.parquet");
        var rows = new[]
        {
            new VerlRow { DataSource = "gsm8k", Prompt = [new Message { Role = "user", Content = "1+1?" }], RewardModel = new RewardModel { GroundTruth = "2", Style = "rule" }, TaskId = 7, Tests = ["assert f(1) == 2", "assert f(2) == 3"] },
            new VerlRow { DataSource = "gsm8k", Prompt = [new Message { Role = "user", Content = "2+2?" }], RewardModel = new RewardModel { GroundTruth = "4", Style = "rule" }, TaskId = 8, Tests = ["assert f(0) == 1"] },
        };
        await ParquetSerializer.SerializeAsync(rows, path);

        var read = DatasetReader.Read(path).ToList();

        Assert.Equal(2, read.Count);
        var first = read[0].Value;
        Assert.Equal("gsm8k", first.GetProperty("data_source").GetString());
        Assert.Equal("1+1?", first.GetProperty("prompt")[0].GetProperty("content").GetString());
        Assert.Equal("2", first.GetProperty("reward_model").GetProperty("ground_truth").GetString());
        Assert.Equal(7, first.GetProperty("task_id").GetInt64());
        Assert.Equal(["assert f(1) == 2", "assert f(2) == 3"], first.GetProperty("test_list").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, read[1].Value.GetProperty("test_list").GetArrayLength());
        Assert.EndsWith("rows.parquet: row 2", read[1].Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ParquetNullListElementsEmptyListsAndNullStructs_ReadsEveryRowExactly()
    {
        string path = Path.Combine(dir, "exact.parquet");
        var rows = new[]
        {
            new ExactRow { Id = 1, Inputs = ["a", null], Outputs = ["x", "y"], Limit = new Limit { Seconds = 2, Nanos = 3 } },
            new ExactRow { Id = 2, Inputs = [], Outputs = [], Limit = null },
            new ExactRow { Id = 3, Inputs = null, Outputs = [null, "z"], Limit = new Limit { Seconds = 4, Nanos = 0 } },
        };
        await ParquetSerializer.SerializeAsync(rows, path);

        var read = DatasetReader.Read(path).ToList();

        Assert.Equal(
            [
                "{\"id\":1,\"inputs\":[\"a\",null],\"outputs\":[\"x\",\"y\"],\"limit\":{\"seconds\":2,\"nanos\":3}}",
                "{\"id\":2,\"inputs\":[],\"outputs\":[]}",
                "{\"id\":3,\"outputs\":[null,\"z\"],\"limit\":{\"seconds\":4,\"nanos\":0}}",
            ],
            read.Select(r => r.Value.GetRawText()));
        Assert.Equal(["row 1", "row 2", "row 3"], read.Select(r => r.Location[(path.Length + 2)..]));
    }

    [Fact]
    public async Task Read_ParquetListsOfStructsWithNullsAndEmpties_ReadsEveryRowExactly()
    {
        string path = Path.Combine(dir, "chat.parquet");
        var rows = new[]
        {
            new ChatRow { DataSource = "a", Prompt = [new NullableMessage { Role = "system", Content = null }, new NullableMessage { Role = "user", Content = "what is 1 and 1" }], Model = new RewardModel { GroundTruth = "2", Style = "rule" } },
            new ChatRow { DataSource = "b", Prompt = [], Model = null },
            new ChatRow { DataSource = "c", Prompt = null, Model = new RewardModel { GroundTruth = "", Style = "rule" } },
            new ChatRow { DataSource = "d", Prompt = [new NullableMessage(), new NullableMessage { Role = null, Content = "hi" }], Model = null },
        };

        // A null element itself is not tested: Parquet.Net 6.1.0's writer stores it as the marker of an empty list
        // (definition level 1, repetition 0), so the file no longer holds it.
        await ParquetSerializer.SerializeAsync(rows, path, new Parquet.ParquetOptions { RowGroupSize = 2 });

        var read = DatasetReader.Read(path).ToList();
        var projected = DatasetReader.Read(path, ["prompt"]).ToList();

        Assert.Equal(
            [
                "{\"data_source\":\"a\",\"prompt\":[{\"role\":\"system\"},{\"role\":\"user\",\"content\":\"what is 1 and 1\"}],\"reward_model\":{\"ground_truth\":\"2\",\"style\":\"rule\"}}",
                "{\"data_source\":\"b\",\"prompt\":[]}",
                "{\"data_source\":\"c\",\"reward_model\":{\"ground_truth\":\"\",\"style\":\"rule\"}}",
                "{\"data_source\":\"d\",\"prompt\":[{},{\"content\":\"hi\"}]}",
            ],
            read.Select(r => r.Value.GetRawText()));
        Assert.Equal(["{\"prompt\":[{\"role\":\"system\"},{\"role\":\"user\",\"content\":\"what is 1 and 1\"}]}", "{\"prompt\":[]}", "{}", "{\"prompt\":[{},{\"content\":\"hi\"}]}"], projected.Select(r => r.Value.GetRawText()));
    }

    [Fact]
    public async Task ReadParquetAsync_NullListElementsAndEmptyLists_KeepsThemInPlace()
    {
        string path = Path.Combine(dir, "exact.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new ExactRow { Id = 1, Inputs = [null, "b"], Outputs = [] } }, path);

        await using var stream = File.OpenRead(path);
        var read = await DatasetReader.ReadParquetAsync(stream, "exact.parquet");

        Assert.Equal("{\"id\":1,\"inputs\":[null,\"b\"],\"outputs\":[]}", Assert.Single(read).Value.GetRawText());
        Assert.Equal("exact.parquet: row 1", read[0].Location);
    }

    [Fact]
    public async Task Read_ParquetWithAListOfLists_ReadsTheGeneralWayAndLosesEmptyListsAsDocumented()
    {
        string path = Path.Combine(dir, "nested.parquet");
        var rows = new[]
        {
            new NestedRow { Id = 1, Grid = [["a", "b"], ["c"]], Tags = [] },
            new NestedRow { Id = 2, Grid = [["d"]], Tags = ["t"] },
        };
        await ParquetSerializer.SerializeAsync(rows, path);

        var read = DatasetReader.Read(path).ToList();

        // docs/data.md: a file with a list of lists is read by Parquet.Net's untyped reader, which leaves empty lists out.
        Assert.Equal(["{\"id\":1,\"grid\":[[\"a\",\"b\"],[\"c\"]]}", "{\"id\":2,\"grid\":[[\"d\"]],\"tags\":[\"t\"]}"], read.Select(r => r.Value.GetRawText()));
        Assert.EndsWith("nested.parquet: row 2", read[1].Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzippedJsonl_ReadsEveryObjectAndSkipsBlankLines()
    {
        string path = Path.Combine(dir, "rows.jsonl.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"a\": 1}\n\n{\"a\": 2}\n"));
        }

        Assert.Equal([1, 2], DatasetReader.Read(path).Select(r => r.Value.GetProperty("a").GetInt32()));
    }

    [Fact]
    public void Read_MalformedJsonlLine_NamesFileAndLine()
    {
        string path = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(path, "{\"a\": 1}\n{\"a\": \n");

        var error = Assert.Throws<ProblemFormatException>(() => DatasetReader.Read(path).ToList());

        Assert.Contains("bad.jsonl:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileThatIsNotParquet_SaysSo()
    {
        string path = Path.Combine(dir, "fake.parquet");
        File.WriteAllText(path, "PAR1 but not really");

        var error = Assert.Throws<ProblemFormatException>(() => DatasetReader.Read(path).ToList());

        Assert.Contains("not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadColumns_Parquet_EqualsTheFullReadProjectedAcrossRowGroupsNullsAndEmptyLists()
    {
        string path = Path.Combine(dir, "wide.parquet");
        var rows = Enumerable.Range(0, 7).Select(i => new WideRow
        {
            Name = i == 2 ? null : "p" + i,
            Count = i,
            Score = i % 3 == 0 ? null : i * 1.5,
            Tests = i == 4 ? null : new TestLists
            {
                Input = i == 5 ? null : [.. Enumerable.Range(0, i).Select(k => k == 1 ? null : $"in {i}.{k}")],
                Output = [.. Enumerable.Range(0, i).Select(k => $"out {i}.{k}")],
                Limit = i == 3 ? null : new Limit { Seconds = i, Nanos = i * 10 },
            },
            Tags = i == 6 ? [] : ["t" + i],
            Prompt = [new Message { Role = "user", Content = new string('x', 1000) }],
            Unused = new string('u', 10_000),
        }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, new Parquet.ParquetOptions { RowGroupSize = 3 });
        string[] columns = ["name", "count", "score", "tests", "tags", "absent"];

        var projected = DatasetReader.Read(path, columns).ToList();
        var full = DatasetReader.Read(path).ToList();

        var ignoreNulls = new System.Text.Json.JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        var expected = rows.Select(r =>
        {
            var node = System.Text.Json.JsonSerializer.SerializeToNode(r, ignoreNulls)!.AsObject();
            node.Remove("prompt");
            node.Remove("unused");
            return node.ToJsonString();
        });
        Assert.Equal(expected, projected.Select(r => r.Value.GetRawText()));
        Assert.Equal(full.Select(r => r.Location), projected.Select(r => r.Location));
        Assert.Equal(full[1].Value.GetProperty("tests").GetRawText(), projected[1].Value.GetProperty("tests").GetRawText());
        Assert.All(projected, r => Assert.False(r.Value.TryGetProperty("unused", out _)));
        var third = projected[3].Value.GetProperty("tests");
        Assert.Equal(["in 3.0", null, "in 3.2"], third.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.False(third.TryGetProperty("limit", out _));
        Assert.False(projected[4].Value.TryGetProperty("tests", out _));
        Assert.Equal("[]", projected[6].Value.GetProperty("tags").GetRawText());
        Assert.Equal(5, projected[5].Value.GetProperty("tests").GetProperty("limit").GetProperty("seconds").GetInt64());
    }

    [Fact]
    public async Task ReadColumns_ListOfStructsColumn_EqualsTheFullReadProjected()
    {
        string path = Path.Combine(dir, "rows.parquet");
        var rows = new[]
        {
            new VerlRow { DataSource = "a", Prompt = [new Message { Role = "user", Content = "1+1?" }], TaskId = 1 },
            new VerlRow { DataSource = "b", Prompt = [], TaskId = 2 },
        };
        await ParquetSerializer.SerializeAsync(rows, path);
        string[] columns = ["prompt", "task_id"];

        var projected = DatasetReader.Read(path, columns).ToList();

        Assert.Equal(DatasetReader.Read(path).Select(r => Projected(r, columns)), projected.Select(r => r.Value.GetRawText()));
        Assert.Equal("1+1?", projected[0].Value.GetProperty("prompt")[0].GetProperty("content").GetString());
        Assert.False(projected[0].Value.TryGetProperty("data_source", out _));
    }

    [Fact]
    public void ReadColumns_FileThatIsNotParquet_SaysSo()
    {
        string path = Path.Combine(dir, "fake.parquet");
        File.WriteAllText(path, "PAR1 but not really");

        var error = Assert.Throws<ProblemFormatException>(() => DatasetReader.Read(path, ["a"]).ToList());

        Assert.Contains("fake.parquet: not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadColumns_Jsonl_KeepsOnlyTheNamedProperties()
    {
        string path = Path.Combine(dir, "rows.jsonl");
        File.WriteAllText(path, "{\"a\": 1, \"b\": {\"c\": [2]}, \"d\": \"x\"}\n");

        var row = Assert.Single(DatasetReader.Read(path, ["a", "b"]));

        Assert.Equal("{\"a\":1,\"b\":{\"c\":[2]}}", row.Value.GetRawText());
    }

    private static string Projected(DatasetRow row, string[] columns)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in row.Value.EnumerateObject().Where(p => columns.Contains(p.Name)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class NestedRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public int Id { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("grid")]
        public List<List<string>> Grid { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("tags")]
        public List<string> Tags { get; set; } = [];
    }

    private sealed class ExactRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public int Id { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("inputs")]
        public List<string?>? Inputs { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("outputs")]
        public List<string?> Outputs { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("limit")]
        public Limit? Limit { get; set; }
    }

    private sealed class ChatRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("data_source")]
        public string DataSource { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("prompt")]
        public List<NullableMessage?>? Prompt { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("reward_model")]
        public RewardModel? Model { get; set; }
    }

    private sealed class NullableMessage
    {
        [System.Text.Json.Serialization.JsonPropertyName("role")]
        public string? Role { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("content")]
        public string? Content { get; set; }
    }

    private sealed class WideRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("name")]
        public string? Name { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("count")]
        public int Count { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("score")]
        public double? Score { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("tests")]
        public TestLists? Tests { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("tags")]
        public List<string> Tags { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("prompt")]
        public List<Message> Prompt { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("unused")]
        public string Unused { get; set; } = string.Empty;
    }

    private sealed class TestLists
    {
        [System.Text.Json.Serialization.JsonPropertyName("input")]
        public List<string?>? Input { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("output")]
        public List<string> Output { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("limit")]
        public Limit? Limit { get; set; }
    }

    private sealed class Limit
    {
        [System.Text.Json.Serialization.JsonPropertyName("seconds")]
        public long Seconds { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("nanos")]
        public int Nanos { get; set; }
    }

    private sealed class VerlRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("data_source")]
        public string DataSource { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("prompt")]
        public List<Message> Prompt { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("reward_model")]
        public RewardModel RewardModel { get; set; } = new();

        [System.Text.Json.Serialization.JsonPropertyName("task_id")]
        public long TaskId { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("test_list")]
        public List<string> Tests { get; set; } = [];
    }

    private sealed class Message
    {
        [System.Text.Json.Serialization.JsonPropertyName("role")]
        public string Role { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("content")]
        public string Content { get; set; } = string.Empty;
    }

    private sealed class RewardModel
    {
        [System.Text.Json.Serialization.JsonPropertyName("ground_truth")]
        public string GroundTruth { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("style")]
        public string Style { get; set; } = string.Empty;
    }
}
