using Rlvr.Core;
using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;
using Rlvr.Environments.Cyber.Tests.ReleaseGate;

namespace Rlvr.Environments.Cyber.Tests.Building;

/// <summary>
/// The format for real projects through the real verifier and Docker: a C++ program built by its own script through
/// the compiler wrappers (file input with fixed arguments), and a C library with a libFuzzer-style harness, include
/// directories, a library and defines built by the default build, and input through an environment variable.
/// </summary>
public class ProjectFormatGateTests
{
    private static readonly PocVerifier Poc = new(CyberOptions.Default with { Runs = 2 });
    private static readonly PatchVerifier Patch = new(CyberOptions.Default with { FuzzInputs = 32, FuzzBudget = TimeSpan.FromSeconds(15) });

    public static TheoryData<string> Ids() => new() { "t01-cpp-token-list", "t02-fuzz-record-parser", "t03-env-greeting" };

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferencePoc_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestAssets.Get(id);
        var reward = await Poc.VerifyBytesAsync(challenge, challenge.Pocs[0].Bytes, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, $"{id}: {PocGateTests.Describe(reward)}");
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task PollAsPoc_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestAssets.Get(id);
        var reward = await Poc.VerifyBytesAsync(challenge, challenge.Polls[0].Input, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PocReasons.NoCrash, reward.Reason);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferencePatch_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestAssets.Get(id);
        var reward = await Patch.VerifyDiffAsync(challenge, challenge.ReferencePatch, new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, $"{id}: {PocGateTests.Describe(reward)}");
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task NoOpPatch_Earns0(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestAssets.Get(id);
        string file = challenge.EditableFiles.First(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".cpp", StringComparison.Ordinal));
        var after = new Dictionary<string, string>(challenge.VulnerableSources) { [file] = "/* reviewed */\n" + challenge.VulnerableSources[file] };
        var reward = await Patch.VerifyDiffAsync(challenge, Rlvr.Environments.Cyber.Patching.DiffText.Create(challenge.VulnerableSources, after), new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PatchReasons.StillCrashes, reward.Reason);
    }
}
