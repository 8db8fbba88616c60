using System.CommandLine;
using System.Reflection;
using Rlvr.Core;
using Rlvr.Sandbox.Docker;
using Rlvr.Scripting;

namespace Rlvr.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>The analyzer assembly run on environment scripts when it ships beside the tool.</summary>
    public const string AnalyzerAssemblyName = "Rlvr.Analyzers.dll";

    /// <summary>Extra assemblies holding environments.</summary>
    public static Option<FileInfo[]> Assemblies() => new("--assembly")
    {
        Description = "Load environments from this assembly too (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Options bound to environments: <c>KEY=VALUE</c>, or <c>ENV:KEY=VALUE</c> for one environment.</summary>
    public static Option<string[]> EnvOptions() => new("--env-option")
    {
        Description = "An environment option KEY=VALUE (e.g. format_weight=0.2), or ENV:KEY=VALUE for one environment (e.g. math:format_weight=0.2); repeatable. Options per environment: docs/configuration.md.",
    };

    /// <summary>
    /// The options of <paramref name="environment"/> among the <c>--env-option</c> values: those prefixed with its name
    /// and the unprefixed ones. A prefix that names no environment in <paramref name="environments"/> is an error.
    /// </summary>
    public static EnvironmentOptions OptionsFor(string environment, string[]? raw, IReadOnlyCollection<string> environments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in raw ?? [])
        {
            var (target, key, value) = ParseEnvOption(item);
            if (target is not null && !environments.Contains(target, StringComparer.Ordinal))
            {
                throw new CliException($"--env-option '{item}': '{target}' is not an environment of this run ({string.Join(", ", environments)}).");
            }

            if (target is null || target == environment)
            {
                values[key] = value;
            }
        }

        return new EnvironmentOptions(environment, values);
    }

    private static (string? Environment, string Key, string Value) ParseEnvOption(string item)
    {
        int eq = item.IndexOf('=', StringComparison.Ordinal);
        string left = eq < 0 ? string.Empty : item[..eq].Trim();
        int colon = left.LastIndexOf(':');
        string key = colon < 0 ? left : left[(colon + 1)..].Trim();
        string? target = colon < 0 ? null : left[..colon].Trim();
        if (key.Length == 0 || target is { Length: 0 })
        {
            throw new CliException($"--env-option '{item}': expected KEY=VALUE or ENV:KEY=VALUE.");
        }

        return (target, key, item[(eq + 1)..]);
    }

    /// <summary>Docker engines to place sandboxes on.</summary>
    public static Option<string[]> DockerHosts() => new("--docker-host")
    {
        Description = "A Docker engine for sandboxes, URI[,CERT_DIR][,max=N] (repeatable; default: RLVR_DOCKER_HOSTS, else DOCKER_HOST, else the local socket).",
    };

    /// <summary>The engines named by <c>--docker-host</c>, else the default ones (<see cref="DockerSandboxOptions.Endpoints"/>).</summary>
    public static IReadOnlyList<DockerEndpoint> Endpoints(string[]? dockerHosts)
    {
        if (dockerHosts is null || dockerHosts.Length == 0)
        {
            try
            {
                return new DockerSandboxOptions().Endpoints;
            }
            catch (FormatException ex)
            {
                throw new CliException("RLVR_DOCKER_HOSTS: " + ex.Message);
            }
        }

        try
        {
            return [.. dockerHosts.Select(DockerEndpoint.Parse)];
        }
        catch (FormatException ex)
        {
            throw new CliException("--docker-host: " + ex.Message);
        }
    }

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

            try
            {
                registry.AddAssembly(Assembly.LoadFrom(file.FullName));
            }
            catch (BadImageFormatException)
            {
                throw new CliException($"--assembly: {file.FullName} is not a .NET assembly.");
            }
        }

        return registry;
    }

    /// <summary>The value of <paramref name="parse"/>'s <c>--assembly</c> options; a value that is no file name is a <see cref="CliException"/>.</summary>
    public static FileInfo[] AssemblyFiles(ParseResult parse, Option<FileInfo[]> option)
    {
        try
        {
            return parse.GetValue(option) ?? [];
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException("--assembly: " + ex.Message);
        }
    }

    /// <summary>
    /// <paramref name="seconds"/> as a duration: positive, finite and at most 30 days (timers take no longer);
    /// anything else is a <see cref="CliException"/> naming <paramref name="name"/>.
    /// </summary>
    public static TimeSpan Seconds(double seconds, string name) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"{name} must be a positive number of seconds, at most {MaxSeconds} (30 days).");

    private const double MaxSeconds = 30 * 24 * 3600;

    /// <summary>Prints the bundled problems an environment skipped (one invalid challenge folder, say), one line each.</summary>
    public static async Task ReportDatasetIssuesAsync(IEnvironment environment, TextWriter stderr)
    {
        foreach (string issue in environment.DatasetIssues)
        {
            await stderr.WriteLineAsync($"rlvr: {environment.Name}: bundled problem skipped: {issue}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Resolves an <c>--env</c> value: a registered name, or a path to a <c>.csx</c> environment script (compiled once,
    /// analyzer warnings printed to <paramref name="stderr"/>, compile errors reported by line).
    /// </summary>
    public static Task<IEnvironment> ResolveAsync(string nameOrPath, EnvironmentRegistry registry, TextWriter stderr, CancellationToken cancellationToken) =>
        ResolveAsync(nameOrPath, registry, new EnvironmentOptions(nameOrPath), stderr, cancellationToken);

    /// <summary>
    /// Resolves an <c>--env</c> value built with <paramref name="options"/>: only the named environment is built, and
    /// an unknown, mistyped or out-of-range option ends the command with one line naming it.
    /// </summary>
    public static async Task<IEnvironment> ResolveAsync(string nameOrPath, EnvironmentRegistry registry, EnvironmentOptions options, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (ScriptEnvironmentLoader.IsScriptPath(nameOrPath))
        {
            if (!options.IsEmpty)
            {
                throw new CliException($"--env-option: {nameOrPath} is a script environment, which takes no options (given: {string.Join(", ", options.Keys)}).");
            }

            var loader = new ScriptEnvironmentLoader(
                ScriptEnvironmentLoader.AnalyzersFrom(Path.Combine(AppContext.BaseDirectory, AnalyzerAssemblyName)),
                ScriptEnvironmentLoader.DefaultCacheDirectory);
            try
            {
                var loaded = await loader.LoadAsync(nameOrPath, cancellationToken).ConfigureAwait(false);
                foreach (var warning in loaded.Warnings)
                {
                    await stderr.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
                }

                return loaded.Environment;
            }
            catch (FileNotFoundException ex)
            {
                throw new CliException("--env: " + ex.Message);
            }
            catch (ScriptCompilationException ex)
            {
                throw new CliException(ex.Message);
            }
        }

        try
        {
            return registry.Create(nameOrPath, options);
        }
        catch (KeyNotFoundException)
        {
            throw new CliException($"unknown environment '{nameOrPath}'. Known: {string.Join(", ", registry.Names)} (or give a path to a .csx script).");
        }
        catch (EnvironmentOptionException ex)
        {
            throw new CliException("--env-option: " + ex.Message);
        }
    }
}
