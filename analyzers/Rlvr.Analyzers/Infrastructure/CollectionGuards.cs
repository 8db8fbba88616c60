using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Finds whether code checks a collection's size: any use of its <c>Count</c>/<c>Length</c>/<c>IsEmpty</c>,
/// <c>Any()</c>/<c>Count()</c> without a predicate, or a pattern test on it, anywhere in the method
/// outside the operation being judged. Generous on purpose: a check anywhere silences the rules.
/// </summary>
internal static class CollectionGuards
{
    /// <summary>The symbol a collection expression names (local, parameter, field or property), or null.</summary>
    public static ISymbol? Symbol(IOperation? operation) => DataRoles.Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>True when the method holding <paramref name="site"/> checks the size of <paramref name="collection"/> elsewhere.</summary>
    public static bool IsSizeChecked(IOperation site, ISymbol collection)
    {
        var root = DataRoles.Root(site);
        foreach (var node in root.DescendantsAndSelf())
        {
            if (IsInside(node, site))
            {
                continue;
            }

            switch (node)
            {
                case IPropertyReferenceOperation { Property.Name: "Count" or "Length" or "IsEmpty" or "IsDefaultOrEmpty" } size
                    when Refers(size.Instance, collection):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "Any" or "Count" or "LongCount" or "SequenceEqual" } call
                    when call.Arguments.Length == 1 && Refers(call.Arguments[0].Value, call.TargetMethod.IsExtensionMethod ? collection : null):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "SequenceEqual" } sequence
                    when sequence.Arguments.Any(a => Refers(a.Value, collection)) || Refers(sequence.Instance, collection):
                    return true;
                case IIsPatternOperation pattern when Refers(pattern.Value, collection):
                    return true;
            }
        }

        return false;
    }

    private static bool IsInside(IOperation node, IOperation site)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, site))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Refers(IOperation? operation, ISymbol? collection) =>
        collection is not null && SymbolEqualityComparer.Default.Equals(Symbol(operation), collection);
}
