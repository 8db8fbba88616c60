using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>The standard policies of the scoring pipeline, each added where it is called (first call outermost).</summary>
public static class VerifierBuilderExtensions
{
    /// <summary>Adds a <see cref="TimeoutVerifier"/>: one deadline over everything added after it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="timeout">The deadline; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static VerifierBuilder UseTimeout(this VerifierBuilder builder, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new TimeoutVerifier(inner, timeout, timeProvider));
    }

    /// <summary>Adds a <see cref="RetryVerifier"/>: infrastructure errors of everything added after it are retried.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="maxAttempts">Attempts in all.</param>
    /// <param name="delay">Delay before the first retry, doubled for each later one.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Told about each retry; none when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static VerifierBuilder UseRetry(this VerifierBuilder builder, int maxAttempts, TimeSpan delay, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new RetryVerifier(inner, maxAttempts, delay, timeProvider, logger));
    }

    /// <summary>Adds a <see cref="CachingVerifier"/> over <paramref name="cache"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cache">The score cache.</param>
    /// <returns>The builder.</returns>
    public static VerifierBuilder UseCache(this VerifierBuilder builder, IScoreCache cache)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CachingVerifier(inner, cache));
    }

    /// <summary>Adds a <see cref="LoggingVerifier"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The builder.</returns>
    public static VerifierBuilder UseLogging(this VerifierBuilder builder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new LoggingVerifier(inner, logger));
    }

    /// <summary>Adds a <see cref="MetricsVerifier"/> (meter <c>Rlvr.Scoring</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="meterFactory">Creates the meter; a process-wide meter when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static VerifierBuilder UseMetrics(this VerifierBuilder builder, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new MetricsVerifier(inner, meterFactory, timeProvider));
    }
}
