using System.Globalization;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary>A one-line progress bar per downloaded file on a terminal; nothing when <paramref name="enabled"/> is false.</summary>
internal sealed class DownloadBar(TextWriter writer, bool enabled) : IProgress<DownloadProgress>
{
    private long lastDraw;
    private bool drawn;

    public void Report(DownloadProgress value)
    {
        if (!enabled)
        {
            return;
        }

        long now = Environment.TickCount64;
        bool done = value.Total is { } t && value.Received >= t;
        if (!done && now - lastDraw < 100)
        {
            return;
        }

        lastDraw = now;
        const int width = 30;
        var c = CultureInfo.InvariantCulture;
        string bar = value.Total is { } total && total > 0
            ? string.Create(c, $"[{new string('#', (int)(value.Received * width / total))}{new string('.', width - (int)(value.Received * width / total))}] {value.Received / 1024.0 / 1024.0:0.0}/{total / 1024.0 / 1024.0:0.0} MB")
            : string.Create(c, $"{value.Received / 1024.0 / 1024.0:0.0} MB");
        writer.Write($"\r{value.Path} {bar}");
        drawn = true;
    }

    public void Finish()
    {
        if (drawn)
        {
            writer.WriteLine();
            drawn = false;
        }
    }
}
