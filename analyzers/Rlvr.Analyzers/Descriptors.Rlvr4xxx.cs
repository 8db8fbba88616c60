using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR4xxx: reward security.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR4001_ModelOutputEvaluated = Create(
        "RLVR4001",
        Categories.Security,
        DiagnosticSeverity.Error,
        "Model output evaluated in the reward process",
        "Model output reaches '{0}', which runs it in the reward process; run it in the sandbox or parse it with a whitelisted parser",
        "Evaluating completion text with a script engine, loading it as an assembly, computing it with DataTable.Compute or starting a host process with it gives the model code execution on the trainer. Run untrusted code in the sandbox (ScoringContext.Sandboxes) and parse answers with a parser that accepts only the expected grammar.");

    public static readonly DiagnosticDescriptor RLVR4002_SandboxIsolationWeakened = Create(
        "RLVR4002",
        Categories.Security,
        DiagnosticSeverity.Warning,
        "Sandbox isolation weakened",
        "Setting '{0}' {1}; keep the hardened default or justify the exception with [SuppressMessage]",
        "SandboxSpec defaults are hardened: no network, read-only root filesystem, memory and process limits, an unprivileged user. A spec that turns one of them off lets model-written code reach the network, fill the host, fork-bomb or write where the verifier reads.");

    public static readonly DiagnosticDescriptor RLVR4003_VerdictFromCandidateChannel = Create(
        "RLVR4003",
        Categories.Security,
        DiagnosticSeverity.Error,
        "Verdict from a channel the candidate writes",
        "The verdict is read from sandbox output by looking for \"{0}\"; the candidate's code writes to the same output, so it can print the verdict itself",
        "Code under test shares stdout (and the filesystem) with the test harness. A reward that looks for \"PASSED\", \"OK\" or a summary line in that output can be satisfied by a program that prints it and exits. Compare each test's actual output to the expected output in the verifier, or have the harness write results to a channel the candidate cannot reach.");
}
