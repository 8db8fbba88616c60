using System.Collections.Concurrent;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>
/// Builds a challenge's two versions and checks its reference material once per process: every reference PoC must
/// crash the vulnerable build with the declared class and function and must not reproduce on the patched build;
/// every poll must pass on the patched build. A challenge that fails this is unscorable, never a 0 for the model.
/// </summary>
internal static class ReferenceCache
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ChallengeArtifacts>>> Cache = new(StringComparer.Ordinal);

    public static async Task<ChallengeArtifacts> GetAsync(CyberChallenge challenge, ISandboxProvider provider, CyberOptions options, CancellationToken cancellationToken)
    {
        var plan = Building.BuildRecipe.Plan(challenge);
        string key = BuildCache.ComputeHash(challenge.VulnerableSources, plan, options.Image) + "|" + BuildCache.ComputeHash(challenge.PatchedSources, plan, options.Image);
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<Task<ChallengeArtifacts>>(() => ComputeAsync(challenge, provider, options)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ReferenceException)
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<ChallengeArtifacts>>>(key, lazy));
            throw;
        }
    }

    private static async Task<ChallengeArtifacts> ComputeAsync(CyberChallenge challenge, ISandboxProvider provider, CyberOptions options)
    {
        var plan = Building.BuildRecipe.Plan(challenge);
        var buildLimit = plan.Timeout is { } own && own > options.BuildTimeout ? own : options.BuildTimeout;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5) + (2 * buildLimit));
        var vulnerable = await BuildCache.Shared.GetOrBuildAsync(challenge.VulnerableSources, plan, provider, options, timeout.Token).ConfigureAwait(false);
        var patched = await BuildCache.Shared.GetOrBuildAsync(challenge.PatchedSources, plan, provider, options, timeout.Token).ConfigureAwait(false);
        if (!vulnerable.Succeeded || !patched.Succeeded)
        {
            throw new ReferenceException($"{challenge.Id}: the {(vulnerable.Succeeded ? "patched" : "vulnerable")} build does not compile: {(vulnerable.Succeeded ? patched.Log : vulnerable.Log)}");
        }

        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["vulnerable"] = vulnerable.Binary, ["patched"] = patched.Binary };
        var session = await TargetSession.StartAsync(provider, options, binaries, challenge.Pocs.Count * 2 + challenge.Polls.Count, timeout.Token).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var limit = TimeSpan.FromMilliseconds(challenge.Limits.TimeoutMs);
            foreach (var poc in challenge.Pocs)
            {
                await session.RunAsync("vulnerable", poc.Bytes, TargetInput.From(challenge.Manifest), limit, timeout.Token).ConfigureAwait(false);
                await session.RunAsync("patched", poc.Bytes, TargetInput.From(challenge.Manifest), limit, timeout.Token).ConfigureAwait(false);
            }

            foreach (var poll in challenge.Polls)
            {
                await session.RunAsync("patched", poll.Input, TargetInput.From(challenge.Manifest), limit, timeout.Token).ConfigureAwait(false);
            }

            var runs = await session.CollectAsync(timeout.Token).ConfigureAwait(false);
            var signatures = new List<CrashSignature>();
            var expected = challenge.Manifest.Expected;
            for (int i = 0; i < challenge.Pocs.Count; i++)
            {
                var onVulnerable = runs[2 * i];
                var onPatched = runs[(2 * i) + 1];
                string name = challenge.Pocs[i].Name;
                if (onVulnerable.Kind != CrashKind.Crash || onVulnerable.Report is null)
                {
                    throw new ReferenceException($"{challenge.Id}: reference PoC '{name}' does not crash the vulnerable build ({onVulnerable.Summary}).");
                }

                var signature = onVulnerable.Report.Signature;
                if (!string.Equals(signature.BugClass, expected.BugClass, StringComparison.Ordinal)
                    || !string.Equals(signature.CrashSite?.Function, expected.Function, StringComparison.Ordinal))
                {
                    throw new ReferenceException($"{challenge.Id}: reference PoC '{name}' crashes with {signature}, not the declared {expected.BugClass} in {expected.Function}.");
                }

                if (onPatched.Kind != CrashKind.None)
                {
                    throw new ReferenceException($"{challenge.Id}: reference PoC '{name}' still fails on the patched build ({onPatched.Summary}).");
                }

                if (!signatures.Exists(s => s.Matches(signature)))
                {
                    signatures.Add(signature);
                }
            }

            var exitCodes = new Dictionary<string, int?>(StringComparer.Ordinal);
            for (int i = 0; i < challenge.Polls.Count; i++)
            {
                var poll = challenge.Polls[i];
                var run = runs[(2 * challenge.Pocs.Count) + i];
                if (run.Kind != CrashKind.None || !run.Stdout.AsSpan().SequenceEqual(poll.ExpectedOutput))
                {
                    throw new ReferenceException($"{challenge.Id}: poll '{poll.Name}' fails on the patched build ({run.Summary}).");
                }

                exitCodes[poll.Name] = run.ExitCode;
            }

            return new ChallengeArtifacts(vulnerable, patched, signatures, exitCodes);
        }
    }
}
