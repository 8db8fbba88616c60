using Rlvr.Core;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Code.Tests.Support;

/// <summary>The sandbox provider for Docker tests; skipped only when RLVR_SKIP_DOCKER_TESTS=1.</summary>
internal static class Sandboxes
{
    private static readonly Lazy<ISandboxProvider> Provider = new(() => new CliSandboxProvider());

    public static ISandboxProvider Get()
    {
        Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1");
        return Provider.Value;
    }

    public static ScoringContext Context(string sampleId, ISandboxProvider provider) =>
        new(sampleId, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, sandboxes: provider);
}
