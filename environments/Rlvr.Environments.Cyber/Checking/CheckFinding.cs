namespace Rlvr.Environments.Cyber.Checking;

/// <summary>One result of checking a challenge.</summary>
/// <param name="Severity">Error, warning or information.</param>
/// <param name="Step">The step it comes from: <c>load</c>, <c>build vulnerable</c>, <c>build patched</c>, <c>poc NAME</c>, <c>poll NAME</c>, <c>decoy NAME</c>, <c>coverage</c>.</param>
/// <param name="Message">What was found.</param>
public sealed record CheckFinding(CheckSeverity Severity, string Step, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Step}: {Message}";
}
