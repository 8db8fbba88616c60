namespace Rlvr.Core.Testing;

/// <summary>Thrown by <see cref="VerifierTestKit.AssertSoundAsync{TProblem}(Environment{TProblem}, IEnumerable{VerifierSample{TProblem}}, VerifierTestKitOptions?, CancellationToken)"/>
/// when a check fails; the message lists every failed check, so any test framework shows them all.</summary>
public sealed class VerifierTestKitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VerifierTestKitException()
        : this("The verifier test kit found a problem.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public VerifierTestKitException(string message)
        : base(message)
    {
        Failures = [message];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VerifierTestKitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [message];
    }

    /// <summary>Creates the exception from a report with failures.</summary>
    /// <param name="report">The report.</param>
    public VerifierTestKitException(VerifierTestKitReport report)
        : base(Describe(report))
    {
        ArgumentNullException.ThrowIfNull(report);
        Failures = report.Failures;
    }

    /// <summary>Every failed check, one line each.</summary>
    public IReadOnlyList<string> Failures { get; }

    private static string Describe(VerifierTestKitReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Environment '{report.EnvironmentName}' failed {report.Failures.Count} of {report.ChecksRun} verifier checks:"
            + System.Environment.NewLine
            + string.Join(System.Environment.NewLine, report.Failures.Select(f => "  - " + f));
    }
}
