using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>Runs one command in a container: stdin in, capped stdout/stderr out, timeouts inside and outside.</summary>
internal static class ExecRunner
{
    /// <summary>Exit status GNU timeout reports when it stopped the command with SIGTERM.</summary>
    private const int TimeoutExit = 124;

    /// <summary>
    /// The command runs under <c>timeout -k</c> in the background of a small shell (so its stdin must be passed
    /// on explicitly); when it ends, the shell kills every other process of the user, so a child left behind can
    /// neither hold the output streams open nor survive into the next command.
    /// </summary>
    private const string WrapperKill =
        "exec 3<&0 0</dev/null; timeout -k \"$RLVR_KILL_AFTER\" \"$RLVR_TIMEOUT\" \"$@\" 0<&3 3<&- & p=$!; exec 3<&-; wait $p; r=$?; kill -9 -1 2>/dev/null; exit $r";

    private const string WrapperKeep =
        "exec 3<&0 0</dev/null; timeout -k \"$RLVR_KILL_AFTER\" \"$RLVR_TIMEOUT\" \"$@\" 0<&3 3<&- & p=$!; exec 3<&-; wait $p; exit $?";

    /// <summary>
    /// Prefix of the first command of a lease when the previous lease ran commands as the same user only and left no
    /// background process on purpose: the cleanup before reuse runs in the command's own shell instead of a separate
    /// exec. It kills every other process of the user (builtins only, so the loop forks nothing it would count),
    /// removes the user's SysV IPC objects and POSIX message queues, and deletes every file in /tmp and /dev/shm; when that fails, the command does not run and the sandbox is reported broken.
    /// </summary>
    internal const string PreClean =
        "i=0; while :; do kill -9 -1 2>/dev/null; n=0; " +
        "for d in /proc/[0-9]*; do [ \"${d#/proc/}\" = \"$$\" ] || { [ -O \"$d\" ] && n=$((n+1)); }; done; " +
        "[ $n -eq 0 ] && break; i=$((i+1)); [ $i -ge 100 ] && break; sleep 0.01; done; " +
        "ipcrm --all 2>/dev/null; find /dev/mqueue -mindepth 1 -delete 2>/dev/null; " +
        "{ [ $i -lt 100 ] && { find /tmp /dev/shm -mindepth 1 -delete 2>/dev/null || " +
        "{ chmod -R u+rwx /tmp /dev/shm 2>/dev/null; find /tmp /dev/shm -mindepth 1 -delete 2>/dev/null; }; }; } || " +
        "{ echo " + NotCleanMarker + " >&2; exit 255; }; ";

    /// <summary>What <see cref="PreClean"/> prints (alone, on stderr, with exit 255) when the sandbox could not be cleaned.</summary>
    internal const string NotCleanMarker = "rlvr-sandbox-not-clean";

    /// <summary>Slack beyond timeout and kill grace before the outside watchdog acts.</summary>
    private static readonly TimeSpan WatchdogSlack = TimeSpan.FromSeconds(2);

