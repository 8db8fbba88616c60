using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Tests;

/// <summary>A sandbox provider that runs nothing and counts the sandboxes handed out and not yet disposed.</summary>
internal sealed class CountingSandboxProvider : ISandboxProvider
{
    private int live;

    public int Live => Volatile.Read(ref live);

    public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref live);
        return new ValueTask<ISandbox>(new Lease(this, spec));
    }

    private sealed class Lease(CountingSandboxProvider owner, SandboxSpec spec) : ISandbox
    {
        private int disposed;

        public string Id => "counting";

        public SandboxSpec Spec => spec;

        public ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("this provider runs nothing");

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.live);
            }

            return ValueTask.CompletedTask;
        }
    }
}
