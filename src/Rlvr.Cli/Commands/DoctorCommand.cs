using System.CommandLine;
using System.Runtime.InteropServices;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr doctor</c>: what is available (runtime, environments, Docker, images) and how to fix what is not.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var assemblies = CommonOptions.Assemblies();
        var dockerHosts = CommonOptions.DockerHosts();
        var command = new Command("doctor", "Check what is available: .NET runtime, environments, Docker engines and sandbox images.") { assemblies, dockerHosts };
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            var output = Console.Out;
            await output.WriteLineAsync($"runtime       .NET {Environment.Version} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})").ConfigureAwait(false);
            var registry = CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies));
            await output.WriteLineAsync($"environments  {registry.All.Count}: {string.Join(", ", registry.All.Select(e => e.Name))}").ConfigureAwait(false);
            foreach (var environment in registry.All)
            {
                if (DatasetStatus.Note(environment) is { } note)
                {
                    await output.WriteLineAsync($"datasets      {environment.Name}: {note}").ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync($"data          cache {Rlvr.Core.Data.Datasets.DataLocations.CacheDirectory}; {Rlvr.Core.Data.Datasets.DataLocations.DataDirectoryVariable} {Rlvr.Core.Data.Datasets.DataLocations.DataDirectory ?? "not set"} (rlvr data list)").ConfigureAwait(false);
            bool healthy = true;
            foreach (var check in DoctorChecks.For(CommonOptions.Endpoints(parse.GetValue(dockerHosts))))
            {
                var (ok, line) = await check(cancellationToken).ConfigureAwait(false);
                healthy &= ok;
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return healthy ? 0 : 1;
        }));
        return command;
    }
}
