using System.Globalization;
using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patching;
using Rlvr.Environments.Cyber.Running;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Checking;

/// <summary>
/// Validates a challenge folder the way the verifiers will use it (<c>rlvr cyber check FOLDER</c>): loads it, builds
/// the vulnerable and the reference-patched versions, runs every PoC (must crash the vulnerable build with the
/// expected class and function, must not crash the patched one), every poll (must crash neither build, must print its
/// expected output on the patched build and the same output on both) and every decoy, and then measures which lines
/// the polls execute in a coverage build (gcc's <c>--coverage</c>, read back with <c>gcov</c>), warning when none of them runs the
/// lines the reference patch changes. Every finding names its step.
/// </summary>
public sealed class ChallengeChecker
{
    // Reads the gcov data of every poll (r<index>/, .gcda written by the runs next to the build's .gcno notes) and
    // prints "== <poll index>" and then every source line the poll executed, as file:line.
    private const string CoverageReader = """
        import json, os, re, subprocess, sys
        for run in sys.argv[1:]:
            print("== " + os.path.basename(run)[1:])
            lines = set()
            for folder, _, names in os.walk(run):
                for name in names:
                    if not name.endswith(".gcda"):
                        continue
                    out = subprocess.run(["gcov", "--json-format", "--stdout", "-o", folder, os.path.join(folder, name)], capture_output=True, text=True, cwd=run).stdout
                    for doc in out.splitlines():
                        try:
                            data = json.loads(doc)
                        except ValueError:
                            continue
                        for f in data.get("files", []):
                            path = re.sub(r"^/tmp/build\.[^/]+/", "", f["file"])
                            for l in f["lines"]:
                                if l["count"] > 0:
                                    lines.add("%s:%d" % (path, l["line_number"]))
            for l in sorted(lines):
                print(l)
        """;
    private readonly CyberOptions options;

    /// <summary>Creates a checker.</summary>
    /// <param name="options">Image and limits (the verifiers' defaults when <see langword="null"/>).</param>
    public ChallengeChecker(CyberOptions? options = null) => this.options = options ?? CyberOptions.Default;

    /// <summary>Checks one challenge folder.</summary>
    /// <param name="folder">The challenge folder.</param>
    /// <param name="provider">Sandboxes for the builds and runs.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="SandboxException">The sandbox infrastructure failed.</exception>
    public async Task<ChallengeCheckResult> CheckAsync(string folder, ISandboxProvider provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(provider);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var findings = new List<CheckFinding>();
        var issues = ChallengeLoader.Validate(folder);
        if (issues.Count > 0)
        {
            findings.AddRange(issues.Select(i => new CheckFinding(CheckSeverity.Error, "load", i.ToString())));
            return new ChallengeCheckResult(name, findings);
        }

        var challenge = ChallengeLoader.Load(folder);
        findings.AddRange(ChallengeWarnings.Find(challenge).Select(w => new CheckFinding(CheckSeverity.Warning, "polls", w.ToString())));
        var plan = BuildRecipe.Plan(challenge);
        var vulnerable = await BuildCache.Shared.GetOrBuildAsync(challenge.VulnerableSources, plan, provider, options, cancellationToken).ConfigureAwait(false);
        var patched = await BuildCache.Shared.GetOrBuildAsync(challenge.PatchedSources, plan, provider, options, cancellationToken).ConfigureAwait(false);
        foreach (var (label, build) in new[] { ("build vulnerable", vulnerable), ("build patched", patched) })
        {
            findings.Add(build.Succeeded
                ? new CheckFinding(CheckSeverity.Info, label, $"ok ({build.Binary.Length / 1024} KiB, {build.Elapsed.TotalSeconds:0.0} s)")
                : new CheckFinding(CheckSeverity.Error, label, "failed:\n" + Tail(build.Log, 4000)));
        }

        if (!vulnerable.Succeeded || !patched.Succeeded)
        {
            return new ChallengeCheckResult(challenge.Id, findings);
        }

        await RunReferenceMaterialAsync(challenge, vulnerable, patched, provider, findings, cancellationToken).ConfigureAwait(false);
        await CheckCoverageAsync(challenge, plan, provider, findings, cancellationToken).ConfigureAwait(false);
        return new ChallengeCheckResult(challenge.Id, findings);
    }

