using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Everything the rules need to know about one compilation: the Rlvr.Core symbols and which code is
/// reward code. One instance per compilation, shared by every analyzer.
/// </summary>
/// <remarks>
/// Reward code is found on demand, not by a whole-compilation pre-pass: a method is reward code when
/// its symbol says so (an <c>IVerifier&lt;T&gt;</c> member, <c>[RewardFunction]</c>, an environment's
/// <c>RenderPrompt</c> or <c>Rubric</c>), when it is handed to a rubric or verifier factory as a method
/// group, or when reward code calls it at most <see cref="HelperDepth"/> calls away. Callers are found
/// through a syntax-only index of the names used in the compilation; only the call sites whose name
/// matches are bound, through the compilation's (shared, cached) semantic models, and every answer is
/// memoised. Operation trees of whole bodies are only built when a rule asks which helper parameters
/// receive the completion, and those are the trees the analyzer driver builds anyway.
/// </remarks>
internal sealed class RewardContext
{
    /// <summary>How many calls deep a helper is still reward code.</summary>
    public const int HelperDepth = 3;

    private static readonly ConditionalWeakTable<Compilation, RewardContext?[]> Cache = new();

    private static readonly ImmutableHashSet<string> DelegateTakingMethods =
        ImmutableHashSet.Create("Add", "AddMetric", "Create", "Single");

    // Role queries in progress on this thread: a helper that passes its own parameter to itself (or a
    // cycle of helpers) must not recurse forever.
    [ThreadStatic]
    private static HashSet<IParameterSymbol>? completionInProgress;

    [ThreadStatic]
    private static HashSet<IParameterSymbol>? referenceInProgress;

    [ThreadStatic]
    private static bool cycleCut;

    private readonly Lazy<NameIndex> names;
    private readonly ConcurrentDictionary<ISymbol, bool>[] reachable;
    private readonly ConcurrentDictionary<ISymbol, RewardScope> scopes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> rewardOwners = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> lambdaOwners = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxNode, bool> rewardLambdas = new();
    private readonly ConcurrentDictionary<SyntaxNode, ISymbol?> targets = new();
    private readonly ConcurrentDictionary<IParameterSymbol, bool> completionParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> referenceParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> promptParameters = new(SymbolEqualityComparer.Default);

