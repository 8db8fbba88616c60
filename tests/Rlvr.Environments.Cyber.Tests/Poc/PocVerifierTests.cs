using Rlvr.Core;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests.Poc;

public class PocVerifierTests
{
    private static readonly PocVerifier Verifier = new(CyberOptions.Default with { Runs = 2 });

    [SkippableFact]
    public async Task VerifyBytesAsync_ReferencePocOfFirstChallenge_Earns1()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get("c01-badge-printer");
        var reward = await Verifier.VerifyBytesAsync(challenge, challenge.Pocs[0].Bytes, new ScoringContext("t", sandboxes: provider));
        Assert.True(reward.Value == 1.0, reward + " " + string.Join("; ", reward.Evidence.Select(e => e.Key + "=" + Show(e.Value))));
    }

    private static string Show(object? value) => value is string[] list ? string.Join(" | ", list) : value?.ToString() ?? "null";
}
