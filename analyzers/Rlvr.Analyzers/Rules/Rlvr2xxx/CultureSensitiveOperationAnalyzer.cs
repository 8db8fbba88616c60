using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr2xxx;

/// <summary>
/// RLVR2002: parsing, formatting, case mapping or string comparison that follows the current culture.
/// Reports only calls that have a culture-explicit overload (so there is always a fix), and interpolation or
/// concatenation of floating-point and date values (where the culture changes the text, not just the sign).
/// </summary>
internal sealed class CultureSensitiveOperationAnalyzer : RewardAnalyzer
{
    /// <summary>Property naming the fix: <see cref="InsertArgument"/> or <see cref="Rename"/>.</summary>
    public const string FixKey = "Fix";

    /// <summary>Fix kind: insert <see cref="ArgumentKey"/> at argument position <see cref="IndexKey"/>.</summary>
    public const string InsertArgument = "InsertArgument";

    /// <summary>Fix kind: rename the called method to <see cref="NameKey"/>.</summary>
    public const string Rename = "Rename";

    public const string IndexKey = "Index";
    public const string ArgumentKey = "Argument";
    public const string NameKey = "Name";

    public const string InvariantCulture = "CultureInfo.InvariantCulture";
    public const string Ordinal = "StringComparison.Ordinal";

    public CultureSensitiveOperationAnalyzer()
        : base(Descriptors.RLVR2002_CultureSensitiveOperation)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var formatProvider = context.Compilation.GetTypeByMetadataName("System.IFormatProvider");
        var comparison = context.Compilation.GetTypeByMetadataName("System.StringComparison");
        var cultureInfo = context.Compilation.GetTypeByMetadataName("System.Globalization.CultureInfo");
        var convert = context.Compilation.GetTypeByMetadataName("System.Convert");
        if (formatProvider is null || comparison is null || cultureInfo is null)
        {
            return;
        }

