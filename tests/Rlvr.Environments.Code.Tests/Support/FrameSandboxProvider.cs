using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Code.Tests.Support;

/// <summary>
/// A sandbox provider whose every execution returns the bytes a test chose as the judge's stdout: the seam for
/// fuzzing what the SDK reads back from a runner, with no container involved.
/// </summary>
internal sealed class FrameSandboxProvider(Func<ExecRequest, ExecResult> answer) : ISandboxProvider
{
    public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ISandbox>(new FrameSandbox(spec, answer));

    private sealed class FrameSandbox(SandboxSpec spec, Func<ExecRequest, ExecResult> answer) : ISandbox
    {
        public string Id => "frames";

        public SandboxSpec Spec => spec;

        public ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(answer(request));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
