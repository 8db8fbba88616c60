namespace Rlvr.Core.Sandboxing;

/// <summary>One isolated environment (a container) in which commands run.</summary>
public interface ISandbox : IAsyncDisposable
{
    /// <summary>An identifier for logs (the container id).</summary>
    string Id { get; }

    /// <summary>The spec the sandbox was created from.</summary>
    SandboxSpec Spec { get; }

    /// <summary>Runs one command and returns its facts.</summary>
    /// <param name="request">Command, stdin, limits.</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    /// <returns>Exit status, output and resource facts. Timeouts and OOM kills are facts, not exceptions.</returns>
    /// <exception cref="SandboxException">The sandbox itself failed (daemon unreachable, container died).</exception>
    ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default);
}
