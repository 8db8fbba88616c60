using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rlvr.Tests.Support;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that serves files in the Hugging Face Hub's dataset URL layout,
/// <c>/datasets/{owner}/{name}/resolve/{revision}/{path}</c> (huggingface_hub constants.py, commit cadb7a9e:
/// <c>HUGGINGFACE_CO_URL_TEMPLATE = ENDPOINT + "/{repo_id}/resolve/{revision}/{filename}"</c> with the
/// <c>datasets/</c> prefix for dataset repositories). It honours <c>Range: bytes=N-</c> (206), answers 404 for
/// anything it does not hold, and can cut the connection of a file's first request after a number of bytes.
/// Every connection is closed after one response.
/// </summary>
internal sealed class LocalHub : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> dropAfter = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LocalHub()
    {
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string Endpoint => "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every request as "GET path" plus " range=N-" when it asked for a range.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Add(string repository, string revision, string path, byte[] content) =>
        files[$"/datasets/{repository}/resolve/{revision}/{path}"] = content;

    /// <summary>The next request for this file gets the full headers but only <paramref name="bytes"/> bytes, then the connection closes.</summary>
    public void DropNextAfter(string repository, string revision, string path, int bytes) =>
        dropAfter[$"/datasets/{repository}/resolve/{revision}/{path}"] = bytes;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string head = await ReadHeadAsync(stream).ConfigureAwait(false);
                string[] lines = head.Split("\r\n");
                string[] first = lines[0].Split(' ');
                string path = Uri.UnescapeDataString(first.Length > 1 ? first[1] : "/");
                long from = 0;
                string? range = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase));
                if (range is not null)
                {
                    string spec = range["Range:".Length..].Trim();
                    from = long.Parse(spec["bytes=".Length..spec.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                }

                Requests.Enqueue($"GET {path}" + (range is null ? string.Empty : $" range={from}-"));
                if (!files.TryGetValue(path, out byte[]? content))
                {
                    await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found").ConfigureAwait(false);
                    return;
                }

                if (from >= content.Length && range is not null)
                {
                    await WriteAsync(stream, $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{content.Length}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ConfigureAwait(false);
                    return;
                }

                long length = content.Length - from;
                string status = range is null ? "200 OK" : "206 Partial Content";
                string extra = range is null ? string.Empty : $"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}\r\n";
                await WriteAsync(stream, $"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\n{extra}Connection: close\r\n\r\n").ConfigureAwait(false);
                int send = (int)length;
                if (dropAfter.TryRemove(path, out int cut))
                {
                    send = Math.Min(send, cut);
                }

                await stream.WriteAsync(content.AsMemory((int)from, send)).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                if (send < length)
                {
                    await Task.Delay(300).ConfigureAwait(false); // let the client read what was sent before the cut
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, as a dropped connection looks
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
        {
            if (await stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();
}