    public static async Task<ExecResult> RunAsync(PooledContainer container, ExecRequest request, DockerSandboxOptions options, CancellationToken cancellationToken)
    {
        var spec = container.Spec;
        string user = request.User ?? spec.User;
        container.AddUser(user);
        if (request.KeepBackgroundProcesses)
        {
            container.KeptBackground = true;
        }

        if (container.Agent is { Broken: false } agent && string.Equals(user, spec.User, StringComparison.Ordinal))
        {
            return await RunViaAgentAsync(container, agent, request, options, cancellationToken).ConfigureAwait(false);
        }

        string? previousUser = container.PendingCleanUser;
        container.PendingCleanUser = null;
        if (previousUser is not null && previousUser != user)
        {
            await SandboxPool.CleanAsync(container, [previousUser], options).ConfigureAwait(false);
            if (container.Anomaly is { } why)
            {
                throw new SandboxException(SandboxReasons.ContainerDied, $"Sandbox container {DockerErrors.Short(container.Id)} could not be cleaned before reuse ({why}); the pool replaces it.");
            }
        }

        bool preClean = previousUser == user;
        double seconds = Math.Max(request.Timeout.TotalSeconds, 0.01);
        var env = new List<string>
        {
            "RLVR_TIMEOUT=" + seconds.ToString("0.###", CultureInfo.InvariantCulture),
            "RLVR_KILL_AFTER=" + Math.Max(options.KillGrace.TotalSeconds, 0.1).ToString("0.###", CultureInfo.InvariantCulture),
        };
        AddEnvironment(env, spec.Environment);
        AddEnvironment(env, request.Environment);
        var cmd = new List<string>(request.Argv.Count + 4) 
        {
            "sh", "-c", (preClean ? PreClean : string.Empty) + (request.KeepBackgroundProcesses ? WrapperKeep : WrapperKill), "rlvr-exec",
        };
        cmd.AddRange(request.Argv);

        var client = container.Engine.Client;
        string execId;
        MultiplexedStream stream;
        var cpuBefore = container.Cgroup?.CpuTime();
        long? pidsBefore = container.Cgroup?.PidsLimitHits();
        var clock = Stopwatch.StartNew();
        try
        {
            using var createCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            createCts.CancelAfter(options.RequestTimeout);
            var created = await client.Exec.CreateContainerExecAsync(container.Id, new ContainerExecCreateParameters
            {
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                User = user,
                WorkingDir = request.WorkingDirectory ?? spec.WorkingDirectory,
                Env = env,
                Cmd = cmd,
            }, createCts.Token).ConfigureAwait(false);
            execId = created.ID;
            stream = await client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { Detach = false }, createCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Fail(container, ex, "start a command");
        }

        using var stdout = new CappedBuffer(request.OutputLimitBytes, request.StdoutSink);
        using var stderr = new CappedBuffer(request.OutputLimitBytes);
        bool watchdogFired = false;
        using (stream)
        {
            using var readCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writer = WriteStdinAsync(stream, request.Stdin, readCts.Token);
            var reader = ReadOutputAsync(stream, stdout, stderr, readCts.Token);
            var limit = request.Timeout + options.KillGrace + WatchdogSlack;
            try
            {
                var finished = await Task.WhenAny(reader, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
                if (finished != reader)
                {
                    // The command outlived its own timeout (or the caller gave up): kill from outside.
                    watchdogFired = !cancellationToken.IsCancellationRequested;
                    container.MarkAnomaly(watchdogFired ? "command overran its timeout" : "command cancelled");
                    await KillUserProcessesAsync(container, user, options).ConfigureAwait(false);
                    if (await Task.WhenAny(reader, Task.Delay(WatchdogSlack, CancellationToken.None)).ConfigureAwait(false) != reader)
                    {
                        // Still streaming: the container goes (its pool replaces it), which ends the stream.
                        await container.Engine.RemoveAsync(container.Id, options.RequestTimeout).ConfigureAwait(false);
                        await readCts.CancelAsync().ConfigureAwait(false);
                    }
                }

                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                container.MarkAnomaly("command cancelled");
                await KillUserProcessesAsync(container, user, options).ConfigureAwait(false);
                throw;
            }
            catch (OperationCanceledException) when (watchdogFired)
            {
                // The stream was cut by the watchdog after removing the container; the facts below stand.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Fail(container, ex, "read a command's output");
            }
            finally
            {
                await readCts.CancelAsync().ConfigureAwait(false);
                try
                {
                    await writer.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A command need not read its stdin; a broken pipe on the way in is not a failure.
                }
            }
        }

        var wall = clock.Elapsed;
        long? exitCode = null;
        if (!watchdogFired)
        {
            exitCode = await WaitExitCodeAsync(container, execId, options, cancellationToken).ConfigureAwait(false);
        }

        var cpuAfter = container.Cgroup?.CpuTime();
        bool oom = await ReadOomAsync(container, user, options).ConfigureAwait(false);
        long? pidsAfter = container.Cgroup?.PidsLimitHits();
        if (preClean && exitCode == 255 && stdout.TotalBytes == 0
            && System.Text.Encoding.UTF8.GetString(stderr.ToArray()).Trim() == NotCleanMarker)
        {
            container.MarkAnomaly("cleanup before reuse failed");
            throw new SandboxException(SandboxReasons.ContainerDied, $"Sandbox container {DockerErrors.Short(container.Id)} could not be cleaned before reuse; the pool replaces it.");
        }

        var result = Interpret(exitCode, watchdogFired, wall, request.Timeout) with
        {
            Stdout = stdout.ToArray(),
            Stderr = stderr.ToArray(),
            StdoutTruncated = stdout.Truncated,
            StderrTruncated = stderr.Truncated,
            OomKilled = oom,
            WallTime = wall,
            CpuTime = cpuBefore is { } before && cpuAfter is { } after ? after - before : null,
        };
        if (result.TimedOut)
        {
            container.MarkAnomaly("command timed out");
        }

        if (oom)
        {
            container.MarkAnomaly("OOM kill");
        }

        if (pidsAfter > pidsBefore)
        {
            container.MarkAnomaly("pids limit reached");
        }

        return result;
    }

    /// <summary>Runs a command through the container's exec agent (no runc exec); the agent enforces the timeout itself.</summary>
    private static async Task<ExecResult> RunViaAgentAsync(
        PooledContainer container, Agent.ExecAgent agent, ExecRequest request, DockerSandboxOptions options, CancellationToken cancellationToken)
    {
        var spec = container.Spec;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, string>>?)spec.Environment ?? [])
        {
            env[name] = value;
        }

        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, string>>?)request.Environment ?? [])
        {
            env[name] = value;
        }

        var cpuBefore = container.Cgroup?.CpuTime();
        long? pidsBefore = container.Cgroup?.PidsLimitHits();
        var clock = Stopwatch.StartNew();
        using var stdout = new CappedBuffer(request.OutputLimitBytes, request.StdoutSink);
        using var stderr = new CappedBuffer(request.OutputLimitBytes);
        var run = agent.RunAsync(request, stdout, stderr, env, request.WorkingDirectory ?? spec.WorkingDirectory, options.KillGrace, CancellationToken.None);
        var limit = request.Timeout + options.KillGrace + WatchdogSlack;
        bool watchdogFired = false;
        try
        {
            var finished = await Task.WhenAny(run, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
            if (finished != run)
            {
                watchdogFired = true;
            }
        }
        catch (OperationCanceledException)
        {
            // Handled below: the caller gave up.
        }

        if (watchdogFired || cancellationToken.IsCancellationRequested)
        {
            // Killing every process of the user ends the agent too, which ends the run; the container is replaced.
            container.MarkAnomaly(cancellationToken.IsCancellationRequested ? "command cancelled" : "command overran its timeout");
            await KillUserProcessesAsync(container, spec.User, options).ConfigureAwait(false);
            if (await Task.WhenAny(run, Task.Delay(WatchdogSlack, CancellationToken.None)).ConfigureAwait(false) != run)
            {
                agent.Dispose();
                await container.Engine.RemoveAsync(container.Id, options.RequestTimeout).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        var outcome = await run.ConfigureAwait(false);
        var wall = clock.Elapsed;
        if (outcome.AgentDied && !watchdogFired)
        {
            // The agent's stream also ends when the engine connection drops; only a running container with a
            // reachable engine means the agent itself was killed (by the command or the OOM killer).
            await EnsureContainerRunningAsync(container, options).ConfigureAwait(false);
        }

        var cpuAfter = container.Cgroup?.CpuTime();
        bool oom = await ReadOomAsync(container, spec.User, options).ConfigureAwait(false);
        long? pidsAfter = container.Cgroup?.PidsLimitHits();
        if (outcome.AgentDied)
        {
            container.MarkAnomaly("exec agent died");
        }

        var result = new ExecResult
        {
            ExitCode = watchdogFired ? null : outcome.ExitCode,
            Signal = watchdogFired || (outcome.AgentDied && oom) ? 9 : outcome.Signal,
            TimedOut = watchdogFired || outcome.TimedOut,
            Stdout = outcome.Stdout.ToArray(),
            Stderr = outcome.Stderr.ToArray(),
            StdoutTruncated = outcome.StdoutTruncated || outcome.Stdout.Truncated,
            StderrTruncated = outcome.StderrTruncated || outcome.Stderr.Truncated,
            OomKilled = oom,
            WallTime = wall,
            CpuTime = cpuBefore is { } before && cpuAfter is { } after ? after - before : null,
        };
        if (result.TimedOut)
        {
            container.MarkAnomaly("command timed out");
        }

        if (oom)
        {
            container.MarkAnomaly("OOM kill");
        }

        if (pidsAfter > pidsBefore)
        {
            container.MarkAnomaly("pids limit reached");
        }

        return result;
    }

    /// <summary>Throws the infrastructure failure when the engine is unreachable or the container stopped.</summary>
    private static async Task EnsureContainerRunningAsync(PooledContainer container, DockerSandboxOptions options)
    {
        global::Docker.DotNet.Models.ContainerInspectResponse inspect;
        try
        {
            using var cts = new CancellationTokenSource(options.RequestTimeout);
            inspect = await container.Engine.Client.Containers.InspectContainerAsync(container.Id, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Fail(container, ex, "read a command's output");
        }

        if (inspect.State?.Running != true)
        {
            container.MarkAnomaly("engine failure: container stopped");
            throw DockerErrors.ContainerDied(container.Id, "it stopped while a command ran");
        }
    }

    /// <summary>Turns the exit status into facts: signals as 128+n, GNU timeout's 124 and 137 as timeouts.</summary>
    internal static ExecResult Interpret(long? exitCode, bool watchdogFired, TimeSpan wall, TimeSpan timeout)
    {
        if (watchdogFired)
        {
            return new ExecResult { TimedOut = true, Signal = 9 };
        }

        if (exitCode is not { } code)
        {
            return new ExecResult();
        }

        // A command may itself exit 124 or 137; only a run that lasted its whole timeout counts as timed out.
        bool ranFull = wall >= timeout * 0.98;
        if (code == TimeoutExit && ranFull)
        {
            return new ExecResult { TimedOut = true, Signal = 15 };
        }

        if (code is > 128 and <= 128 + 64)
        {
            int signal = (int)code - 128;
            return new ExecResult { Signal = signal, TimedOut = signal == 9 && ranFull };
        }

        return new ExecResult { ExitCode = (int)code };
    }

    /// <summary>Runs a short helper command (kill, cleanup, counters) and returns its exit code and output.</summary>
    internal static async Task<(long? ExitCode, string Output)> RunHelperAsync(PooledContainer container, string user, string script, TimeSpan timeout)
    {
        var client = container.Engine.Client;
        using var cts = new CancellationTokenSource(timeout);
        var created = await client.Exec.CreateContainerExecAsync(container.Id, new ContainerExecCreateParameters
        {
            AttachStdout = true,
            AttachStderr = true,
            User = user,
            Cmd = ["sh", "-c", script],
        }, cts.Token).ConfigureAwait(false);
        using var stream = await client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { Detach = false }, cts.Token).ConfigureAwait(false);
        using var stdout = new CappedBuffer(64 * 1024);
        using var stderr = new CappedBuffer(4 * 1024);
        await ReadOutputAsync(stream, stdout, stderr, cts.Token).ConfigureAwait(false);
        long? code = null;
        for (int i = 0; i < 200 && !cts.IsCancellationRequested; i++)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(created.ID, cts.Token).ConfigureAwait(false);
            if (!inspect.Running)
            {
                code = inspect.ExitCode;
                break;
            }

            await Task.Delay(5, cts.Token).ConfigureAwait(false);
        }

        return (code, System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    /// <summary>Kills every process of <paramref name="user"/> in the container (never PID 1, which runs as another user).</summary>
    internal static async Task KillUserProcessesAsync(PooledContainer container, string user, DockerSandboxOptions options)
    {
        try
        {
            await RunHelperAsync(container, user, "kill -9 -1 2>/dev/null; kill -9 -1 2>/dev/null; exit 0", options.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            container.MarkAnomaly("could not kill leftover processes");
        }
    }

    private static async Task<long?> WaitExitCodeAsync(PooledContainer container, string execId, DockerSandboxOptions options, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.RequestTimeout);
        try
        {
            // The output ends a moment before the engine records the exit status.
            for (int attempt = 0; ; attempt++)
            {
                var inspect = await container.Engine.Client.Exec.InspectContainerExecAsync(execId, cts.Token).ConfigureAwait(false);
                if (!inspect.Running)
                {
                    return inspect.ExitCode;
                }

                await Task.Delay(Math.Min(2 + attempt, 20), cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Fail(container, ex, "read a command's exit status");
        }
    }

    private static async Task<bool> ReadOomAsync(PooledContainer container, string user, DockerSandboxOptions options)
    {
        long? kills = container.Cgroup?.OomKills();
        if (kills is null)
        {
            try
            {
                var (_, output) = await RunHelperAsync(
                    container, user, "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null; exit 0", options.RequestTimeout).ConfigureAwait(false);
                kills = HostCgroup.ParseKey(output, "oom_kill");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                container.MarkAnomaly("could not read the OOM counter");
            }
        }

        if (kills is not { } now || now <= container.OomKills)
        {
            return false;
        }

        container.OomKills = now;
        return true;
    }

    private static SandboxException Fail(PooledContainer container, Exception ex, string doing)
    {
        container.MarkAnomaly("engine failure: " + ex.GetType().Name);
        if (ex is DockerContainerNotFoundException
            || (ex is DockerApiException { StatusCode: System.Net.HttpStatusCode.Conflict } api
                && api.ResponseBody?.Contains("not running", StringComparison.OrdinalIgnoreCase) == true))
        {
            return DockerErrors.ContainerDied(container.Id, "it is no longer running", ex);
        }

        if (DockerErrors.IsTransport(ex))
        {
            container.Engine.MarkUnreachable();
        }

        return DockerErrors.Map(container.Engine.Endpoint, ex, doing);
    }

    private static async Task WriteStdinAsync(MultiplexedStream stream, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        const int Chunk = 64 * 1024;
        if (!stdin.IsEmpty)
        {
            byte[] buffer = new byte[Math.Min(Chunk, stdin.Length)];
            for (int offset = 0; offset < stdin.Length; offset += Chunk)
            {
                int count = Math.Min(Chunk, stdin.Length - offset);
                stdin.Span.Slice(offset, count).CopyTo(buffer);
                await stream.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
            }
        }

        stream.CloseWrite();
    }

    private static async Task ReadOutputAsync(MultiplexedStream stream, CappedBuffer stdout, CappedBuffer stderr, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                return;
            }

            var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            target.Append(buffer.AsSpan(0, read.Count));
        }
    }

    private static void AddEnvironment(List<string> env, IReadOnlyDictionary<string, string>? variables)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var (name, value) in variables)
        {
            env.Add(name + "=" + value);
        }
    }
}
