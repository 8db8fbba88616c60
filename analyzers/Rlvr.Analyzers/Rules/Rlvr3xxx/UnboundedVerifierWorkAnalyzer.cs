using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>
/// RLVR3005: <c>Process.WaitForExit()</c> without a timeout outside async code (RLVR3002 covers async code), and
/// sandbox, HTTP or process calls whose <c>CancellationToken</c> is omitted, <c>default</c> or <c>CancellationToken.None</c>.
/// </summary>
internal sealed class UnboundedVerifierWorkAnalyzer : RewardAnalyzer
{
    public UnboundedVerifierWorkAnalyzer()
        : base(Descriptors.RLVR3005_UnboundedVerifierWork)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var token = context.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        var process = context.Compilation.GetTypeByMetadataName("System.Diagnostics.Process");
        var http = context.Compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageInvoker");
        if (token is null)
        {
            return;
        }

        // Process, HTTP and sandbox types, decided once per receiver type.
        var watchedTypes = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
        RegisterRewardOperation(
            context,
            reward,
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                var method = invocation.TargetMethod;
                var type = method.ContainingType;
                if (type is null)
                {
                    return;
                }

                if (method.Name == "WaitForExit" && method.Parameters.Length == 0 && SymbolEqualityComparer.Default.Equals(type, process))
                {
                    if (!Rlvr3xxx.BlockingCallInRewardAnalyzer.IsInAsyncFunction(invocation))
                    {
                        Report(c, invocation, "Process.WaitForExit()", "pass a timeout and kill the process when it expires");
                    }

                    return;
                }

                if (!watchedTypes.TryGetValue(type, out bool watched))
                {
                    watched = SymbolEqualityComparer.Default.Equals(type, process)
                        || Inherits(type, http)
                        || Implements(type, reward.Symbols.Sandbox)
                        || Implements(type, reward.Symbols.SandboxProvider);
                    watchedTypes.TryAdd(type, watched);
                }

                if (!watched)
                {
                    return;
                }

                var argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, token));
                if ((argument is not null && IsNoToken(argument)) || (argument is null && HasTokenOverload(method, token)))
                {
                    Report(c, invocation, $"{type.Name}.{method.Name}", "pass context.CancellationToken");
                }
            },
            OperationKind.Invocation);
    }

    // GetStringAsync(uri) when GetStringAsync(uri, cancellationToken) exists.
    private static bool HasTokenOverload(IMethodSymbol method, INamedTypeSymbol token) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
            candidate.Parameters.Length == method.Parameters.Length + 1
            && SymbolEqualityComparer.Default.Equals(candidate.Parameters[candidate.Parameters.Length - 1].Type, token)
            && method.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, candidate.Parameters[i].Type)).All(same => same));

    private static bool IsNoToken(IArgumentOperation argument) =>
        argument.ArgumentKind == ArgumentKind.DefaultValue
        || DataRoles.Unwrap(argument.Value) is IDefaultValueOperation
        || DataRoles.Unwrap(argument.Value) is IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true };

    private static bool Inherits(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract) =>
        contract is not null
        && (SymbolEqualityComparer.Default.Equals(type, contract) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, contract)));

    private static void Report(OperationAnalysisContext context, IOperation operation, string what, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3005_UnboundedVerifierWork, operation.Syntax.GetLocation(), what, advice));
}
