using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary>
/// A sandbox provider created on the first <see cref="AcquireAsync"/>: a run whose environment never asks for a sandbox
/// (math) creates no Docker provider at all.
/// </summary>
internal sealed class LazySandboxProvider(Func<DockerSandboxProvider> create) : ISandboxProvider, IAsyncDisposable
{
    private readonly Lazy<DockerSandboxProvider> provider = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the Docker provider was created.</summary>
    public bool IsCreated => provider.IsValueCreated;

    /// <summary>The Docker provider when it was created.</summary>
    public DockerSandboxProvider? Created => provider.IsValueCreated ? provider.Value : null;

    public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default) =>
        provider.Value.AcquireAsync(spec, cancellationToken);

    public ValueTask DisposeAsync() => provider.IsValueCreated ? provider.Value.DisposeAsync() : ValueTask.CompletedTask;
}
