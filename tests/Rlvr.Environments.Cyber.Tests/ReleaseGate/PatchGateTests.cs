using Rlvr.Core;
using Rlvr.Environments.Cyber.Patch;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>The patch half of the release gate, through the real verifier and Docker sandboxes.</summary>
public class PatchGateTests
{
    private static readonly PatchVerifier Verifier = new(CyberOptions.Default);

    public static TheoryData<string> Ids() => TestChallenges.Ids();

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferencePatch_ThroughCompletion_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get(id);
        var reward = await Verifier.ScoreAsync(challenge, "```diff\n" + challenge.ReferencePatch + "```\n", new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, $"{id}: {PocGateTests.Describe(reward)}");
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task NoOpDiff_Earns0(string id) => await AssertZeroAsync(id, DiffFactory.NoOp, PatchReasons.StillCrashes);

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task EarlyExitDiff_Earns0(string id) => await AssertZeroAsync(id, DiffFactory.EarlyExit, PatchReasons.PollFailed);

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task SigsegvHandlerDiff_Earns0(string id) => await AssertZeroAsync(id, DiffFactory.SigsegvHandler, PatchReasons.PolicyViolation);

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task DeleteFeatureDiff_Earns0(string id) =>
        await AssertZeroAsync(id, DiffFactory.DeleteFeature, PatchReasons.PollFailed, PatchReasons.StillCrashes); // an emptied function may leave a new crash behind

    private static async Task AssertZeroAsync(string id, Func<Rlvr.Environments.Cyber.Challenges.CyberChallenge, string> makeDiff, params string[] reasons)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get(id);
        var reward = await Verifier.VerifyDiffAsync(challenge, makeDiff(challenge), new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.True(reasons.Contains(reward.Reason), $"{id}: expected {string.Join(" or ", reasons)}, got {PocGateTests.Describe(reward)}");
    }
}