    private async Task RunReferenceMaterialAsync(CyberChallenge challenge, BuildResult vulnerable, BuildResult patched, ISandboxProvider provider, List<CheckFinding> findings, CancellationToken cancellationToken)
    {
        var binaries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["vulnerable"] = vulnerable.Binary, ["patched"] = patched.Binary };
        int runs = (2 * challenge.Pocs.Count) + (2 * challenge.Polls.Count) + challenge.Decoys.Count;
        var input = TargetInput.From(challenge.Manifest);
        var limit = TimeSpan.FromMilliseconds(challenge.Limits.TimeoutMs);
        var session = await TargetSession.StartAsync(provider, options, binaries, runs, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var poc in challenge.Pocs)
            {
                await session.RunAsync("vulnerable", poc.Bytes, input, limit, cancellationToken).ConfigureAwait(false);
                await session.RunAsync("patched", poc.Bytes, input, limit, cancellationToken).ConfigureAwait(false);
            }

            foreach (var poll in challenge.Polls)
            {
                await session.RunAsync("vulnerable", poll.Input, input, limit, cancellationToken).ConfigureAwait(false);
                await session.RunAsync("patched", poll.Input, input, limit, cancellationToken).ConfigureAwait(false);
            }

            foreach (var decoy in challenge.Decoys)
            {
                await session.RunAsync("vulnerable", decoy.Bytes, input, limit, cancellationToken).ConfigureAwait(false);
            }

