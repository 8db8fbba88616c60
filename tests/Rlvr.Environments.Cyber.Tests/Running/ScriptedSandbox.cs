using System.Text;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Cyber.Tests.Running;

/// <summary>A sandbox that answers each exec from a script (for classification rules that need no Docker).</summary>
internal sealed class ScriptedSandbox(Func<ExecRequest, ExecResult> answer) : ISandbox, ISandboxProvider
{
    public List<ExecRequest> Requests { get; } = [];

    public string Id => "scripted";

    public SandboxSpec Spec { get; } = new("scripted");

    public static string ReportLine(string report) => "1 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(report)) + "\n";

    public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default) => ValueTask.FromResult<ISandbox>(this);

    public ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return ValueTask.FromResult(answer(request));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