        var types = new KnownTypes(formatProvider, comparison, cultureInfo, convert);
        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, types), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeMethodGroup(c, types), OperationKind.MethodReference);
        RegisterRewardOperation(context, reward, AnalyzeInterpolation, OperationKind.InterpolatedString);
        RegisterRewardOperation(context, reward, AnalyzeConcatenation, OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        if (method.Parameters.Any(p => types.IsCultureExplicit(p.Type)))
        {
            // A null provider means "the current culture": as culture-sensitive as passing none.
            var nullProvider = invocation.Arguments.FirstOrDefault(a =>
                a.ArgumentKind == ArgumentKind.Explicit
                && SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, types.FormatProvider)
                && a.Value.ConstantValue is { HasValue: true, Value: null });
            if (nullProvider is not null)
            {
                Report(context, invocation, $"pass {InvariantCulture} instead of null", null, -1, null);
            }

            return;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            AnalyzeStringMethod(context, invocation, types);
        }
        else if (type.SpecialType == SpecialType.System_Char && method.IsStatic && method.Name is "ToLower" or "ToUpper")
        {
            ReportRename(context, invocation, method.Name + "Invariant");
        }
        else if ((IsCultureFormatted(type) && method.Name is "Parse" or "TryParse" or "ToString")
            || (SymbolEqualityComparer.Default.Equals(type, types.Convert)
                && method.Name.StartsWith("To", System.StringComparison.Ordinal)
                && method.Parameters.Length == 1
                && method.Parameters[0].Type.SpecialType is SpecialType.System_String or SpecialType.System_Object))
        {
            int index = InsertionIndex(invocation, types.FormatProvider);
            if (index >= 0)
            {
                Report(context, invocation, $"pass {InvariantCulture}", InsertArgument, index, InvariantCulture);
            }
        }
    }

    // lines.Select(int.Parse), items.Select(char.ToUpper): the method group runs with the current culture.
    private static void AnalyzeMethodGroup(OperationAnalysisContext context, KnownTypes types)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        var method = reference.Method;
        if (method.ContainingType is not { } type || method.Parameters.Any(p => types.IsCultureExplicit(p.Type)))
        {
            return;
        }

        bool sensitive = (IsCultureFormatted(type) && method.Name is "Parse" or "ToString")
            || (type.SpecialType == SpecialType.System_Char && method.IsStatic && method.Name is "ToLower" or "ToUpper")
            || (type.SpecialType == SpecialType.System_String && !method.IsStatic && method.Name is "ToLower" or "ToUpper")
            || (SymbolEqualityComparer.Default.Equals(type, types.Convert) && method.Name.StartsWith("To", System.StringComparison.Ordinal)
                && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType is SpecialType.System_String or SpecialType.System_Object);
        bool hasExplicit = type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m => m.Parameters.Any(p => types.IsCultureExplicit(p.Type)))
            || method.Name is "ToLower" or "ToUpper";
        if (sensitive && hasExplicit)
        {
            Report(context, reference, "pass a lambda that calls it with CultureInfo.InvariantCulture (or use the Invariant variant)", null, -1, null, $"{type.Name}.{method.Name}");
        }
    }

    private static void AnalyzeStringMethod(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "ToLower" or "ToUpper" when !method.IsStatic && method.Parameters.Length == 0:
                ReportRename(context, invocation, method.Name + "Invariant");
                return;
            case "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf" when !method.IsStatic
                && method.Parameters.Length > 0
                && method.Parameters[0].Type.SpecialType == SpecialType.System_String:
            case "Compare" when method.IsStatic:
            case "CompareTo" when !method.IsStatic && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String:
                int index = InsertionIndex(invocation, types.Comparison);
                if (index >= 0)
                {
                    Report(context, invocation, $"pass {Ordinal}", InsertArgument, index, Ordinal);
                }
                else
                {
                    Report(context, invocation, "use string.CompareOrdinal or pass a StringComparison", null, -1, null);
                }

                return;
            default:
                return;
        }
    }

    private static void AnalyzeInterpolation(OperationAnalysisContext context)
    {
        var interpolated = (IInterpolatedStringOperation)context.Operation;
        if (interpolated.Type?.SpecialType != SpecialType.System_String || !BecomesString(interpolated) || !FeedsComparison(interpolated, 0))
        {
            return;
        }

        var hole = interpolated.Parts.OfType<IInterpolationOperation>()
            .FirstOrDefault(p => IsCultureText(p.Expression.Type));
        if (hole is not null)
        {
            Report(context, interpolated, "use string.Create(CultureInfo.InvariantCulture, $\"...\") or format the value with CultureInfo.InvariantCulture", null, -1, null, hole.Expression.Syntax.ToString());
        }
    }

    private static void AnalyzeConcatenation(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind != BinaryOperatorKind.Add || binary.Type?.SpecialType != SpecialType.System_String || !FeedsComparison(binary, 0))
        {
            return;
        }

        foreach (var operand in new[] { binary.LeftOperand, binary.RightOperand })
        {
            if (operand is IConversionOperation { IsImplicit: true } conversion && IsCultureText(conversion.Operand.Type))
            {
                Report(context, operand, $"format it with ToString({InvariantCulture})", null, -1, null, conversion.Operand.Syntax.ToString());
                return;
            }
        }
    }

    private static readonly ImmutableHashSet<string> ComparingMethods = ImmutableHashSet.Create(
        "Equals", "Compare", "CompareOrdinal", "CompareTo", "StartsWith", "EndsWith", "Contains", "IndexOf",
        "SequenceEqual", "IsMatch", "Match", "Parse", "TryParse");

    /// <summary>
    /// True when the built text is compared (==, Equals, StartsWith, a regex, a parse), directly or through a local.
    /// Text that only explains a result (a reward's detail, an exception or log message) never decides a reward, and
    /// reporting it would bury the findings that do.
    /// </summary>
    private static bool FeedsComparison(IOperation operation, int depth)
    {
        var node = operation.Parent;
        var child = operation;
        while (node is IConversionOperation or IParenthesizedOperation or IInterpolationOperation or IInterpolatedStringOperation
            || (node is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add && add.Type?.SpecialType == SpecialType.System_String))
        {
            child = node;
            node = node.Parent;
        }

        switch (node)
        {
            case IBinaryOperation:
                return true; // ==, !=, <, > on strings
            case IArgumentOperation { Parent: IInvocationOperation call } when ComparingMethods.Contains(call.TargetMethod.Name):
                return true;
            case IInvocationOperation call when ReferenceEquals(call.Instance, child) && ComparingMethods.Contains(call.TargetMethod.Name):
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when depth < 2:
                return DataRoles.Root(declarator).DescendantsAndSelf().OfType<ILocalReferenceOperation>()
                    .Any(r => SymbolEqualityComparer.Default.Equals(r.Local, declarator.Symbol) && FeedsComparison(r, depth + 1));
            default:
                return false;
        }
    }

    // A string-typed interpolation whose text is used as a string, not handed to a FormattableString or a handler.
    private static bool BecomesString(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is not IInterpolatedStringHandlerCreationOperation
            && (parent is not IConversionOperation conversion || conversion.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Object);
    }

    /// <summary>The position at which an overload of the same method takes one more parameter of type <paramref name="extra"/>, or -1.</summary>
    private static int InsertionIndex(IInvocationOperation invocation, INamedTypeSymbol extra)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        var parameters = method.Parameters;
        foreach (var candidate in method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic != method.IsStatic || candidate.Parameters.Length != parameters.Length + 1)
            {
                continue;
            }

            for (int k = 0; k < candidate.Parameters.Length; k++)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.Parameters[k].Type, extra) && SameExcept(candidate.Parameters, parameters, k))
                {
                    return ArgumentsArePositional(invocation) ? k : -1;
                }
            }
        }

        return -1;
    }

    private static bool SameExcept(ImmutableArray<IParameterSymbol> longer, ImmutableArray<IParameterSymbol> shorter, int skip)
    {
        for (int i = 0, j = 0; i < longer.Length; i++)
        {
            if (i == skip)
            {
                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(longer[i].Type, shorter[j].Type) || longer[i].RefKind != shorter[j].RefKind)
            {
                return false;
            }

            j++;
        }

        return true;
    }

    // The fix inserts by position, which is only safe when every argument is written positionally and none is defaulted.
    private static bool ArgumentsArePositional(IInvocationOperation invocation) =>
        invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax
        && syntax.ArgumentList.Arguments.All(a => a.NameColon is null)
        && syntax.ArgumentList.Arguments.Count == invocation.Arguments.Count(a => a.ArgumentKind != ArgumentKind.DefaultValue)
        && invocation.Arguments.All(a => a.ArgumentKind == ArgumentKind.Explicit);

    private static bool IsCultureFormatted(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16
            or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single
            or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_DateTime
        || IsNamed(type, "DateTimeOffset") || IsNamed(type, "Half");

    // Types whose default text depends on the culture beyond the minus sign: decimal separators, dates.
    private static bool IsCultureText(ITypeSymbol? type) =>
        type is not null
        && (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_DateTime
            || IsNamed(type, "DateTimeOffset") || IsNamed(type, "Half"));

    private static bool IsNamed(ITypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    private static void ReportRename(OperationAnalysisContext context, IInvocationOperation invocation, string name) =>
        Report(context, invocation, $"use {name}", Rename, -1, name);

    private static void Report(OperationAnalysisContext context, IOperation operation, string advice, string? fix, int index, string? value, string? subject = null)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (fix is not null)
        {
            properties = properties.Add(FixKey, fix)
                .Add(fix == Rename ? NameKey : ArgumentKey, value)
                .Add(IndexKey, index.ToString(CultureInfo.InvariantCulture));
        }

        string name = subject ?? (operation is IInvocationOperation call ? $"{call.TargetMethod.ContainingType.Name}.{call.TargetMethod.Name}" : operation.Syntax.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR2002_CultureSensitiveOperation, operation.Syntax.GetLocation(), properties, name, advice));
    }

    private sealed class KnownTypes
    {
        public KnownTypes(INamedTypeSymbol formatProvider, INamedTypeSymbol comparison, INamedTypeSymbol cultureInfo, INamedTypeSymbol? convert)
        {
            FormatProvider = formatProvider;
            Comparison = comparison;
            CultureInfo = cultureInfo;
            Convert = convert;
        }

        public INamedTypeSymbol FormatProvider { get; }

        public INamedTypeSymbol Comparison { get; }

        public INamedTypeSymbol CultureInfo { get; }

        public INamedTypeSymbol? Convert { get; }

        public bool IsCultureExplicit(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type, FormatProvider)
            || SymbolEqualityComparer.Default.Equals(type, Comparison)
            || SymbolEqualityComparer.Default.Equals(type, CultureInfo);
    }
}
