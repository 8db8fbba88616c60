using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ReferenceReachesPromptAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ReferenceReachesPromptAnalyzerTests
{
    private const string Environment = """
        public sealed class QuizEnvironment : Environment<Problem>
        {
            public override string Name => "quiz";

            public override string Version => "1";

            public override IVerifier<Problem> Rubric { get; } = Verifier.Create<Problem>((p, c) => Reward.Wrong());

        """;

    [Fact]
    public Task RenderPrompt_ReferenceAttributeMember_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [property: Reference] string Solution);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => $"{problem.Question}\n(hint: {{|RLVR1011:problem.Solution|}})";
        }
        """);

    [Fact]
    public Task RenderPrompt_RecordParameterWithReference_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [Reference] string Gold);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => problem.Question + " " + {|RLVR1011:problem.Gold|};
        }
        """);

    [Fact]
    public Task RenderPrompt_AnswerNamedMember_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        """ + Environment + """
            public override string RenderPrompt(Problem problem)
            {
                var builder = new System.Text.StringBuilder(problem.Question);
                builder.Append({|RLVR1011:problem.Answer|}.Length);
                return builder.ToString();
            }
        }
        """);

    [Fact]
    public Task RenderPrompt_QuestionOnly_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, [property: Reference] string Solution);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => $"Solve: {problem.Question}";
        }
        """);

    [Fact]
    public Task RenderPrompt_FewShotExampleAnswer_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Example(string Question, string Answer);

        public sealed record Problem(string Question, string Answer);

        """ + Environment + """
            private static readonly Example Shot = new("1+1", "2");

            public override string RenderPrompt(Problem problem) => $"Q: {Shot.Question}\nA: {Shot.Answer}\nQ: {problem.Question}\nA:";
        }
        """);

    [Fact]
    public Task Helper_CalledWithTheProblem_ReadsReference_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [property: Reference] string Solution);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => Templates.Format(problem);
        }

        public static class Templates
        {
            public static string Format(Problem problem) => problem.Question + "\n(worked: " + {|RLVR1011:problem.Solution|} + ")";
        }
        """);

    [Fact]
    public Task Helper_TwoCallsDeep_AnswerNamedMember_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => Wrap(problem, "Solve");

            private static string Wrap(Problem item, string verb) => verb + ": " + Body(item);

            private static string Body(Problem item) => item.Question + " (" + {|RLVR1011:item.Answer|}.Length + " characters)";
        }
        """);

    [Fact]
    public Task Helper_InstanceMethodOnEnvironment_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [property: Reference] IReadOnlyList<string> Tests);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => Describe(problem);

            private string Describe(Problem problem) => Name + ": " + problem.Question + " e.g. " + {|RLVR1011:problem.Tests|}[0];
        }
        """);

    [Fact]
    public Task Helper_CalledOnlyFromScoring_ReadsAnswer_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => Describe(problem.Question);

            private static string Describe(string question) => "Solve: " + question;

            public static bool Matches(Problem problem, string text) => string.Equals(problem.Answer, text, StringComparison.Ordinal);
        }
        """);

    [Fact]
    public Task Helper_SameNameInOtherTypeReadsAnswer_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => Format(problem);

            private static string Format(Problem problem) => "Solve: " + problem.Question;
        }

        public static class Grading
        {
            private static string Format(Problem problem) => problem.Answer.Trim();

            public static bool Check(Problem problem, string text) => Format(problem) == text;
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task RenderPrompt_SerializesWholeProblem_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [property: Reference] string Key);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) =>
                "Solve this task:\n" + System.Text.Json.JsonSerializer.Serialize({|RLVR1011:problem|});
        }
        """);

    [Fact]
    public Task RenderPrompt_InterpolatesWholeRecord_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, [property: Reference] string Key);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) => $"Task: {{|RLVR1011:problem|}}";
        }
        """);

    [Fact]
    public Task RenderPrompt_ExpectedOutputsThroughTakeSelect_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, IReadOnlyList<string> ExpectedOutputs);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) =>
                problem.Question + "\nExamples:\n" + string.Join("\n", {|RLVR1011:problem.ExpectedOutputs|}.Take(2).Select(o => "-> " + o));
        }
        """);

    [Fact]
    public Task RenderPrompt_SerializesProblemWithoutReference_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, IReadOnlyList<string> Options, string AnswerFormat);

        """ + Environment + """
            public override string RenderPrompt(Problem problem) =>
                System.Text.Json.JsonSerializer.Serialize(problem) + "\nFormat: " + problem.AnswerFormat;
        }
        """);
}
