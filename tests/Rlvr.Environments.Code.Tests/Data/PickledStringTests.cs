using System.IO.Compression;
using Rlvr.Environments.Code.Data;
using Rlvr.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// The strict reader of LiveCodeBench's pickled test lists: CPython's own pickles of a string read back, anything
/// else (class lookups and calls, truncation, extra values, bad zlib or base64) refused with a format error.
/// </summary>
public sealed class PickledStringTests
{
    // pickle.dumps("héllo", protocol=p) by CPython 3.11, p = 2, 3, 4, 5.
    [Theory]
    [InlineData("8002580600000068c3a96c6c6f71002e")]
    [InlineData("8003580600000068c3a96c6c6f71002e")]
    [InlineData("8004950a000000000000008c0668c3a96c6c6f942e")]
    [InlineData("8005950a000000000000008c0668c3a96c6c6f942e")]
    public void Decode_CPythonPickleOfAString_ReturnsTheString(string hex)
    {
        Assert.Equal("héllo", PickledString.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void TestListText_LargeStringsPickledByCPython_ReturnsThemExactly()
    {
        // 300 bytes (BINUNICODE inside a frame) and 200,000 (written after the frame) as CPython lays them out.
        string[] texts = [new string('a', 300), string.Concat(Enumerable.Repeat("[{\"input\": \"1\\n2\", \"output\": \"é\"}]", 6000))];
        var encoded = LiveCodeBenchUpstream.Pickle(texts);
        Assert.Equal(texts, encoded.Select(LiveCodeBenchRows.TestListText));
    }

    [Fact]
    public void TestListText_JsonText_ReturnedAsItIs()
    {
        Assert.Equal("[{\"input\": \"1\", \"output\": \"2\"}]", LiveCodeBenchRows.TestListText("[{\"input\": \"1\", \"output\": \"2\"}]"));
    }

    [Theory]
    [InlineData("63706f7369780a73797374656d0a2853276563686f206869270a74522e", "GLOBAL")] // protocol 0: os.system("echo hi")
    [InlineData("8004951f000000000000008c05706f736978948c0673797374656d9493948c047472756594859452942e", "second value")] // CPython 3.11, protocol 4: os.system("true") by __reduce__ (STACK_GLOBAL, REDUCE)
    [InlineData("80048c0161945294" + "2e", "REDUCE")]
    [InlineData("80048c016194622e", "BUILD")]
    [InlineData("80045d942e", "EMPTY_LIST")]
    [InlineData("80044b012e", "BININT1")]
    [InlineData("80048c0161948c0162942e", "second value")]
    [InlineData("8001580100000061942e", "protocol 1")]
    [InlineData("2e", "STOP with no value")]
    [InlineData("80048c0161942e00", "bytes after STOP")]
    [InlineData("80048c02c3282e", "UTF-8")]
    [InlineData("8c016180042e", "PROTO is only allowed")]
    public void Decode_AnythingButOneString_ThrowsFormatError(string hex, string reason)
    {
        var ex = Assert.Throws<InvalidDataException>(() => PickledString.Decode(Convert.FromHexString(hex)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsFormatError()
    {
        byte[] whole = Convert.FromHexString("8004950a000000000000008c0668c3a96c6c6f942e");
        for (int length = 0; length < whole.Length; length++)
        {
            var ex = Assert.Throws<InvalidDataException>(() => PickledString.Decode(whole.AsSpan(0, length)));
            Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_LengthBeyondTheData_ThrowsWithoutAllocating()
    {
        // BINUNICODE8 claiming 2^62 bytes.
        var ex = Assert.Throws<InvalidDataException>(() => PickledString.Decode(Convert.FromHexString("80048d00000000000000402e")));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TestListText_NotZlib_ThrowsFormatError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => LiveCodeBenchRows.TestListText(Convert.ToBase64String("not zlib data at all"u8)));
        Assert.Contains("not zlib", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TestListText_NotBase64_ThrowsFormatError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => LiveCodeBenchRows.TestListText("eJz!!not base64"));
        Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TestListText_TruncatedZlib_ThrowsFormatError()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Convert.FromHexString("8004950a000000000000008c0668c3a96c6c6f942e"));
        }

        byte[] cut = compressed.ToArray()[..^6];
        Assert.Throws<InvalidDataException>(() => LiveCodeBenchRows.TestListText(Convert.ToBase64String(cut)));
    }
}
