using System.Reflection;

namespace Rlvr.Core;

/// <summary>
/// Finds environments by name. Environments are concrete <see cref="IEnvironment"/> types with a public
/// parameterless constructor, discovered in the assemblies given (or explicitly registered).
/// </summary>
public sealed class EnvironmentRegistry
{
    private readonly Dictionary<string, IEnvironment> environments = new(StringComparer.Ordinal);

    /// <summary>All registered environments, sorted by name.</summary>
    public IReadOnlyList<IEnvironment> All => [.. environments.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>
    /// A registry of the environments in every assembly loaded in the current process, plus the
    /// <c>Rlvr.Environments.*.dll</c> files beside the application.
    /// </summary>
    public static EnvironmentRegistry FromLoadedAssemblies()
    {
        var registry = new EnvironmentRegistry();
        foreach (string path in Directory.EnumerateFiles(AppContext.BaseDirectory, "Rlvr.Environments.*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(path);
            if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name)))
            {
                // By path: an assembly dropped beside the app is not in its deps.json, so loading by name would fail.
                System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            }
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            registry.AddAssembly(assembly);
        }

        return registry;
    }

    /// <summary>Registers every environment type of <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>This registry.</returns>
    public EnvironmentRegistry AddAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (assembly.IsDynamic)
        {
            return this;
        }

        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or NotSupportedException)
        {
            return this;
        }

        foreach (var type in types)
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                && typeof(IEnvironment).IsAssignableFrom(type)
                && type.GetConstructor(Type.EmptyTypes) is not null)
            {
                Add((IEnvironment)Activator.CreateInstance(type)!);
            }
        }

        return this;
    }

    /// <summary>Registers one environment.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="InvalidOperationException">Another environment type already has that name.</exception>
    public EnvironmentRegistry Add(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environments.TryGetValue(environment.Name, out var existing) && existing.GetType() != environment.GetType())
        {
            throw new InvalidOperationException(
                $"Two environments are named '{environment.Name}': {existing.GetType().FullName} and {environment.GetType().FullName}.");
        }

        environments[environment.Name] = environment;
        return this;
    }

    /// <summary>Finds an environment by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="environment">The environment when found.</param>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnvironment? environment) =>
        environments.TryGetValue(name, out environment);

    /// <summary>Gets an environment by name.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="KeyNotFoundException">No such environment; the message lists the known names.</exception>
    public IEnvironment Get(string name) =>
        TryGet(name, out var environment)
            ? environment
            : throw new KeyNotFoundException(
                $"Unknown environment '{name}'. Known: {(environments.Count == 0 ? "(none)" : string.Join(", ", environments.Keys.Order(StringComparer.Ordinal)))}.");
}
