using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Rlvr.Core;

/// <summary>
/// Finds environments by name. Environments are registered as named factories that take
/// <see cref="EnvironmentOptions"/> (by an assembly's <see cref="IEnvironmentCatalog"/>, or explicitly) and are built
/// only when their name is resolved: resolving one name builds one environment. Assemblies are found by the
/// <see cref="RlvrEnvironmentsAttribute"/> they carry, never by their file name.
/// </summary>
public sealed class EnvironmentRegistry
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly HashSet<Assembly> assemblies = [];

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. entries.Keys.Order(StringComparer.Ordinal)];

    /// <summary>All registered environments with default options, sorted by name (builds every one of them).</summary>
    public IReadOnlyList<IEnvironment> All => [.. Names.Select(Get)];

    /// <summary>
    /// A registry of the environments in every loaded assembly that carries <see cref="RlvrEnvironmentsAttribute"/>,
    /// plus those in the marked assemblies beside the application (<see cref="AddDirectory"/>).
    /// </summary>
    public static EnvironmentRegistry FromLoadedAssemblies()
    {
        var registry = new EnvironmentRegistry();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.GetCustomAttribute<RlvrEnvironmentsAttribute>() is not null)
            {
                registry.AddAssembly(assembly);
            }
        }

        return registry.AddDirectory(AppContext.BaseDirectory);
    }

    /// <summary>
    /// Loads and registers every assembly in <paramref name="folder"/> whose metadata carries
    /// <see cref="RlvrEnvironmentsAttribute"/> (read without loading the others).
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <returns>This registry.</returns>
    public EnvironmentRegistry AddDirectory(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return this;
        }

        foreach (string path in Directory.EnumerateFiles(folder, "*.dll"))
        {
            if (!DeclaresEnvironments(path))
            {
                continue;
            }

            var name = AssemblyName.GetAssemblyName(path);
            var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
                // By path: an assembly dropped beside the app is not in its deps.json, so loading by name would fail.
                ?? System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            AddAssembly(assembly);
        }

        return this;
    }

    /// <summary>
    /// Registers the environments of <paramref name="assembly"/>: through its catalog when its
    /// <see cref="RlvrEnvironmentsAttribute"/> names one (nothing is built), else every public concrete environment
    /// type with a constructor taking <see cref="EnvironmentOptions"/> or none (each built once to learn its name).
    /// </summary>
    /// <param name="assembly">The assembly.</param>
    /// <returns>This registry.</returns>
    public EnvironmentRegistry AddAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (assembly.IsDynamic || !assemblies.Add(assembly))
        {
            return this;
        }

        if (assembly.GetCustomAttribute<RlvrEnvironmentsAttribute>()?.Catalog is { } catalogType)
        {
            if (!typeof(IEnvironmentCatalog).IsAssignableFrom(catalogType) || catalogType.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException(
                    $"{assembly.GetName().Name}: the environment catalog {catalogType.FullName} must implement {nameof(IEnvironmentCatalog)} and have a public parameterless constructor.");
            }

            ((IEnvironmentCatalog)Activator.CreateInstance(catalogType)!).Register(this);
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
            if (type is not { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } || !typeof(IEnvironment).IsAssignableFrom(type))
            {
                continue;
            }

            var withOptions = type.GetConstructor([typeof(EnvironmentOptions)]);
            var plain = type.GetConstructor(Type.EmptyTypes);
            if (withOptions is not null)
            {
                var probe = (IEnvironment)withOptions.Invoke([new EnvironmentOptions(type.Name)]);
                Add(probe.Name, options => (IEnvironment)withOptions.Invoke([options]), type);
            }
            else if (plain is not null)
            {
                var probe = (IEnvironment)plain.Invoke(null);
                Add(probe, type);
            }
        }

        return this;
    }

    /// <summary>Registers one built environment (it takes no options).</summary>
    /// <param name="environment">The environment.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="InvalidOperationException">Another environment type already has that name.</exception>
    public EnvironmentRegistry Add(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Add(environment, environment.GetType());
    }

    /// <summary>
    /// Registers a named factory. The factory reads its options with the getters of <see cref="EnvironmentOptions"/>;
    /// any option it did not read is refused when the environment is built.
    /// </summary>
    /// <param name="name">The environment's name (the built environment must report it).</param>
    /// <param name="factory">Builds the environment from its options.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="InvalidOperationException">Another environment already has that name.</exception>
    public EnvironmentRegistry Add(string name, Func<EnvironmentOptions, IEnvironment> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Add(name, factory, origin: null);
    }

    /// <summary>Finds an environment by name, built with default options (once, then shared).</summary>
    /// <param name="name">The name.</param>
    /// <param name="environment">The environment when found.</param>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnvironment? environment)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!entries.TryGetValue(name, out var entry))
        {
            environment = null;
            return false;
        }

        environment = entry.Default.Value;
        return true;
    }

    /// <summary>Gets an environment by name, built with default options (once, then shared).</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="KeyNotFoundException">No such environment; the message lists the known names.</exception>
    public IEnvironment Get(string name) =>
        TryGet(name, out var environment) ? environment : throw Unknown(name);

    /// <summary>
    /// Builds an environment with <paramref name="options"/> (a new instance unless the options are empty), checking
    /// every option: unknown keys, wrong types and out-of-range values throw <see cref="EnvironmentOptionException"/>.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="KeyNotFoundException">No such environment; the message lists the known names.</exception>
    /// <exception cref="EnvironmentOptionException">An option is unknown or invalid.</exception>
    public IEnvironment Create(string name, EnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!entries.TryGetValue(name, out var entry))
        {
            throw Unknown(name);
        }

        if (options.IsEmpty)
        {
            return entry.Default.Value;
        }

        return Build(name, entry.Factory, options);
    }

    private static IEnvironment Build(string name, Func<EnvironmentOptions, IEnvironment> factory, EnvironmentOptions options)
    {
        var environment = factory(options);
        options.ThrowIfUnknown();
        if (environment.Name != name)
        {
            throw new InvalidOperationException($"The factory registered as '{name}' built an environment named '{environment.Name}'.");
        }

        string fingerprint = options.Fingerprint();
        if (fingerprint.Length > 0)
        {
            OptionFingerprints.AddOrUpdate(environment, fingerprint);
        }

        return environment;
    }

    /// <summary>
    /// The fingerprint of the options an environment was built with by <see cref="Create"/>, or empty (default
    /// options, or built elsewhere). <see cref="Scoring.ScoringEngine.KeyFor"/> adds it to the version part of the key.
    /// </summary>
    /// <param name="environment">The environment.</param>
    public static string OptionsFingerprint(IEnvironment environment) =>
        OptionFingerprints.TryGetValue(environment, out var fingerprint) ? fingerprint : string.Empty;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IEnvironment, string> OptionFingerprints = new();

    private static bool DeclaresEnvironments(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return false;
            }

            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                var constructor = metadata.GetCustomAttribute(handle).Constructor;
                if (constructor.Kind == HandleKind.MemberReference
                    && metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent)
                {
                    var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
                    if (metadata.StringComparer.Equals(type.Name, nameof(RlvrEnvironmentsAttribute))
                        && metadata.StringComparer.Equals(type.Namespace, "Rlvr.Core"))
                    {
                        return true;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            // Not an assembly we can read: not one of ours.
        }

        return false;
    }

    private EnvironmentRegistry Add(IEnvironment environment, Type type)
    {
        if (entries.TryGetValue(environment.Name, out var existing) && existing.Origin == type)
        {
            return this;
        }

        return Add(environment.Name, options => environment, type, environment);
    }

    private EnvironmentRegistry Add(string name, Func<EnvironmentOptions, IEnvironment> factory, Type? origin, IEnvironment? built = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (entries.TryGetValue(name, out var existing))
        {
            throw new InvalidOperationException(
                $"Two environments are named '{name}': {existing.Origin?.FullName ?? "(factory)"} and {origin?.FullName ?? "(factory)"}.");
        }

        entries[name] = new Entry(factory, origin, built is null
            ? new Lazy<IEnvironment>(() => Build(name, factory, new EnvironmentOptions(name)))
            : new Lazy<IEnvironment>(built));
        return this;
    }

    private KeyNotFoundException Unknown(string name) =>
        new($"Unknown environment '{name}'. Known: {(entries.Count == 0 ? "(none)" : string.Join(", ", Names))}.");

    private sealed record Entry(Func<EnvironmentOptions, IEnvironment> Factory, Type? Origin, Lazy<IEnvironment> Default);
}
