using System.Text;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests.Poc;

public class PocSubmissionTests
{
    [Fact]
    public void Find_LastTaggedBlockWins()
    {
        var submission = PocSubmission.Find("```hex\n41 42\n```\ntext\n```base64\nQUJD\n```\n```c\nint x;\n```");
        Assert.NotNull(submission);
        Assert.Equal(PocFormat.Base64, submission.Format);
        Assert.Equal("ABC", Encoding.ASCII.GetString(submission.Decode()!));
    }

    [Fact]
    public void Decode_HexWithWhitespace_Decodes()
    {
        var submission = PocSubmission.Find("```hex\n41 42\n0a\n```");
        Assert.Equal([0x41, 0x42, 0x0a], submission?.Decode());
    }

    [Theory]
    [InlineData("no block at all")]
    [InlineData("```c\nint main(void);\n```")]
    [InlineData("```base64\nQUJD")]
    public void Find_NoUsableBlock_ReturnsNull(string text)
    {
        Assert.Null(PocSubmission.Find(text));
    }

    [Theory]
    [InlineData("```hex\n414\n```")]
    [InlineData("```hex\nzz\n```")]
    [InlineData("```base64\n!!!\n```")]
    public void Decode_Malformed_ReturnsNull(string text)
    {
        Assert.Null(PocSubmission.Find(text)?.Decode());
    }

    [Fact]
    public void Find_ThinkingIsIgnored()
    {
        var submission = PocSubmission.Find("<think>```hex\n41\n```</think>\n```hex\n42\n```");
        Assert.Equal([0x42], submission?.Decode());
    }
}
