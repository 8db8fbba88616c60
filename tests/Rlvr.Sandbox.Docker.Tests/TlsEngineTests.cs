using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// A real engine reached over <c>tcp://</c> with TLS client certificates: scripts/start-docker-engine.sh --tls starts a
/// second dockerd on this machine listening on 127.0.0.1 with <c>--tlsverify</c> and makes, with openssl, a CA, a
/// server certificate for 127.0.0.1, a client certificate and a client certificate of another CA. The provider runs a
/// sandbox through it with the right certificates; with the wrong ones the engine is reported down, never a crash.
/// </summary>
public sealed class TlsEngineTests
{
    private const string Name = "test-engine-tls";

    [SkippableFact]
    public async Task AcquireAndExec_TcpEngineWithTlsClientCertificates_RunsThroughIt()
    {
        var endpoint = DockerEndpoint.Parse(await StartAsync());
        string testId = Guid.NewGuid().ToString("N")[..12];

        Assert.Equal("tcp", endpoint.Uri.Scheme);
        Assert.NotNull(endpoint.TlsCertificateDirectory);
        var (ok, line) = await DockerDiagnostics.CheckEnginesAsync([endpoint]);
        Assert.True(ok, line);
        Assert.Contains("ok: " + endpoint.Uri, line, StringComparison.Ordinal);

        var options = new DockerSandboxOptions
        {
            Endpoints = [endpoint],
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 2, UseExecAgent = true },
            Labels = new Dictionary<string, string> { [DockerTestEnvironment.TestLabel] = testId },
        };
        await using (var provider = new DockerSandboxProvider(options))
        {
            await using var sandbox = await provider.AcquireAsync(SandboxHarness.PythonSpec);
            var result = await sandbox.ExecAsync(new ExecRequest(["python3", "-c", "print(21 * 2)"]) { Timeout = TimeSpan.FromSeconds(20) });

            Assert.Equal("42", result.StdoutText.Trim());
            Assert.Equal(endpoint.Uri, ((DockerSandbox)sandbox).Endpoint.Uri);
            Assert.True(provider.Engines[0].Up);
            Assert.Equal(1, provider.Engines[0].LiveContainers);
        }
    }

    [SkippableFact]
    public async Task CheckAndAcquire_ClientCertificateOfAnotherCa_ReportTheEngineDown()
    {
        var right = DockerEndpoint.Parse(await StartAsync());
        var wrong = right with { TlsCertificateDirectory = Path.Combine(Path.GetDirectoryName(right.TlsCertificateDirectory!)!, "wrong-client") };

        // rlvr doctor's line: the engine named, FAIL, the reason, no stack trace.
        var (ok, line) = await DockerDiagnostics.CheckEnginesAsync([wrong]);
        Assert.False(ok);
        Assert.StartsWith("docker        FAIL: cannot reach " + right.Uri, line, StringComparison.Ordinal);
        Assert.Contains("TLS handshake refused", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(wrong.TlsCertificateDirectory!, "cert.pem"), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.NewLine, line, StringComparison.Ordinal);

        // The provider: an infrastructure failure (SandboxException), the engine out of placement; nothing else thrown.
        await using var provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Endpoints = [wrong],
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1, UseExecAgent = false },
            HealthCheckInterval = TimeSpan.FromMilliseconds(300),
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var error = await Record.ExceptionAsync(async () => await provider.AcquireAsync(SandboxHarness.PythonSpec, cts.Token));

        var failure = Assert.IsType<SandboxException>(error);
        Assert.Equal(SandboxReasons.DockerUnreachable, failure.Reason);
        Assert.Contains(right.Uri.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake failed", failure.Message, StringComparison.Ordinal);
        Assert.False(provider.Engines[0].Up, $"engine still up after: {error}");
    }

    /// <summary>Starts (or finds) the TLS engine on a free port; returns <c>tcp://127.0.0.1:PORT,CERT_DIR</c>.</summary>
    private static async Task<string> StartAsync()
    {
        await DockerTestEnvironment.RequireAsync();
        string script = Path.Combine(RepoPaths.Root, "scripts", "start-docker-engine.sh");
        string portFile = $"/run/rlvr-{Name}/tls-port";
        int port = File.Exists(portFile) ? int.Parse(File.ReadAllText(portFile).Trim(), System.Globalization.CultureInfo.InvariantCulture) : FreePort();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { script, "--tls", port.ToString(System.Globalization.CultureInfo.InvariantCulture), Name, SandboxImages.Python })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} --tls {port} {Name} failed ({process.ExitCode}): {await stderr}");
        await File.WriteAllTextAsync(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await stdout).Trim().Split('\n')[^1];
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
