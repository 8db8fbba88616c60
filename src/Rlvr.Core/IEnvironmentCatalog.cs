namespace Rlvr.Core;

/// <summary>
/// Registers the environments of one assembly as named factories (<see cref="EnvironmentRegistry.Add(string, Func{EnvironmentOptions, IEnvironment})"/>),
/// so a host builds only the environment it resolves, with the options it was given. Named by
/// <see cref="RlvrEnvironmentsAttribute"/>.
/// </summary>
public interface IEnvironmentCatalog
{
    /// <summary>Adds this assembly's environments to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry.</param>
    void Register(EnvironmentRegistry registry);
}