    private RewardContext(Compilation compilation, RewardSymbols symbols)
    {
        Compilation = compilation;
        Symbols = symbols;
        symbols.IsCompletionParameter = p => ReceivesRole(p, completion: true);
        symbols.IsReferenceParameter = p => ReceivesRole(p, completion: false);
        names = new Lazy<NameIndex>(() => NameIndex.Build(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        reachable = new ConcurrentDictionary<ISymbol, bool>[HelperDepth + 1];
        for (int i = 0; i < reachable.Length; i++)
        {
            reachable[i] = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        }
    }

    public Compilation Compilation { get; }

    public RewardSymbols Symbols { get; }

    /// <summary>The shared context, or null when Rlvr.Core is not referenced.</summary>
    public static RewardContext? For(Compilation compilation)
    {
        // A one-element array lets the table cache "no context" (null) as well as a context.
        var slot = Cache.GetValue(compilation, static c =>
        {
            var symbols = RewardSymbols.TryCreate(c);
            return [symbols is null ? null : new RewardContext(c, symbols)];
        });
        return slot[0];
    }

    /// <summary>True when the method (or accessor) is reward code as a whole.</summary>
    public bool IsRewardMethod(ISymbol owner)
    {
        if (owner is not IMethodSymbol method)
        {
            return false;
        }

        if (!rewardOwners.TryGetValue(method, out bool result))
        {
            result = IsReachable(method, HelperDepth);
            rewardOwners.TryAdd(method, result);
        }

        return result;
    }

    /// <summary>True when the method is handed as a method group to a rubric or verifier factory (a reward function).</summary>
    public bool IsRewardDelegate(IMethodSymbol method)
    {
        method = Definition(method);
        return IsSourceMethod(method) && SitesOf(method).Any(IsRewardDelegateArgument);
    }

    /// <summary>How much of a member's operation block is reward code; decided once per member.</summary>
    public RewardScope ScopeOf(ISymbol owner)
    {
        if (!scopes.TryGetValue(owner, out var scope))
        {
            scope = IsRewardMethod(owner) ? RewardScope.Member
                : MayHoldRewardLambda(owner) ? RewardScope.LambdasOnly
                : RewardScope.None;
            scopes.TryAdd(owner, scope);
        }

        return scope;
    }

    /// <summary>True when <paramref name="operation"/> sits inside a reward lambda.</summary>
    public bool IsInRewardLambda(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda && IsRewardLambda(lambda.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the member's declaration holds a reward lambda (a syntax walk, once per member).</summary>
    public bool MayHoldRewardLambda(ISymbol owner)
    {
        if (!lambdaOwners.TryGetValue(owner, out bool result))
        {
            result = false;
            foreach (var reference in owner.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is AnonymousFunctionExpressionSyntax && IsRewardLambda(node))
                    {
                        result = true;
                        break;
                    }
                }
            }

            lambdaOwners.TryAdd(owner, result);
        }

        return result;
    }

    /// <summary>True when the lambda syntax is a reward function handed to a rubric or verifier factory.</summary>
    public bool IsRewardLambda(SyntaxNode lambda)
    {
        if (lambda is not AnonymousFunctionExpressionSyntax)
        {
            return false;
        }

        if (!rewardLambdas.TryGetValue(lambda, out bool result))
        {
            result = IsRewardDelegateArgument(lambda);
            rewardLambdas.TryAdd(lambda, result);
        }

        return result;
    }

    // Reward code itself, or called by reward code at most `budget` calls away.
    private bool IsReachable(IMethodSymbol method, int budget)
    {
        method = Definition(method);
        if (!IsSourceMethod(method))
        {
            return false;
        }

        if (IsRoot(method))
        {
            return true;
        }

        var memo = reachable[budget];
        if (memo.TryGetValue(method, out bool known))
        {
            return known;
        }

        bool result = false;
        foreach (var site in SitesOf(method))
        {
            // A method group handed to a rubric or verifier factory is a reward function at any depth.
            if (IsRewardDelegateArgument(site) || (budget > 0 && IsInRewardCode(site, budget - 1)))
            {
                result = true;
                break;
            }
        }

        memo.TryAdd(method, result);
        return result;
    }

    // Members whose symbol alone makes them reward code.
    private bool IsRoot(IMethodSymbol method)
    {
        if (method.IsImplicitlyDeclared
            || method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.LocalFunction or MethodKind.AnonymousFunction
            || method.ContainingType is not { } type)
        {
            return false;
        }

        return Symbols.ImplementsVerifier(type)
            || Symbols.HasRewardFunctionAttribute(type)
            || Symbols.HasRewardFunctionAttribute(method)
            || (Symbols.DerivesFromEnvironment(type) && IsScoringOrPromptOverride(method));
    }

    // Environment overrides that decide what the model sees or how it is scored; data loading is not reward code.
    private static bool IsScoringOrPromptOverride(IMethodSymbol method) =>
        method.IsOverride
        && (method.Name == "RenderPrompt"
            || (method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol?.Name == "Rubric"));

    // The member (or reward lambda) around a call site, judged with `budget` calls left. Local
    // functions belong to the member that declares them.
    private bool IsInRewardCode(SyntaxNode site, int budget)
    {
        for (var node = site.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax lambda when IsRewardLambda(lambda):
                    return true;
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return Model(node.SyntaxTree).GetDeclaredSymbol(node) is IMethodSymbol member && IsReachable(member, budget);
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property }:
                    return Model(node.SyntaxTree).GetDeclaredSymbol(property) is IPropertySymbol { GetMethod: { } getter } && IsReachable(getter, budget);
                case MemberDeclarationSyntax:
                    // Field and property initializers are not method bodies.
                    return false;
            }
        }

        return false;
    }

