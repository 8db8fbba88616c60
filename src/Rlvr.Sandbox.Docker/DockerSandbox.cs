using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>A lease on a pooled container; disposing it hands the container back for cleaning or recycling.</summary>
internal sealed class DockerSandbox(PooledContainer container, SandboxPool pool, DockerSandboxOptions options) : ISandbox
{
    private int disposed;

    public string Id => container.Id;

    public SandboxSpec Spec => container.Spec;

    /// <summary>The engine the container runs on.</summary>
    internal DockerEndpoint Endpoint => container.Engine.Endpoint;

    public async ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await container.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (container.Anomaly is { } anomaly && anomaly.StartsWith("engine failure", StringComparison.Ordinal))
            {
                throw DockerErrors.ContainerDied(container.Id, anomaly);
            }

            return await ExecRunner.RunAsync(container, request, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            container.Gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            pool.Return(container);
        }

        return ValueTask.CompletedTask;
    }
}
