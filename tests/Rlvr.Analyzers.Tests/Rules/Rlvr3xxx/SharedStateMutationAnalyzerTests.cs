using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.SharedStateMutationAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class SharedStateMutationAnalyzerTests
{
    [Fact]
    public Task Verifier_SeenSetOfAnswers_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class DedupVerifier : IVerifier<Problem>
        {
            private readonly HashSet<string> seen = new();

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR3006:seen.Add(completion.Text)|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_StaticCounter_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            private static int calls;

            [RewardFunction]
            public static double Score(string response, string expected)
            {
                {|RLVR3006:calls++|};
                return calls % 2 == 0 && response == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task Helper_FieldAssignmentAndDictionaryIndexer_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Id, string Answer);

        public sealed class HistoryVerifier : IVerifier<Problem>
        {
            private readonly Dictionary<string, string> last = new();
            private string? previous;

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) => new(Remember(problem, completion.Text));

            private Reward Remember(Problem problem, string text)
            {
                {|RLVR3006:last[problem.Id] = text|};
                {|RLVR3006:previous = text|};
                return text == problem.Answer ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Verifier_LocalsLazyInitAndConcurrentCache_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class StatelessVerifier : IVerifier<Problem>, IDisposable
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> normalized = new();
            private Regex? pattern;
            private bool disposed;

            public bool Strict { get; set; }

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var answers = new List<string> { completion.Text };
                answers.Add(problem.Answer);
                pattern ??= new Regex("x", RegexOptions.None, TimeSpan.FromSeconds(1));
                string key = normalized.GetOrAdd(problem.Answer, a => a.Trim());
                return new(answers.Count == 2 && key.Length > 0 ? Reward.Correct() : Reward.Wrong());
            }

            public void Dispose() => disposed = true;
        }
        """);

    [Fact]
    public Task Helper_PerCallSessionFields_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class SessionVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var session = new Session();
                session.Run(completion.Text);
                session.Run(problem.Answer);
                return new(session.Runs == 2 ? Reward.Correct() : Reward.Wrong());
            }
        }

        public sealed class Session
        {
            private readonly List<string> outputs = new();
            private int runs;

            public int Runs => runs;

            public void Run(string input)
            {
                runs++;
                outputs.Add(input);
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_Counter_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed class Stats
        {
            private int count;

            public void Hit() => count++;
        }
        """);
}
