using System.CommandLine;
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
            var specs = DatasetStatus.All(CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies)).All);
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
        var names = new Argument<string[]>("NAME") { Description = "Dataset name(s) from `rlvr data list` (NAME@REVISION for another revision of its repository, not checksummed), or `all`.", Arity = ArgumentArity.OneOrMore };
        var assemblies = CommonOptions.Assemblies();
        var command = new Command("pull", "Download datasets from the Hugging Face Hub (HF_ENDPOINT overrides the endpoint) into the cache.") { names, assemblies };
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            var specs = DatasetStatus.All(CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies)).All);
            var wanted = parse.GetValue(names) ?? [];
            var chosen = new List<(DatasetSpec Declared, DatasetSpec Pulled)>();
            foreach (string value in wanted)
            {
                if (value == "all")
                {
                    chosen.AddRange(specs.Where(s => s.Repository is not null).Select(s => (s, s)));
                    continue;
                }

                int at = value.IndexOf('@', StringComparison.Ordinal);
                string name = at < 0 ? value : value[..at];
                var spec = specs.FirstOrDefault(s => s.Name == name)
                    ?? throw new CliException($"unknown dataset '{name}'. Known: {string.Join(", ", specs.Select(s => s.Name))}");
                string revision = at < 0 ? spec.Revision : value[(at + 1)..];
                if (!DataLocations.IsValidRevision(revision))
                {
                    throw new CliException($"'{value}': not a revision (a commit id or branch name after '@')");
                }

                chosen.Add((spec, spec.AtRevision(revision)));
            }

            using var http = DatasetAutoPull.CreateClient(TimeSpan.FromMinutes(5));
            var downloader = new DatasetDownloader(http);
            int failures = 0;
            foreach (var (declared, spec) in chosen.DistinctBy(s => s.Declared.Name))
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
                    DataLocations.ChooseRevision(declared, spec.Revision);
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
}
