using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Everything the rules need to know about one compilation: the Rlvr.Core symbols and which code is
/// reward code. Built once per compilation and shared by every analyzer; the scope (which methods and
/// lambdas score rewards) is computed lazily the first time a rule asks, so a compilation without
/// reward code pays only for the symbol look-ups.
/// </summary>
internal sealed class RewardContext
{
    private static readonly ConditionalWeakTable<Compilation, RewardContext?[]> Cache = new();

    private readonly Lazy<RewardScope> scope;

    private RewardContext(Compilation compilation, RewardSymbols symbols)
    {
        Compilation = compilation;
        Symbols = symbols;
        var parameters = new ParameterRoles();
        symbols.IsCompletionParameter = p => parameters.Completion.ContainsKey(p.OriginalDefinition);
        symbols.IsReferenceParameter = p => parameters.Reference.ContainsKey(p.OriginalDefinition);
        scope = new Lazy<RewardScope>(() => RewardScope.Build(compilation, symbols, parameters), LazyThreadSafetyMode.ExecutionAndPublication);
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

    /// <summary>True when the analysed operation is reward code: a scoring method, a helper it calls, or a reward lambda.</summary>
    public bool IsRewardCode(OperationAnalysisContext context) => IsRewardCode(context.ContainingSymbol, context.Operation);

    /// <summary>True when <paramref name="operation"/>, inside <paramref name="owner"/>, is reward code.</summary>
    public bool IsRewardCode(ISymbol owner, IOperation operation)
    {
        var current = scope.Value;
        if (current.IsEmpty)
        {
            return false;
        }

        if (current.Contains(owner))
        {
            return true;
        }

        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda && current.ContainsLambda(lambda.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the method (or accessor) is reward code as a whole.</summary>
    public bool IsRewardMethod(ISymbol owner) => scope.Value.Contains(owner);

    /// <summary>True when the lambda syntax is a reward function handed to a rubric or verifier factory.</summary>
    public bool IsRewardLambda(SyntaxNode lambda) => scope.Value.ContainsLambda(lambda);

    /// <summary>Helper parameters that receive completion or reference values from reward code; filled while the scope is built.</summary>
    internal sealed class ParameterRoles
    {
        public ConcurrentDictionary<IParameterSymbol, bool> Completion { get; } = new(SymbolEqualityComparer.Default);

        public ConcurrentDictionary<IParameterSymbol, bool> Reference { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>One semantic model per tree while the scope is built, so each body is bound once.</summary>
    internal sealed class ModelCache(Compilation compilation)
    {
        private readonly Dictionary<SyntaxTree, SemanticModel> models = new();

        public SemanticModel Get(SyntaxTree tree)
        {
            if (!models.TryGetValue(tree, out var model))
            {
#pragma warning disable RS1030 // The scope is built once per compilation and shared by every rule.
                model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                models.Add(tree, model);
            }

            return model;
        }
    }

    /// <summary>Source methods and lambdas that are reward code, with their helpers a few calls deep.</summary>
    internal sealed class RewardScope
    {
        /// <summary>How many calls deep a helper is still reward code.</summary>
        public const int HelperDepth = 3;

        private static readonly ImmutableHashSet<string> DelegateTakingMethods =
            ImmutableHashSet.Create("Add", "AddMetric", "Create", "Single");

        private readonly HashSet<ISymbol> methods;
        private readonly HashSet<SyntaxNode> lambdas;

        private RewardScope(HashSet<ISymbol> methods, HashSet<SyntaxNode> lambdas)
        {
            this.methods = methods;
            this.lambdas = lambdas;
        }

        public bool IsEmpty => methods.Count == 0 && lambdas.Count == 0;

        public bool Contains(ISymbol symbol) => methods.Contains(symbol.OriginalDefinition);

        public bool ContainsLambda(SyntaxNode syntax) => lambdas.Contains(syntax);

        public static RewardScope Build(Compilation compilation, RewardSymbols symbols, ParameterRoles parameters)
        {
            var methods = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var lambdas = new HashSet<SyntaxNode>();
            var bodies = new List<SyntaxNode>();
            var models = new ModelCache(compilation);
            CollectRootMethods(compilation.Assembly.GlobalNamespace, symbols, methods);
            CollectRewardDelegates(compilation, symbols, models, methods, lambdas);

            // Helpers: source methods reached from the roots, breadth first, a bounded number of calls deep.
            var frontier = methods.ToList();
            bodies.AddRange(lambdas);
            for (int depth = 0; depth < HelperDepth && (frontier.Count > 0 || bodies.Count > 0); depth++)
            {
                var next = new List<ISymbol>();
                foreach (var syntax in frontier.SelectMany(m => m.DeclaringSyntaxReferences).Select(r => r.GetSyntax()).Concat(bodies))
                {
                    AddCallees(compilation, symbols, parameters, models, syntax, methods, next);
                }

                frontier = next;
                bodies.Clear();
            }

            return new RewardScope(methods, lambdas);
        }

        private static void CollectRootMethods(INamespaceSymbol ns, RewardSymbols symbols, HashSet<ISymbol> methods)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    CollectRootMethods(child, symbols, methods);
                }
                else if (member is INamedTypeSymbol type)
                {
                    CollectRootMethods(type, symbols, methods);
                }
            }
        }

        private static void CollectRootMethods(INamedTypeSymbol type, RewardSymbols symbols, HashSet<ISymbol> methods)
        {
            if (!type.Locations.Any(l => l.IsInSource))
            {
                return;
            }

            bool wholeType = symbols.ImplementsVerifier(type) || symbols.HasRewardFunctionAttribute(type);
            bool environment = symbols.DerivesFromEnvironment(type);
            foreach (var member in type.GetMembers())
            {
                if (member is INamedTypeSymbol nested)
                {
                    CollectRootMethods(nested, symbols, methods);
                    continue;
                }

                if (member is not IMethodSymbol method || method.IsImplicitlyDeclared || method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor)
                {
                    continue;
                }

                if (wholeType || symbols.HasRewardFunctionAttribute(method) || (environment && IsScoringOrPromptOverride(method)))
                {
                    methods.Add(method.OriginalDefinition);
                }
            }
        }

        // Environment overrides that decide what the model sees or how it is scored; data loading is not reward code.
        private static bool IsScoringOrPromptOverride(IMethodSymbol method) =>
            method.IsOverride
            && (method.Name == "RenderPrompt"
                || (method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol?.Name == "Rubric"));

        // Lambdas and method groups handed to Rubric/RubricBuilder/Verifier factories are reward functions.
        private static void CollectRewardDelegates(Compilation compilation, RewardSymbols symbols, ModelCache models, HashSet<ISymbol> methods, HashSet<SyntaxNode> lambdas)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (node is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation
                        || !DelegateTakingMethods.Contains(MethodName(invocation)))
                    {
                        continue;
                    }

                    if (models.Get(tree).GetOperation(invocation) is not IInvocationOperation operation
                        || !symbols.TakesRewardDelegates(operation.TargetMethod.ContainingType))
                    {
                        continue;
                    }

                    foreach (var argument in operation.Arguments)
                    {
                        switch (Unwrap(argument.Value))
                        {
                            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                                lambdas.Add(lambda.Syntax);
                                break;
                            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference } when IsSourceMethod(compilation, reference.Method):
                                methods.Add(reference.Method.OriginalDefinition);
                                break;
                        }
                    }
                }
            }
        }

        // One operation tree per body: invocations and method groups name the callees, and the same
        // operations tell which helper parameters receive completion or reference values.
        private static void AddCallees(
            Compilation compilation,
            RewardSymbols symbols,
            ParameterRoles parameters,
            ModelCache models,
            SyntaxNode body,
            HashSet<ISymbol> methods,
            List<ISymbol> next)
        {
            var root = models.Get(body.SyntaxTree).GetOperation(body);
            if (root is null)
            {
                return;
            }

            foreach (var operation in root.DescendantsAndSelf())
            {
                IMethodSymbol? method = operation switch
                {
                    IInvocationOperation call => call.TargetMethod,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
                if (method is null)
                {
                    continue;
                }

                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                if (!IsSourceMethod(compilation, definition))
                {
                    continue;
                }

                if (methods.Add(definition))
                {
                    next.Add(definition);
                }

                if (operation is IInvocationOperation invocation)
                {
                    RecordArgumentRoles(invocation, symbols, parameters);
                }
            }
        }

        // Breadth-first order visits callers before callees, so a helper's parameter is known when its own callees are walked.
        private static void RecordArgumentRoles(IInvocationOperation call, RewardSymbols symbols, ParameterRoles parameters)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.Parameter.RefKind == RefKind.Out)
                {
                    continue;
                }

                if (DataRoles.IsCompletionDerived(argument.Value, symbols))
                {
                    parameters.Completion.TryAdd(parameter.OriginalDefinition, true);
                }
                else if (DataRoles.IsReferenceDerived(argument.Value, symbols))
                {
                    parameters.Reference.TryAdd(parameter.OriginalDefinition, true);
                }
            }
        }

        private static bool IsSourceMethod(Compilation compilation, IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly)
            && method.DeclaringSyntaxReferences.Length > 0;

        private static string MethodName(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation) =>
            invocation.Expression switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name => name.Identifier.ValueText,
                _ => string.Empty,
            };

        private static IOperation Unwrap(IOperation operation) =>
            operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;
    }
}
