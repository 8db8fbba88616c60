using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary>Checks run by <c>rlvr doctor</c> after the built-in ones; each returns whether it passed and one line to print.</summary>
internal static class DoctorChecks
{
    public static IReadOnlyList<Func<CancellationToken, Task<(bool Ok, string Line)>>> All { get; } =
    [
        cancellationToken => DockerDiagnostics.CheckEnginesAsync(null, cancellationToken),
        cancellationToken => DockerDiagnostics.CheckImagesAsync(ImagePaths.Find(), cancellationToken),
    ];
}
