using System.CommandLine;
using Rlvr.Core;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr list</c>: the environments with name, version and description.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var assemblies = CommonOptions.Assemblies();
        var command = new Command("list", "List environments with name, version and description.") { assemblies };
        command.SetAction((parse, _) => CliException.Guard(async () =>
        {
            var registry = CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies));
            var environments = registry.All;
            int nameWidth = Math.Max(4, environments.Select(e => e.Name.Length).DefaultIfEmpty(0).Max());
            int versionWidth = Math.Max(7, environments.Select(e => e.Version.Length).DefaultIfEmpty(0).Max());
            await Console.Out.WriteLineAsync($"{"NAME".PadRight(nameWidth)}  {"VERSION".PadRight(versionWidth)}  PROBLEMS  DESCRIPTION").ConfigureAwait(false);
            foreach (var environment in environments)
            {
                string problems = environment.ProblemIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var notes = new List<string>(environment is IEnvironmentNotes withNotes ? withNotes.Notes : []);
                if (DatasetStatus.Note(environment) is { } note)
                {
                    notes.Add(note);
                }

                string description = notes.Count == 0 ? environment.Description : $"{environment.Description} [{string.Join("; ", notes)}]";
                await Console.Out.WriteLineAsync($"{environment.Name.PadRight(nameWidth)}  {environment.Version.PadRight(versionWidth)}  {problems,8}  {description}").ConfigureAwait(false);
            }

            foreach (var environment in environments)
            {
                await CommonOptions.ReportDatasetIssuesAsync(environment, Console.Error).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }
}
