using Rlvr.Core;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>The PoC half of the release gate: every check goes through the real verifier and Docker sandboxes.</summary>
public class PocGateTests
{
    private static readonly PocVerifier Verifier = new(CyberOptions.Default with { Runs = 3 });

    public static TheoryData<string> Ids() => TestChallenges.Ids();

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferencePoc_ThroughCompletion_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get(id);
        foreach (var poc in challenge.Pocs)
        {
            var completion = "Here it is:\n```base64\n" + Convert.ToBase64String(poc.Bytes) + "\n```\n";
            var reward = await Verifier.ScoreAsync(challenge, completion, new ScoringContext(id, sandboxes: provider));
            Assert.True(reward.Value == 1.0, $"{id}/{poc.Name}: {Describe(reward)}");
            Assert.Equal(PocReasons.Reproduced, reward.Reason);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task EmptyPoc_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var reward = await Verifier.VerifyBytesAsync(TestChallenges.Get(id), [], new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PocReasons.EmptyPoc, reward.Reason);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task RandomPoc_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var bytes = new byte[8];
        new Random(1234).NextBytes(bytes);
        var reward = await Verifier.VerifyBytesAsync(TestChallenges.Get(id), bytes, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, Describe(reward));
        Assert.Equal(0.0, reward.Value);
    }

    [SkippableFact]
    public async Task DecoyCrashingAnotherBug_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenges = TestChallenges.Challenges.Where(c => c.Decoys.Count > 0).ToArray();
        Assert.NotEmpty(challenges);
        foreach (var challenge in challenges)
        {
            foreach (var decoy in challenge.Decoys)
            {
                var reward = await Verifier.VerifyBytesAsync(challenge, decoy.Bytes, new ScoringContext(challenge.Id, sandboxes: provider));
                Assert.True(reward.IsScored, Describe(reward));
                Assert.Equal(0.0, reward.Value);
                Assert.Equal(PocReasons.DifferentCrash, reward.Reason);
            }
        }
    }

    [SkippableFact]
    public async Task PocHittingTargetThenLatentBugInPatchedBuild_Earns1()
    {
        // c10's patched build keeps an unrelated NULL dereference; the patched run crashes there, which is not the
        // reference signature, so the PoC still earns 1.
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get("c10-ini-sections");
        var poc = System.Text.Encoding.ASCII.GetBytes("[this-section-name-is-much-too-long]\nk=v\n%%\nno-dot-here\n");
        var reward = await Verifier.VerifyBytesAsync(challenge, poc, new ScoringContext("latent", sandboxes: provider));
        Assert.True(reward.Value == 1.0, Describe(reward));
        var patchedRuns = Assert.IsType<string[]>(reward.Evidence["patched_runs"]);
        Assert.All(patchedRuns, r => Assert.Contains("answer_query", r, StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("c01-badge-printer", "AAAAAAAAAAAAAAAAAAAAAAAA:x\n")] // exactly 24: the loop fits, the terminating NUL overflows
    [InlineData("c12-path-joiner", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // one 63-character segment: the NUL overflows
    public async Task PocOverflowingAtAnotherLineOfTheSameFunction_Earns1(string id, string input)
    {
        // The reference PoCs overflow inside the copy loop / memcpy; these overflow one line later on the terminator.
        // Same bug class, same function: the intended bug, which the reference patch fixes.
        var provider = await CyberDocker.RequireAsync();
        var reward = await Verifier.VerifyBytesAsync(TestChallenges.Get(id), System.Text.Encoding.ASCII.GetBytes(input), new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, Describe(reward));
        var references = Assert.IsType<string[]>(reward.Evidence["reference_signatures"]);
        var runs = Assert.IsType<string[]>(reward.Evidence["vulnerable_runs"]);
        Assert.All(references, r => Assert.DoesNotContain(r, runs[0], StringComparison.Ordinal)); // not the reference line
    }

    [SkippableFact]
    public async Task PythonGenerator_ProducingReferencePoc_Earns1()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get("c01-badge-printer");
        const string completion = "```python\nimport sys\nsys.stdout.write('B' * 64 + ':guest\\n')\n```";
        var reward = await Verifier.ScoreAsync(challenge, completion, new ScoringContext("gen", sandboxes: provider));
        Assert.True(reward.Value == 1.0, Describe(reward));
    }

    internal static string Describe(Reward reward) =>
        reward + " " + string.Join("; ", reward.Evidence.Select(e => e.Key + "=" + (e.Value is string[] list ? string.Join(" | ", list) : e.Value)));
}
