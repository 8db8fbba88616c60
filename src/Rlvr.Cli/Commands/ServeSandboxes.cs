using Rlvr.Core.Sandboxing;

namespace Rlvr.Cli.Commands;

/// <summary>
/// The sandbox provider <c>rlvr serve</c> hands to verifiers and <c>/run_code</c>. Set by the Docker sandbox
/// integration; while it is null the server runs without sandboxes and <c>/run_code</c> answers 503 with the reason.
/// </summary>
internal static class ServeSandboxes
{
    public static Func<CancellationToken, Task<ISandboxProvider?>>? Create { get; set; }

    public const string UnavailableReason = "this rlvr build has no Docker sandbox provider wired in; code environments and /run_code need one (see `rlvr doctor`).";
}
