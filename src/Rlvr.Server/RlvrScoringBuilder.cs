using Microsoft.Extensions.DependencyInjection;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// Configures the Rlvr scoring services registered by
/// <see cref="RlvrServiceCollectionExtensions.AddRlvrScoring(IServiceCollection)"/>: which environments are served, the
/// sandboxes and score cache they use, and the server's limits. Each call refines the same
/// <see cref="RewardServerOptions"/>, which are validated when the services are first resolved (at
/// <see cref="RlvrEndpointRouteBuilderExtensions.MapRlvrEndpoints"/>).
/// </summary>
public sealed class RlvrScoringBuilder
{
    private readonly RlvrScoringRegistration registration;

    internal RlvrScoringBuilder(IServiceCollection services, RlvrScoringRegistration registration)
    {
        Services = services;
        this.registration = registration;
    }

    /// <summary>The service collection the scoring services were added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds environments to serve; the first one ever added is the default for requests that name none.</summary>
    /// <param name="environments">The environments.</param>
    /// <returns>This builder.</returns>
    public RlvrScoringBuilder WithEnvironments(params IEnumerable<IEnvironment> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        return Configure(o => o with { Environments = [.. o.Environments, .. environments] });
    }

    /// <summary>Hands verifiers and <c>/run_code</c> this sandbox provider (without one, <c>/run_code</c> answers 503).</summary>
    /// <param name="sandboxes">The provider; the host owns it and disposes it after the server stops.</param>
    /// <returns>This builder.</returns>
    public RlvrScoringBuilder WithSandboxes(ISandboxProvider sandboxes)
    {
        ArgumentNullException.ThrowIfNull(sandboxes);
        return Configure(o => o with { Sandboxes = sandboxes });
    }

    /// <summary>Answers items already scored by the same environment version from <paramref name="cache"/>.</summary>
    /// <param name="cache">The score cache; the host owns it.</param>
    /// <returns>This builder.</returns>
    public RlvrScoringBuilder WithCache(IScoreCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return Configure(o => o with { Cache = cache });
    }

    /// <summary>Sets the limits that protect the host; a <see langword="null"/> argument keeps the current value.</summary>
    /// <param name="concurrency">Items scored at once across all requests (<see cref="ScoringOptions.MaxDegreeOfParallelism"/>).</param>
    /// <param name="queueCapacity">Items admitted at once (<see cref="RewardServerOptions.QueueCapacity"/>).</param>
    /// <param name="itemTimeout">Deadline of one item (<see cref="ScoringOptions.ItemTimeout"/>).</param>
    /// <param name="requestTimeout">Deadline of one request (<see cref="RewardServerOptions.RequestTimeout"/>).</param>
    /// <param name="maxRequestBodyBytes">Largest request body (<see cref="RewardServerOptions.MaxRequestBodyBytes"/>).</param>
    /// <returns>This builder.</returns>
    public RlvrScoringBuilder WithLimits(
        int? concurrency = null,
        int? queueCapacity = null,
        TimeSpan? itemTimeout = null,
        TimeSpan? requestTimeout = null,
        long? maxRequestBodyBytes = null) =>
        Configure(o => o with
        {
            Scoring = o.Scoring with
            {
                MaxDegreeOfParallelism = concurrency ?? o.Scoring.MaxDegreeOfParallelism,
                ItemTimeout = itemTimeout ?? o.Scoring.ItemTimeout,
            },
            QueueCapacity = queueCapacity ?? o.QueueCapacity,
            RequestTimeout = requestTimeout ?? o.RequestTimeout,
            MaxRequestBodyBytes = maxRequestBodyBytes ?? o.MaxRequestBodyBytes,
        });

    /// <summary>
    /// Changes any other option (bearer token, label fields, problem root, episode limits, gauges...).
    /// <see cref="RewardServerOptions.Urls"/>, <see cref="RewardServerOptions.ShutdownTimeout"/> and
    /// <see cref="RewardServerOptions.ConfigureLogging"/> belong to the host and are ignored here.
    /// </summary>
    /// <param name="configure">Returns the new options from the current ones.</param>
    /// <returns>This builder.</returns>
    public RlvrScoringBuilder Configure(Func<RewardServerOptions, RewardServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        registration.Options = configure(registration.Options) ?? throw new InvalidOperationException("The configure function returned no options.");
        return this;
    }
}
