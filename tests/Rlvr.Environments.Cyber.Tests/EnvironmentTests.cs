using Rlvr.Core;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests;

public class EnvironmentTests
{
    [Fact]
    public void Registry_FindsTheThreeEnvironments()
    {
        var registry = new EnvironmentRegistry().AddAssembly(typeof(PocEnvironment).Assembly);
        Assert.IsType<PocEnvironment>(registry.Get("cyber/poc"));
        Assert.IsType<PatchEnvironment>(registry.Get("cyber/patch"));
        Assert.IsType<CtfEnvironment>(registry.Get("cyber/ctf"));
    }

    [Fact]
    public void RenderPrompt_ShowsVulnerableSourceOnly()
    {
        var poc = new PocEnvironment();
        var patch = new PatchEnvironment();
        // The bundled Debian challenges are there too when their image is built (DebianGateTests covers them).
        var debian = Directory.GetDirectories(Debian.DebianChallenges.Folder).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(TestChallenges.Challenges.Count, poc.ProblemIds.Count(id => !debian.Contains(id)));
        foreach (var challenge in TestChallenges.Challenges)
        {
            foreach (string prompt in new[] { poc.RenderPrompt(challenge), patch.RenderPrompt(challenge) })
            {
                foreach (var source in challenge.VulnerableSources.Values)
                {
                    Assert.Contains(source, prompt, StringComparison.Ordinal);
                }

                foreach (var (path, fixedText) in challenge.PatchedSources)
                {
                    if (fixedText != challenge.VulnerableSources[path])
                    {
                        Assert.DoesNotContain(fixedText, prompt, StringComparison.Ordinal);
                    }
                }

                Assert.DoesNotContain(challenge.ReferencePatch, prompt, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ParseProblem_ById_FindsBundledChallenge()
    {
        var env = new PocEnvironment();
        using var doc = System.Text.Json.JsonDocument.Parse("""{"id": "c06-settings-store"}""");
        Assert.Equal("c06-settings-store", env.ParseProblem(doc.RootElement).Id);
        using var bad = System.Text.Json.JsonDocument.Parse("""{"id": "nope"}""");
        Assert.Throws<ProblemFormatException>(() => env.ParseProblem(bad.RootElement));
    }

    [Fact]
    public async Task ScoreAsync_NoSandboxConfigured_IsInfraErrorNotZero()
    {
        var env = new PocEnvironment();
        var challenge = TestChallenges.Get("c01-badge-printer");
        var ex = await Assert.ThrowsAsync<Rlvr.Core.Sandboxing.SandboxException>(async () =>
            await env.ScoreAsync(challenge, "```hex\n41\n```", new ScoringContext("no-sandbox")));
        Assert.Equal("sandbox_unconfigured", ex.Reason);
    }

    [Fact]
    public async Task ScoreAsync_NoPocBlock_IsScoredZero()
    {
        var env = new PocEnvironment();
        var reward = await env.ScoreAsync(TestChallenges.Get("c01-badge-printer"), "I think it overflows.", new ScoringContext("x"));
        Assert.True(reward.IsScored);
        Assert.Equal(Reasons.NoAnswer, reward.Reason);
    }

    [Fact]
    public void CtfEpisode_ToolsAreShellAndSubmit()
    {
        var env = new CtfEnvironment();
        var episode = env.CreateEpisode(TestChallenges.Ctfs[0], new ScoringContext("x"));
        Assert.Equal(["shell", "submit_flag"], episode.Tools.Select(t => t.Name));
    }
}
