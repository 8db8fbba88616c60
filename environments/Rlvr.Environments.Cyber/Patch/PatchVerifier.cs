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

        var build = await BuildCache.Shared.GetOrBuildAsync(patched, BuildRecipe.Plan(problem), context.Sandboxes, options, context.CancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            return Reward.Wrong(Reasons.CompileError, Head(build.Log));
        }

        var built = BuildPolicy.Check(build, [artifacts.Vulnerable, artifacts.Patched]);
        if (built.Count > 0)
        {
            return Reward.Wrong(PatchReasons.PolicyViolation, string.Join("; ", built));
        }

        var attacks = problem.Pocs.Select(p => (p.Name, p.Bytes)).ToArray();
        var hidden = HiddenFor(problem, patched);
        IReadOnlyList<RunObservation> runs;
        IReadOnlyList<RunObservation> hiddenRuns;
        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["candidate"] = build.Binary };
        var limit = TimeSpan.FromMilliseconds(problem.Limits.TimeoutMs);
        var session = await TargetSession.StartAsync(context.Sandboxes, options, binaries, attacks.Length + problem.Polls.Count + hidden.Count, context.CancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var attack in attacks)
            {
                await session.RunAsync("candidate", attack.Bytes, Running.TargetInput.From(problem.Manifest), limit, context.CancellationToken).ConfigureAwait(false);
            }

            foreach (var poll in problem.Polls)
            {
                await session.RunAsync("candidate", poll.Input, Running.TargetInput.From(problem.Manifest), limit, context.CancellationToken).ConfigureAwait(false);
            }

            runs = await session.CollectAsync(context.CancellationToken).ConfigureAwait(false);
            var reward = Judge(problem, attacks.Select(a => a.Name).ToArray(), runs, artifacts);
            if (reward.Value < 1.0)
            {
                return reward
                    .WithEvidence("runs", runs.Select((r, i) => (i < attacks.Length ? attacks[i].Name : problem.Polls[i - attacks.Length].Name) + ": " + r.Summary).ToArray())
                    .WithMetric("verify_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            // Hidden inputs, within the budget: scaled variants first, then the fuzz.
            var budget = Stopwatch.StartNew();
            foreach (var input in hidden)
            {
                if (budget.Elapsed > options.FuzzBudget)
                {
                    break;
                }

                await session.RunAsync("candidate", input.Bytes, Running.TargetInput.From(problem.Manifest), limit, context.CancellationToken).ConfigureAwait(false);
            }

            hiddenRuns = await session.CollectAsync(context.CancellationToken).ConfigureAwait(false);
        }

        var verdict = await JudgeHiddenAsync(problem, hidden, hiddenRuns, artifacts, context).ConfigureAwait(false);
        return verdict
            .WithEvidence("runs", runs.Select((r, i) => (i < attacks.Length ? attacks[i].Name : problem.Polls[i - attacks.Length].Name) + ": " + r.Summary).ToArray())
            .WithMetric("hidden_inputs", hiddenRuns.Count)
            .WithMetric("verify_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// The hidden inputs of one candidate: the scaled variants of every PoC, then a mutation fuzz seeded from the PoCs,
    /// the polls and those variants, with a seed derived from the challenge and the candidate's sources.
    /// </summary>
    internal IReadOnlyList<(string Name, byte[] Bytes)> HiddenFor(CyberChallenge problem, IReadOnlyDictionary<string, string> candidateSources)
    {
        bool argv = problem.Manifest.Input is InputDelivery.Argv or InputDelivery.Env;
        var inputs = new List<(string Name, byte[] Bytes)>();
        foreach (var poc in problem.Pocs)
        {
            var variants = PocVariants.Create(poc.Bytes, HiddenInputs.MaxBytes).Concat(HiddenInputs.Scaled(poc.Bytes));
            foreach (var (variant, index) in variants.Select((v, i) => (v, i)))
            {
                if ((!argv || ChallengeLoader.IsArgvSafe(variant)) && !inputs.Exists(x => x.Bytes.AsSpan().SequenceEqual(variant)))
                {
                    inputs.Add(($"{poc.Name}~scaled{index + 1}", variant));
                }
            }
        }

        if (options.FuzzInputs > 0)
        {
            var seeds = problem.Pocs.Select(p => p.Bytes).Concat(problem.Polls.Select(p => p.Input)).Concat(inputs.Select(i => i.Bytes)).ToArray();
            int seed = HiddenInputs.SeedOf([problem.Id, .. candidateSources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "\n" + p.Value)]);
            foreach (var (mutant, index) in HiddenInputs.Mutate(seeds, options.FuzzInputs, seed, textOnly: argv).Select((m, i) => (m, i)))
            {
                inputs.Add(($"fuzz{index + 1}", mutant));
            }
        }

        return inputs;
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

    /// <summary>
    /// A hidden input that makes the candidate report a memory-safety crash fails it, unless the reference patched
    /// build reports the same crash on that input (a bug the reference fix leaves too): the intended bug still
    /// reachable is <c>still_crashes</c>, any other crash is <c>new_crash</c>. Hangs and resource exhaustion on
    /// these large inputs do not count.
    /// </summary>
    private async Task<Reward> JudgeHiddenAsync(
        CyberChallenge problem,
        IReadOnlyList<(string Name, byte[] Bytes)> hidden,
        IReadOnlyList<RunObservation> runs,
        ChallengeArtifacts artifacts,
        ScoringContext context)
    {
        const int MaxConfirmations = 8;
        var crashing = runs.Select((r, i) => (Run: r, Index: i))
            .Where(x => x.Run.Kind == CrashKind.Crash && x.Run.Report is not null)
            .Take(MaxConfirmations)
            .ToArray();
        var fixedReward = Reward.Correct(PatchReasons.Fixed).WithMetric("polls_passed", problem.Polls.Count);
        if (crashing.Length == 0)
        {
            return fixedReward;
        }

        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["patched"] = artifacts.Patched.Binary };
        IReadOnlyList<RunObservation> reference;
        var session = await TargetSession.StartAsync(context.Sandboxes, options, binaries, crashing.Length, context.CancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var (_, index) in crashing)
            {
                await session.RunAsync("patched", hidden[index].Bytes, Running.TargetInput.From(problem.Manifest), TimeSpan.FromMilliseconds(problem.Limits.TimeoutMs), context.CancellationToken).ConfigureAwait(false);
            }

            reference = await session.CollectAsync(context.CancellationToken).ConfigureAwait(false);
        }

        for (int k = 0; k < crashing.Length; k++)
        {
            var (run, index) = crashing[k];
            var signature = run.Report!.Signature;
            bool referenceToo = reference[k].Kind == CrashKind.Crash && reference[k].Report is { } r && r.Signature.Matches(signature);
            if (referenceToo)
            {
                continue;
            }

            bool intended = artifacts.Signatures.Any(s => s.Matches(signature));
            return Reward.Wrong(
                intended ? PatchReasons.StillCrashes : PatchReasons.NewCrash,
                $"hidden input '{hidden[index].Name}' ({hidden[index].Bytes.Length} bytes): {run.Summary}; the reference fix: {reference[k].Summary}");
        }

        return fixedReward;
    }

    private static string Head(string text) => text.Length <= 2000 ? text : text[..2000];
}
