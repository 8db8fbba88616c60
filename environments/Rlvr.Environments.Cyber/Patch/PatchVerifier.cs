using System.Diagnostics;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patching;
using Rlvr.Environments.Cyber.Running;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Patch;

/// <summary>
/// Scores a unified diff: policy checks first, then a build with the verifier's flags; 1 when every reference PoC
/// and every hidden variant runs with no sanitizer report, no abnormal end and no hang, and every poll prints exactly
/// its expected output with the reference exit status and no sanitizer report.
/// </summary>
/// <param name="options">Image and limits.</param>
public sealed class PatchVerifier(CyberOptions options) : IVerifier<CyberChallenge>
{
    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(CyberChallenge problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(context);
        string? diff = PatchSubmission.Find(completion.Text);
        return diff is null
            ? Reward.Wrong(Reasons.NoAnswer, "No fenced diff block and no unified diff found.")
            : await VerifyDiffAsync(problem, diff, context).ConfigureAwait(false);
    }

    /// <summary>Scores a diff text directly.</summary>
    /// <param name="problem">The challenge.</param>
    /// <param name="diff">The unified diff.</param>
    /// <param name="context">The scoring context.</param>
    public async ValueTask<Reward> VerifyDiffAsync(CyberChallenge problem, string diff, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        if (diff.Length > PatchPolicy.MaxDiffChars)
        {
            return Reward.Wrong(Reasons.FormatError, $"The diff is longer than {PatchPolicy.MaxDiffChars} characters.");
        }

        IReadOnlyList<FilePatch> files;
        var patched = new Dictionary<string, string>(problem.VulnerableSources, StringComparer.Ordinal);
        try
        {
            files = UnifiedDiff.Parse(diff);
            foreach (var file in files)
            {
                if (patched.TryGetValue(file.NewPath, out string? text))
                {
                    patched[file.NewPath] = UnifiedDiff.Apply(text, file);
                }
            }
        }
        catch (PatchFormatException ex)
        {
            return Reward.Wrong(PatchReasons.DoesNotApply, ex.Message);
        }

        var violations = PatchPolicy.Check(files, problem.EditableFiles, problem.VulnerableSources, patched);
        if (violations.Count > 0)
        {
            return Reward.Wrong(PatchReasons.PolicyViolation, string.Join("; ", violations));
        }

        if (patched.All(p => string.Equals(p.Value, problem.VulnerableSources[p.Key], StringComparison.Ordinal)))
        {
            return Reward.Wrong(PatchReasons.NoChange);
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

        var build = await BuildCache.Shared.GetOrBuildAsync(patched, BuildRecipe.Flags(problem.Manifest), context.Sandboxes, options, context.CancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            return Reward.Wrong(Reasons.CompileError, Head(build.Log));
        }

        var built = BuildPolicy.Check(build, [artifacts.Vulnerable, artifacts.Patched]);
        if (built.Count > 0)
        {
            return Reward.Wrong(PatchReasons.PolicyViolation, string.Join("; ", built));
        }

        var attacks = problem.Pocs
            .SelectMany(p => new[] { (Name: p.Name, Bytes: p.Bytes) }.Concat(PocVariants.Create(p.Bytes, problem.Limits.MaxPocBytes).Select((v, i) => (Name: $"{p.Name}~variant{i + 1}", Bytes: v))))
            .ToArray();
        IReadOnlyList<RunObservation> runs;
        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["candidate"] = build.Binary };
        var session = await TargetSession.StartAsync(context.Sandboxes, options, binaries, attacks.Length + problem.Polls.Count, context.CancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var limit = TimeSpan.FromMilliseconds(problem.Limits.TimeoutMs);
            foreach (var attack in attacks)
            {
                await session.RunAsync("candidate", attack.Bytes, problem.Manifest.Input, limit, context.CancellationToken).ConfigureAwait(false);
            }

            foreach (var poll in problem.Polls)
            {
                await session.RunAsync("candidate", poll.Input, problem.Manifest.Input, limit, context.CancellationToken).ConfigureAwait(false);
            }

            runs = await session.CollectAsync(context.CancellationToken).ConfigureAwait(false);
        }

        var reward = Judge(problem, attacks.Select(a => a.Name).ToArray(), runs, artifacts);
        return reward
            .WithEvidence("runs", runs.Select((r, i) => (i < attacks.Length ? attacks[i].Name : problem.Polls[i - attacks.Length].Name) + ": " + r.Summary).ToArray())
            .WithMetric("verify_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static Reward Judge(CyberChallenge problem, string[] attackNames, IReadOnlyList<RunObservation> runs, ChallengeArtifacts artifacts)
    {
        for (int i = 0; i < attackNames.Length; i++)
        {
            var run = runs[i];
            if (run.Kind == CrashKind.Hang)
            {
                return Reward.Wrong(PatchReasons.Hang, $"input '{attackNames[i]}' hangs");
            }

            if (run.Kind != CrashKind.None)
            {
                return Reward.Wrong(PatchReasons.StillCrashes, $"input '{attackNames[i]}': {run.Summary}");
            }
        }

        int passed = 0;
        for (int i = 0; i < problem.Polls.Count; i++)
        {
            var poll = problem.Polls[i];
            var run = runs[attackNames.Length + i];
            bool ok = run.Kind == CrashKind.None
                && run.Stdout.AsSpan().SequenceEqual(poll.ExpectedOutput)
                && run.ExitCode == artifacts.PollExitCodes.GetValueOrDefault(poll.Name);
            if (!ok)
            {
                return Reward.Wrong(PatchReasons.PollFailed, $"poll '{poll.Name}': {(run.Kind == CrashKind.None ? "output or exit status differs" : run.Summary)}")
                    .WithMetric("polls_passed", passed);
            }

            passed++;
        }

        return Reward.Correct(PatchReasons.Fixed).WithMetric("polls_passed", passed);
    }

    private static string Head(string text) => text.Length <= 2000 ? text : text[..2000];
}
