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
