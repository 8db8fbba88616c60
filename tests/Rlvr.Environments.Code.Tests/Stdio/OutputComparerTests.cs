using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Tests.Stdio;

public class OutputComparerTests
{
    [Theory]
    [InlineData("0 0 0 2 4 \n0 91 \n", "0 0 0 2 4\n0 91")]
    [InlineData("YES\r\nNO\r\n", "YES\nNO\n\n\n")]
    [InlineData("a  b\n", "a b\n")]
    public void Matches_SameTokensAndLines_True(string expected, string actual) => Assert.True(OutputComparer.Matches(expected, actual));

    [Theory]
    [InlineData("1 2\n", "1\n2\n")]
    [InlineData("YES\n", "yes\n")]
    [InlineData("1\n", "1.0\n")]
    [InlineData("1\n2\n", "1\n")]
    [InlineData("1\n", "")]
    public void Matches_DifferentTokensOrLines_False(string expected, string actual) => Assert.False(OutputComparer.Matches(expected, actual));

    [Fact]
    public void Matches_DeclaredTolerance_AcceptsCloseNumbersOnly()
    {
        var tolerance = new FloatTolerance(1e-4, 1e-4);
        Assert.True(OutputComparer.Matches("1.68040\n", "1.68045\n", tolerance));
        Assert.True(OutputComparer.Matches("100000.0\n", "100005.0\n", tolerance));
        Assert.False(OutputComparer.Matches("1.68040\n", "1.6806\n", tolerance));
        Assert.False(OutputComparer.Matches("1.68040\n", "1.68040\n", null) == false);
        Assert.False(OutputComparer.Matches("1.5\n", "nan\n", tolerance));
    }

    [Fact]
    public void Matches_TokensOnly_IgnoresLineBreaksButNotTokens()
    {
        Assert.True(OutputComparer.Matches("0\n0\n91\n", "0 0 91\n", keepLineStructure: false));
        Assert.False(OutputComparer.Matches("0\n0\n91\n", "0 0 91\n"));
        Assert.False(OutputComparer.Matches("0\n0\n91\n", "0 91 0\n", keepLineStructure: false));
    }
}
