using System.Diagnostics;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Code.Tests.Support;

/// <summary>Temporary development provider over the docker CLI (hardened flags), until the Docker provider lands.</summary>
internal sealed class CliSandboxProvider : ISandboxProvider
{
    public async ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
    {
        var (code, stdout, _) = await RunAsync(
            ["run", "-d", "--rm", "--label", "rlvr.test=code-cli", "--network", "none", "--read-only", "--tmpfs", "/tmp:size=64m,exec",
             "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "128", "--memory", "512m", "--memory-swap", "512m",
             "--user", "65534:65534", spec.Image, "sleep", "infinity"], ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (code != 0)
        {
            throw new SandboxException("docker_failed", "docker run failed");
        }

        return new CliSandbox(System.Text.Encoding.UTF8.GetString(stdout).Trim(), spec);
    }

    internal static async Task<(int Code, byte[] Stdout, byte[] Stderr)> RunAsync(IEnumerable<string> args, ReadOnlyMemory<byte> stdin, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("docker") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var outTask = ReadAllAsync(p.StandardOutput.BaseStream);
        var errTask = ReadAllAsync(p.StandardError.BaseStream);
        try
        {
            await p.StandardInput.BaseStream.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            await p.WaitForExitAsync();
            return (-1, await outTask, await errTask);
        }

        return (p.ExitCode, await outTask, await errTask);
    }

    private static async Task<byte[]> ReadAllAsync(Stream s)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }

    private sealed class CliSandbox(string id, SandboxSpec spec) : ISandbox
    {
        public string Id => id;

        public SandboxSpec Spec => spec;

        public async ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
        {
            var sw = Stopwatch.StartNew();
            var args = new List<string> { "exec", "-i", id, "timeout", "-k", "1", request.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            args.AddRange(request.Argv);
            var (code, stdout, stderr) = await RunAsync(args, request.Stdin, request.Timeout + TimeSpan.FromSeconds(5));
            bool truncated = stdout.Length > request.OutputLimitBytes;
            return new ExecResult
            {
                ExitCode = code is 124 or 137 or -1 ? null : code,
                Signal = code is 137 or 124 or -1 ? 9 : null,
                TimedOut = code is 124 or -1,
                Stdout = truncated ? stdout[..request.OutputLimitBytes] : stdout,
                StdoutTruncated = truncated,
                Stderr = stderr.Length > request.OutputLimitBytes ? stderr[..request.OutputLimitBytes] : stderr,
                WallTime = sw.Elapsed,
            };
        }

        public async ValueTask DisposeAsync() => await RunAsync(["rm", "-f", id], ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(30));
    }
}
