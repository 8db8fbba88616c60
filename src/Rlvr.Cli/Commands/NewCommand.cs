using System.CommandLine;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr new NAME</c>: a starter environment, as a project with a test project, or as a script with samples.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Environment name, e.g. my-env (letters, digits, '-', '_', '/')." };
        var script = new Option<bool>("--script") { Description = "Write a single .csx script and sample completions instead of a project." };
        var output = new Option<DirectoryInfo>("--output") { Description = "Where to write (default: the current directory)." };
        var coreProject = new Option<FileInfo>("--core-project") { Description = "Reference this Rlvr.Core.csproj instead of the Rlvr.Core package (working inside the SDK repository)." };
        var command = new Command("new", "Write a starter environment (project + test project, or a .csx script) that scores and passes its tests.")
        {
            name, script, output, coreProject,
        };
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            string envName = parse.GetValue(name) ?? string.Empty;
            var dir = parse.GetValue(output) ?? new DirectoryInfo(Directory.GetCurrentDirectory());
            var written = parse.GetValue(script)
                ? await StarterEnvironment.WriteScriptAsync(envName, dir, cancellationToken).ConfigureAwait(false)
                : await StarterEnvironment.WriteProjectAsync(envName, dir, parse.GetValue(coreProject), cancellationToken).ConfigureAwait(false);
            foreach (string file in written)
            {
                await Console.Out.WriteLineAsync("created  " + file).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }
}
