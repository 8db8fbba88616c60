using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlvr.Analyzers.CodeFixes.Infrastructure;

/// <summary>Writes a type's short name when it binds to that type where the fix goes, its global name otherwise.</summary>
internal static class TypeNames
{
    public static string At(SemanticModel model, int position, string metadataName)
    {
        string shortName = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseTypeName(shortName), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        var wanted = model.Compilation.GetTypeByMetadataName(metadataName);
        return wanted is not null && SymbolEqualityComparer.Default.Equals(bound, wanted) ? shortName : "global::" + metadataName;
    }
}
