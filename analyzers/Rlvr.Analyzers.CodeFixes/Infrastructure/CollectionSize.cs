using System.Linq;
using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers.CodeFixes.Infrastructure;

/// <summary>How to ask a collection for its size: <c>Length</c>, <c>Count</c>, or LINQ's <c>Count()</c>.</summary>
internal static class CollectionSize
{
    public static string Of(string expression, ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol || HasIntProperty(type, "Length"))
        {
            return expression + ".Length";
        }

        return HasIntProperty(type, "Count") ? expression + ".Count" : expression + ".Count()";
    }

    private static bool HasIntProperty(ITypeSymbol? type, string name)
    {
        if (type is null)
        {
            return false;
        }

        // Interfaces inherit members through AllInterfaces (IReadOnlyList<T>.Count), classes through base types.
        var all = new System.Collections.Generic.List<ITypeSymbol> { type };
        all.AddRange(type.AllInterfaces);
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            all.Add(t);
        }

        return all.SelectMany(t => t.GetMembers(name)).Any(m => m is IPropertySymbol { Type.SpecialType: SpecialType.System_Int32 });
    }
}
