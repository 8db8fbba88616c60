using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr5xxx.InfraFailureScoredAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr5xxx;

public class InfraFailureScoredAnalyzerTests
{
    [Fact]
    public Task Verifier_SandboxExceptionReturnsWrong_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try
                {
                    await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                    return Reward.Correct();
                }
                catch ({|RLVR5001:SandboxException|} ex)
                {
                    return Reward.Wrong(Reasons.RuntimeError, ex.Message);
                }
            }
        }
        """);

    [Fact]
    public Task RewardFunction_HttpFailureReturnsZero_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Net.Http;

        public static class Rewards
        {
            private static readonly HttpClient Client = new();

            [RewardFunction]
            public static async Task<double> ScoreAsync(string response, string expected)
            {
                try
                {
                    string verdict = await Client.GetStringAsync("http://localhost/judge?q=" + response);
                    return verdict == expected ? 1.0 : 0.0;
                }
                catch ({|RLVR5001:HttpRequestException|})
                {
                    return 0.0;
                }
            }
        }
        """);

    [Fact]
    public Task Helper_IOExceptionReturnsScored_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Path, string Answer);

        public sealed class FileVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Files.Check(problem, completion.Text));
        }

        public static class Files
        {
            public static Reward Check(Problem problem, string text)
            {
                try { return System.IO.File.ReadAllText(problem.Path) == text ? Reward.Correct() : Reward.Wrong(); }
                catch ({|RLVR5001:System.IO.IOException|}) { return Reward.Scored(0.0, "io"); }
            }
        }
        """);

    [Fact]
    public Task Verifier_InfraErrorOrFilteredOrMissingFile_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Path);

        public sealed class GoodVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try { return new(System.IO.File.ReadAllText(problem.Path) == completion.Text ? Reward.Correct() : Reward.Wrong()); }
                catch (System.IO.FileNotFoundException) { return new(Reward.Wrong(Reasons.NoAnswer)); }
                catch (SandboxException ex) when (ex.Reason == "oom_killed") { return new(Reward.Wrong(Reasons.MemoryLimit)); }
                catch (SandboxException ex) { return new(Reward.InfraError(ex.Reason, ex.Message)); }
                catch (System.IO.IOException ex) { return new(Reward.InfraError(Reasons.SandboxError, ex.Message)); }
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_IOExceptionReturnsZero_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Loader
        {
            public static double Load(string path)
            {
                try { return System.IO.File.ReadAllText(path).Length; }
                catch (System.IO.IOException) { return 0.0; }
            }
        }
        """);
}
