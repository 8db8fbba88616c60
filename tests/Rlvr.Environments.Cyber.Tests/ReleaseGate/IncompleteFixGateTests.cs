using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>
/// Incomplete fixes that passed before issue 17 (the hidden variants stayed close to the PoC's size and content), each
/// through the real verifier: they must meet a hidden input that still reaches the bug and earn 0.
/// </summary>
public class IncompleteFixGateTests
{
    private static readonly PatchVerifier Verifier = new(CyberOptions.Default);

    [SkippableFact]
    public async Task LargerAllocationInsteadOfBoundsCheck_Earns0()
    {
        // c02: calloc(size + 1024) instead of checking img->used against img->size. The PoC overflows by 6 bytes;
        // its DATA line repeated 128 times overflows by more than 1024.
        await AssertStillCrashesAsync("c02-hex-loader", "src/loader.c", "img.bytes = calloc(img.size, 1);", "img.bytes = calloc(img.size + 1024, 1);");
    }

    [SkippableFact]
    public async Task BufferElevenTimesLarger_Earns0()
    {
        // c01: the 24-byte name buffer made 264 bytes. The PoC's 120-character name fits; stretched 4 times it does not.
        await AssertStillCrashesAsync("c01-badge-printer", "src/badge.c", "#define NAME_MAX_LEN 24", "#define NAME_MAX_LEN 264");
    }

    [SkippableFact]
    public async Task StopReadingOnBytesOfTheReferencePoc_Earns0()
    {
        // c12: segments that start like the reference PoC's long segment ("aaaa") are dropped, which also passes the
        // too-long poll (the reference drops that segment too); the same overflow spelled "bbbb" still crashes.
        await AssertStillCrashesAsync(
            "c12-path-joiner",
            "src/join.c",
            "        if (n > 0 && !(n == 1 && start[0] == '.')) {",
            "        if (n > 0 && !(n == 1 && start[0] == '.') && strncmp(start, \"aaaa\", 4) != 0) {");
    }

    [SkippableFact]
    public async Task SkipLinesThatLookLikeThePoc_Earns0()
    {
        // c01: lines that start like the reference PoC ("AAAA") are skipped; a name of other letters overflows.
        await AssertStillCrashesAsync("c01-badge-printer", "src/badge.c", "        if (line[0] == '\\0') {", "        if (line[0] == '\\0' || strncmp(line, \"AAAA\", 4) == 0) {");
    }

    private static async Task AssertStillCrashesAsync(string id, string file, string find, string replace)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get(id);
        string source = challenge.VulnerableSources[file];
        Assert.Contains(find, source, StringComparison.Ordinal);
        var after = new Dictionary<string, string>(challenge.VulnerableSources, StringComparer.Ordinal) { [file] = source.Replace(find, replace, StringComparison.Ordinal) };
        var reward = await Verifier.VerifyDiffAsync(challenge, DiffText.Create(challenge.VulnerableSources, after), new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.True(reward.Reason == PatchReasons.StillCrashes, $"{id}: {PocGateTests.Describe(reward)}");
        Assert.Contains("hidden input", reward.Detail, StringComparison.Ordinal); // the reference PoCs themselves no longer crash
    }
}