            var observed = await session.CollectAsync(cancellationToken).ConfigureAwait(false);
            var expected = challenge.Manifest.Expected;
            int at = 0;
            foreach (var poc in challenge.Pocs)
            {
                var onVulnerable = observed[at++];
                var onPatched = observed[at++];
                string step = "poc " + poc.Name;
                var signature = onVulnerable.Report?.Signature;
                if (onVulnerable.Kind != CrashKind.Crash || signature is null)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"does not crash the vulnerable build ({onVulnerable.Summary})"));
                }
                else if (!string.Equals(signature.BugClass, expected.BugClass, StringComparison.Ordinal) || !string.Equals(signature.CrashSite?.Function, expected.Function, StringComparison.Ordinal))
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"crashes the vulnerable build with {signature}, not the expected {expected.BugClass} in {expected.Function}"));
                }
                else
                {
                    findings.Add(new CheckFinding(CheckSeverity.Info, step, "vulnerable: " + onVulnerable.Summary));
                }

                if (onPatched.Kind != CrashKind.None)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"fails on the patched build ({onPatched.Summary})"));
                }
            }

            foreach (var poll in challenge.Polls)
            {
                var onVulnerable = observed[at++];
                var onPatched = observed[at++];
                string step = "poll " + poll.Name;
                int before = findings.Count;
                if (onPatched.Kind != CrashKind.None)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"fails on the patched build ({onPatched.Summary})"));
                }
                else if (!onPatched.Stdout.AsSpan().SequenceEqual(poll.ExpectedOutput))
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, "the patched build prints something else than polls/" + poll.Name + ".out: " + FirstDifference(poll.ExpectedOutput, onPatched.Stdout)));
                }

                if (onVulnerable.Kind != CrashKind.None)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"fails on the vulnerable build ({onVulnerable.Summary}): a poll must be valid input both versions handle"));
                }
                else if (onPatched.Kind == CrashKind.None && !onVulnerable.Stdout.AsSpan().SequenceEqual(onPatched.Stdout))
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, "the vulnerable and patched builds print different output: " + FirstDifference(onPatched.Stdout, onVulnerable.Stdout)));
                }

                if (findings.Count == before)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Info, step, $"ok ({onPatched.Stdout.Length} bytes of output, exit {onPatched.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"})"));
                }
            }

            foreach (var decoy in challenge.Decoys)
            {
                var run = observed[at++];
                string step = "decoy " + decoy.Name;
                var signature = run.Report?.Signature;
                if (run.Kind != CrashKind.Crash || signature is null)
                {
                    findings.Add(new CheckFinding(CheckSeverity.Warning, step, $"does not crash the vulnerable build ({run.Summary})"));
                }
                else if (string.Equals(signature.BugClass, expected.BugClass, StringComparison.Ordinal) && string.Equals(signature.CrashSite?.Function, expected.Function, StringComparison.Ordinal))
                {
                    findings.Add(new CheckFinding(CheckSeverity.Error, step, $"crashes with the expected signature ({signature}): a decoy must crash a different bug"));
                }
            }
        }
    }

    /// <summary>The 1-based lines of each changed file that the reference patch adds (or, for a deletion, the line after it).</summary>
    internal static Dictionary<string, SortedSet<int>> ChangedLines(CyberChallenge challenge)
    {
        var changed = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var (path, before) in challenge.VulnerableSources)
        {
            if (!challenge.PatchedSources.TryGetValue(path, out string? after) || string.Equals(before, after, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = new SortedSet<int>();
            var edits = LineDiff.Compute(before.Split('\n'), after.Split('\n'));
            int nextNew = 0;
            foreach (var edit in edits)
            {
                if (edit.Kind == '+')
                {
                    lines.Add(edit.NewIndex + 1);
                }
                else if (edit.Kind == '-')
                {
                    lines.Add(nextNew + 1);
                }

                if (edit.NewIndex >= 0)
                {
                    nextNew = edit.NewIndex + 1;
                }
            }

            changed[path] = lines;
        }

        return changed;
    }

    private async Task CheckCoverageAsync(CyberChallenge challenge, BuildPlan plan, ISandboxProvider provider, List<CheckFinding> findings, CancellationToken cancellationToken)
    {
        var changed = ChangedLines(challenge);
        if (changed.Count == 0)
        {
            findings.Add(new CheckFinding(CheckSeverity.Warning, "coverage", "the reference patch changes no source file"));
            return;
        }

        var coveragePlan = plan with { EnforcedFlags = [.. plan.EnforcedFlags, "--coverage"] };
        var build = await BuildCache.Shared.GetOrBuildAsync(challenge.PatchedSources, coveragePlan, provider, options, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded || build.CoverageNotes.Count == 0)
        {
            findings.Add(new CheckFinding(CheckSeverity.Warning, "coverage", "the coverage build failed, so whether the polls run the fixed code is unknown:\n" + Tail(build.Log, 2000)));
            return;
        }

        var hits = await RunCoverageAsync(challenge, build, provider, cancellationToken).ConfigureAwait(false);
        string where = string.Join(", ", changed.Select(c => $"{c.Key}:{string.Join(',', Ranges(c.Value))}"));
        var reaching = new List<string>();
        foreach (var poll in challenge.Polls)
        {
            if (hits.TryGetValue(poll.Name, out var lines) && lines.Any(l => changed.TryGetValue(l.File, out var set) && set.Contains(l.Line)))
            {
                reaching.Add(poll.Name);
            }
        }

        findings.Add(reaching.Count == 0
            ? new CheckFinding(CheckSeverity.Warning, "coverage", $"no poll executes the lines the reference patch changes ({where}): the polls do not test the fixed code's behaviour")
            : new CheckFinding(CheckSeverity.Info, "coverage", $"{reaching.Count} of {challenge.Polls.Count} polls execute the lines the reference patch changes ({where}): {string.Join(", ", reaching)}"));
    }

    /// <summary>Runs every poll on the coverage build and returns the source lines each one executed.</summary>
    private async Task<Dictionary<string, HashSet<(string File, int Line)>>> RunCoverageAsync(CyberChallenge challenge, BuildResult build, ISandboxProvider provider, CancellationToken cancellationToken)
    {
        const string dir = "/tmp/rlvr-cov";
        var files = new List<(string, byte[], bool)> { ("prog", build.Binary, true) };
        files.AddRange(build.CoverageNotes.Select(n => ("notes/" + n.Key, n.Value, false)));
        for (int i = 0; i < challenge.Polls.Count; i++)
        {
            files.Add(("in" + i.ToString(CultureInfo.InvariantCulture), challenge.Polls[i].Input, false));
        }

        var runs = Enumerable.Range(0, challenge.Polls.Count).Select(i => $"{dir}/r{i.ToString(CultureInfo.InvariantCulture)}").ToArray();
        var sandbox = await provider.AcquireAsync(options.BuildSpec, cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            // Each poll writes its counters under its own folder (GCOV_PREFIX), next to a copy of the build's notes.
            const string prepare = "d=\"$1\"; shift; rm -rf \"$d\"; mkdir -p \"$d\" && cd \"$d\" && tar -x && mkdir -p notes && for r; do mkdir -p \"$r\" && cp -r notes/. \"$r\"/; done";
            var setup = await sandbox.ExecAsync(new ExecRequest(["/bin/sh", "-c", prepare, "sh", dir, .. runs]) { Stdin = TarBuilder.Create(files), Timeout = TimeSpan.FromSeconds(120) }, cancellationToken).ConfigureAwait(false);
            if (setup.ExitCode != 0)
            {
                throw new SandboxException("setup_failed", "Preparing the coverage run failed: " + setup.StderrText);
            }

            var input = TargetInput.From(challenge.Manifest);
            for (int i = 0; i < challenge.Polls.Count; i++)
            {
                string index = i.ToString(CultureInfo.InvariantCulture);
                byte[] bytes = challenge.Polls[i].Input;
                var env = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    // The build folder was /tmp/build.XXXXXX: two components stripped, the rest goes under the poll's folder.
                    ["GCOV_PREFIX"] = runs[i],
                    ["GCOV_PREFIX_STRIP"] = "2",
                    ["ASAN_OPTIONS"] = "detect_leaks=0",
                };
                IReadOnlyList<string> args = input.Delivery switch
                {
                    InputDelivery.File => input.Arguments($"{dir}/in{index}"),
                    InputDelivery.Argv => input.Arguments(Encoding.UTF8.GetString(bytes)),
                    _ => input.Args,
                };
                if (input.Delivery == InputDelivery.Env)
                {
                    env[input.EnvVar ?? "INPUT"] = Encoding.UTF8.GetString(bytes);
                }

                await sandbox.ExecAsync(new ExecRequest([$"{dir}/prog", .. args])
                {
                    Stdin = input.Delivery == InputDelivery.Stdin ? bytes : [],
                    Environment = env,
                    WorkingDirectory = dir,
                    Timeout = TimeSpan.FromMilliseconds(challenge.Limits.TimeoutMs * 4L),
                }, cancellationToken).ConfigureAwait(false);
            }

            var lines = await sandbox.ExecAsync(new ExecRequest(["python3", "-I", "-S", "-c", CoverageReader, .. runs]) { Timeout = TimeSpan.FromSeconds(300), OutputLimitBytes = 64 * 1024 * 1024 }, cancellationToken).ConfigureAwait(false);
            return ParseCoverage(lines.StdoutText, challenge.Polls.Select(p => p.Name).ToList());
        }
    }

    /// <summary>Reads the symbolized coverage (<c>== index</c> headers, then <c>file:line</c> per program counter).</summary>
    internal static Dictionary<string, HashSet<(string File, int Line)>> ParseCoverage(string text, IReadOnlyList<string> pollNames)
    {
        var hits = new Dictionary<string, HashSet<(string, int)>>(StringComparer.Ordinal);
        HashSet<(string, int)>? current = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                current = int.TryParse(line[3..], NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < pollNames.Count
                    ? hits[pollNames[index]] = []
                    : null;
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string location = space > 0 ? line[..space] : line; // "file:line (discriminator n)"
            int colon = location.LastIndexOf(':');
            if (current is null || colon <= 0 || !int.TryParse(location[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                continue;
            }

            string file = location[..colon];
            while (file.StartsWith("./", StringComparison.Ordinal))
            {
                file = file[2..];
            }

            current.Add((file, number));
        }

        return hits;
    }

    private static IEnumerable<string> Ranges(SortedSet<int> lines)
    {
        int? start = null;
        int previous = 0;
        foreach (int line in lines)
        {
            if (start is null)
            {
                start = previous = line;
                continue;
            }

            if (line == previous + 1)
            {
                previous = line;
                continue;
            }

            yield return start == previous ? $"{start}" : $"{start}-{previous}";
            start = previous = line;
        }

        if (start is not null)
        {
            yield return start == previous ? $"{start}" : $"{start}-{previous}";
        }
    }

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        string[] e = Encoding.UTF8.GetString(expected).Split('\n');
        string[] a = Encoding.UTF8.GetString(actual).Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string x = i < e.Length ? e[i] : "<end>";
            string y = i < a.Length ? a[i] : "<end>";
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                return $"line {i + 1}: expected '{Short(x)}', got '{Short(y)}'";
            }
        }

        return "same text";
    }

    private static string Short(string s) => s.Length <= 120 ? s : s[..120] + "...";

    private static string Tail(string log, int max) => log.Length <= max ? log.Trim() : "..." + log[^max..].Trim();
}
