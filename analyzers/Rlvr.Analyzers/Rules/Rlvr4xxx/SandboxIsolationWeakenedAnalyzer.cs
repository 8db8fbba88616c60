using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr4xxx;

/// <summary>
/// RLVR4002: a <c>SandboxSpec</c> initializer or <c>with</c> expression that turns on the network, makes the root
/// filesystem writable, removes the memory or process limit, or runs as root. Only constant values are judged.
/// Sandbox specs are often built outside scoring methods (fields, constructors), so this rule looks at every
/// spec in a compilation that references Rlvr.Core, not only reward code.
/// </summary>
internal sealed class SandboxIsolationWeakenedAnalyzer : RewardAnalyzer
{
    public SandboxIsolationWeakenedAnalyzer()
        : base(Descriptors.RLVR4002_SandboxIsolationWeakened)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        if (reward.Symbols.SandboxSpec is { } spec)
        {
            context.RegisterOperationAction(c => Analyze(c, spec), OperationKind.SimpleAssignment);
        }
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol spec)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation property
            || !SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, spec)
            || !assignment.Value.ConstantValue.HasValue)
        {
            return;
        }

        object? value = assignment.Value.ConstantValue.Value;
        string? problem = property.Property.Name switch
        {
            "NetworkEnabled" when value is true => "gives model-written code the network",
            "ReadOnlyRootFilesystem" when value is false => "makes the root filesystem writable",
            "MemoryBytes" or "PidsLimit" when IsUnlimited(value) => "removes a resource limit",
            "User" when value is string user && (user == "root" || user == "0" || user.StartsWith("0:", System.StringComparison.Ordinal)) => "runs model-written code as root",
            _ => null,
        };
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR4002_SandboxIsolationWeakened, assignment.Syntax.GetLocation(), property.Property.Name, problem));
        }
    }

    private static bool IsUnlimited(object? value) => value switch
    {
        long l => l <= 0 || l == long.MaxValue,
        int i => i <= 0 || i == int.MaxValue,
        _ => false,
    };
}
