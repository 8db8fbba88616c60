using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>
/// RLVR3001: a regex with no match timeout, not <c>NonBacktracking</c>, run on completion-derived text: static
/// <c>Regex.X(input, pattern...)</c> calls, and instance calls on a regex created in a local, field or property
/// initializer (or a <c>[GeneratedRegex]</c> method) without a timeout.
/// </summary>
internal sealed class RegexWithoutTimeoutAnalyzer : RewardAnalyzer
{
    /// <summary>Property: the arguments to append, separated by <see cref="Separator"/>.</summary>
    public const string AppendKey = "Append";

    public const char Separator = '|';

    public const string Timeout = "TimeSpan.FromSeconds(1)";

    public const string NoOptions = "RegexOptions.None";

    private const int NonBacktracking = 1024;

    private static readonly ImmutableHashSet<string> MatchingMethods = ImmutableHashSet.Create(
        "IsMatch", "Match", "Matches", "Replace", "Split", "Count", "EnumerateMatches", "EnumerateSplits");

    public RegexWithoutTimeoutAnalyzer()
        : base(Descriptors.RLVR3001_RegexWithoutTimeout)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var timeSpan = context.Compilation.GetTypeByMetadataName("System.TimeSpan");
        if (reward.Symbols.Regex is null || timeSpan is null)
        {
            return;
        }

        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols, timeSpan), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols, INamedTypeSymbol timeSpan)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Regex)
            || !MatchingMethods.Contains(method.Name)
            || HasTimeout(method, timeSpan))
        {
            return;
        }

        var input = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "input");
        if (input is null || !DataRoles.IsCompletionDerived(input.Value, symbols))
        {
            return;
        }

        if (method.IsStatic)
        {
            if (!AllowsBacktracking(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "options")?.Value)
                || IsTriviallyLinear(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            string? append = AppendArguments(method, timeSpan, symbols.RegexOptions);
            if (append is not null && invocation.Arguments.All(a => a.ArgumentKind == ArgumentKind.Explicit))
            {
                properties = properties.Add(AppendKey, append);
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3001_RegexWithoutTimeout, invocation.Syntax.GetLocation(), properties, "Regex." + method.Name));
            return;
        }

        var origin = Origin(invocation.Instance, context.Operation.SemanticModel);
        if (origin is IObjectCreationOperation creation
            && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.Regex)
            && creation.Constructor is { } constructor
            && !HasTimeout(constructor, timeSpan)
            && AllowsBacktracking(creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "options")?.Value)
            && !IsTriviallyLinear(creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value))
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            string? append = AppendArguments(constructor, timeSpan, symbols.RegexOptions);
            bool sameFile = creation.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree;
            if (append is not null && sameFile && creation.Arguments.All(a => a.ArgumentKind == ArgumentKind.Explicit))
            {
                properties = properties.Add(AppendKey, append);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RLVR3001_RegexWithoutTimeout,
                invocation.Syntax.GetLocation(),
                new[] { creation.Syntax.GetLocation() },
                properties,
                invocation.Instance?.Syntax.ToString() + "." + method.Name));
        }
        else if (origin is IInvocationOperation generated && IsGeneratedWithoutTimeout(generated.TargetMethod))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3001_RegexWithoutTimeout, invocation.Syntax.GetLocation(), generated.TargetMethod.Name + "()." + method.Name));
        }
    }

    private static bool IsTriviallyLinear(IOperation? pattern) =>
        pattern?.ConstantValue is { HasValue: true, Value: string text } && IsTriviallyLinear(text);

    /// <summary>
    /// Patterns that cannot backtrack: no quantifier at all (literals, classes, anchors, alternation), or a single
    /// quantified atom such as <c>\s+</c> or <c>[0-9]*</c>. Anything else is assumed to be able to.
    /// </summary>
    private static bool IsTriviallyLinear(string pattern)
    {
        int quantifiers = 0;
        int atoms = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    i++;
                    atoms++;
                    break;
                case '[':
                    int close = pattern.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        return false;
                    }

                    i = close;
                    atoms++;
                    break;
                case '*' or '+' or '?' or '{':
                    quantifiers++;
                    break;
                case '(' or ')' or '|':
                    if (quantifiers > 0)
                    {
                        return false;
                    }

                    break;
                default:
                    atoms++;
                    break;
            }
        }

        return quantifiers == 0 || (quantifiers == 1 && atoms == 1 && pattern.Length > 1 && pattern[pattern.Length - 1] is '*' or '+');
    }

    private static bool HasTimeout(IMethodSymbol method, INamedTypeSymbol timeSpan) =>
        method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, timeSpan));

    // Unknown (non-constant) options count as "maybe NonBacktracking": precision over recall.
    private static bool AllowsBacktracking(IOperation? options) =>
        options is null
        || (options.ConstantValue.HasValue && options.ConstantValue.Value is int value && (value & NonBacktracking) == 0);

    /// <summary>The arguments that turn this overload into one with a timeout, or null when there is none.</summary>
    private static string? AppendArguments(IMethodSymbol method, INamedTypeSymbol timeSpan, INamedTypeSymbol? regexOptions)
    {
        var candidates = method.MethodKind == MethodKind.Constructor
            ? method.ContainingType.InstanceConstructors
            : method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToImmutableArray();
        foreach (var candidate in candidates)
        {
            if (candidate.IsStatic != method.IsStatic || !StartsWith(candidate, method))
            {
                continue;
            }

            var rest = candidate.Parameters.Skip(method.Parameters.Length).Select(p => p.Type).ToList();
            if (rest.Count == 1 && SymbolEqualityComparer.Default.Equals(rest[0], timeSpan))
            {
                return Timeout;
            }

            if (rest.Count == 2 && SymbolEqualityComparer.Default.Equals(rest[0], regexOptions) && SymbolEqualityComparer.Default.Equals(rest[1], timeSpan))
            {
                return NoOptions + Separator + Timeout;
            }
        }

        return null;
    }

    private static bool StartsWith(IMethodSymbol longer, IMethodSymbol prefix) =>
        longer.Parameters.Length > prefix.Parameters.Length
        && prefix.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, longer.Parameters[i].Type)).All(same => same);

    /// <summary>Where a regex instance comes from: a local's assigned value, or a same-file field or property initializer.</summary>
    private static IOperation? Origin(IOperation? instance, SemanticModel? model)
    {
        instance = DataRoles.Unwrap(instance);
        switch (instance)
        {
            case ILocalReferenceOperation local:
                var values = DataRoles.AssignedValues(local).Select(DataRoles.Unwrap).ToList();
                return values.Count == 1 ? values[0] : null;
            case IFieldReferenceOperation field:
                return Initializer(field.Field, model);
            case IPropertyReferenceOperation property:
                return Initializer(property.Property, model);
            case IInvocationOperation call:
                return call;
            default:
                return null;
        }
    }

    private static IOperation? Initializer(ISymbol member, SemanticModel? model)
    {
        if (model is null || member is IFieldSymbol { IsReadOnly: false, IsConst: false } || member is IPropertySymbol { SetMethod: { IsInitOnly: false } })
        {
            return null; // A writable member may be reassigned: its initializer does not say what it holds.
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            ExpressionSyntax? value = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
                _ => null,
            };
            if (value is not null)
            {
                return DataRoles.Unwrap(model.GetOperation(value));
            }
        }

        return null;
    }

    private static bool IsGeneratedWithoutTimeout(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "GeneratedRegexAttribute");
        if (attribute is null)
        {
            return false;
        }

        var arguments = attribute.ConstructorArguments;
        bool timeout = attribute.AttributeConstructor?.Parameters.Any(p => p.Name == "matchTimeoutMilliseconds") == true;
        bool nonBacktracking = arguments.Length > 1 && arguments[1].Value is int options && (options & NonBacktracking) != 0;
        bool linear = arguments.Length > 0 && arguments[0].Value is string pattern && IsTriviallyLinear(pattern);
        return !timeout && !nonBacktracking && !linear;
    }
}
