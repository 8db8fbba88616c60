using System.CommandLine;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary><c>--data FILE</c> / <c>--data NAME=FILE</c>: read an environment's dataset from a local file.</summary>
internal static class DataOption
{
    public static Option<string[]> Create() => new("--data")
    {
        Description = "Read the environment's dataset from this JSONL or Parquet file (NAME=FILE when it reads several; repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static void Apply(IEnvironment environment, IEnumerable<string>? values)
    {
        var specs = environment is IDatasetEnvironment withData ? withData.Datasets : [];
        foreach (string value in values ?? [])
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            string? name = eq > 0 ? value[..eq] : null;
            string file = eq > 0 ? value[(eq + 1)..] : value;
            if (!File.Exists(file))
            {
                throw new CliException($"--data: file not found: {Path.GetFullPath(file)}");
            }

            DatasetSpec spec;
            if (name is null)
            {
                spec = specs.Count == 1 ? specs[0] : throw new CliException(specs.Count == 0
                    ? $"--data: environment '{environment.Name}' reads no dataset"
                    : $"--data: environment '{environment.Name}' reads {string.Join(", ", specs.Select(s => s.Name))}: give NAME=FILE");
            }
            else
            {
                spec = specs.FirstOrDefault(s => s.Name == name)
                    ?? throw new CliException($"--data: environment '{environment.Name}' reads no dataset '{name}' (it reads {string.Join(", ", specs.Select(s => s.Name).DefaultIfEmpty("none"))})");
            }

            DataLocations.UseFile(spec.Name, file);
        }
    }
}
