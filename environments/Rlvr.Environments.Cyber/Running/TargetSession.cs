using System.Globalization;
using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>
/// One sandbox in which compiled targets run several times. The work folder and the per-run report folders are
/// created by <see cref="CyberOptions.PrivilegedUser"/>; report folders are mode 0733, so the target (the sandbox's
/// unprivileged user) can create its report but cannot list the folder or plant files for other runs. A small shell
/// wrapper prints its PID and then <c>exec</c>s the target, so the PID is the launched process's; only
/// <c>report.&lt;that PID&gt;</c> is read, and the report's own <c>==PID==</c> must agree. The target's stdout and
/// stderr never count as sanitizer output.
/// </summary>
internal sealed class TargetSession : IAsyncDisposable
{
    // The sandbox's /tmp is a noexec tmpfs and its root filesystem is read-only, so the target is executed from a
    // memfd (fexecve). Every step is an exec, so the PID printed first is the target's.
    private const string Launcher =
        "import os,sys\nfd=os.memfd_create('target',0)\nos.write(fd,open(sys.argv[1],'rb').read())\nos.execve(fd,sys.argv[1:],os.environ)";

    private const string StdinWrapper = "echo $$; exec python3 -I -S -c \"$0\" \"$@\"";
    private const string FileWrapper = "echo $$; cat > \"$RLVR_INPUT\"; exec python3 -I -S -c \"$0\" \"$@\" < /dev/null";
    private const string ArgvWrapper = "echo $$; exec python3 -I -S -c \"$0\" \"$@\" < /dev/null";

    private readonly ISandbox sandbox;
    private readonly CyberOptions options;
    private readonly string workdir;
    private readonly int capacity;
    private readonly List<(int Run, int Pid, ExecResult Result)> pending = [];
    private int nextRun;

    private TargetSession(ISandbox sandbox, CyberOptions options, string workdir, int capacity)
    {
        this.sandbox = sandbox;
        this.options = options;
        this.workdir = workdir;
        this.capacity = capacity;
    }

