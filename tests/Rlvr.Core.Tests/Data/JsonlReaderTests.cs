using System.Text;
using Rlvr.Core.Data;

namespace Rlvr.Core.Tests.Data;

public class JsonlReaderTests
{
    [Fact]
    public async Task ReadAsync_MalformedLines_ReportedWithLine_OthersKept()
    {
        const string text = "{\"a\": 1}\n\n{broken\n[1, 2]\n{\"a\": 3}\n";
        var records = new List<JsonlRecord>();
        await foreach (var record in JsonlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "in.jsonl"))
        {
            records.Add(record);
        }

        Assert.Equal([1, 3, 4, 5], records.Select(r => r.Line));
        Assert.True(records[0].IsValid);
        Assert.Equal(1, records[0].Value.GetProperty("a").GetInt32());
        Assert.StartsWith("in.jsonl:3: invalid JSON", records[1].Error!.ToString(), StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", records[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(3, records[3].Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public void DataError_ToString_NamesFileLineAndField()
    {
        Assert.Equal("f.jsonl:7: field '$.completion': missing", new DataError("f.jsonl", 7, "$.completion", "missing").ToString());
        Assert.Equal("f.jsonl:7: bad", new DataError("f.jsonl", 7, null, "bad").ToString());
    }
}
