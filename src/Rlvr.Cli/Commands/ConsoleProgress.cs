using System.Globalization;
using Rlvr.Core.Scoring;

namespace Rlvr.Cli.Commands;

/// <summary>A one-line progress bar on a terminal, redrawn at most ten times a second; silent when disabled.</summary>
internal sealed class ConsoleProgress(TextWriter writer, bool enabled) : IProgress<ScoringProgress>, IDisposable
{
    private readonly Lock gate = new();
    private long lastDraw;
    private bool drawn;

    public void Report(ScoringProgress value)
    {
        if (!enabled)
        {
            return;
        }

        long now = Environment.TickCount64;
        if (value.Completed != value.Total && now - Interlocked.Read(ref lastDraw) < 100)
        {
            return;
        }

        lock (gate)
        {
            Interlocked.Exchange(ref lastDraw, now);
            const int width = 30;
            int filled = value.Total == 0 ? width : (int)((long)value.Completed * width / value.Total);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', width - filled)}] {value.Completed}/{value.Total}"));
            drawn = true;
        }
    }

    public void Finish()
    {
        lock (gate)
        {
            if (drawn)
            {
                writer.WriteLine();
                drawn = false;
            }
        }
    }

    public void Dispose() => Finish();
}
