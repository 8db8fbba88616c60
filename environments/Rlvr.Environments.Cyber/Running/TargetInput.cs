using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>How one run hands its input to the target: the channel, the fixed arguments and the variable for <c>env</c>.</summary>
/// <param name="Delivery">The channel.</param>
/// <param name="Args">Fixed arguments; <c>@@</c> is replaced by the input file's path (<c>file</c>) or the input text (<c>argv</c>).</param>
/// <param name="EnvVar">The variable that carries the input for <see cref="InputDelivery.Env"/>.</param>
internal sealed record TargetInput(InputDelivery Delivery, IReadOnlyList<string> Args, string? EnvVar = null)
{
    /// <summary>The placeholder of the input in <see cref="Args"/>.</summary>
    public const string Placeholder = "@@";

    /// <summary>The input settings of a challenge.</summary>
    public static TargetInput From(ChallengeManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new TargetInput(manifest.Input, manifest.Args ?? [], manifest.EnvVar);
    }

    /// <summary>The target's arguments: <see cref="Args"/> with <c>@@</c> replaced by <paramref name="value"/>, or <paramref name="value"/> appended when no argument is <c>@@</c>.</summary>
    public IReadOnlyList<string> Arguments(string value)
    {
        if (Args.Contains(Placeholder, StringComparer.Ordinal))
        {
            return [.. Args.Select(a => string.Equals(a, Placeholder, StringComparison.Ordinal) ? value : a)];
        }

        return [.. Args, value];
    }
}
