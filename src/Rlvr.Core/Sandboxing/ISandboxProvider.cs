namespace Rlvr.Core.Sandboxing;

/// <summary>Hands out isolated sandboxes in which untrusted code runs.</summary>
/// <remarks>
/// A sandbox produces evidence, never verdicts: it runs code and returns bytes, exit status and resource
/// facts. The verdict is computed in the SDK's process from data that never entered the sandbox.
/// Infrastructure failures are thrown as <see cref="SandboxException"/>, which the scoring engine turns into
/// <see cref="Outcome.InfraError"/>.
/// </remarks>
public interface ISandboxProvider
{
    /// <summary>Acquires a sandbox for <paramref name="spec"/>, from a warm pool where one exists.</summary>
    /// <param name="spec">Image and limits.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A sandbox to dispose (which returns it to the pool or destroys it).</returns>
    /// <exception cref="SandboxException">The sandbox could not be provided.</exception>
    ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default);
}