    /// <summary>Acquires a sandbox and installs the binaries (name to bytes) with room for <paramref name="capacity"/> runs.</summary>
    public static async Task<TargetSession> StartAsync(
        ISandboxProvider provider,
        CyberOptions options,
        IReadOnlyDictionary<string, byte[]> binaries,
        int capacity,
        CancellationToken cancellationToken)
    {
        var sandbox = await provider.AcquireAsync(options.Spec, cancellationToken).ConfigureAwait(false);
        try
        {
            string workdir = "/tmp/rlvr-" + Guid.NewGuid().ToString("N");
            var dirs = string.Join(' ', Enumerable.Range(0, capacity).Select(i => "r" + i.ToString(CultureInfo.InvariantCulture)));
            // A lease is exclusive, so folders of earlier sessions in a reused container can go first.
            string script = $"rm -rf /tmp/rlvr-* 2>/dev/null; set -e; umask 022; mkdir -m 0755 \"$1\"; cd \"$1\"; tar -x --no-same-owner; mkdir -m 0777 in; mkdir -m 0733 {dirs}";
            var request = new ExecRequest(["/bin/sh", "-c", script, "sh", workdir])
            {
                Stdin = TarBuilder.Create(binaries.Select(b => (b.Key, b.Value, true))),
                User = options.PrivilegedUser,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var result = await sandbox.ExecAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new SandboxException("setup_failed", $"Preparing the run folder failed (exit {result.ExitCode}): {result.StderrText}");
            }

            return new TargetSession(sandbox, options, workdir, capacity);
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a binary on one input delivered through <paramref name="delivery"/> without extra arguments.</summary>
    public Task<int> RunAsync(string binary, byte[] input, InputDelivery delivery, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(binary, input, new TargetInput(delivery, [], delivery == InputDelivery.Env ? "INPUT" : null), timeout, cancellationToken);

    /// <summary>Runs a binary on one input; the observation is completed by <see cref="CollectAsync"/>.</summary>
    public async Task<int> RunAsync(string binary, byte[] input, TargetInput delivery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (nextRun >= capacity)
        {
            throw new InvalidOperationException($"The session was sized for {capacity} runs.");
        }

        int run = nextRun++;
        string runId = run.ToString(CultureInfo.InvariantCulture);
        string target = $"{workdir}/{binary}";
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASAN_OPTIONS"] = string.Join(':',
                $"exitcode={options.SanitizerExitCode.ToString(CultureInfo.InvariantCulture)}",
                "detect_leaks=0",
                $"log_path={workdir}/r{runId}/report",
                "abort_on_error=0",
                "handle_abort=1",
                "handle_segv=1",
                "handle_sigbus=1",
                "handle_sigfpe=1",
                "handle_sigill=1",
                "disable_coredump=1",
                "allocator_may_return_null=0",
                "detect_stack_use_after_return=0",
                "symbolize=1"),
            ["UBSAN_OPTIONS"] = string.Join(':',
                $"exitcode={options.SanitizerExitCode.ToString(CultureInfo.InvariantCulture)}",
                $"log_path={workdir}/r{runId}/report",
                "halt_on_error=1",
                "print_stacktrace=1",
                "disable_coredump=1",
                "symbolize=1"),
            ["RLVR_INPUT"] = $"{workdir}/in/input{runId}",
        };
        string inputPath = env["RLVR_INPUT"];
        var (script, args, stdin) = delivery.Delivery switch
        {
            InputDelivery.Stdin => (StdinWrapper, new[] { target }.Concat(delivery.Args).ToArray(), input),
            InputDelivery.File => (FileWrapper, new[] { target }.Concat(delivery.Arguments(inputPath)).ToArray(), input),
            InputDelivery.Argv => (ArgvWrapper, new[] { target }.Concat(delivery.Arguments(Encoding.UTF8.GetString(input))).ToArray(), Array.Empty<byte>()),
            _ => (ArgvWrapper, new[] { target }.Concat(delivery.Args).ToArray(), Array.Empty<byte>()),
        };
        if (delivery.Delivery == InputDelivery.Env)
        {
            env[delivery.EnvVar ?? "INPUT"] = Encoding.UTF8.GetString(input);
        }

        var request = new ExecRequest(["/bin/sh", "-c", script, Launcher, .. args])
        {
            Stdin = stdin,
            Environment = env,
            WorkingDirectory = workdir,
            Timeout = timeout,
            OutputLimitBytes = 1024 * 1024,
        };
        var result = await sandbox.ExecAsync(request, cancellationToken).ConfigureAwait(false);
        int newline = Array.IndexOf(result.Stdout, (byte)'\n');
        int pid = newline > 0 && int.TryParse(Encoding.ASCII.GetString(result.Stdout, 0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : -1;
        if (pid < 0)
        {
            throw new SandboxException("run_failed", $"The run wrapper did not report a PID (exit {result.ExitCode}): {result.StderrText}");
        }

        pending.Add((run, pid, result with { Stdout = result.Stdout[(newline + 1)..] }));
        return run;
    }

    /// <summary>Reads the reports of every run so far and classifies each run, in run order.</summary>
    public async Task<IReadOnlyList<RunObservation>> CollectAsync(CancellationToken cancellationToken)
    {
        var paths = pending.Select(r => $"{workdir}/r{r.Run.ToString(CultureInfo.InvariantCulture)}/report.{r.Pid.ToString(CultureInfo.InvariantCulture)}").ToArray();
        const string script = "for f; do if [ -f \"$f\" ]; then printf '1 '; base64 -w0 \"$f\"; echo; else echo 0; fi; done";
        var result = await sandbox.ExecAsync(new ExecRequest(["/bin/sh", "-c", script, "sh", .. paths]) { Timeout = TimeSpan.FromSeconds(30), OutputLimitBytes = 16 * 1024 * 1024 }, cancellationToken).ConfigureAwait(false);
        var lines = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 || lines.Length != paths.Length)
        {
            throw new SandboxException("collect_failed", $"Reading the sanitizer reports failed (exit {result.ExitCode}): {result.StderrText}");
        }

        var observations = new List<RunObservation>(pending.Count);
        for (int i = 0; i < pending.Count; i++)
        {
            string? report = lines[i].StartsWith("1 ", StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(lines[i][2..]))
                : null;
            observations.Add(Classify(pending[i].Pid, pending[i].Result, report));
        }

        pending.Clear();
        return observations;
    }

    public ValueTask DisposeAsync() => sandbox.DisposeAsync();

    private RunObservation Classify(int pid, ExecResult result, string? reportText)
    {
        var report = reportText is null ? null : SanitizerReportParser.Parse(reportText);
        string? note = null;
        // UBSan reports carry no PID line; their PID is the one in the file name, which the runtime chose itself.
        if (report is not null && report.Pid != SanitizerReport.UnknownPid && report.Pid != pid)
        {
            note = $"report names PID {report.Pid}, launched {pid}";
            report = null;
        }

        CrashKind kind;
        if (result.TimedOut)
        {
            kind = CrashKind.Hang;
        }
        else if (report is not null)
        {
            kind = report.Kind;
        }
        else if (result.OomKilled)
        {
            (kind, note) = (CrashKind.Other, "oom_killed");
        }
        else if (result.Signal is int signal)
        {
            (kind, note) = (CrashKind.Other, "signal " + signal.ToString(CultureInfo.InvariantCulture));
        }
        else if (result.ExitCode == options.SanitizerExitCode)
        {
            (kind, note) = (CrashKind.Other, note ?? "sanitizer exit code without a report");
        }
        else if (result.ExitCode is null)
        {
            (kind, note) = (CrashKind.Other, "no exit status");
        }
        else
        {
            kind = CrashKind.None;
        }

        return new RunObservation(kind, kind == CrashKind.Hang ? null : report, result.ExitCode, result.Signal, result.Stdout, Head(result.StderrText), note, result.WallTime);
    }

    private static string Head(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed[..200];
    }
}
