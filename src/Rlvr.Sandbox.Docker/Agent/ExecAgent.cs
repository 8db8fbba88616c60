using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Agent;

/// <summary>
/// A long-lived process inside a container (Python, started once by <c>docker exec</c> as the spec's user) that
/// starts each command itself, so a command costs no <c>runc exec</c>. Opt-in per pool
/// (<see cref="SandboxPoolOptions.UseExecAgent"/>); images without <c>python3</c> fall back to one exec per command.
/// </summary>
internal sealed class ExecAgent : IDisposable
{
    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(ExecAgent).Assembly.GetManifestResourceStream("rlvr_agent.py")
            ?? throw new InvalidOperationException("The exec agent's source is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private readonly MultiplexedStream stream;
    private readonly byte[] buffer = new byte[81920];
    private byte[] pending = new byte[1 << 16];
    private int pendingStart;
    private int pendingEnd;

    private ExecAgent(MultiplexedStream stream)
    {
        this.stream = stream;
    }

    /// <summary>Whether the agent's stream ended or failed; a broken agent is never used again.</summary>
    public bool Broken { get; private set; }

    /// <summary>Starts the agent; <see langword="null"/> when the image cannot run it (no <c>python3</c>).</summary>
    public static async Task<ExecAgent?> StartAsync(EngineConnection engine, string containerId, SandboxSpec spec, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var created = await engine.Client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            User = spec.User,
            WorkingDir = "/",
            Cmd = ["python3", "-c", Source.Value],
        }, cts.Token).ConfigureAwait(false);
        var stream = await engine.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { Detach = false }, cts.Token).ConfigureAwait(false);
        var agent = new ExecAgent(stream);
        try
        {
            var (kind, _) = await agent.ReadFrameAsync(cts.Token).ConfigureAwait(false);
            if (kind == 'R')
            {
                return agent;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException or InvalidDataException)
        {
            // No python3 (the engine then writes its own error text, which is no frame), or it failed to start:
            // the container works with one exec per command.
        }

        agent.Dispose();
        return null;
    }

    /// <summary>
    /// Runs one command, its output into <paramref name="stdout"/> and <paramref name="stderr"/> (owned by the caller,
    /// which disposes them when it gives up); <see langword="null"/> result fields mean the agent died before reporting.
    /// </summary>
    public async Task<AgentOutcome> RunAsync(
        ExecRequest request, CappedBuffer stdout, CappedBuffer stderr, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan grace, CancellationToken cancellationToken)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["op"] = "run",
            ["argv"] = request.Argv,
            ["env"] = environment,
            ["cwd"] = workingDirectory,
            ["timeout"] = Math.Max(request.Timeout.TotalSeconds, 0.01),
            ["grace"] = Math.Max(grace.TotalSeconds, 0.1),
            ["limit"] = request.OutputLimitBytes,
            ["keep"] = request.KeepBackgroundProcesses,
            ["stdin"] = request.Stdin.Length,
        });
        try
        {
            var writer = WriteRequestAsync(header, request.Stdin, cancellationToken);
            while (true)
            {
                var (kind, payload) = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                switch (kind)
                {
                    case 'O':
                        stdout.Append(payload.Span);
                        break;
                    case 'E':
                        stderr.Append(payload.Span);
                        break;
                    case 'X':
                        await writer.ConfigureAwait(false);
                        using (var doc = JsonDocument.Parse(payload))
                        {
                            var root = doc.RootElement;
                            return new AgentOutcome(
                                stdout,
                                stderr,
                                root.TryGetProperty("exit", out var exit) ? exit.GetInt32() : null,
                                root.TryGetProperty("signal", out var signal) ? signal.GetInt32() : null,
                                root.GetProperty("timed_out").GetBoolean(),
                                root.GetProperty("out_trunc").GetBoolean(),
                                root.GetProperty("err_trunc").GetBoolean(),
                                AgentDied: false);
                        }

                    default:
                        throw new InvalidDataException($"The exec agent sent an unknown frame '{kind}'.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or JsonException or ObjectDisposedException)
        {
            // The agent was killed (by the command, the OOM killer or the watchdog) or its stream broke.
            Broken = true;
            return new AgentOutcome(stdout, stderr, null, null, false, stdout.Truncated, stderr.Truncated, AgentDied: true);
        }
    }

    /// <summary>Kills every other process of the user and deletes the files in /tmp and /dev/shm; whether it all went.</summary>
    public async Task<bool> CleanAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await WriteRequestAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["op"] = "clean" }), ReadOnlyMemory<byte>.Empty, cts.Token).ConfigureAwait(false);
            var (kind, payload) = await ReadFrameAsync(cts.Token).ConfigureAwait(false);
            if (kind != 'X')
            {
                Broken = true;
                return false;
            }

            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("clean", out var clean) && clean.GetBoolean();
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or OperationCanceledException or JsonException or ObjectDisposedException)
        {
            Broken = true;
            return false;
        }
    }

    public void Dispose()
    {
        Broken = true;
        stream.Dispose();
    }

    private async Task WriteRequestAsync(byte[] header, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, header.Length);
        await stream.WriteAsync(prefix, 0, 4, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
        const int Chunk = 64 * 1024;
        if (!stdin.IsEmpty)
        {
            byte[] chunk = new byte[Math.Min(Chunk, stdin.Length)];
            for (int offset = 0; offset < stdin.Length; offset += Chunk)
            {
                int count = Math.Min(Chunk, stdin.Length - offset);
                stdin.Span.Slice(offset, count).CopyTo(chunk);
                await stream.WriteAsync(chunk, 0, count, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads one frame; its payload is valid until the next read (it lies in the pending buffer, not a copy).</summary>
    private async Task<(char Kind, ReadOnlyMemory<byte> Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        await FillAsync(5, cancellationToken).ConfigureAwait(false);
        char kind = (char)pending[pendingStart];
        int length = BinaryPrimitives.ReadInt32BigEndian(pending.AsSpan(pendingStart + 1, 4));
        if (length < 0 || length > 64 * 1024 * 1024)
        {
            throw new InvalidDataException("The exec agent sent a frame of impossible length.");
        }

        pendingStart += 5;
        await FillAsync(length, cancellationToken).ConfigureAwait(false);
        var payload = pending.AsMemory(pendingStart, length);
        pendingStart += length;
        return (kind, payload);
    }

    /// <summary>Reads the agent's stdout until <paramref name="count"/> bytes are pending (its stderr is dropped).</summary>
    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        while (pendingEnd - pendingStart < count)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                throw new EndOfStreamException("The exec agent's output ended.");
            }

            if (read.Target != MultiplexedStream.TargetStream.StandardOut)
            {
                continue;
            }

            if (pendingEnd + read.Count > pending.Length)
            {
                int live = pendingEnd - pendingStart;
                var target = live + read.Count > pending.Length ? new byte[Math.Max(pending.Length * 2, live + read.Count)] : pending;
                Buffer.BlockCopy(pending, pendingStart, target, 0, live);
                pending = target;
                pendingStart = 0;
                pendingEnd = live;
            }

            Buffer.BlockCopy(buffer, 0, pending, pendingEnd, read.Count);
            pendingEnd += read.Count;
        }
    }
}
