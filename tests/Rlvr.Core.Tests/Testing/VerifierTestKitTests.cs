using System.Globalization;
using Rlvr.Core.Testing;

namespace Rlvr.Core.Tests.Testing;

public class VerifierTestKitTests
{
    private static readonly VerifierSample<KitProblem>[] Samples =
    [
        new(KitEnvironments.Half, KitEnvironments.Tagged("2.5"), KitEnvironments.Tagged("3")),
        new(KitEnvironments.Thousand, KitEnvironments.Tagged("16000"), KitEnvironments.Tagged("16")),
    ];

    [Fact]
    public async Task AssertSoundAsync_SoundEnvironmentWithReferencePairs_DoesNotThrow()
    {
        await VerifierTestKit.AssertSoundAsync(new SoundKitEnvironment(), [(KitEnvironments.Half, KitEnvironments.Tagged("2.5"))]);
    }

    [Fact]
    public async Task CheckAsync_SoundEnvironmentWithWrongAnswers_IsSoundAndRunsEveryCheck()
    {
        var report = await VerifierTestKit.CheckAsync(new SoundKitEnvironment(), Samples);

        Assert.True(report.IsSound, string.Join("\n", report.Failures));
        Assert.Empty(report.Notes);
        // Per sample: reference, wrong, 2 empty, 1 listed pair, echo, think, junk, 4 NaN, 2 bait = 14; plus
        // repeat, 3 cultures and the parallel run.
        Assert.Equal((2 * 14) + 5, report.ChecksRun);
    }

    [Fact]
    public async Task CheckAsync_ContainsMatching_FailsListedCandidatesAndThinking()
    {
        var report = await VerifierTestKit.CheckAsync(new ContainsKitEnvironment(), Samples);

        Assert.False(report.IsSound);
        Assert.Contains(report.Failures, f => f.Contains("listed together", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("<think>reference</think>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_CultureSensitiveParse_FailsUnderDecimalCommaCultures()
    {
        var report = await VerifierTestKit.CheckAsync(new CultureKitEnvironment(), Samples);

        // de-DE and tr-TR both write decimals with a comma; en-US agrees with the invariant baseline.
        Assert.Contains(report.Failures, f => f.Contains("culture de-DE", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("culture tr-TR", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Failures, f => f.Contains("culture en-US", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_CultureSensitiveCaseMapping_FailsUnderTurkishOnly()
    {
        var quit = new KitProblem("Which command exits the shell?", "quit");

        var report = await VerifierTestKit.CheckAsync(new CaseKitEnvironment(), [new VerifierSample<KitProblem>(quit, KitEnvironments.Tagged("QUIT"), KitEnvironments.Tagged("exit"))]);

        var failure = Assert.Single(report.Failures);
        Assert.Contains("culture tr-TR", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_CultureSensitiveParse_CallerCultureIsRestored()
    {
        var before = CultureInfo.CurrentCulture;

        await VerifierTestKit.CheckAsync(new CultureKitEnvironment(), Samples);

        Assert.Equal(before, CultureInfo.CurrentCulture);
    }

    [Fact]
    public async Task CheckAsync_FailOpen_FailsEmptyAndProbes()
    {
        var report = await VerifierTestKit.CheckAsync(new FailOpenKitEnvironment(), Samples);

        Assert.Contains(report.Failures, f => f.Contains("empty completion scored 1", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("probe 'NaN'", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("probe 'judge bait'", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("probe 'prompt echo'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_SharedState_FailsDeterminism()
    {
        var report = await VerifierTestKit.CheckAsync(
            new SharedStateKitEnvironment(),
            Samples,
            new VerifierTestKitOptions { Checks = VerifierChecks.Reference | VerifierChecks.Determinism });

        Assert.Contains(report.Failures, f => f.Contains("changed when scored a second time", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("changed when scored in parallel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_ThrowsOnLongCompletion_FailsLongJunkAsUnscored()
    {
        var report = await VerifierTestKit.CheckAsync(new FragileKitEnvironment(), Samples);

        string failure = Assert.Single(report.Failures.Where(f => f.Contains("long junk", StringComparison.Ordinal)).Take(1));
        Assert.Contains("must be scored", failure, StringComparison.Ordinal);
        Assert.Equal(Samples.Length, report.Failures.Count);
    }

    [Fact]
    public async Task CheckAsync_VerdictInCompletionTrusted_FailsJudgeBait()
    {
        var report = await VerifierTestKit.CheckAsync(new GullibleKitEnvironment(), Samples);

        Assert.Contains(report.Failures, f => f.Contains("probe 'judge bait'", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Contains("probe 'judge bait (long)'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_ReferenceThatIsWrong_FailsReferenceCheck()
    {
        var report = await VerifierTestKit.CheckAsync(new SoundKitEnvironment(), [new VerifierSample<KitProblem>(KitEnvironments.Half, KitEnvironments.Tagged("2.6"))]);

        var failure = Assert.Single(report.Failures);
        Assert.Contains("reference completion scored 0 (wrong_answer)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NoSamples_Fails()
    {
        var report = await VerifierTestKit.CheckAsync(new SoundKitEnvironment(), Array.Empty<VerifierSample<KitProblem>>());

        Assert.False(report.IsSound);
    }

    [Fact]
    public async Task CheckAsync_SameEnvironmentTwice_SameFingerprint()
    {
        var first = await VerifierTestKit.CheckAsync(new SoundKitEnvironment(), Samples);
        var second = await VerifierTestKit.CheckAsync(new SoundKitEnvironment(), Samples);
        var other = await VerifierTestKit.CheckAsync(new ContainsKitEnvironment(), Samples);

        Assert.Equal(64, first.Fingerprint.Length);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public async Task AssertSoundAsync_BuggyEnvironment_MessageListsEveryFailure()
    {
        var error = await Assert.ThrowsAsync<VerifierTestKitException>(
            () => VerifierTestKit.AssertSoundAsync(new FailOpenKitEnvironment(), Samples));

        Assert.True(error.Failures.Count > 1);
        Assert.All(error.Failures, f => Assert.Contains(f, error.Message, StringComparison.Ordinal));
        Assert.Contains("kit/fail-open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_OnlyReferenceChecked_IgnoresProbes()
    {
        var report = await VerifierTestKit.CheckAsync(
            new FailOpenKitEnvironment(),
            Samples,
            new VerifierTestKitOptions { Checks = VerifierChecks.Reference });

        Assert.True(report.IsSound, string.Join("\n", report.Failures));
        Assert.Equal(2 * Samples.Length, report.ChecksRun);
    }

    [Fact]
    public async Task CheckAsync_CeilingOfOne_IsRejected()
    {
        var options = new VerifierTestKitOptions { WrongAnswerCeiling = 1.0 };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VerifierTestKit.CheckAsync(new SoundKitEnvironment(), Samples, options));
    }
}
