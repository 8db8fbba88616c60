using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr1xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1012: adds <c>RegexOptions.Singleline</c> when '.' between tags must match newlines.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LooseFormatRegexCodeFix))]
[Shared]
internal sealed class LooseFormatRegexCodeFix : RewardCodeFix
{
    private const string Title = "Add RegexOptions.Singleline";

    public LooseFormatRegexCodeFix()
        : base(Descriptors.RLVR1012_LooseFormatRegex)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        if (!site.Diagnostic.Properties.TryGetValue(LooseFormatRegexAnalyzer.ProblemKey, out string? problem)
            || problem != LooseFormatRegexAnalyzer.DotWithoutSingleline
            || site.Node.AncestorsAndSelf().FirstOrDefault(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax) is not { } call)
        {
            return null;
        }

        return Action(Title, ct => RegexOptionsEditor.AddFlagAsync(site.Document, call, "Singleline", ct));
    }
}