    // `site` (a lambda or a method group) is an argument of Rubric/RubricBuilder/Verifier.Add/Create/...
    private bool IsRewardDelegateArgument(SyntaxNode site)
    {
        var node = site;
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
        {
            node = access;
        }

        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        if (node.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
            || !DelegateTakingMethods.Contains(NameIndex.InvokedName(invocation)))
        {
            return false;
        }

        return Model(invocation.SyntaxTree).GetSymbolInfo(invocation).Symbol is IMethodSymbol factory
            && Symbols.TakesRewardDelegates(factory.ContainingType);
    }

    // Visibility rules that exclude most same-named sites without binding them: a private method or a
    // local function is only named inside its container, and an unqualified name only reaches members
    // of the enclosing types and their bases (unless a `using static` brings in other types).
    private bool CanReferTo(SimpleNameSyntax site, IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction || method.DeclaredAccessibility == Accessibility.Private)
        {
            return IsInside(site, method.ContainingSymbol);
        }

        if (site.Parent is MemberAccessExpressionSyntax { Name: var name } && name == site
            || site.Parent is MemberBindingExpressionSyntax
            || names.Value.HasUsingStatic)
        {
            return true;
        }

        for (var node = site.Parent; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax declaration
                && Model(node.SyntaxTree).GetDeclaredSymbol(declaration) is INamedTypeSymbol type
                && InheritsOrIs(type, method.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInside(SyntaxNode site, ISymbol container)
    {
        foreach (var reference in container.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == site.SyntaxTree && reference.Span.Contains(site.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InheritsOrIs(INamedTypeSymbol type, INamedTypeSymbol container)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, container.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    // The source method (or property) a name site refers to, bound once per site.
    private ISymbol? Target(SimpleNameSyntax site)
    {
        if (!targets.TryGetValue(site, out var target))
        {
            target = Model(site.SyntaxTree).GetSymbolInfo(site).Symbol switch
            {
                IMethodSymbol method => Definition(method),
                IPropertySymbol property => property.OriginalDefinition,
                _ => null,
            };
            targets.TryAdd(site, target);
        }

        return target;
    }

    /// <summary>
    /// True when <paramref name="parameter"/> receives the problem being rendered into a prompt: the problem
    /// parameter of an environment's <c>RenderPrompt</c> override passed to this helper, directly or through
    /// up to <see cref="HelperDepth"/> helpers.
    /// </summary>
    public bool ReceivesPromptProblem(IParameterSymbol parameter)
    {
        parameter = parameter.OriginalDefinition;
        if (!promptParameters.TryGetValue(parameter, out bool result))
        {
            result = ReceivesPromptProblem(parameter, HelperDepth);
            promptParameters.TryAdd(parameter, result);
        }

        return result;
    }

    /// <summary>True for an environment's <c>RenderPrompt</c> override.</summary>
    public bool IsRenderPrompt(ISymbol symbol) =>
        symbol is IMethodSymbol { Name: "RenderPrompt", IsOverride: true } method
        && method.ContainingType is { } type
        && Symbols.DerivesFromEnvironment(type);

    private bool ReceivesPromptProblem(IParameterSymbol parameter, int budget)
    {
        if (budget == 0 || parameter.ContainingSymbol is not IMethodSymbol method || !IsSourceMethod(method))
        {
            return false;
        }

        return ArgumentsFor(parameter, Definition(method), static _ => true).Any(argument =>
            DataRoles.Unwrap(argument.Value) is IParameterReferenceOperation { Parameter: var source }
            && ((source.Ordinal == 0 && IsRenderPrompt(source.ContainingSymbol)) || ReceivesPromptProblem(source.OriginalDefinition, budget - 1)));
    }

    // A helper parameter receives the completion (or the reference) when reward code passes it one.
    private bool ReceivesRole(IParameterSymbol parameter, bool completion)
    {
        parameter = parameter.OriginalDefinition;
        if (parameter.ContainingSymbol is not IMethodSymbol method || !IsSourceMethod(method))
        {
            return false;
        }

        var memo = completion ? completionParameters : referenceParameters;
        if (memo.TryGetValue(parameter, out bool known))
        {
            return known;
        }

        var inProgress = completion
            ? completionInProgress ??= new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default)
            : referenceInProgress ??= new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(parameter))
        {
            cycleCut = true;
            return false;
        }

        bool outerCut = cycleCut;
        cycleCut = false;
        try
        {
            bool result = ComputeRole(parameter, Definition(method), completion);

            // "No" is only final when no cycle was cut on the way to it.
            if (result || !cycleCut)
            {
                memo.TryAdd(parameter, result);
            }

            return result;
        }
        finally
        {
            cycleCut |= outerCut;
            inProgress.Remove(parameter);
        }
    }

    private bool ComputeRole(IParameterSymbol parameter, IMethodSymbol method, bool completion) =>
        ArgumentsFor(parameter, method, site => IsInRewardCode(site, HelperDepth - 1)).Any(argument =>
            argument.Parameter!.RefKind != RefKind.Out
            && (completion
                ? DataRoles.IsCompletionDerived(argument.Value, Symbols)
                : DataRoles.IsReferenceDerived(argument.Value, Symbols)));

    // The name sites that refer to `method`: same-named sites it can be visible at, then bound. A computed
    // property's getter is referred to by the property's name.
    private IEnumerable<SimpleNameSyntax> SitesOf(IMethodSymbol method)
    {
        ISymbol target = method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol is IPropertySymbol property
            ? property.OriginalDefinition
            : method;
        foreach (var site in names.Value.Sites(target.Name))
        {
            if (CanReferTo(site, method) && SymbolEqualityComparer.Default.Equals(Target(site), target))
            {
                yield return site;
            }
        }
    }

    // The arguments calls of `method` pass to `parameter`, at the call sites `include` accepts (checked
    // before the caller's operation tree is built). A constructor's calls are the `new T(...)` of its type.
    private IEnumerable<IArgumentOperation> ArgumentsFor(IParameterSymbol parameter, IMethodSymbol method, Func<SyntaxNode, bool> include)
    {
        var calls = method.MethodKind == MethodKind.Constructor
            ? names.Value.Creations(method.ContainingType.Name).Select(site => (Site: (SyntaxNode)site, Call: (SyntaxNode)site))
            : SitesOf(method).Select(site => (Site: (SyntaxNode)site, Call: (SyntaxNode?)NameIndex.InvocationOf(site)!));
        foreach (var (site, syntax) in calls)
        {
            if (syntax is null
                || !include(site)
                || Model(syntax.SyntaxTree).GetOperation(syntax) is not { } operation)
            {
                continue;
            }

            var arguments = operation switch
            {
                IInvocationOperation call => call.Arguments,
                IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Constructor?.OriginalDefinition, method) => creation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } target && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, parameter))
                {
                    yield return argument;
                }
            }
        }
    }

    // The compilation's own models: inside the analyzer driver they are cached and shared with every
    // analyzer, so a body bound here is not bound again for the rules.
