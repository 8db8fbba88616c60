using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rlvr.Core;

namespace Rlvr.Server;

/// <summary>Maps the Rlvr endpoints into an ASP.NET Core application (services from <see cref="RlvrServiceCollectionExtensions.AddRlvrScoring(IServiceCollection)"/>).</summary>
public static class RlvrEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every Rlvr endpoint below <paramref name="pattern"/>: native <c>/v1/score</c>, OpenRLHF <c>/get_reward</c>,
    /// SandboxFusion <c>/run_code</c>, NeMo-Gym <c>/verify</c>, <c>/seed_session</c>, <c>/aggregate_metrics</c> and tool
    /// routes, OpenEnv episodes (<c>/reset</c>, <c>/step</c>, <c>/state</c>, <c>/close</c>, <c>/ws</c>, ...),
    /// <c>/metrics</c> and the probes <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c>. Each endpoint runs in its own small
    /// pipeline (error shape and request id, gzip both ways, the bearer token, the problem file policy), so it behaves
    /// the same in any host without imposing middleware on the host's other endpoints.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder (usually the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route prefix, e.g. <c>/rlvr</c>; empty maps at the root, as <c>rlvr serve</c> does.</param>
    /// <returns>The group of the mapped endpoints, for conventions such as <c>RequireAuthorization</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddRlvrScoring</c> was not called.</exception>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IEndpointConventionBuilder MapRlvrEndpoints(this IEndpointRouteBuilder endpoints, string pattern = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var state = endpoints.ServiceProvider.GetService<ServerState>()
            ?? throw new InvalidOperationException("Call services.AddRlvrScoring() before MapRlvrEndpoints().");
        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        lifetime?.ApplicationStopping.Register(() => state.Episodes.DisposeAsync().AsTask().GetAwaiter().GetResult());
        foreach (var environment in state.Environments)
        {
            foreach (string issue in environment.DatasetIssues)
            {
                state.Logger.LogWarning("{Environment}: bundled problem skipped: {Issue}", environment.Name, issue);
            }
        }

        var compression = new ResponseCompressionProvider(
            endpoints.ServiceProvider,
            Options.Create(new ResponseCompressionOptions
            {
                // gzip both ways: trainers send large batches of completions. A decompressed body still counts against
                // MaxRequestBodyBytes (the endpoints count the bytes they read), so a small bomb cannot grow past it.
                Providers = { new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions())) },
                MimeTypes = ["application/json"],
            }));
        bool Stopping() => lifetime?.ApplicationStopping.IsCancellationRequested ?? false;
        RequestDelegate Endpoint(string name, Func<HttpContext, ServerState, Task> handler) =>
            Pipeline(endpoints, state, compression, probe: false, context => Handle(context, state, name, handler));
        RequestDelegate Plain(bool probe, RequestDelegate handler) => Pipeline(endpoints, state, compression, probe, handler);

        var group = endpoints.MapGroup(pattern);
        group.MapPost("/v1/score", Endpoint("/v1/score", ScoreEndpoint.HandleAsync));
        group.MapPost("/get_reward", Endpoint("/get_reward", OpenRlhfEndpoint.HandleAsync));
        group.MapPost("/verify", Endpoint("/verify", NemoGymEndpoint.HandleAsync));
        group.MapPost("/seed_session", Endpoint("/seed_session", NemoGymSessionEndpoints.SeedSessionAsync));
        group.MapPost("/aggregate_metrics", Endpoint("/aggregate_metrics", NemoGymSessionEndpoints.AggregateMetricsAsync));
        group.MapPost("/run_code", Endpoint("/run_code", RunCodeEndpoint.HandleAsync));

        // Episodes: OpenEnv (HTTP and WebSocket) and NeMo-Gym tool routes (docs/server.md, "Episodes").
        group.MapGet("/health", Endpoint("/health", Episodes.OpenEnvEndpoints.HealthAsync));
        group.MapGet("/metadata", Endpoint("/metadata", Episodes.OpenEnvEndpoints.MetadataAsync));
        group.MapGet("/schema", Endpoint("/schema", Episodes.OpenEnvEndpoints.SchemaAsync));
        group.MapPost("/reset", Endpoint("/reset", Episodes.OpenEnvEndpoints.ResetAsync));
        group.MapPost("/step", Endpoint("/step", Episodes.OpenEnvEndpoints.StepAsync));
        group.MapGet("/state", Endpoint("/state", Episodes.OpenEnvEndpoints.StateAsync));
        group.MapPost("/close", Endpoint("/close", Episodes.OpenEnvEndpoints.CloseAsync));
        group.Map("/ws", Endpoint("/ws", Episodes.OpenEnvEndpoints.WebSocketAsync));
        group.MapPost("/{tool}", Endpoint("/{tool}", Episodes.NemoGymEpisodeEndpoints.ToolAsync));

        group.MapGet("/healthz", Plain(probe: true, context => HttpJson.WriteAsync(
            context,
            Stopping() ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("status", Stopping() ? "draining" : "ok");
                w.WriteStartArray("environments");
                foreach (var environment in state.Environments)
                {
                    w.WriteStartObject();
                    w.WriteString("name", environment.Name);
                    w.WriteString("version", environment.Version);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("queue_items", state.Engine.Admitted);
                w.WriteNumber("queue_capacity", state.Engine.Options.QueueCapacity);
                w.WriteBoolean("sandboxes", state.Options.Sandboxes is not null);
                w.WriteNumber("episode_sessions", state.Episodes.Active);
                w.WriteNumber("episode_capacity", state.Episodes.Capacity);
                w.WriteEndObject();
            })));

        // For orchestrators: alive while the process serves HTTP; ready while it takes new work (not draining, and the
        // host's own check, such as "a sandbox engine answers", passes).
        group.MapGet("/livez", Plain(probe: true, context => HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "alive");
            w.WriteEndObject();
        })));
        group.MapGet("/readyz", Plain(probe: true, context =>
        {
            string? notReady = Stopping() ? "draining" : state.Options.ReadinessCheck?.Invoke();
            return HttpJson.WriteAsync(context, notReady is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w =>
            {
                w.WriteStartObject();
                w.WriteString("status", notReady is null ? "ready" : "not_ready");
                if (notReady is not null)
                {
                    w.WriteString("reason", notReady);
                }

                w.WriteEndObject();
            });
        }));
        group.MapGet("/metrics", Plain(probe: false, async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(state.Metrics.Render(state.Engine, state.Options.SandboxGauges, state.Options.ExtraGauges, state.Limiter), context.RequestAborted).ConfigureAwait(false);
        }));
        return group;
    }

    /// <summary>The middleware every Rlvr endpoint runs in, ending in <paramref name="handler"/>.</summary>
    private static RequestDelegate Pipeline(
        IEndpointRouteBuilder endpoints,
        ServerState state,
        IResponseCompressionProvider compression,
        bool probe,
        RequestDelegate handler)
    {
        // Everything a request does runs under the server's file policy: its problems name no host path unless the
        // operator gave a root, and then only below it (ProblemFileAccess), whichever endpoint parses them.
        var fileAccess = state.Options.ProblemRoot is { } problemRoot ? ProblemFileAccess.Below(problemRoot) : ProblemFileAccess.Denied;
        var app = endpoints.CreateApplicationBuilder();
        app.Use((context, next) => ServerErrors.GuardAsync(context, () => next(context), state));
        if (state.Options.ReplicaId is { } replica)
        {
            // Which replica answered, for clients and load balancers (episode sessions stay on theirs).
            app.Use((context, next) =>
            {
                context.Response.Headers["X-Rlvr-Replica"] = replica;
                return next(context);
            });
        }

        app.Use(async (context, next) =>
        {
            using (ProblemFileAccess.Enter(fileAccess))
            {
                await next(context).ConfigureAwait(false);
            }
        });
        app.UseMiddleware<ResponseCompressionMiddleware>(compression);
        app.UseRequestDecompression();
        app.Use(async (context, next) =>
        {
            if (await ServerAccess.AuthorizeAsync(context, state, probe).ConfigureAwait(false))
            {
                // Everything the request does is counted against its client (ClientLimiter): items, sandboxes, episodes.
                using (ClientLimiter.Enter(ClientLimiter.Identify(context, state.Options.BearerToken)))
                {
                    await next(context).ConfigureAwait(false);
                }
            }
        });
        app.UseWebSockets();
        app.Run(handler);
        return app.Build();
    }

    private static async Task Handle(HttpContext context, ServerState state, string endpoint, Func<HttpContext, ServerState, Task> handler)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await handler(context, state).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ServerErrors.IsClientGone(ex, context))
        {
            await ServerErrors.WriteAsync(context, ex, state, endpoint).ConfigureAwait(false);
        }
        finally
        {
            state.Metrics.RecordRequest(endpoint, context.Response.StatusCode, Stopwatch.GetElapsedTime(start));
        }
    }
}
