namespace Rlvr.Environments.Cyber.Patching;

/// <summary>One reason a patch is refused before it is built.</summary>
/// <param name="File">The file concerned.</param>
/// <param name="Message">What is not allowed.</param>
public sealed record PolicyViolation(string File, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}: {Message}";
}
