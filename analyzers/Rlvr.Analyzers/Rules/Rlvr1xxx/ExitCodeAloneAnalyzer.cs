using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1008: a pass decided by <c>ExitCode == 0</c> in a method that never reads the program's output.</summary>
internal sealed class ExitCodeAloneAnalyzer : RewardAnalyzer
{
    public ExitCodeAloneAnalyzer()
        : base(Descriptors.RLVR1008_ExitCodeAlone)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Binary);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var exitCode = ExitCode(binary.LeftOperand, symbols) ?? ExitCode(binary.RightOperand, symbols);
        var other = ReferenceEquals(exitCode, ExitCode(binary.LeftOperand, symbols)) ? binary.RightOperand : binary.LeftOperand;
        if (exitCode is null || !RewardValues.IsConstant(other, 0))
        {
            return;
        }

        var root = DataRoles.Root(binary);
        bool readsOutput = root.Descendants().Any(o => o is IPropertyReferenceOperation { Property.Name: "Stdout" or "StdoutText" or "StandardOutput" or "Stderr" or "StderrText" });
        bool passes = root.Descendants().Any(o => o is IReturnOperation ret && RewardValues.IsMaxReward(ret.ReturnedValue, symbols))
            || binary.Parent is IConditionalOperation { WhenTrue: var whenTrue } && RewardValues.IsMaxReward(whenTrue, symbols);
        if (!readsOutput && passes)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1008_ExitCodeAlone, binary.Syntax.GetLocation(), exitCode.Syntax.ToString()));
        }
    }

    // ExecResult.ExitCode (the sandbox) or Process.ExitCode.
    private static IPropertyReferenceOperation? ExitCode(IOperation operation, RewardSymbols symbols)
    {
        operation = DataRoles.Unwrap(operation) ?? operation;
        if (operation is IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: { } nullable })
        {
            operation = DataRoles.Unwrap(nullable) ?? nullable;
        }

        return operation is IPropertyReferenceOperation { Property.Name: "ExitCode" } property
            && (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.ExecResult)
                || property.Property.ContainingType?.ToDisplayString() == "System.Diagnostics.Process")
            ? property
            : null;
    }
}
