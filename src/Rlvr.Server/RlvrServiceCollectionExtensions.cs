using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>Registers Rlvr scoring in an ASP.NET Core application (the endpoints are mapped by <see cref="RlvrEndpointRouteBuilderExtensions.MapRlvrEndpoints"/>).</summary>
public static class RlvrServiceCollectionExtensions
{
    /// <summary>
    /// Adds the scoring services: one <see cref="ScoringEngine"/>, the admission queue, metrics and episode sessions,
    /// shared by every Rlvr endpoint of the application. Configure them with the returned builder.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder for environments, sandboxes, cache and limits.</returns>
    public static RlvrScoringBuilder AddRlvrScoring(this IServiceCollection services) => services.AddRlvrScoring(new RewardServerOptions());

    /// <summary>Adds the scoring services starting from <paramref name="options"/> (what <see cref="RewardServer"/> does).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">The starting options; the builder refines them.</param>
    /// <returns>A builder for environments, sandboxes, cache and limits.</returns>
    public static RlvrScoringBuilder AddRlvrScoring(this IServiceCollection services, RewardServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(RlvrScoringRegistration))?.ImplementationInstance as RlvrScoringRegistration;
        if (existing is not null)
        {
            return new RlvrScoringBuilder(services, existing);
        }

        var registration = new RlvrScoringRegistration(options);
        services.AddSingleton(registration);
        services.AddRequestDecompression();
        services.TryAddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<RlvrScoringRegistration>().Options;
            configured.Validate();
            var loggerFactory = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var limiter = new ClientLimiter(configured.MaxInflightPerClient, configured.MaxSandboxesPerClient);
            var sandboxes = limiter.Wrap(configured.Sandboxes);
            var scoring = configured.Scoring with { QueueCapacity = configured.QueueCapacity };
            var timeProvider = provider.GetService<TimeProvider>();

            // The host's meter factory, when it has one, so its OpenTelemetry set-up sees the Rlvr.Scoring instruments.
            var pipeline = ScoringEngine.CreatePipeline(scoring, sandboxes, configured.Cache, loggerFactory, timeProvider, provider.GetService<IMeterFactory>());
            var engine = new ScoringEngine(scoring, pipeline.Build(), timeProvider);
            return new ServerState(configured, engine, new ServerMetrics(), loggerFactory.CreateLogger("Rlvr.Server"), limiter, sandboxes);
        });
        return new RlvrScoringBuilder(services, registration);
    }
}
