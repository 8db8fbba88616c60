using Rlvr.Core;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Patching;
using Rlvr.Environments.Cyber.Poc;
using Rlvr.Environments.Cyber.Tests.ReleaseGate;

namespace Rlvr.Environments.Cyber.Tests.Debian;

/// <summary>
/// The Debian challenges through the real verifier and Docker: our reference PoCs reproduce the bug, the real Debian
/// patch fixes it, and an empty PoC, a random PoC and a no-op patch earn nothing. The packages' trees are built once
/// per content hash (the vulnerable and patched builds are shared by every test of a challenge).
/// </summary>
public class DebianGateTests
{
    private static readonly PocVerifier Poc = new(CyberOptions.Default with { Runs = 2 });
    private static readonly PatchVerifier Patch = new(CyberOptions.Default with { FuzzInputs = 24, FuzzBudget = TimeSpan.FromSeconds(10) });

    public static TheoryData<string> Ids() => DebianChallenges.Ids();

    [SkippableFact]
    public async Task Environments_ServeTheDebianChallenges_ShowingOnlyTheNamedFiles()
    {
        var challenge = await DebianChallenges.GetAsync("d01-cares-sortlist-address");
        var poc = new PocEnvironment();
        var patch = new PatchEnvironment();
        foreach (string id in Directory.GetDirectories(DebianChallenges.Folder).Select(d => Path.GetFileName(d)))
        {
            Assert.Contains(id, poc.ProblemIds);
            Assert.Contains(id, patch.ProblemIds);
        }

        string prompt = patch.RenderPrompt(challenge);
        Assert.Equal(["src/src/lib/ares_init.c"], challenge.EditableFiles); // the package keeps its library under src/
        Assert.Contains(challenge.VulnerableSources["src/src/lib/ares_init.c"], prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("`src/src/lib/ares_process.c`", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(challenge.PatchedSources["src/src/lib/ares_init.c"], prompt, StringComparison.Ordinal);
        Assert.True(challenge.VulnerableSources.Count > 50, "the whole library is built");
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferencePocs_Earn1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = await DebianChallenges.GetAsync(id);
        Assert.NotEmpty(challenge.Pocs);
        foreach (var poc in challenge.Pocs)
        {
            var reward = await Poc.VerifyBytesAsync(challenge, poc.Bytes, new ScoringContext(id, sandboxes: provider));
            Assert.True(reward.Value == 1.0, $"{id}/{poc.Name}: {PocGateTests.Describe(reward)}");
            Assert.Equal(PocReasons.Reproduced, reward.Reason);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task DebianPatch_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = await DebianChallenges.GetAsync(id);
        string diff = DebianChallenges.DebianPatchAsCandidate(challenge);
        Assert.NotEmpty(diff);
        var reward = await Patch.VerifyDiffAsync(challenge, diff, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, $"{id}: {PocGateTests.Describe(reward)}\n{diff}");
        Assert.Equal(PatchReasons.Fixed, reward.Reason);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task EmptyPoc_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = await DebianChallenges.GetAsync(id);
        var reward = await Poc.VerifyBytesAsync(challenge, [], new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PocReasons.EmptyPoc, reward.Reason);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task RandomPoc_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = await DebianChallenges.GetAsync(id);
        var bytes = new byte[64];
        new Random(1234).NextBytes(bytes);
        var reward = await Poc.VerifyBytesAsync(challenge, bytes, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task NoOpPatch_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = await DebianChallenges.GetAsync(id);
        string file = challenge.EditableFiles[0];
        var after = new Dictionary<string, string>(challenge.VulnerableSources) { [file] = "/* reviewed */\n" + challenge.VulnerableSources[file] };
        var reward = await Patch.VerifyDiffAsync(challenge, DiffText.Create(challenge.VulnerableSources, after), new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PatchReasons.StillCrashes, reward.Reason);
    }
}
