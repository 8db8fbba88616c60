using System.Text;
using Rlvr.Core;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Code.CSharp;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Attacks;

/// <summary>
/// Programs that attack the C# compiler. The compiler runs in the sandbox (never in the scoring process), so its
/// crash or hang is that sample's Scored 0. Before, a 12,000-deep conditional chain overflowed the stack inside
/// Roslyn in the scoring process (the whole <c>rlvr eval</c> died with exit 134) and an overload-resolution bomb
/// ignored the compile budget and ended as <c>infra_error</c>.
/// </summary>
public class CSharpCompileAttackTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<Rlvr.Environments.Code.Stdio.StdioProblem> Problem = new(() =>
        StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12"));

    [SkippableFact]
    public async Task ScoreOneAsync_DeepConditionalChain_ScoredCompileError()
    {
        var source = new StringBuilder("int x = int.Parse(\"1\");\nint y = ");
        for (int i = 0; i < 12_000; i++)
        {
            source.Append("x == ").Append(i).Append(" ? ").Append(i).Append(" : ");
        }

        source.Append("0;\nConsole.WriteLine(y);\n");

        var item = await ScoreAsync("deep-conditional", source.ToString());

        Assert.True(item.Reward.Outcome == Outcome.Scored, $"{item.Reward} {item.Reward.Detail}");
        Assert.Equal(Reasons.CompileError, item.Reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreOneAsync_OverloadResolutionBomb_ScoredTimeLimit()
    {
        // Each nested lambda is bound once per overload of M: 3^depth bindings, and Roslyn's overload resolution
        // does not observe cancellation.
        var call = new StringBuilder();
        const int Depth = 14;
        for (int i = 0; i < Depth; i++)
        {
            call.Append("M(x").Append(i).Append(" => ");
        }

        call.Append("x0").Append(')', Depth);
        string source = "class P { static int M(System.Func<int, int> f) => 0; static int M(System.Func<string, int> f) => 0; static int M(System.Func<long, int> f) => 0;\n"
            + "static void Main() { System.Console.WriteLine(" + call + "); } }\n";

        var item = await ScoreAsync("overload-bomb", source);

        Assert.True(item.Reward.Outcome == Outcome.Scored, $"{item.Reward} {item.Reward.Detail}");
        Assert.Equal(0.0, item.Reward.Value);
        Assert.Contains(item.Reward.Reason, new[] { Reasons.TimeLimit, Reasons.CompileError });
    }

    private async Task<ScoredItem> ScoreAsync(string id, string source)
    {
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, sandboxes.Provider);
        return await engine.ScoreOneAsync(new CSharpEnvironment(), new ScoringRequest(id, Problem.Value, "```csharp\n" + source + "```"));
    }
}
