using System.CommandLine;
using System.Reflection;
using Rlvr.Core;

namespace Rlvr.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Extra assemblies holding environments.</summary>
    public static Option<FileInfo[]> Assemblies() => new("--assembly")
    {
        Description = "Load environments from this assembly too (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The registry: environments beside the tool plus those in <paramref name="assemblies"/>.</summary>
    public static EnvironmentRegistry Registry(IEnumerable<FileInfo>? assemblies)
    {
        var registry = EnvironmentRegistry.FromLoadedAssemblies();
        foreach (var file in assemblies ?? [])
        {
            if (!file.Exists)
            {
                throw new CliException($"--assembly: file not found: {file.FullName}");
            }

            registry.AddAssembly(Assembly.LoadFrom(file.FullName));
        }

        return registry;
    }
}
