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
    public bool HasOption(int flag, char inline)
    {
        if (Options?.Value.ConstantValue is { HasValue: true, Value: int value } && (value & flag) != 0)
        {
            return true;
        }

        // Inline options lead the pattern: (?s) or (?si:...).
        string? pattern = PatternText;
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
