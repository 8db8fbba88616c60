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
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Binary, OperationKind.IsPattern);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        IPropertyReferenceOperation? exitCode = null;
        switch (context.Operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                exitCode = ExitCode(comparison.LeftOperand, symbols) ?? ExitCode(comparison.RightOperand, symbols);
                var other = ReferenceEquals(exitCode, ExitCode(comparison.LeftOperand, symbols)) ? comparison.RightOperand : comparison.LeftOperand;
                exitCode = RewardValues.IsConstant(other, 0) ? exitCode : null;
                break;
            case IIsPatternOperation pattern when IsZero(pattern.Pattern):
                // ExitCode is 0, ExitCode is not 0
                exitCode = ExitCode(pattern.Value, symbols);
                break;
        }

        if (exitCode is null)
        {
            return;
        }

        var binary = context.Operation;
        var root = DataRoles.Root(binary);
        bool readsOutput = root.Descendants().Any(o => o is IPropertyReferenceOperation { Property.Name: "Stdout" or "StdoutText" or "StandardOutput" or "Stderr" or "StderrText" });
        // A pass anywhere in the method: returned, or chosen by a conditional (directly or through a bool local).
        bool passes = root.Descendants().Any(o => o switch
        {
            IReturnOperation ret => RewardValues.IsMaxReward(ret.ReturnedValue, symbols),
            IConditionalOperation { WhenFalse: not null } conditional => RewardValues.IsMaxReward(conditional.WhenTrue, symbols) || RewardValues.IsMaxReward(conditional.WhenFalse, symbols),
            _ => false,
        });
        if (!readsOutput && passes)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1008_ExitCodeAlone, binary.Syntax.GetLocation(), exitCode.Syntax.ToString()));
        }
    }

    private static bool IsZero(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => RewardValues.IsConstant(constant.Value, 0),
        INegatedPatternOperation negated => IsZero(negated.Pattern),
        _ => false,
    };

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
