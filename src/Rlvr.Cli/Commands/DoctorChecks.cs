using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary>Checks run by <c>rlvr doctor</c> after the built-in ones; each returns whether it passed and one line to print.</summary>
internal static class DoctorChecks
{
    /// <summary>The checks for the engines <paramref name="endpoints"/>: one line per engine, then the images on each.</summary>
    public static IReadOnlyList<Func<CancellationToken, Task<(bool Ok, string Line)>>> For(IReadOnlyList<DockerEndpoint> endpoints) =>
    [
        cancellationToken => DockerDiagnostics.CheckEnginesAsync(endpoints, cancellationToken),
        cancellationToken => DockerDiagnostics.CheckImagesAsync(ImagePaths.Find(), endpoints, cancellationToken),
    ];
}
