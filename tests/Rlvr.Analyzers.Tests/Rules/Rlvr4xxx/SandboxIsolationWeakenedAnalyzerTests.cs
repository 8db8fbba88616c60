using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr4xxx.SandboxIsolationWeakenedAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr4xxx;

public class SandboxIsolationWeakenedAnalyzerTests
{
    [Fact]
    public Task Field_NetworkEnabled_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Specs
        {
            public static readonly SandboxSpec Python = new("python") { {|RLVR4002:NetworkEnabled = true|} };
        }
        """);

    [Fact]
    public Task Verifier_WithWritableRootAndNoPidsLimit_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var spec = new SandboxSpec("python") with { {|RLVR4002:ReadOnlyRootFilesystem = false|}, {|RLVR4002:PidsLimit = 0|} };
                await using var sandbox = await context.Sandboxes.AcquireAsync(spec, context.CancellationToken);
                return Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Environment_RootUserAndUnlimitedMemory_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed class Specs
        {
            public SandboxSpec Build(string image) => new(image)
            {
                {|RLVR4002:User = "0:0"|},
                {|RLVR4002:MemoryBytes = long.MaxValue|},
            };
        }
        """);

    [Fact]
    public Task Spec_HardenedOrTightened_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Specs
        {
            public static readonly SandboxSpec Python = new("python")
            {
                NetworkEnabled = false,
                ReadOnlyRootFilesystem = true,
                MemoryBytes = 256L * 1024 * 1024,
                PidsLimit = 64,
                User = "65534:65534",
            };
        }
        """);

    [Fact]
    public Task OtherType_NetworkEnabledProperty_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed class Settings
        {
            public bool NetworkEnabled { get; set; }

            public static Settings Make() => new() { NetworkEnabled = true };
        }
        """);
}
