using Rlvr.Core;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;

[assembly: RlvrEnvironments(typeof(Rlvr.Environments.Cyber.CyberEnvironmentCatalog))]

namespace Rlvr.Environments.Cyber;

/// <summary>
/// Registers <c>cyber/poc</c>, <c>cyber/patch</c> and <c>cyber/ctf</c> with the fields of <see cref="CyberOptions"/>
/// as options, in snake_case (docs/configuration.md).
/// </summary>
public sealed class CyberEnvironmentCatalog : IEnvironmentCatalog
{
    /// <inheritdoc />
    public void Register(EnvironmentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .Add("cyber/poc", o => new PocEnvironment(Bind(o)))
            .Add("cyber/patch", o => new PatchEnvironment(Bind(o)))
            .Add("cyber/ctf", o => new CtfEnvironment(Bind(o)));
    }

    /// <summary>The cyber options bound from the host's options (defaults: <see cref="CyberOptions.Default"/>).</summary>
    /// <param name="options">The host's options.</param>
    public static CyberOptions Bind(EnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var d = CyberOptions.Default;
        string cache = options.GetString("build_cache_folder", d.BuildCacheFolder ?? string.Empty);
        return d with
        {
            Image = options.GetString("image", d.Image),
            Runs = options.GetInt32("runs", d.Runs, 1, 20),
            FuzzInputs = options.GetInt32("fuzz_inputs", d.FuzzInputs, 0, 10_000),
            FuzzBudget = options.GetSeconds("fuzz_budget", d.FuzzBudget, 1, 3600),
            BuildTimeout = options.GetSeconds("build_timeout", d.BuildTimeout, 1, 3600),
            GeneratorTimeout = options.GetSeconds("generator_timeout", d.GeneratorTimeout, 1, 600),
            BuildCacheFolder = cache.Length == 0 ? null : cache,
        };
    }
}