#pragma warning disable RS1030 // Call sites are bound through the driver's shared models; the context is per compilation.
    private SemanticModel Model(SyntaxTree tree) => Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    private bool IsSourceMethod(IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly)
        && method.DeclaringSyntaxReferences.Length > 0;

    private static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    /// <summary>
    /// Syntax-only index, built once per compilation: every simple name that matches the name of a
    /// method or local function declared in source, by name. No binding happens here.
    /// </summary>
    private sealed class NameIndex
    {
        private readonly Dictionary<string, List<SimpleNameSyntax>> sites;
        private readonly Dictionary<string, List<ObjectCreationExpressionSyntax>> creations;

        private NameIndex(Dictionary<string, List<SimpleNameSyntax>> sites, Dictionary<string, List<ObjectCreationExpressionSyntax>> creations, bool hasUsingStatic)
        {
            this.sites = sites;
            this.creations = creations;
            HasUsingStatic = hasUsingStatic;
        }

        /// <summary>True when some file has a <c>using static</c> directive (which makes unqualified calls reach other types).</summary>
        public bool HasUsingStatic { get; }

        public IReadOnlyList<SimpleNameSyntax> Sites(string name) =>
            sites.TryGetValue(name, out var list) ? list : Array.Empty<SimpleNameSyntax>();

        /// <summary>The <c>new T(...)</c> expressions whose type is named <paramref name="typeName"/>.</summary>
        public IReadOnlyList<ObjectCreationExpressionSyntax> Creations(string typeName) =>
            creations.TryGetValue(typeName, out var list) ? list : Array.Empty<ObjectCreationExpressionSyntax>();

        public static NameIndex Build(Compilation compilation)
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            var used = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
            var created = new Dictionary<string, List<ObjectCreationExpressionSyntax>>(StringComparer.Ordinal);
            bool usingStatic = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case MethodDeclarationSyntax method:
                            declared.Add(method.Identifier.ValueText);
                            break;
                        case LocalFunctionStatementSyntax local:
                            declared.Add(local.Identifier.ValueText);
                            break;
                        case PropertyDeclarationSyntax property when HasComputedGetter(property):
                            declared.Add(property.Identifier.ValueText);
                            break;
                        case ObjectCreationExpressionSyntax creation when creation.ArgumentList is { Arguments.Count: > 0 }:
                            Add(created, TypeName(creation.Type), creation);
                            break;
                        case UsingDirectiveSyntax directive:
                            usingStatic |= directive.StaticKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword);
                            break;
                        case SimpleNameSyntax name when IsCallOrMethodGroup(name):
                            Add(used, name.Identifier.ValueText, name);
                            break;
                    }
                }
            }

            var sites = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
            foreach (var pair in used)
            {
                if (declared.Contains(pair.Key))
                {
                    sites.Add(pair.Key, pair.Value);
                }
            }

            return new NameIndex(sites, created, usingStatic);
        }

        private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
        {
            if (!index.TryGetValue(key, out var list))
            {
                list = new List<T>();
                index.Add(key, list);
            }

            list.Add(value);
        }

        private static string TypeName(TypeSyntax type) => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => string.Empty,
        };

        // A getter with a body (not an auto-property) can hold reward logic of its own.
        private static bool HasComputedGetter(PropertyDeclarationSyntax property) =>
            property.ExpressionBody is not null
            || property.AccessorList?.Accessors.Any(a => a.Keyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.GetKeyword) && (a.Body is not null || a.ExpressionBody is not null)) == true;

        /// <summary>The invocation whose target is <paramref name="name"/>, if any.</summary>
        public static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax name)
        {
            SyntaxNode callee = name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access,
                MemberBindingExpressionSyntax binding when binding.Name == name => binding,
                _ => name,
            };
            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        /// <summary>The simple name an invocation calls (<c>Add</c> in <c>builder.Add(...)</c>).</summary>
        public static string InvokedName(InvocationExpressionSyntax invocation) =>
            invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax name => name.Identifier.ValueText,
                _ => string.Empty,
            };

        // Names that can refer to a method: the target of a call, or a method group in an expression
        // (an argument, an assignment, a return). Qualifiers (the X in X.Y) and declarations are skipped.
        private static bool IsCallOrMethodGroup(SimpleNameSyntax name) =>
            name.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Name == name,
                MemberBindingExpressionSyntax => true,
                QualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax or TypeArgumentListSyntax => false,
                UsingDirectiveSyntax or NamespaceDeclarationSyntax or FileScopedNamespaceDeclarationSyntax => false,
                _ => true,
            };
    }
}

/// <summary>How much of a member's operation block is reward code.</summary>
internal enum RewardScope
{
    /// <summary>Nothing: the member is not reward code and holds no reward lambda.</summary>
    None,

    /// <summary>The whole member: a scoring method, a prompt or rubric override, or a helper.</summary>
    Member,

    /// <summary>Only the reward lambdas inside the member (a rubric built in a constructor or initializer).</summary>
    LambdasOnly,
}
