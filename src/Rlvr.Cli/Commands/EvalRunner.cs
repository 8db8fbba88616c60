using System.Globalization;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;
using Rlvr.Core.Statistics;

namespace Rlvr.Cli.Commands;

/// <summary>Reads samples, scores them, writes results and prints errors, progress and a summary.</summary>
internal sealed class EvalRunner(
    IEnvironment environment,
    ScoringOptions options,
    TextWriter stdout,
    TextWriter stderr,
    ISandboxProvider? sandboxes = null,
    IScoreCache? cache = null)
{
    /// <summary>The outcome of a run, for callers that add reports.</summary>
    public sealed record EvalRun(ScoredItem[] Items, IReadOnlyList<ScoringRequest> Requests, IReadOnlyList<DataError> Errors, ScoringSummary Summary);

    public async Task<EvalRun> RunAsync(FileInfo input, FileInfo output, CancellationToken cancellationToken)
    {
        if (!input.Exists)
        {
            throw new CliException($"--input: file not found: {input.FullName}");
        }

        var requests = new List<ScoringRequest>();
        var errors = new List<DataError>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var records = Rlvr.Core.Data.Datasets.DatasetReader.IsParquet(input.FullName)
            ? ParquetSamples.ReadAsync(input.FullName, cancellationToken)
            : JsonlReader.ReadFileAsync(input.FullName, cancellationToken);
        await foreach (var record in records.ConfigureAwait(false))
        {
            DataError? error = record.Error;
            if (error is null)
            {
                if (SampleParser.TryParse(record.Value, environment, out var request, out string? field, out string? message))
                {
                    if (seenIds.Add(request.Id))
                    {
                        requests.Add(request);
                        continue;
                    }

                    (field, message) = ("$.id", $"duplicate id '{request.Id}' (ids name results, so they must be unique)");
                }

                if (field == "$.problem_id" && DatasetStatus.Note(environment) is { } note)
                {
                    message += "; " + note;
                }

                error = new DataError(input.Name, record.Line, field, message ?? "invalid sample");
            }

            errors.Add(error);
            await stderr.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        var engine = new ScoringEngine(options, sandboxes, cache);
        using var progress = new ConsoleProgress(stderr, enabled: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error));
        var items = await engine.ScoreAsync(environment, requests, progress, cancellationToken).ConfigureAwait(false);
        progress.Finish();

        output.Directory?.Create();
        var stream = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await using (writer.ConfigureAwait(false))
            {
                foreach (var item in items)
                {
                    ScoredItemJson.Write(writer, item);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    writer.Reset();
                    stream.WriteByte((byte)'\n');
                }
            }
        }

        var summary = ScoringSummary.Create(items);
        await stdout.WriteAsync(FormatSummary(environment, summary, items, requests, errors.Count, output)).ConfigureAwait(false);
        return new EvalRun(items, requests, errors, summary);
    }

    internal static string FormatSummary(
        IEnvironment environment,
        ScoringSummary summary,
        IReadOnlyList<ScoredItem> items,
        IReadOnlyList<ScoringRequest> requests,
        int invalidLines,
        FileInfo output)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(c, $"environment   {environment.Name} {environment.Version}");
        text.AppendLine(c, $"items         {summary.Total} scored here, {invalidLines} invalid input line(s) skipped");
        text.AppendLine(c, $"mean reward   {(summary.MeanReward is { } mean ? mean.ToString("0.0000", c) : "n/a")} over {summary.ByOutcome[Outcome.Scored]} scored item(s)");
        text.AppendLine(c, $"outcomes      scored {summary.ByOutcome[Outcome.Scored]}, unscorable {summary.ByOutcome[Outcome.Unscorable]}, infra_error {summary.ByOutcome[Outcome.InfraError]}");
        text.AppendLine(c, $"reasons       {string.Join(", ", summary.ByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        if (summary.FromCache > 0)
        {
            text.AppendLine(c, $"cache         {summary.FromCache} item(s) answered from the score cache");
        }

        text.AppendLine(c, $"latency       p50 {Ms(summary.P50)}, p90 {Ms(summary.P90)}, p99 {Ms(summary.P99)}");
        string? passAtK = PassAtK(items, requests, environment);
        if (passAtK is not null)
        {
            text.AppendLine(c, $"pass@k        {passAtK}");
        }

        text.AppendLine(c, $"results       {output.FullName}");
        return text.ToString();

        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>pass@1 and pass@n when several completions share a problem; <see langword="null"/> otherwise.</summary>
    private static string? PassAtK(IReadOnlyList<ScoredItem> items, IReadOnlyList<ScoringRequest> requests, IEnvironment environment)
    {
        var keys = requests.Select(r => ScoringEngine.KeyFor(environment, r).ProblemKey).ToArray();
        int smallest = keys.GroupBy(k => k, StringComparer.Ordinal).Select(g => g.Count()).DefaultIfEmpty(0).Min();
        if (smallest < 2)
        {
            return null;
        }

        var rewards = items.Select(i => i.Reward).ToArray();
        var parts = new List<string>();
        foreach (int k in new[] { 1, smallest }.Distinct())
        {
            if (GroupStatistics.MeanPassAtK(rewards, keys, k) is { } value)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"pass@{k} {value:0.0000}"));
            }
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
