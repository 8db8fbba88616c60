using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// The Rlvr.Core types the rules look for, resolved once per compilation. Null members mean the type is
/// not visible (an older Rlvr.Core); rules treat that as "nothing to find".
/// </summary>
internal sealed class RewardSymbols
{
    private RewardSymbols(Compilation compilation, INamedTypeSymbol verifierInterface)
    {
        VerifierInterface = verifierInterface;
        Environment = compilation.GetTypeByMetadataName("Rlvr.Core.Environment`1");
        Reward = compilation.GetTypeByMetadataName("Rlvr.Core.Reward");
        Completion = compilation.GetTypeByMetadataName("Rlvr.Core.Completion");
        ReferenceAttribute = compilation.GetTypeByMetadataName("Rlvr.Core.ReferenceAttribute");
        RewardFunctionAttribute = compilation.GetTypeByMetadataName("Rlvr.Core.RewardFunctionAttribute");
        Rubric = compilation.GetTypeByMetadataName("Rlvr.Core.Rubric`1");
        RubricBuilder = compilation.GetTypeByMetadataName("Rlvr.Core.RubricBuilder`1");
        Verifier = compilation.GetTypeByMetadataName("Rlvr.Core.Verifier");
        ScoringContext = compilation.GetTypeByMetadataName("Rlvr.Core.ScoringContext");
        AnswerExtractor = compilation.GetTypeByMetadataName("Rlvr.Core.Extraction.AnswerExtractor");
        SandboxSpec = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.SandboxSpec");
        Sandbox = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.ISandbox");
        SandboxProvider = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.ISandboxProvider");
        ExecRequest = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.ExecRequest");
        ExecResult = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.ExecResult");
        SandboxException = compilation.GetTypeByMetadataName("Rlvr.Core.Sandboxing.SandboxException");
        Regex = compilation.GetTypeByMetadataName("System.Text.RegularExpressions.Regex");
        Match = compilation.GetTypeByMetadataName("System.Text.RegularExpressions.Match");
        RegexOptions = compilation.GetTypeByMetadataName("System.Text.RegularExpressions.RegexOptions");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
    }

    public INamedTypeSymbol VerifierInterface { get; }

    public INamedTypeSymbol? Environment { get; }

    public INamedTypeSymbol? Reward { get; }

    public INamedTypeSymbol? Completion { get; }

    public INamedTypeSymbol? ReferenceAttribute { get; }

    public INamedTypeSymbol? RewardFunctionAttribute { get; }

    public INamedTypeSymbol? Rubric { get; }

    public INamedTypeSymbol? RubricBuilder { get; }

    public INamedTypeSymbol? Verifier { get; }

    public INamedTypeSymbol? ScoringContext { get; }

    public INamedTypeSymbol? AnswerExtractor { get; }

    public INamedTypeSymbol? SandboxSpec { get; }

    public INamedTypeSymbol? Sandbox { get; }

    public INamedTypeSymbol? SandboxProvider { get; }

    public INamedTypeSymbol? ExecRequest { get; }

    public INamedTypeSymbol? ExecResult { get; }

    public INamedTypeSymbol? SandboxException { get; }

    public INamedTypeSymbol? Regex { get; }

    public INamedTypeSymbol? Match { get; }

    public INamedTypeSymbol? RegexOptions { get; }

    public INamedTypeSymbol? Enumerable { get; }

    /// <summary>
    /// Set by <see cref="RewardContext"/>: true for a helper's parameter that reward code passes completion text.
    /// Lets <see cref="DataRoles"/> follow the completion into extractor helpers whose parameter is just "text".
    /// </summary>
    internal Func<IParameterSymbol, bool> IsCompletionParameter { get; set; } = static _ => false;

    /// <summary>Set by <see cref="RewardContext"/>: true for a helper's parameter that reward code passes the reference.</summary>
    internal Func<IParameterSymbol, bool> IsReferenceParameter { get; set; } = static _ => false;

    /// <summary>Null when Rlvr.Core is not referenced: then no rule has anything to do.</summary>
    public static RewardSymbols? TryCreate(Compilation compilation)
    {
        var verifier = compilation.GetTypeByMetadataName("Rlvr.Core.IVerifier`1");
        return verifier is null ? null : new RewardSymbols(compilation, verifier);
    }

    /// <summary>True for the Rlvr reward type.</summary>
    public bool IsReward(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, Reward);

    /// <summary>True for Completion.</summary>
    public bool IsCompletion(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, Completion);

    /// <summary>True when the symbol carries [Reference].</summary>
    public bool HasReferenceAttribute(ISymbol symbol) =>
        ReferenceAttribute is not null
        && (HasAttribute(symbol, ReferenceAttribute) || (RecordParameter(symbol) is { } parameter && HasAttribute(parameter, ReferenceAttribute)));

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute) =>
        symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    /// <summary>
    /// The primary-constructor parameter behind a record's positional property: <c>record Problem([Reference] string Answer)</c>
    /// puts the attribute (and the value) on the parameter.
    /// </summary>
    internal static IParameterSymbol? RecordParameter(ISymbol symbol) =>
        symbol is IPropertySymbol { ContainingType: { IsRecord: true } record }
            ? record.InstanceConstructors.SelectMany(c => c.Parameters).FirstOrDefault(p => p.Name == symbol.Name)
            : null;

    /// <summary>True when the symbol carries [RewardFunction].</summary>
    public bool HasRewardFunctionAttribute(ISymbol symbol) =>
        RewardFunctionAttribute is not null
        && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, RewardFunctionAttribute));

    /// <summary>True when the type implements IVerifier&lt;T&gt; for some T.</summary>
    public bool ImplementsVerifier(ITypeSymbol type) =>
        type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, VerifierInterface));

    /// <summary>True when the type derives from Environment&lt;T&gt;.</summary>
    public bool DerivesFromEnvironment(ITypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, Environment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for Rubric, RubricBuilder and Verifier: types whose delegate arguments are reward functions.</summary>
    public bool TakesRewardDelegates(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        return definition is not null
            && (SymbolEqualityComparer.Default.Equals(definition, Rubric)
                || SymbolEqualityComparer.Default.Equals(definition, RubricBuilder)
                || SymbolEqualityComparer.Default.Equals(definition, Verifier));
    }
}
