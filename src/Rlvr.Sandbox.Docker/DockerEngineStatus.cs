namespace Rlvr.Sandbox.Docker;

/// <summary>One engine of a <see cref="DockerSandboxProvider"/> as placement sees it now.</summary>
/// <param name="Endpoint">The engine.</param>
/// <param name="Up">Whether new containers may be placed there (it answered its last request or ping).</param>
/// <param name="LiveContainers">Containers of this provider alive there (idle and in use).</param>
/// <param name="MaxContainers">Its own limit, <see langword="null"/> for none.</param>
/// <param name="Outages">Times it was taken out of placement since the provider was created.</param>
public sealed record DockerEngineStatus(DockerEndpoint Endpoint, bool Up, int LiveContainers, int? MaxContainers, long Outages);
