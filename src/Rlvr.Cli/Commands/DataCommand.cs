using System.CommandLine;
using System.Globalization;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr data list</c> and <c>rlvr data pull NAME</c>: the datasets environments read, and downloading them.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Datasets the environments read: list them, pull them from the Hugging Face Hub.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Pull());
        return command;
    }

    private static Command List()
    {
        var assemblies = CommonOptions.Assemblies();
        var command = new Command("list", "List datasets: name, whether present and where, source repository and revision.") { assemblies };
        command.SetAction((parse, _) => CliException.Guard(async () =>
        {
            var specs = DatasetStatus.All(CommonOptions.Registry(parse.GetValue(assemblies)).All);
            var output = Console.Out;
            await output.WriteLineAsync($"cache folder  {DataLocations.CacheDirectory}").ConfigureAwait(false);
            await output.WriteLineAsync($"{DataLocations.DataDirectoryVariable}  {DataLocations.DataDirectory ?? "(not set)"}").ConfigureAwait(false);
            int width = Math.Max(4, specs.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());
            foreach (var spec in specs)
            {
                var found = DataLocations.Find(spec);
                string state = found is null ? "missing" : "present";
                string source = spec.Repository is null ? "no Hub source (local copy only)" : $"{spec.Repository}@{spec.Revision}";
                await output.WriteLineAsync($"{spec.Name.PadRight(width)}  {state,-7}  {source}  {spec.Description}").ConfigureAwait(false);
                if (found is not null)
                {
                    await output.WriteLineAsync($"{new string(' ', width)}  at {string.Join(", ", found)}").ConfigureAwait(false);
                }
                else
                {
                    await output.WriteLineAsync($"{new string(' ', width)}  {DataLocations.MissingMessage(spec)}").ConfigureAwait(false);
                }

                if (spec.Provenance is not null)
                {
                    await output.WriteLineAsync($"{new string(' ', width)}  source check: {spec.Provenance}").ConfigureAwait(false);
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Pull()
    {
        var names = new Argument<string[]>("NAME") { Description = "Dataset name(s) from `rlvr data list`, or `all`.", Arity = ArgumentArity.OneOrMore };
        var assemblies = CommonOptions.Assemblies();
        var command = new Command("pull", "Download datasets from the Hugging Face Hub (HF_ENDPOINT overrides the endpoint) into the cache.") { names, assemblies };
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            var specs = DatasetStatus.All(CommonOptions.Registry(parse.GetValue(assemblies)).All);
            var wanted = parse.GetValue(names) ?? [];
            var chosen = new List<DatasetSpec>();
            foreach (string name in wanted)
            {
                if (name == "all")
                {
                    chosen.AddRange(specs.Where(s => s.Repository is not null));
                    continue;
                }

                chosen.Add(specs.FirstOrDefault(s => s.Name == name)
                    ?? throw new CliException($"unknown dataset '{name}'. Known: {string.Join(", ", specs.Select(s => s.Name))}"));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("rlvr/" + typeof(DataCommand).Assembly.GetName().Version?.ToString(3));
            var downloader = new DatasetDownloader(http);
            int failures = 0;
            foreach (var spec in chosen.DistinctBy(s => s.Name))
            {
                if (spec.Repository is null)
                {
                    await Console.Error.WriteLineAsync("rlvr: " + DataLocations.MissingMessage(spec)).ConfigureAwait(false);
                    failures++;
                    continue;
                }

                var bar = new DownloadBar(Console.Error, enabled: !Console.IsErrorRedirected);
                try
                {
                    var paths = await downloader.PullAsync(spec, bar, cancellationToken).ConfigureAwait(false);
                    bar.Finish();
                    string check = spec.Files.All(f => f.Sha256 is not null) ? "sha256 verified" : "no pinned sha256: not verified";
                    await Console.Out.WriteLineAsync($"{spec.Name}  {spec.Repository}@{spec.Revision}  {check}  {string.Join(", ", paths)}").ConfigureAwait(false);
                }
                catch (DatasetDownloadException ex)
                {
                    bar.Finish();
                    await Console.Error.WriteLineAsync($"rlvr: {spec.Name}: {ex.Message}").ConfigureAwait(false);
                    failures++;
                }
            }

            return failures == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>A one-line progress bar per file on a terminal; one line per finished file otherwise.</summary>
    private sealed class DownloadBar(TextWriter writer, bool enabled) : IProgress<DownloadProgress>
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
}
