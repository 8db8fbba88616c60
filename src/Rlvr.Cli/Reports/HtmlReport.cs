using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rlvr.Cli.Commands;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;
using Rlvr.Core.Statistics;
using Rlvr.Rollouts;

namespace Rlvr.Cli.Reports;

/// <summary>
/// One self-contained HTML page about an eval run (inline CSS and SVG, no scripts, nothing fetched): reward
/// histogram, outcome and reason counts, latency distribution, pass@k when completions share a problem, and the
/// slowest and failing items with their evidence.
/// </summary>
internal static class HtmlReport
{
    private const int ListedItems = 25;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(FileInfo file, IEnvironment environment, EvalRunner.EvalRun run, string inputName, CancellationToken cancellationToken, RolloutSummary? episodes = null)
    {
        file.Directory?.Create();
        await File.WriteAllTextAsync(file.FullName, Render(environment, run, inputName, episodes), Encoding.UTF8, cancellationToken).ConfigureAwait(false);
    }

    internal static string Render(IEnvironment environment, EvalRunner.EvalRun run, string inputName, RolloutSummary? episodes = null)
    {
        var items = run.Items;
        var summary = run.Summary;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rlvr eval: ")
            .Append(E(environment.Name)).Append("</title><style>").Append(Css).Append("</style></head><body>");
        html.Append(C, $"<h1>rlvr eval report</h1><p class=\"sub\"><b>{E(environment.Name)}</b> {E(environment.Version)} &middot; {E(inputName)} &middot; {summary.Total} items &middot; {run.Errors.Count} invalid input line(s)</p>");

        html.Append("<section class=\"cards\">");
        Card(html, "mean reward", summary.MeanReward is { } mean ? mean.ToString("0.000", C) : "n/a", $"over {summary.ByOutcome[Outcome.Scored]} scored");
        Card(html, "scored", summary.ByOutcome[Outcome.Scored].ToString(C), "judgements");
        Card(html, "unscorable", summary.ByOutcome[Outcome.Unscorable].ToString(C), "problem faults");
        Card(html, "infra_error", summary.ByOutcome[Outcome.InfraError].ToString(C), "infrastructure faults");
        Card(html, "latency p50 / p99", $"{Ms(summary.P50)} / {Ms(summary.P99)}", $"p90 {Ms(summary.P90)}");
        html.Append("</section>");

        html.Append("<section class=\"grid\"><div><h2>Reward histogram (scored items)</h2>");
        var scoredValues = items.Where(i => i.Reward.IsScored).Select(i => i.Reward.Value).ToList();
        var rewardBins = new int[10];
        foreach (double v in scoredValues)
        {
            rewardBins[Math.Min(9, (int)(v * 10))]++;
        }

        html.Append(Bars(rewardBins, [.. Enumerable.Range(0, 10).Select(i => i == 9 ? "[.9,1]" : string.Create(C, $"[.{i},.{i + 1})"))], "#3b7dd8"));
        html.Append("</div><div><h2>Latency distribution</h2>");
        double[] edges = [1, 5, 10, 50, 100, 500, 1000, 5000];
        var latencyBins = new int[edges.Length + 1];
        foreach (var item in items)
        {
            double ms = item.Elapsed.TotalMilliseconds;
            int bin = Array.FindIndex(edges, e => ms <= e);
            latencyBins[bin < 0 ? edges.Length : bin]++;
        }

        html.Append(Bars(latencyBins, [.. edges.Select(e => "≤" + (e >= 1000 ? (e / 1000).ToString(C) + "s" : e.ToString(C) + "ms")), ">5s"], "#8a5cd6"));
        html.Append("</div></section>");

        html.Append("<section class=\"grid\"><div><h2>Outcomes</h2><table><tr><th>outcome</th><th>count</th><th>share</th></tr>");
        foreach (var (outcome, count) in summary.ByOutcome)
        {
            html.Append(C, $"<tr><td><span class=\"tag {ScoredItemJson.OutcomeName(outcome)}\">{ScoredItemJson.OutcomeName(outcome)}</span></td><td>{count}</td><td>{Share(count, summary.Total)}</td></tr>");
        }

        html.Append("</table></div><div><h2>Reasons</h2><table><tr><th>reason</th><th>count</th><th>share</th></tr>");
        foreach (var (reason, count) in summary.ByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            html.Append(C, $"<tr><td><code>{E(reason)}</code></td><td>{count}</td><td>{Share(count, summary.Total)}</td></tr>");
        }

        html.Append("</table></div></section>");
        AppendPassAtK(html, environment, run);
        if (episodes is not null)
        {
            AppendEpisodes(html, episodes);
        }

        var requestsById = run.Requests.ToDictionary(r => r.Id, StringComparer.Ordinal);
        html.Append("<h2>Slowest items</h2>");
        ItemTable(html, items.OrderByDescending(i => i.Elapsed).Take(ListedItems), requestsById);
        var failing = items.Where(i => !i.Reward.IsScored || i.Reward.Value < 1.0).ToList();
        html.Append(C, $"<h2>Failing items ({failing.Count}; first {Math.Min(ListedItems, failing.Count)}, infrastructure and unscorable first)</h2>");
        ItemTable(html, failing.OrderByDescending(i => i.Reward.Outcome).ThenBy(i => i.Reward.Value).Take(ListedItems), requestsById);
        if (run.Errors.Count > 0)
        {
            html.Append("<h2>Invalid input lines</h2><ul>");
            foreach (var error in run.Errors.Take(ListedItems))
            {
                html.Append("<li><code>").Append(E(error.ToString())).Append("</code></li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p class=\"sub\">Only <b>scored</b> items are judgements; unscorable and infra_error items are kept out of the mean and of pass@k.</p></body></html>");
        return html.ToString();
    }

    private static void AppendPassAtK(StringBuilder html, IEnvironment environment, EvalRunner.EvalRun run)
    {
        var keys = run.Requests.Select(r => ScoringEngine.KeyFor(environment, r).ProblemKey).ToArray();
        var groupSizes = keys.GroupBy(k => k, StringComparer.Ordinal).Select(g => g.Count()).ToList();
        if (groupSizes.Count == 0 || groupSizes.Max() < 2)
        {
            return;
        }

        var rewards = run.Items.Select(i => i.Reward).ToArray();
        html.Append(C, $"<h2>pass@k</h2><p class=\"sub\">{groupSizes.Count} problems, {groupSizes.Min()}–{groupSizes.Max()} completions each (unbiased estimator; a problem counts for k when it has at least k scored completions).</p><table><tr><th>k</th><th>pass@k</th></tr>");
        foreach (int k in new[] { 1, 2, 4, 8, 16, 32, 64, groupSizes.Max() }.Distinct().Where(k => k <= groupSizes.Max()).Order())
        {
            if (GroupStatistics.MeanPassAtK(rewards, keys, k) is { } value)
            {
                html.Append(C, $"<tr><td>{k}</td><td>{value:0.0000}</td></tr>");
            }
        }

        html.Append("</table>");
    }

    private static void AppendEpisodes(StringBuilder html, RolloutSummary episodes)
    {
        html.Append("<h2>Episodes</h2><table><tr><th>measure</th><th>value</th></tr>");
        html.Append(C, $"<tr><td>ends</td><td>terminated {episodes.ByEnd[EpisodeEnd.Terminated]}, truncated {episodes.ByEnd[EpisodeEnd.Truncated]}, error {episodes.ByEnd[EpisodeEnd.Error]}</td></tr>");
        html.Append(C, $"<tr><td>model turns</td><td>mean {episodes.MeanTurns:0.##}, max {episodes.MaxTurns}</td></tr>");
        foreach (var (k, value) in episodes.PassAtK)
        {
            html.Append(C, $"<tr><td>pass@{k}</td><td>{value:0.0000}</td></tr>");
        }

        if (episodes.MeanAtK is { } meanAtK)
        {
            html.Append(C, $"<tr><td>mean@K</td><td>{meanAtK:0.0000}</td></tr>");
        }

        html.Append(C, $"<tr><td>zero-variance groups</td><td>{episodes.ZeroVarianceShare:0.0000}</td></tr>");
        html.Append(C, $"<tr><td>tokens</td><td>input {episodes.Usage.InputTokens}, output {episodes.Usage.OutputTokens}</td></tr></table>");
        if (episodes.SuccessSteps.Count > 0)
        {
            int last = episodes.SuccessSteps.Max();
            var counts = new int[Math.Min(last, 20)];
            foreach (int step in episodes.SuccessSteps)
            {
                counts[Math.Min(step, counts.Length) - 1]++;
            }

            html.Append(C, $"<h2>Step at which success became certain ({episodes.SuccessSteps.Count} successful episodes)</h2>");
            html.Append(Bars(counts, [.. Enumerable.Range(1, counts.Length).Select(i => i == counts.Length && last > counts.Length ? "≥" + i.ToString(C) : i.ToString(C))], "#2e9d6a"));
        }
    }

    private static void ItemTable(StringBuilder html, IEnumerable<ScoredItem> items, Dictionary<string, ScoringRequest> requests)
    {
        html.Append("<table class=\"items\"><tr><th>id</th><th>reward</th><th>outcome</th><th>reason</th><th>ms</th><th>completion and evidence</th></tr>");
        foreach (var item in items)
        {
            var reward = item.Reward;
            string completion = requests.TryGetValue(item.Id, out var request) ? request.Completion.Text : string.Empty;
            string outcome = ScoredItemJson.OutcomeName(reward.Outcome);
            html.Append(C, $"<tr><td><code>{E(item.Id)}</code></td><td>{reward.Value:0.###}</td><td><span class=\"tag {outcome}\">{outcome}</span></td><td><code>{E(reward.Reason)}</code></td><td>{Number(item.Elapsed.TotalMilliseconds)}</td><td>");
            if (reward.Detail is not null)
            {
                html.Append("<div class=\"detail\">").Append(E(reward.Detail)).Append("</div>");
            }

            html.Append("<details><summary>").Append(E(Clip(completion, 120))).Append("</summary><pre>").Append(E(Clip(completion, 4000))).Append("</pre>");
            if (reward.Evidence.Count > 0 || reward.Components.Count > 0 || reward.Metrics.Count > 0)
            {
                var parts = new SortedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["components"] = reward.Components,
                    ["metrics"] = reward.Metrics,
                    ["evidence"] = reward.Evidence,
                };
                html.Append("<pre class=\"evidence\">").Append(E(Clip(JsonSerializer.Serialize(parts, EvidenceJson), 8000))).Append("</pre>");
            }

            html.Append("</details></td></tr>");
        }

        html.Append("</table>");
    }

    private static readonly JsonSerializerOptions EvidenceJson = new(RlvrJson.Options) { WriteIndented = true };

    private static string Bars(int[] counts, string[] labels, string color)
    {
        const int width = 460, height = 180, bottom = 30, top = 16;
        int max = Math.Max(1, counts.Max());
        double slot = (double)width / counts.Length;
        var svg = new StringBuilder();
        svg.Append(C, $"<svg viewBox=\"0 0 {width} {height + bottom}\" width=\"100%\" role=\"img\">");
        for (int i = 0; i < counts.Length; i++)
        {
            double h = (height - top) * counts[i] / (double)max;
            double x = (i * slot) + 2;
            svg.Append(C, $"<rect x=\"{x:0.#}\" y=\"{height - h:0.#}\" width=\"{slot - 4:0.#}\" height=\"{h:0.#}\" fill=\"{color}\"><title>{E(labels[i])}: {counts[i]}</title></rect>");
            if (counts[i] > 0)
            {
                svg.Append(C, $"<text x=\"{x + ((slot - 4) / 2):0.#}\" y=\"{height - h - 3:0.#}\" class=\"n\">{counts[i]}</text>");
            }

            svg.Append(C, $"<text x=\"{x + ((slot - 4) / 2):0.#}\" y=\"{height + 16}\" class=\"l\">{E(labels[i])}</text>");
        }

        svg.Append(C, $"<line x1=\"0\" y1=\"{height}\" x2=\"{width}\" y2=\"{height}\" stroke=\"#999\"/></svg>");
        return svg.ToString();
    }

    private static void Card(StringBuilder html, string title, string value, string note) =>
        html.Append("<div class=\"card\"><div class=\"t\">").Append(E(title)).Append("</div><div class=\"v\">").Append(E(value)).Append("</div><div class=\"s\">").Append(E(note)).Append("</div></div>");

    private static string Share(int count, int total) => total == 0 ? "–" : (100.0 * count / total).ToString("0.0", C) + "%";

    private static string Ms(TimeSpan t) => Number(t.TotalMilliseconds) + " ms";

    /// <summary>Milliseconds with enough digits that sub-millisecond verifiers do not show as 0.</summary>
    private static string Number(double ms) => ms.ToString(ms < 1 ? "0.###" : "0.#", C);

    private static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "body{font:14px/1.45 'DejaVu Sans',system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d2330;padding:0 16px}" +
        "h1{margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px}.sub{color:#5a6270}" +
        ".cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #dde2ea;border-radius:8px;padding:10px 14px;min-width:150px}" +
        ".card .t{color:#5a6270;font-size:12px}.card .v{font-size:22px;font-weight:600}.card .s{color:#8a919c;font-size:12px}" +
        ".grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}" +
        "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e6e9ef;padding:4px 8px;text-align:left;vertical-align:top}" +
        "th{background:#f5f7fa;font-weight:600}.items td:nth-child(6){max-width:520px}" +
        "pre{white-space:pre-wrap;word-break:break-word;background:#f7f8fa;padding:6px;margin:4px 0;font-size:12px}" +
        ".tag{padding:1px 6px;border-radius:4px;font-size:12px}.scored{background:#e3f1e6}.unscorable{background:#fcefd6}.infra_error{background:#f9dede}" +
        ".detail{color:#8a3b12;font-size:12px}svg text.n{font-size:10px;text-anchor:middle;fill:#333}svg text.l{font-size:10px;text-anchor:middle;fill:#666}" +
        "summary{cursor:pointer;color:#2b3a55}";
}
