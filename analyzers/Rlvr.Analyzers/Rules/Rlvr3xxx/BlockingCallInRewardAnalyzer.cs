using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>
/// RLVR3002: <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>, <c>Thread.Sleep</c>
/// in reward code, and <c>Process.WaitForExit</c> inside an async function. A task result read after the task was
/// awaited, or checked for completion, is not blocking and is not reported.
/// </summary>
internal sealed class BlockingCallInRewardAnalyzer : RewardAnalyzer
{
    /// <summary>Property: how the fix rewrites the call (one of the <c>Fix*</c> constants); absent when it cannot.</summary>
    public const string FixKey = "Fix";

    public const string FixAwaitInstance = "AwaitInstance";
    public const string FixAwaitReceiverOfGetAwaiter = "AwaitReceiverOfGetAwaiter";
    public const string FixDelay = "Delay";
    public const string FixWhenAll = "WhenAll";
    public const string FixWaitForExitAsync = "WaitForExitAsync";

    public BlockingCallInRewardAnalyzer()
        : base(Descriptors.RLVR3002_BlockingCallInReward)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var types = new TaskTypes(context.Compilation);
        RegisterRewardOperation(context, reward, c => AnalyzeResult(c, types), OperationKind.PropertyReference);
        RegisterRewardOperation(context, reward, c => AnalyzeCall(c, types), OperationKind.Invocation);
    }

    private static void AnalyzeResult(OperationAnalysisContext context, TaskTypes types)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (property.Property.Name == "Result" && types.IsTask(property.Property.ContainingType) && !IsSettled(property.Instance))
        {
            Report(context, property, "Result", "await the task", FixAwaitInstance);
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, TaskTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Wait" when !method.IsStatic && types.IsTask(type):
                Report(context, invocation, "Wait", "await the task", invocation.Arguments.Length == 0 ? FixAwaitInstance : null);
                break;
            case "GetResult" when type?.Name is "TaskAwaiter" or "ValueTaskAwaiter" or "ConfiguredTaskAwaiter" or "ConfiguredValueTaskAwaiter"
                && DataRoles.Unwrap(invocation.Instance) is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                && !IsSettled(getAwaiter.Instance):
                Report(context, invocation, "GetAwaiter().GetResult()", "await the task", FixAwaitReceiverOfGetAwaiter);
                break;
            case "WaitAll" or "WaitAny" when method.IsStatic && types.IsTask(type):
                Report(context, invocation, "Task." + method.Name, "await Task.WhenAll or Task.WhenAny", method.Name == "WaitAll" && method.Parameters.Length == 1 ? FixWhenAll : null);
                break;
            case "Sleep" when method.IsStatic && SymbolEqualityComparer.Default.Equals(type, types.Thread):
                Report(context, invocation, "Thread.Sleep", "await Task.Delay with the context's token", FixDelay);
                break;
            case "WaitForExit" when !method.IsStatic && SymbolEqualityComparer.Default.Equals(type, types.Process) && IsInAsyncFunction(invocation):
                // Outside async code a bounded WaitForExit is the only option (RLVR3005 covers the unbounded one).
                Report(context, invocation, "Process.WaitForExit", "await WaitForExitAsync with the context's token", invocation.Arguments.Length == 0 ? FixWaitForExitAsync : null);
                break;
        }
    }

    /// <summary>
    /// True when the task's result is known to be available: the body awaits Task.WhenAll/WhenAny, or the same
    /// local or parameter is awaited or checked for completion somewhere in the body.
    /// </summary>
    private static bool IsSettled(IOperation? instance)
    {
        instance = DataRoles.Unwrap(instance);
        if (instance is null)
        {
            return false;
        }

        ISymbol? symbol = instance switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
        foreach (var node in DataRoles.Root(instance).DescendantsAndSelf())
        {
            switch (node)
            {
                case IAwaitOperation awaited when Awaited(awaited) is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" }:
                    return true;
                case IAwaitOperation awaited when symbol is not null && References(awaited.Operation, symbol):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "Status" } check
                    when symbol is not null && References(check.Instance, symbol):
                    return true;
            }
        }

        return false;
    }

    // What an await waits for, through .ConfigureAwait(false).
    private static IOperation? Awaited(IAwaitOperation awaited)
    {
        var operation = DataRoles.Unwrap(awaited.Operation);
        return operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured ? DataRoles.Unwrap(configured.Instance) : operation;
    }

    private static bool References(IOperation? operation, ISymbol symbol)
    {
        operation = DataRoles.Unwrap(operation);
        if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
        {
            operation = DataRoles.Unwrap(configured.Instance);
        }

        ISymbol? referenced = operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
        return SymbolEqualityComparer.Default.Equals(referenced, symbol);
    }

    /// <summary>True when the nearest enclosing method, local function or lambda is async.</summary>
    public static bool IsInAsyncFunction(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation local:
                    return local.Symbol.IsAsync;
                case ILockOperation:
                    return false; // await is not allowed inside lock.
            }
        }

        return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol { IsAsync: true };
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string what, string advice, string? fix)
    {
        var properties = fix is not null && IsInAsyncFunction(operation)
            ? ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix)
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3002_BlockingCallInReward, operation.Syntax.GetLocation(), properties, what, advice));
    }

    private sealed class TaskTypes
    {
        private readonly ImmutableArray<INamedTypeSymbol> tasks;

        public TaskTypes(Compilation compilation)
        {
            tasks = new[]
            {
                compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
                compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1"),
                compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"),
                compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1"),
            }.Where(t => t is not null).Select(t => t!).ToImmutableArray();
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            Process = compilation.GetTypeByMetadataName("System.Diagnostics.Process");
        }

        public INamedTypeSymbol? Thread { get; }

        public INamedTypeSymbol? Process { get; }

        public bool IsTask(INamedTypeSymbol? type) =>
            type is not null && tasks.Any(t => SymbolEqualityComparer.Default.Equals(t, type.OriginalDefinition));
    }
}
