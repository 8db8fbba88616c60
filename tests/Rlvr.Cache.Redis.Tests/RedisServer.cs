using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rlvr.Cache.Redis.Tests;

/// <summary>A private redis-server (Debian's package, installed by scripts/test.sh) on a free loopback port, no persistence.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private Process? process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Uri => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisServer(port);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again, on the same port, empty).</summary>
    public async Task RestartAsync()
    {
        Assert.True(File.Exists("/usr/bin/redis-server"), "redis-server is not installed; run scripts/test.sh (it installs Debian's redis-server)");
        var start = new ProcessStartInfo("/usr/bin/redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"redis-server did not listen on 127.0.0.1:{Port} within 5 s");
    }

    /// <summary>Kills the server, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
