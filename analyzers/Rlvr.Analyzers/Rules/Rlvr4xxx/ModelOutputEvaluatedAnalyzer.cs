using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr4xxx;

/// <summary>
/// RLVR4001: completion-derived text handed to a script engine, an assembly loader, <c>DataTable.Compute</c>, or a
/// host process (its start arguments, <c>ProcessStartInfo</c> file name or arguments, or its standard input).
/// </summary>
internal sealed class ModelOutputEvaluatedAnalyzer : RewardAnalyzer
{
    public ModelOutputEvaluatedAnalyzer()
        : base(Descriptors.RLVR4001_ModelOutputEvaluated)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, reward.Symbols), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeCreation(c, reward.Symbols), OperationKind.ObjectCreation);
        RegisterRewardOperation(context, reward, c => AnalyzeAssignment(c, reward.Symbols), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string type = method.ContainingType?.ToDisplayString() ?? string.Empty;
        string? sink = (type, method.Name) switch
        {
            ("Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript", _) => "CSharpScript." + method.Name,
            ("System.Reflection.Assembly", "Load" or "LoadFrom" or "LoadFile" or "UnsafeLoadFrom") => "Assembly." + method.Name,
            ("System.Runtime.Loader.AssemblyLoadContext", "LoadFromStream" or "LoadFromAssemblyPath") => "AssemblyLoadContext." + method.Name,
            ("System.Data.DataTable", "Compute") => "DataTable.Compute",
            ("System.Diagnostics.Process", "Start") when method.IsStatic => "Process.Start",
            ("System.Collections.ObjectModel.Collection<string>", "Add") when IsProcessArgumentList(invocation.Instance) => "ProcessStartInfo.ArgumentList",
            ("System.IO.TextWriter" or "System.IO.StreamWriter", _) when method.Name.StartsWith("Write", System.StringComparison.Ordinal) && IsProcessStandardInput(invocation.Instance) => "Process.StandardInput",
            _ => null,
        };
        if (sink is not null && invocation.Arguments.Any(a => DataRoles.IsCompletionDerived(a.Value, symbols)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR4001_ModelOutputEvaluated, invocation.Syntax.GetLocation(), sink));
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type?.ToDisplayString() == "System.Diagnostics.ProcessStartInfo"
            && creation.Arguments.Any(a => DataRoles.IsCompletionDerived(a.Value, symbols)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR4001_ModelOutputEvaluated, creation.Syntax.GetLocation(), "ProcessStartInfo"));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "FileName" or "Arguments" } property
            && property.Property.ContainingType?.ToDisplayString() == "System.Diagnostics.ProcessStartInfo"
            && DataRoles.IsCompletionDerived(assignment.Value, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR4001_ModelOutputEvaluated, assignment.Syntax.GetLocation(), "ProcessStartInfo." + property.Property.Name));
        }
    }

    private static bool IsProcessArgumentList(IOperation? instance) =>
        DataRoles.Unwrap(instance) is IPropertyReferenceOperation { Property.Name: "ArgumentList" } list
        && list.Property.ContainingType?.ToDisplayString() == "System.Diagnostics.ProcessStartInfo";

    private static bool IsProcessStandardInput(IOperation? instance) =>
        DataRoles.Unwrap(instance) is IPropertyReferenceOperation { Property.Name: "StandardInput" } input
        && input.Property.ContainingType?.ToDisplayString() == "System.Diagnostics.Process";
}
