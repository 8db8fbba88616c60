using System.Diagnostics;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Running;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Poc;

/// <summary>
/// Scores a PoC: 1 when every one of <see cref="CyberOptions.Runs"/> runs of the vulnerable build crashes with a
/// reference signature (same bug class and crash site) and no run of the patched build shows that signature or hangs.
/// </summary>
/// <param name="options">Image, runs and limits.</param>
public sealed class PocVerifier(CyberOptions options) : IVerifier<CyberChallenge>
{
    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(CyberChallenge problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var submission = PocSubmission.Find(completion.Text);
        if (submission is null)
        {
            return Reward.Wrong(Reasons.NoAnswer, "No fenced base64, hex or python block found.");
        }

        byte[]? poc;
        if (submission.Format == PocFormat.Python)
        {
            (poc, string? failure) = await PocGenerator.RunAsync(submission.Body, problem.Limits.MaxPocBytes, context.Sandboxes, options, context.CancellationToken).ConfigureAwait(false);
            if (poc is null)
            {
                return Reward.Wrong(failure ?? Reasons.RuntimeError);
            }
        }
        else
        {
            poc = submission.Decode();
            if (poc is null)
            {
                return Reward.Wrong(Reasons.FormatError, $"The {submission.Format} block does not decode.");
            }
        }

        var reward = await VerifyBytesAsync(problem, poc, context).ConfigureAwait(false);
        return reward.IsScored ? reward.WithMetric("verify_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds) : reward;
    }

    /// <summary>Scores raw PoC bytes (the release gate and benchmarks use this directly).</summary>
    /// <param name="problem">The challenge.</param>
    /// <param name="poc">The PoC bytes.</param>
    /// <param name="context">The scoring context.</param>
    public async ValueTask<Reward> VerifyBytesAsync(CyberChallenge problem, byte[] poc, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(poc);
        ArgumentNullException.ThrowIfNull(context);
        if (poc.Length == 0)
        {
            return Reward.Wrong(PocReasons.EmptyPoc);
        }

        if (poc.Length > problem.Limits.MaxPocBytes)
        {
            return Reward.Wrong(PocReasons.TooLarge, $"{poc.Length} bytes; the limit is {problem.Limits.MaxPocBytes}.");
        }

        if (problem.Manifest.Input is InputDelivery.Argv or InputDelivery.Env && !ChallengeLoader.IsArgvSafe(poc))
        {
            return Reward.Wrong(Reasons.FormatError, "This challenge takes its input as an argument: UTF-8 text without NUL.");
        }

        ChallengeArtifacts artifacts;
        try
        {
            artifacts = await ReferenceCache.GetAsync(problem, context.Sandboxes, options, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ReferenceException ex)
        {
            return Reward.Unscorable(Reasons.BadReference, ex.Message);
        }

        int k = Math.Max(1, options.Runs);
        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["vulnerable"] = artifacts.Vulnerable.Binary, ["patched"] = artifacts.Patched.Binary };
        IReadOnlyList<RunObservation> runs;
        var session = await TargetSession.StartAsync(context.Sandboxes, options, binaries, 2 * k, context.CancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var limit = TimeSpan.FromMilliseconds(problem.Limits.TimeoutMs);
            for (int i = 0; i < k; i++)
            {
                await session.RunAsync("vulnerable", poc, Running.TargetInput.From(problem.Manifest), limit, context.CancellationToken).ConfigureAwait(false);
            }

            for (int i = 0; i < k; i++)
            {
                await session.RunAsync("patched", poc, Running.TargetInput.From(problem.Manifest), limit, context.CancellationToken).ConfigureAwait(false);
            }

            runs = await session.CollectAsync(context.CancellationToken).ConfigureAwait(false);
        }

        var vulnerable = runs.Take(k).ToArray();
        var patched = runs.Skip(k).ToArray();
        return Judge(vulnerable, patched, artifacts.Signatures)
            .WithEvidence("vulnerable_runs", vulnerable.Select(r => r.Summary).ToArray())
            .WithEvidence("patched_runs", patched.Select(r => r.Summary).ToArray())
            .WithEvidence("reference_signatures", artifacts.Signatures.Select(s => s.ToString()).ToArray());
    }

    private static Reward Judge(RunObservation[] vulnerable, RunObservation[] patched, IReadOnlyList<CrashSignature> references)
    {
        bool Reproduces(RunObservation run) =>
            run.Kind == CrashKind.Crash && run.Report is not null && references.Any(r => r.Matches(run.Report.Signature));

        int reproduced = vulnerable.Count(Reproduces);
        if (reproduced != vulnerable.Length)
        {
            if (reproduced > 0)
            {
                return Reward.Wrong(PocReasons.Flaky, $"{reproduced} of {vulnerable.Length} runs reproduced the crash.");
            }

            var first = vulnerable[0];
            return first.Kind switch
            {
                CrashKind.Hang => Reward.Wrong(PocReasons.Hang),
                CrashKind.Crash => Reward.Wrong(PocReasons.DifferentCrash, first.Summary),
                CrashKind.Other => Reward.Wrong(PocReasons.OtherFailure, first.Summary),
                _ => Reward.Wrong(PocReasons.NoCrash),
            };
        }

        if (patched.Any(Reproduces))
        {
            return Reward.Wrong(PocReasons.CrashesPatched);
        }

        return patched.Any(r => r.Kind == CrashKind.Hang)
            ? Reward.Wrong(PocReasons.PatchedHang)
            : Reward.Correct(PocReasons.Reproduced);
    }
}
