using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>Where a Regex used through an instance was built: its pattern, options and the pattern's syntax.</summary>
internal sealed class RegexOrigin
{
    public RegexOrigin(string pattern, int options, SyntaxNode patternSyntax, RegexCall? creation)
    {
        Pattern = pattern;
        Options = options;
        PatternSyntax = patternSyntax;
        Creation = creation;
    }

    /// <summary>The constant pattern.</summary>
    public string Pattern { get; }

    /// <summary>The constant options (0 when none are given).</summary>
    public int Options { get; }

    /// <summary>The pattern argument: a constructor argument or a <c>[GeneratedRegex]</c> attribute argument.</summary>
    public SyntaxNode PatternSyntax { get; }

    /// <summary>The <c>new Regex(...)</c> that built it, or null for <c>[GeneratedRegex]</c>.</summary>
    public RegexCall? Creation { get; }

    /// <summary>True when the options include <paramref name="flag"/> or the pattern sets it inline.</summary>
    public bool HasOption(int flag, char inline) => RegexCall.HasOption(Pattern, Options, flag, inline);
}
