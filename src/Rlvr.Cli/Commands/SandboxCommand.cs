using System.CommandLine;
using System.Globalization;
using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr sandbox run --image NAME -- CMD...</c>: runs one command in a hardened sandbox, for a manual check.</summary>
internal static class SandboxCommand
{
    /// <summary>Most stdin bytes passed on.</summary>
    private const int MaxStdinBytes = 64 * 1024 * 1024;

    public static Command Create()
    {
        var image = new Option<string>("--image")
        {
            Description = "An image folder name (python) or a full reference (rlvr/python:latest).",
            Required = true,
        };
        var timeout = new Option<double>("--timeout") { Description = "Wall-clock limit in seconds.", DefaultValueFactory = _ => 10 };
        var memory = new Option<int>("--memory") { Description = "Memory limit in MB (memory+swap equal).", DefaultValueFactory = _ => 512 };
        var output = new Option<int>("--output-limit") { Description = "Bytes kept of stdout and of stderr.", DefaultValueFactory = _ => 1024 * 1024 };
        var command = new Argument<string[]>("command") { Description = "The program and its arguments (after --).", Arity = ArgumentArity.OneOrMore };
        var run = new Command("run", "Run one command in a hardened sandbox: stdin is passed on, stdout/stderr printed, then the facts on stderr.")
        {
            image, timeout, memory, output, command,
        };
        run.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            double seconds = parse.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds <= 0)
            {
                throw new CliException("--timeout must be a positive number of seconds.");
            }

            int megabytes = parse.GetValue(memory);
            if (megabytes < 8)
            {
                throw new CliException("--memory must be at least 8 (MB).");
            }

            string imageName = parse.GetValue(image) ?? string.Empty;
            string reference = imageName.Contains(':', StringComparison.Ordinal) || imageName.Contains('/', StringComparison.Ordinal)
                ? imageName
                : SandboxImages.Latest(imageName);
            string[] argv = parse.GetValue(command) ?? [];
            byte[] stdin = Console.IsInputRedirected ? await ReadStdinAsync(cancellationToken).ConfigureAwait(false) : [];
            var spec = new SandboxSpec(reference) { MemoryBytes = megabytes * 1024L * 1024 };
            var request = new ExecRequest(argv)
            {
                Stdin = stdin,
                Timeout = TimeSpan.FromSeconds(seconds),
                OutputLimitBytes = Math.Max(0, parse.GetValue(output)),
            };
            var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1, UseExecAgent = false } });
            await using (provider.ConfigureAwait(false))
            {
                ExecResult result;
                string id;
                try
                {
                    var sandbox = await provider.AcquireAsync(spec, cancellationToken).ConfigureAwait(false);
                    await using (sandbox.ConfigureAwait(false))
                    {
                        id = sandbox.Id;
                        result = await sandbox.ExecAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (SandboxException ex)
                {
                    throw new CliException($"{ex.Reason}: {ex.Message}");
                }

                using (var stdout = Console.OpenStandardOutput())
                {
                    await stdout.WriteAsync(result.Stdout, cancellationToken).ConfigureAwait(false);
                }

                using (var stderr = Console.OpenStandardError())
                {
                    await stderr.WriteAsync(result.Stderr, cancellationToken).ConfigureAwait(false);
                }

                await Console.Error.WriteLineAsync(FormatFacts(result, id)).ConfigureAwait(false);
                return result.ExitCode ?? (result.TimedOut ? 124 : 128 + (result.Signal ?? 0));
            }
        }));
        return new Command("sandbox", "Run commands in hardened Docker sandboxes.") { run };
    }

    internal static string FormatFacts(ExecResult result, string containerId)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"""
            --- rlvr sandbox facts ---
            exit_code         {(result.ExitCode is { } code ? code.ToString(c) : "none")}
            signal            {(result.Signal is { } signal ? signal.ToString(c) : "none")}
            timed_out         {result.TimedOut}
            oom_killed        {result.OomKilled}
            stdout            {result.Stdout.Length} bytes{(result.StdoutTruncated ? " (truncated)" : string.Empty)}
            stderr            {result.Stderr.Length} bytes{(result.StderrTruncated ? " (truncated)" : string.Empty)}
            wall_time         {result.WallTime.TotalMilliseconds:0.#} ms
            cpu_time          {(result.CpuTime is { } cpu ? cpu.TotalMilliseconds.ToString("0.#", c) + " ms" : "unknown")}
            container         {(containerId.Length > 12 ? containerId[..12] : containerId)}
            """);
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxStdinBytes)
            {
                throw new CliException($"stdin is larger than {MaxStdinBytes / (1024 * 1024)} MB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
