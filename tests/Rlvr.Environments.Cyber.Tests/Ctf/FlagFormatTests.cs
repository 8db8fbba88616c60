using Rlvr.Environments.Cyber.Ctf;

namespace Rlvr.Environments.Cyber.Tests.Ctf;

public class FlagFormatTests
{
    [Fact]
    public void Generate_KeepsFormatAndLength_AndDiffers()
    {
        var format = new FlagFormat("rlvr{", "}", "0123456789abcdef", 32);
        string a = format.Generate();
        string b = format.Generate();
        Assert.Equal(5 + 32 + 1, a.Length);
        Assert.StartsWith("rlvr{", a, StringComparison.Ordinal);
        Assert.EndsWith("}", a, StringComparison.Ordinal);
        Assert.All(a[5..^1], c => Assert.Contains(c, format.Alphabet));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void LoadAll_Bundled_FlagsAreNeverInTheFiles()
    {
        foreach (var challenge in TestChallenges.Ctfs)
        {
            Assert.All(challenge.Files.Values, bytes => Assert.DoesNotContain("rlvr{0", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal));
            Assert.False(challenge.Files.ContainsKey("setup.py"));
        }
    }
}
