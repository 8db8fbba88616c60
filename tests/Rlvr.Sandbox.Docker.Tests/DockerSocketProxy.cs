using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// A Unix-socket proxy in a temporary folder, forwarding to the engine's socket, that a test can cut (every
/// connection closed, new ones refused) and restore, to simulate losing the daemon without stopping the shared one.
/// </summary>
internal sealed class DockerSocketProxy : IAsyncDisposable
{
    private readonly string target;
    private readonly string directory;
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private Socket? listener;
    private Task? acceptLoop;

    public DockerSocketProxy(string target = "/var/run/docker.sock")
    {
        this.target = target;
        directory = Directory.CreateTempSubdirectory("rlvr-proxy-").FullName;
        SocketPath = Path.Combine(directory, "docker.sock");
        Start();
    }

    public string SocketPath { get; }

    public Uri Uri => new("unix://" + SocketPath);

    /// <summary>Connections accepted so far.</summary>
    public int Accepted;

    /// <summary>Closes every connection and stops listening (clients get "connection refused").</summary>
    public void Cut()
    {
        var l = Interlocked.Exchange(ref listener, null);
        l?.Dispose();
        foreach (var socket in open.Keys)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            socket.Dispose();
        }

        open.Clear();
        File.Delete(SocketPath);
    }

    /// <summary>Listens again on the same path.</summary>
    public void Restore() => Start();

    public async ValueTask DisposeAsync()
    {
        Cut();
        if (acceptLoop is not null)
        {
            await acceptLoop.ContinueWith(_ => { });
        }

        Directory.Delete(directory, recursive: true);
    }

    private void Start()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        socket.Listen(64);
        listener = socket;
        acceptLoop = AcceptAsync(socket);
    }

    private async Task AcceptAsync(Socket socket)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref Accepted);
            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(target));
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            open[client] = 0;
            open[upstream] = 0;
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        byte[] buffer = new byte[65536];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            from.Dispose();
            to.Dispose();
            open.TryRemove(from, out _);
            open.TryRemove(to, out _);
        }
    }
}
