namespace Rlvr.Core;

/// <summary>
/// Marks an assembly that holds environments, so <see cref="EnvironmentRegistry"/> finds it (in the process or in a
/// folder) without relying on its file name. With a catalog type (an <see cref="IEnvironmentCatalog"/> with a public
/// parameterless constructor), the catalog registers named factories and nothing is built until a name is resolved;
/// without one, every public environment type of the assembly is registered (built once to learn its name).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class RlvrEnvironmentsAttribute : Attribute
{
    /// <summary>Marks the assembly; its environment types are found by reflection.</summary>
    public RlvrEnvironmentsAttribute()
    {
    }

    /// <summary>Marks the assembly and names its catalog.</summary>
    /// <param name="catalog">A type implementing <see cref="IEnvironmentCatalog"/>.</param>
    public RlvrEnvironmentsAttribute(Type catalog)
    {
        Catalog = catalog;
    }

    /// <summary>The catalog type, or <see langword="null"/> to find environment types by reflection.</summary>
    public Type? Catalog { get; }
}
