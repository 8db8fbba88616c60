using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>
/// RLVR1010: a scoring method or reward lambda that never reads its completion parameter, or whose every
/// scored return is the same constant reward (not-scored outcomes such as <c>Unscorable</c> aside).
/// </summary>
internal sealed class RewardIgnoresCompletionAnalyzer : RewardAnalyzer
{
    public RewardIgnoresCompletionAnalyzer()
        : base(Descriptors.RLVR1010_RewardIgnoresCompletion)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        context.RegisterOperationBlockAction(c => AnalyzeMethod(c, reward));
        context.RegisterOperationAction(c => AnalyzeLambda(c, reward), OperationKind.AnonymousFunction);
    }

    private static void AnalyzeMethod(OperationBlockAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        if (context.OwningSymbol is not IMethodSymbol method || method.IsAbstract)
        {
            return;
        }

        var completion = method.Parameters.FirstOrDefault(p => IsCompletionParameter(p, symbols));
        if (completion is null || !IsScoringMethod(method, reward) || OnlyThrows(context.OperationBlocks))
        {
            return;
        }

        if (!Reads(context.OperationBlocks, completion))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], method.Name, NeverReads));
        }
        else if (ConstantReward(context.OperationBlocks, symbols) is { } constant)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], method.Name, Returns(constant)));
        }
    }

    private static void AnalyzeLambda(OperationAnalysisContext context, RewardContext reward)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (!reward.IsRewardLambda(lambda.Syntax))
        {
            return;
        }

        var completion = lambda.Symbol.Parameters.FirstOrDefault(p => reward.Symbols.IsCompletion(p.Type) && !IsDiscardName(p.Name));
        if (completion is null || completion.Locations.Length == 0)
        {
            return;
        }

        if (!Reads(new[] { lambda.Body }, completion))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], "lambda", NeverReads));
        }
        else if (ConstantReward(new[] { lambda.Body }, reward.Symbols) is { } constant)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], "lambda", Returns(constant)));
        }
    }

    private const string NeverReads = "never reads the completion";

    private static string Returns(string constant) => $"reads the completion but every scored path returns {constant}";

    // The one reward every scored return folds to ("1", "0", "0.5"), or null when the returns differ or
    // depend on the input. Unscorable and InfraError returns are not scores and are left out; returns of
    // nested lambdas and local functions belong to them.
    private static string? ConstantReward(IEnumerable<IOperation> blocks, RewardSymbols symbols)
    {
        string? constant = null;
        foreach (var value in blocks.SelectMany(b => OwnReturns(b)))
        {
            switch (Fold(value, symbols))
            {
                case null:
                    return null;
                case NotScored:
                    continue;
                case var folded when constant is null || folded == constant:
                    constant = folded;
                    break;
                default:
                    return null;
            }
        }

        return constant;
    }

    private const string NotScored = "not scored";

    private static IEnumerable<IOperation> OwnReturns(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is IReturnOperation { ReturnedValue: { } value } && node.Kind == OperationKind.Return)
            {
                yield return value;
            }

            foreach (var child in node.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static string? Fold(IOperation? operation, RewardSymbols symbols)
    {
        operation = DataRoles.Unwrap(operation);
        switch (operation)
        {
            case IInvocationOperation invocation when symbols.IsReward(invocation.TargetMethod.ContainingType):
                return invocation.TargetMethod.Name switch
                {
                    "Correct" => "1",
                    "Wrong" => "0",
                    "Unscorable" or "InfraError" => NotScored,
                    "Scored" when invocation.Arguments.Length > 0 && RewardValues.TryGetNumber(invocation.Arguments[0].Value, out double value) => Number(value),
                    _ => null,
                };
            case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult:
                return Fold(fromResult.Arguments[0].Value, symbols);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type?.Name is "ValueTask" or "Task":
                return Fold(creation.Arguments[0].Value, symbols);
            case IConditionalOperation { WhenFalse: not null } conditional:
                string? whenTrue = Fold(conditional.WhenTrue, symbols);
                return whenTrue is not null && whenTrue == Fold(conditional.WhenFalse, symbols) ? whenTrue : null;
            case not null when operation.ConstantValue is { HasValue: true, Value: bool flag }:
                return flag ? "1" : "0";
            case not null when RewardValues.TryGetNumber(operation, out double number):
                return Number(number);
            default:
                return null;
        }
    }

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    // IVerifier<T>.ScoreAsync implementations, [RewardFunction] methods, and methods handed to a rubric or
    // verifier factory as a method group (.Add("format", FormatBonus)).
    private static bool IsScoringMethod(IMethodSymbol method, RewardContext reward) =>
        reward.Symbols.HasRewardFunctionAttribute(method)
        || (method.Name == "ScoreAsync" && method.ContainingType is { } type && reward.Symbols.ImplementsVerifier(type))
        || (reward.Symbols.IsCompletion(method.Parameters.LastOrDefault()?.Type) && reward.IsRewardDelegate(method));

    private static bool IsCompletionParameter(IParameterSymbol parameter, RewardSymbols symbols) =>
        !IsDiscardName(parameter.Name)
        && (symbols.IsCompletion(parameter.Type)
            || (parameter.Type.SpecialType == SpecialType.System_String && parameter.Name is "completion" or "response" or "output"));

    private static bool IsDiscardName(string name) => name.Length > 0 && name.All(c => c == '_');

    private static bool Reads(IEnumerable<IOperation> blocks, IParameterSymbol parameter) =>
        blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IParameterReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter));

    // A stub that throws (NotImplementedException) is unfinished, not a baseline.
    private static bool OnlyThrows(IEnumerable<IOperation> blocks) =>
        blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IThrowOperation)
        && !blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IReturnOperation { ReturnedValue: not null and not IThrowOperation });
}
