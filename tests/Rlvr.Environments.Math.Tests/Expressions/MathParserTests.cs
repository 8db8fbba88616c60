using Rlvr.Environments.Math.Expressions;

namespace Rlvr.Environments.Math.Tests.Expressions;

public class MathParserTests
{
    private static MathNode ParseSingle(string text)
    {
        var (node, _) = MathParser.Parse(text, new WorkBudget(100_000, 65_536));
        Assert.Equal(NodeKind.List, node.Kind);
        return Assert.Single(node.Children);
    }

    private static Rational Exact(string text)
    {
        var budget = new WorkBudget(100_000, 65_536);
        var node = ParseSingle(text);
        Assert.True(new MathEvaluator(budget, 1).TryExact(node, out var value), text);
        return value;
    }

    [Theory]
    [InlineData("7,425,000", 7425000, 1)]
    [InlineData("1 000", 1000, 1)]
    [InlineData("14{,}916", 14916, 1)]
    [InlineData("11,\\! 111", 11111, 1)]
    [InlineData("\\frac13", 1, 3)]
    [InlineData("\\frac{10}{4}", 5, 2)]
    [InlineData("3\\frac{1}{2}", 7, 2)]
    [InlineData("-3\\frac{1}{2}", -7, 2)]
    [InlineData("2^{10}", 1024, 1)]
    [InlineData("\\sqrt{16}", 4, 1)]
    [InlineData("\\sqrt[3]{27}", 3, 1)]
    [InlineData("5!", 120, 1)]
    [InlineData("\\binom{6}{3}", 20, 1)]
    [InlineData("1.5e3", 1500, 1)]
    [InlineData("52_8", 42, 1)]
    [InlineData("2(3+4)", 14, 1)]
    [InlineData("\\left| -3 \\right|", 3, 1)]
    [InlineData("90^\\circ", 90, 1)]
    public void Parse_NumberSyntax_HasExactValue(string text, long numerator, long denominator)
    {
        Assert.Equal(new Rational(numerator, denominator), Exact(text));
    }

    [Fact]
    public void Parse_TopLevelCommas_GiveAList()
    {
        var (node, _) = MathParser.Parse("1, 2, 3", new WorkBudget(1000, 1000));

        Assert.Equal(3, node.Children.Length);
    }

    [Fact]
    public void Parse_BracketsWithComma_GiveAnInterval()
    {
        var node = ParseSingle("[0, 1)");

        Assert.Equal(NodeKind.Tuple, node.Kind);
        Assert.Equal('[', node.Open);
        Assert.Equal(')', node.Close);
    }

    [Fact]
    public void Parse_CommaInsideBrackets_SeparatesNumbers()
    {
        var node = ParseSingle("(12,102)");

        Assert.Equal(2, node.Children.Length);
    }

    [Fact]
    public void Parse_Matrix_GivesRows()
    {
        var node = ParseSingle("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}");

        Assert.Equal(NodeKind.Matrix, node.Kind);
        Assert.Equal(2, node.Children.Length);
        Assert.Equal(2, node.Children[0].Children.Length);
    }

    [Fact]
    public void Parse_UnitWithExponent_IsRemembered()
    {
        var (_, units) = MathParser.Parse("864 \\mbox{ inches}^2", new WorkBudget(1000, 1000));

        Assert.Equal("inches^2;", units);
    }

    [Theory]
    [InlineData("\\sum_{k=1}^n k")]
    [InlineData("(1, 2")]
    [InlineData("\\begin{align} x \\end{align}")]
    [InlineData("x_")]
    public void Parse_UnsupportedSyntax_ThrowsParseException(string text)
    {
        Assert.Throws<MathParseException>(() => MathParser.Parse(text, new WorkBudget(1000, 1000)));
    }

    [Fact]
    public void Parse_NestingBeyondTheWorkBudget_ExceedsBudget()
    {
        // Nesting has no constant limit of its own: it is paid for like any other token.
        string text = new string('(', 300) + "1" + new string(')', 300);

        Assert.NotNull(MathParser.Parse(text, new WorkBudget(100_000, 1000)).Node);
        Assert.Throws<WorkBudgetExceededException>(() => MathParser.Parse(text, new WorkBudget(500, 1000)));
    }
}
