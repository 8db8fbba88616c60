using System.Text;
using System.Text.Json;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Tests;

/// <summary>
/// <c>/run_code</c> driven by verl's SandboxFusion client (Python/verl_client.py), on sandboxes that answer like the
/// launcher: back-pressure and sandbox failures never reach verl as a failed test.
/// </summary>
public sealed class RunCodeEndpointTests
{
    [Fact]
    public async Task HandleAsync_VerlCasesBeyondConcurrency_AllPassAndConcurrencyHolds()
    {
        var sandbox = new EchoSandboxProvider(TimeSpan.FromMilliseconds(250), failures: 0);
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Sandboxes = sandbox,
            Scoring = o.Scoring with { MaxDegreeOfParallelism = 2 },
            QueueCapacity = 4,
        });

        var root = await VerlAsync(h, cases: 24);

        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.True, r.ValueKind));
        Assert.Equal(2, sandbox.MaxConcurrent);
        Assert.Contains("rlvr_held_total{endpoint=\"/run_code\"}", await h.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task HandleAsync_SandboxFailsTwice_RetriedInsideTheRequest()
    {
        var sandbox = new EchoSandboxProvider(TimeSpan.Zero, failures: 2);
        await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = sandbox });

        var root = await VerlAsync(h, cases: 3);

        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.True, r.ValueKind));
        Assert.Contains("rlvr_infra_retries_total{endpoint=\"/run_code\"} 2", await h.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task HandleAsync_SandboxAlwaysFails_Answers504NotAVerdict()
    {
        var sandbox = new EchoSandboxProvider(TimeSpan.Zero, failures: int.MaxValue);
        await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = sandbox });
        var response = await h.PostAsync("/run_code", """{"code": "print(1)", "language": "python", "run_timeout": 1}""");
        Assert.Equal(System.Net.HttpStatusCode.GatewayTimeout, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal("SandboxError", json.GetProperty("status").GetString());
        Assert.Contains("docker_unreachable", json.GetProperty("error").GetProperty("message").GetString());
    }

    private static Task<JsonElement> VerlAsync(ServerHarness h, int cases)
    {
        // verl's client reads the code from our script's stdin; the echo sandbox doubles the input without running it.
        return PythonRunner.RunAsync("verl_client.py", [new Uri(h.BaseAddress, "/run_code").ToString(), cases.ToString(System.Globalization.CultureInfo.InvariantCulture), "10", "python"], stdin: "print(2 * int(input()))\n");
    }

    /// <summary>
    /// Answers as the launcher would for a program that prints twice its integer input, after a delay, counting how
    /// many run at once; the first <c>failures</c> executions fail as an unreachable daemon would. Runs nothing.
    /// </summary>
    private sealed class EchoSandboxProvider(TimeSpan delay, int failures) : ISandboxProvider, ISandbox
    {
        private int running;
        private int failed;
        private int maxConcurrent;

        public int MaxConcurrent => Volatile.Read(ref maxConcurrent);

        public string Id => "echo";

        public SandboxSpec Spec => new("echo");

        public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default) => new(this);

        public async ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref failed) <= failures)
            {
                throw new SandboxException(SandboxReasons.DockerUnreachable, "simulated: the Docker daemon is not answering");
            }

            int now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref maxConcurrent)) < now && Interlocked.CompareExchange(ref maxConcurrent, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(delay, cancellationToken);
                using var payload = JsonDocument.Parse(request.Stdin);
                string input = Encoding.UTF8.GetString(Convert.FromBase64String(payload.RootElement.GetProperty("stdin").GetString()!));
                string stdout = Convert.ToBase64String(Encoding.UTF8.GetBytes((2 * int.Parse(input, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
                string report = $$$"""{"compile": null, "run": {"status": "Finished", "execution_time": 0.01, "return_code": 0, "stdout": "{{{stdout}}}", "stderr": "", "stdout_truncated": false, "stderr_truncated": false}}""";
                return new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes("\n" + report + "\n") };
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
