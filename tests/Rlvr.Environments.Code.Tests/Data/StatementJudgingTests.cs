using System.Text.Json;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// The statement-based judge detector against labels set by hand, by reading each of the 20 CodeContests sample
/// statements: ids 4, 7, 10, 13 and 15 accept several outputs, 11 is interactive, 5 declares a 1e-4 absolute or
/// relative tolerance; every other problem has a single exact answer.
/// </summary>
public class StatementJudgingTests
{
    private static readonly HashSet<int> HandCheckedNeedingJudge = [4, 7, 10, 11, 13, 15];

    private static readonly Dictionary<int, FloatTolerance> HandCheckedTolerance = new() { [5] = new FloatTolerance(1e-4, 1e-4) };

    [Fact]
    public void NeedsJudge_TheSampleStatements_ReproducesTheHandCheckedLabels()
    {
        var statements = SampleStatements();

        Assert.Equal(20, statements.Count);
        var flagged = statements.Where(s => StatementJudging.NeedsJudge(s.Value)).Select(s => s.Key).Order().ToList();
        Assert.Equal(HandCheckedNeedingJudge.Order(), flagged);
        Assert.Equal([11], statements.Where(s => StatementJudging.IsInteractive(s.Value)).Select(s => s.Key));
    }

    [Fact]
    public void Tolerance_TheSampleStatements_ReproducesTheHandCheckedLabels()
    {
        var declared = SampleStatements()
            .Select(s => (s.Key, Tolerance: StatementJudging.Tolerance(s.Value)))
            .Where(s => s.Tolerance is not null)
            .ToDictionary(s => s.Key, s => s.Tolerance!);

        Assert.Equal(HandCheckedTolerance, declared);
    }

    [Theory]
    [InlineData("Your answer is considered correct if its absolute error does not exceed 10^{-6}.", 0, 1e-6)]
    [InlineData("The answer is accepted if the relative or absolute error is at most 1e-9.", 1e-9, 1e-9)]
    [InlineData("Print the area. Relative error must not exceed 10^{-3}.", 1e-3, 0)]
    public void Tolerance_OtherWordings_ReadsTheBound(string statement, double relative, double absolute)
    {
        Assert.Equal(new FloatTolerance(relative, absolute), StatementJudging.Tolerance(statement));
    }

    [Theory]
    [InlineData("This is an interactive problem. You must flush the output after each query.", true)]
    [InlineData("If there are several solutions, print any of them.", true)]
    [InlineData("If the answer is YES, print the permutation in the second line.", true)]
    [InlineData("Any correct answer will be accepted.", true)]
    [InlineData("Print the indices of the chosen boxes in any order.", true)]
    [InlineData("The edges of the tree are given in any order.", false)]
    [InlineData("Print YES if the graph is bipartite and NO otherwise.", false)]
    [InlineData("If there are several optimal variants, Bob chooses the one with the smallest index.", false)]
    [InlineData("Print the number of ways modulo 998244353. Letters can't be removed from any of the words.", false)]
    public void NeedsJudge_Wordings_FlagsOnlySeveralOutputsOrInteraction(string statement, bool expected)
    {
        Assert.Equal(expected, StatementJudging.NeedsJudge(statement));
    }

    private static Dictionary<int, string> SampleStatements() =>
        File.ReadLines(TestPaths.Shared("code_contests_sample.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("id").GetInt32(), r => r.GetProperty("content").GetString()!);
}
