using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>A call that uses a regular expression: <c>new Regex(pattern, options)</c> or a static <c>Regex.X(input, pattern, options)</c>.</summary>
internal sealed class RegexCall
{
    private RegexCall(IOperation operation, IArgumentOperation? input, IArgumentOperation pattern, IArgumentOperation? options)
    {
        Operation = operation;
        Input = input;
        Pattern = pattern;
        Options = options;
    }

    /// <summary>The creation or invocation.</summary>
    public IOperation Operation { get; }

    /// <summary>The searched text (null for a constructor).</summary>
    public IArgumentOperation? Input { get; }

    public IArgumentOperation Pattern { get; }

    public IArgumentOperation? Options { get; }

    /// <summary>The pattern when it is a constant.</summary>
    public string? PatternText => Pattern.Value.ConstantValue.Value as string;

    /// <summary>The method name ("Match", "IsMatch", ...) or ".ctor".</summary>
    public string Name => Operation is IInvocationOperation invocation ? invocation.TargetMethod.Name : ".ctor";

    /// <summary>Reads a Regex call, or null when the operation is not one (or its pattern is not an argument).</summary>
    public static RegexCall? From(IOperation operation, RewardSymbols symbols)
    {
        var (method, arguments) = operation switch
        {
            IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
            IInvocationOperation invocation when invocation.TargetMethod.IsStatic => (invocation.TargetMethod, invocation.Arguments),
            _ => (null, default),
        };
        if (method is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Regex))
        {
            return null;
        }

        var pattern = arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern");
        return pattern is null
            ? null
            : new RegexCall(
                operation,
                arguments.FirstOrDefault(a => a.Parameter?.Name == "input"),
                pattern,
                arguments.FirstOrDefault(a => a.Parameter?.Name == "options"));
    }

    /// <summary>True when the options are a constant that includes <paramref name="flag"/>, or the pattern sets it inline.</summary>
    public bool HasOption(int flag, char inline) =>
        HasOption(PatternText, Options?.Value.ConstantValue is { HasValue: true, Value: int value } ? value : 0, flag, inline);

    /// <summary>
    /// The Regex an instance call (<c>regex.IsMatch(text)</c>) runs: built by <c>new Regex(...)</c> in a field's or
    /// local's initializer (in the same file), or declared by a <c>[GeneratedRegex]</c> method or property.
    /// </summary>
    public static RegexOrigin? OriginOf(IOperation? instance, RewardSymbols symbols)
    {
        instance = DataRoles.Unwrap(instance);
        ISymbol? declared = instance switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            IInvocationOperation { Arguments.Length: 0 } call => call.TargetMethod.PartialDefinitionPart ?? call.TargetMethod,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (declared is null || instance is null)
        {
            return null;
        }

        var generated = declared.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "GeneratedRegexAttribute");
        if (generated is not null)
        {
            var arguments = generated.ConstructorArguments;
            return arguments.Length > 0 && arguments[0].Value is string pattern
                && generated.ApplicationSyntaxReference?.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attribute
                ? new RegexOrigin(pattern, arguments.Length > 1 && arguments[1].Value is int options ? options : 0, attribute.ArgumentList.Arguments[0].Expression, null)
                : null;
        }

        IOperation? value = instance is ILocalReferenceOperation localReference
            ? DataRoles.AssignedValues(localReference).SingleOrDefault()
            : Initializer(declared, instance.SemanticModel);
        return value is not null && From(DataRoles.Unwrap(value) ?? value, symbols) is { PatternText: { } text, HasUnknownOptions: false } creation
            ? new RegexOrigin(text, creation.Options?.Value.ConstantValue.Value is int flags ? flags : 0, creation.Pattern.Syntax, creation)
            : null;
    }

    // The initializer of a field or property declared in the file being analysed.
    private static IOperation? Initializer(ISymbol member, SemanticModel? model)
    {
        if (model is null || member.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = member.DeclaringSyntaxReferences[0].GetSyntax();
        var initializer = syntax switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => property.Initializer?.Value,
            _ => null,
        };
        return initializer is not null && initializer.SyntaxTree == model.SyntaxTree ? model.GetOperation(initializer) : null;
    }

    /// <summary>True when <paramref name="options"/> includes <paramref name="flag"/>, or the pattern sets it inline.</summary>
    public static bool HasOption(string? pattern, int options, int flag, char inline)
    {
        if ((options & flag) != 0)
        {
            return true;
        }

        // Inline options lead the pattern: (?s) or (?si:...).
        if (pattern is null || !pattern.StartsWith("(?", StringComparison.Ordinal))
        {
            return false;
        }

        for (int i = 2; i < pattern.Length && char.IsLetter(pattern[i]); i++)
        {
            if (pattern[i] == inline)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when options are given and are not a constant (so nothing can be said about them).</summary>
    public bool HasUnknownOptions => Options is not null && !Options.Value.ConstantValue.HasValue;
}
