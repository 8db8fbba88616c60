using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;
using Rlvr.Rollouts;

namespace Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr eval --model</c>: rolls a model out on an environment's problems (bundled, or <c>--problems</c>), writes one
/// trajectory per line (resuming from the output file with <c>--resume</c>) and prints the rollout summary.
/// </summary>
internal sealed class RolloutEval(IEnvironment environment, TextWriter stdout, TextWriter stderr)
{
    /// <summary>Reads the problems to roll out: a JSONL file, or the bundled dataset; at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<RolloutProblem>> LoadProblemsAsync(FileInfo? file, int? limit, CancellationToken cancellationToken)
    {
        var problems = new List<RolloutProblem>();
        if (file is null)
        {
            if (environment.ProblemIds.Count == 0)
            {
                throw new CliException(DatasetStatus.Note(environment) is { } note
                    ? $"environment '{environment.Name}' has no problems on this machine ({note}); or give --problems FILE."
                    : $"environment '{environment.Name}' bundles no problems; give --problems FILE.");
            }

            foreach (string id in environment.ProblemIds.Take(limit ?? int.MaxValue))
            {
                environment.TryGetProblem(id, out var problem);
                problems.Add(new RolloutProblem(id, problem!));
            }

            return problems;
        }

        if (!file.Exists)
        {
            throw new CliException($"--problems: file not found: {file.FullName}");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in JsonlReader.ReadFileAsync(file.FullName, cancellationToken).ConfigureAwait(false))
        {
            if (problems.Count >= (limit ?? int.MaxValue))
            {
                break;
            }

            var (problem, error) = ParseProblemLine(record);
            if (error is null && problem is not null && !keys.Add(problem.Key))
            {
                error = new DataError(file.Name, record.Line, "$.id", $"duplicate problem id '{problem.Key}'");
            }

            if (error is not null)
            {
                await stderr.WriteLineAsync((error with { File = file.Name }).ToString()).ConfigureAwait(false);
                continue;
            }

            problems.Add(problem!);
        }

        return problems;
    }

    /// <summary>Runs the rollouts into <paramref name="output"/> and prints the summary.</summary>
    public async Task<(IReadOnlyList<Trajectory> Trajectories, RolloutSummary Summary)> RunAsync(
        RolloutRunner runner,
        IReadOnlyList<RolloutProblem> problems,
        int samples,
        FileInfo output,
        bool resume,
        CancellationToken cancellationToken)
    {
        TrajectoryFile file;
        try
        {
            file = await TrajectoryFile.OpenAsync(output.FullName, resume, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new CliException("--resume: " + ex.Message);
        }

        await using (file.ConfigureAwait(false))
        {
            var wanted = problems.SelectMany(p => Enumerable.Range(0, samples).Select(s => RolloutRunner.TrajectoryId(p.Key, s))).ToHashSet(StringComparer.Ordinal);
            var kept = file.Kept.Where(t => wanted.Contains(t.Id)).ToList();
            if (kept.Count > 0)
            {
                await stderr.WriteLineAsync($"resuming: {kept.Count} finished episode(s) kept from {output.Name}").ConfigureAwait(false);
            }

            int total = wanted.Count - kept.Count, done = 0;
            using var progress = new ConsoleProgress(stderr, enabled: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error));
            var fresh = await runner.RunAsync(
                environment,
                problems,
                async (trajectory, token) =>
                {
                    await file.AppendAsync(trajectory, token).ConfigureAwait(false);
                    progress.Report(new ScoringProgress(++done, total, new ScoredItem(trajectory.Id, trajectory.Reward, trajectory.Latency, 1, false)));
                },
                kept.Select(t => t.Id).ToHashSet(StringComparer.Ordinal),
                cancellationToken).ConfigureAwait(false);
            progress.Finish();
            var all = kept.Concat(fresh).OrderBy(t => t.ProblemKey, StringComparer.Ordinal).ThenBy(t => t.Sample).ToList();
            var summary = RolloutSummary.Create(all);
            await stdout.WriteAsync($"environment   {environment.Name} {environment.Version}\n{summary.Format()}results       {output.FullName}\n").ConfigureAwait(false);
            return (all, summary);
        }
    }

    /// <summary>The run as an eval run, for the HTML report.</summary>
    public static EvalRunner.EvalRun AsEvalRun(IReadOnlyList<Trajectory> trajectories, IReadOnlyDictionary<string, object> problems)
    {
        var items = trajectories.Select(t => new ScoredItem(t.Id, t.Reward, t.Latency, 1, false)).ToArray();
        var requests = trajectories.Select(t => new ScoringRequest(t.Id, problems[t.ProblemKey], Completion.FromMessages(t.Messages), t.ProblemKey)).ToList();
        return new EvalRunner.EvalRun(items, requests, [], ScoringSummary.Create(items));
    }

    private (RolloutProblem? Problem, DataError? Error) ParseProblemLine(JsonlRecord record)
    {
        if (record.Error is { } error)
        {
            return (null, error);
        }

        var json = record.Value;
        try
        {
            if (json.TryGetProperty("problem_id", out var pid) && pid.ValueKind == JsonValueKind.String)
            {
                string id = pid.GetString()!;
                return environment.TryGetProblem(id, out var bundled)
                    ? (new RolloutProblem(id, bundled), null)
                    : (null, new DataError(string.Empty, record.Line, "$.problem_id", $"no problem '{id}' in the bundled dataset of '{environment.Name}'"));
            }

            bool wrapped = json.TryGetProperty("problem", out var inner) && inner.ValueKind == JsonValueKind.Object;
            var problemJson = wrapped ? inner : json;
            object problem = environment.ParseProblem(problemJson);
            string key = (wrapped && json.TryGetProperty("id", out var idJson) && idJson.ValueKind == JsonValueKind.String ? idJson.GetString() : null)
                ?? environment.GetProblemId(problem)
                ?? "line" + record.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (new RolloutProblem(key, problem, problemJson.Clone()), null);
        }
        catch (ProblemFormatException ex)
        {
            string prefix = json.TryGetProperty("problem", out _) ? "$.problem" : "$";
            return (null, new DataError(string.Empty, record.Line, prefix + (ex.Field is { Length: > 1 } f ? f[1..] : string.Empty), ex.InnerException?.Message ?? ex.Message));
        }
    }
}
