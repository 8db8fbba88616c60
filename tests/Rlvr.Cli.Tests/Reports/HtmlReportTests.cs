using System.Diagnostics;
using Rlvr.Cli.Commands;
using Rlvr.Cli.Reports;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Cli.Tests.Reports;

public sealed class HtmlReportTests
{
    private static readonly IEnvironment Environment = new ReportTestEnvironment();

    [Fact]
    public void Render_MixedRun_ShowsEverySection()
    {
        string html = HtmlReport.Render(Environment, SampleRun(), "samples.jsonl");
        Assert.Contains("Reward histogram", html);
        Assert.Contains("Latency distribution", html);
        Assert.Contains("<svg", html);
        Assert.Contains("pass@k", html);
        Assert.Contains("Slowest items", html);
        Assert.Contains("Failing items (3;", html);
        Assert.Contains("sandbox down", html);
        Assert.Contains("&quot;stderr&quot;", html);
        Assert.Contains("bad.jsonl:4: field &#39;$.completion&#39;: missing", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
    }

    [Fact]
    public void Render_CompletionWithMarkup_IsEscaped()
    {
        string html = HtmlReport.Render(Environment, SampleRun(), "samples.jsonl");
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
    }

    [Fact]
    public void Render_OneCompletionPerProblem_HasNoPassAtK()
    {
        var run = SampleRun();
        var single = run with { Items = run.Items[..1], Requests = run.Requests.Take(1).ToList() };
        Assert.DoesNotContain("<h2>pass@k</h2>", HtmlReport.Render(Environment, single, "x"));
    }

    [Fact]
    public async Task Chromium_OpensReport_RendersTheCharts()
    {
        string? chromium = FindChromium();
        if (chromium is null)
        {
            Assert.Fail("chromium is not installed; run scripts/install-chromium.sh");
        }

        string dir = Directory.CreateTempSubdirectory("rlvr-report-").FullName;
        try
        {
            string page = Path.Combine(dir, "report.html");
            await HtmlReport.WriteAsync(new FileInfo(page), Environment, SampleRun(), "samples.jsonl", CancellationToken.None);
            string screenshot = Path.Combine(dir, "shot.png");
            var (exit, dom) = await RunAsync(chromium, ["--dump-dom", "file://" + page], dir);
            Assert.Equal(0, exit);
            Assert.Contains("Reward histogram", dom);
            Assert.Contains("<rect", dom);
            (exit, _) = await RunAsync(chromium, ["--window-size=1200,900", "--screenshot=" + screenshot, "file://" + page], dir);
            Assert.Equal(0, exit);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Exit, string Stdout)> RunAsync(string chromium, string[] args, string dir)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + Path.Combine(dir, "profile"), .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await stdout);
    }

    private static string? FindChromium() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .SelectMany(d => new[] { Path.Combine(d, "chromium"), Path.Combine(d, "chromium-browser") })
            .FirstOrDefault(File.Exists);

    private static EvalRunner.EvalRun SampleRun()
    {
        var requests = new List<ScoringRequest>
        {
            new("a1", new ReportProblem("1"), Completion.FromText("<answer>1</answer>"), "p1"),
            new("a2", new ReportProblem("1"), Completion.FromText("<img src=x onerror=alert(1)>"), "p1"),
            new("b1", new ReportProblem("2"), Completion.FromText("2"), "p2"),
            new("b2", new ReportProblem("2"), Completion.FromText("3"), "p2"),
        };
        var items = new[]
        {
            new ScoredItem("a1", Reward.Correct(), TimeSpan.FromMilliseconds(3), 1, false),
            new ScoredItem("a2", Reward.Wrong(Reasons.NoAnswer), TimeSpan.FromMilliseconds(0.2), 1, false),
            new ScoredItem("b1", Reward.Wrong(Reasons.RuntimeError).WithEvidence("stderr", "Traceback ..."), TimeSpan.FromMilliseconds(900), 1, false),
            new ScoredItem("b2", Reward.InfraError(Reasons.SandboxError, "sandbox down"), TimeSpan.FromSeconds(2), 3, false),
        };
        var errors = new List<DataError> { new("bad.jsonl", 4, "$.completion", "missing") };
        return new EvalRunner.EvalRun(items, requests, errors, ScoringSummary.Create(items));
    }

    public sealed record ReportProblem(string Answer);

    private sealed class ReportTestEnvironment : Environment<ReportProblem>
    {
        public override string Name => "test/report";

        public override string Version => "0.1";

        public override IVerifier<ReportProblem> Rubric { get; } = Verifier.Create<ReportProblem>((_, _) => Reward.Correct());

        public override string RenderPrompt(ReportProblem problem) => "?";
    }
}
