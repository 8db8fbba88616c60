using Rlvr.Core.Testing;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>
/// The SDK's verifier test kit on the three cyber environments, through real Docker sandboxes: references score 1;
/// empty, echoed-prompt, listed-candidate, junk, NaN and judge-bait completions score 0; rewards are the same when
/// repeated, under three cultures and scored in parallel in shuffled order. Two challenges each keep the run short.
/// </summary>
public class VerifierTestKitTests
{
    private static async Task<VerifierTestKitOptions> OptionsAsync() => new()
    {
        Sandboxes = await CyberDocker.RequireAsync(),
        ItemTimeout = TimeSpan.FromMinutes(2),
        MaxDegreeOfParallelism = 2,
    };

    [SkippableFact]
    public async Task Poc_IsSound()
    {
        var options = await OptionsAsync();
        var samples = TestChallenges.Challenges.Take(2).Select(c => new VerifierSample<CyberChallenge>(
            c,
            "```base64\n" + Convert.ToBase64String(c.Pocs[0].Bytes) + "\n```\n",
            "```base64\n" + Convert.ToBase64String("hello"u8.ToArray()) + "\n```\n"));
        await VerifierTestKit.AssertSoundAsync(new PocEnvironment(), samples, options);
    }

    [SkippableFact]
    public async Task Patch_IsSound()
    {
        var options = await OptionsAsync();
        var samples = TestChallenges.Challenges.Take(2).Select(c => new VerifierSample<CyberChallenge>(
            c,
            "```diff\n" + c.ReferencePatch + "```\n",
            "```diff\n" + DiffFactory.NoOp(c) + "```\n"));
        await VerifierTestKit.AssertSoundAsync(new PatchEnvironment(), samples, options);
    }

    [SkippableFact]
    public async Task Ctf_IsSound()
    {
        var options = await OptionsAsync();
        var samples = TestChallenges.Ctfs.Take(2).Select(c => new VerifierSample<CtfChallenge>(
            c,
            "```sh\n" + c.Solution + "```",
            "```sh\necho 'rlvr{not_the_flag}'\n```"));
        await VerifierTestKit.AssertSoundAsync(new CtfEnvironment(), samples, options);
    }
}
