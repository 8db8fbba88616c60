using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// The reward server: Kestrel hosting the native <c>/v1/score</c>, OpenRLHF <c>/get_reward</c>, SandboxFusion
/// <c>/run_code</c> and NeMo-Gym <c>/verify</c> endpoints plus <c>/healthz</c> and <c>/metrics</c>.
/// Stopping is graceful: the listener closes and accepted requests finish (up to <see cref="RewardServerOptions.ShutdownTimeout"/>).
/// </summary>
public sealed class RewardServer : IAsyncDisposable
{
    private const string PathTokenKey = "rlvr.path-token";

    private readonly WebApplication app;
    private readonly ServerState state;

    private RewardServer(WebApplication app, ServerState state)
    {
        this.app = app;
        this.state = state;
    }

    /// <summary>The addresses the server listens on (with the actual port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(a => new Uri(a))];

    /// <summary>Builds and starts a server.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<RewardServer> StartAsync(RewardServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RewardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;

            // The endpoints enforce MaxRequestBodyBytes themselves so they can answer 413 with a JSON error.
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        options.ConfigureWebHost?.Invoke(builder.WebHost);

        // gzip both ways: trainers send large batches of completions. A decompressed body still counts against
        // MaxRequestBodyBytes (the endpoints count the bytes they read), so a small bomb cannot grow past it.
        builder.Services.AddRequestDecompression();
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = ["application/json"];
        });
        var app = builder.Build();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var engine = new ScoringEngine(options.Scoring, options.Sandboxes, options.Cache, loggerFactory);
        var state = new ServerState(options, new ScoringQueue(engine, options.QueueCapacity), new ServerMetrics(), loggerFactory.CreateLogger("Rlvr.Server"));
        Map(app, state);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var environment in options.Environments)
        {
            foreach (string issue in environment.DatasetIssues)
            {
                state.Logger.LogWarning("{Environment}: bundled problem skipped: {Issue}", environment.Name, issue);
            }
        }

        state.Logger.LogInformation(
            "Serving {Environments} on {Urls}",
            string.Join(", ", options.Environments.Select(e => e.Name + "@" + e.Version)),
            string.Join(", ", app.Urls));
        return new RewardServer(app, state);
    }

    /// <summary>The host's services (tests reach the in-memory server through them).</summary>
    internal IServiceProvider Services => app.Services;

    /// <summary>Stops listening and waits for accepted requests to finish.</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    /// <summary>Completes when the server has stopped (e.g. on Ctrl+C or SIGTERM when hosted by the CLI).</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, ServerState state)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.Use((context, next) => ServerErrors.GuardAsync(context, () => next(context), state));

        // Everything a request does runs under the server's file policy: its problems name no host path unless the
        // operator gave a root, and then only below it (ProblemFileAccess), whichever endpoint parses them.
        var fileAccess = state.Options.ProblemRoot is { } problemRoot ? ProblemFileAccess.Below(problemRoot) : ProblemFileAccess.Denied;
        app.Use(async (context, next) =>
        {
            using (ProblemFileAccess.Enter(fileAccess))
            {
                await next(context).ConfigureAwait(false);
            }
        });

        // Routing's own answers (unknown path 404, wrong method 405) have no body; give them the documented one.
        app.UseStatusCodePages(pages => HttpJson.WriteErrorAsync(
            pages.HttpContext,
            pages.HttpContext.Response.StatusCode,
            "$",
            pages.HttpContext.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? $"{pages.HttpContext.Request.Method} is not allowed on this path"
                : "no such endpoint; see docs/server.md"));
        app.UseResponseCompression();
        app.UseRequestDecompression();

        // Runs before routing, so a rewritten path is the one routed.
        app.Use(async (context, next) =>
        {
            RewritePath(context);
            if (state.Options.BearerToken is { } token && !IsProbe(context.Request.Path) && !Authorized(context, token))
            {
                await ServerErrors.WriteAsync(
                    context,
                    new RequestException(StatusCodes.Status401Unauthorized, "Authorization", "a valid bearer token is required (Authorization header, /token/<token>/ path prefix or ?token=)"),
                    state,
                    ServerMetrics.EndpointLabel(context.Request.Path)).ConfigureAwait(false);
                state.Metrics.RecordRequest(ServerMetrics.EndpointLabel(context.Request.Path), StatusCodes.Status401Unauthorized, TimeSpan.Zero);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.UseWebSockets();
        app.UseRouting();

        app.MapPost("/v1/score", context => Handle(context, state, "/v1/score", ScoreEndpoint.HandleAsync));
        app.MapPost("/get_reward", context => Handle(context, state, "/get_reward", OpenRlhfEndpoint.HandleAsync));
        app.MapPost("/verify", context => Handle(context, state, "/verify", NemoGymEndpoint.HandleAsync));
        app.MapPost("/seed_session", context => Handle(context, state, "/seed_session", NemoGymSessionEndpoints.SeedSessionAsync));
        app.MapPost("/aggregate_metrics", context => Handle(context, state, "/aggregate_metrics", NemoGymSessionEndpoints.AggregateMetricsAsync));
        app.MapPost("/run_code", context => Handle(context, state, "/run_code", RunCodeEndpoint.HandleAsync));

        // Episodes: OpenEnv (HTTP and WebSocket) and NeMo-Gym tool routes (docs/server.md, "Episodes").
        app.MapGet("/health", context => Handle(context, state, "/health", Episodes.OpenEnvEndpoints.HealthAsync));
        app.MapGet("/metadata", context => Handle(context, state, "/metadata", Episodes.OpenEnvEndpoints.MetadataAsync));
        app.MapGet("/schema", context => Handle(context, state, "/schema", Episodes.OpenEnvEndpoints.SchemaAsync));
        app.MapPost("/reset", context => Handle(context, state, "/reset", Episodes.OpenEnvEndpoints.ResetAsync));
        app.MapPost("/step", context => Handle(context, state, "/step", Episodes.OpenEnvEndpoints.StepAsync));
        app.MapGet("/state", context => Handle(context, state, "/state", Episodes.OpenEnvEndpoints.StateAsync));
        app.MapPost("/close", context => Handle(context, state, "/close", Episodes.OpenEnvEndpoints.CloseAsync));
        app.Map("/ws", context => Handle(context, state, "/ws", Episodes.OpenEnvEndpoints.WebSocketAsync));
        app.MapPost("/{tool}", context => Handle(context, state, "/{tool}", Episodes.NemoGymEpisodeEndpoints.ToolAsync));
        lifetime.ApplicationStopping.Register(() => state.Episodes.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.MapGet("/healthz", context => HttpJson.WriteAsync(
            context,
            lifetime.ApplicationStopping.IsCancellationRequested ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("status", lifetime.ApplicationStopping.IsCancellationRequested ? "draining" : "ok");
                w.WriteStartArray("environments");
                foreach (var environment in state.Environments)
                {
                    w.WriteStartObject();
                    w.WriteString("name", environment.Name);
                    w.WriteString("version", environment.Version);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("queue_items", state.Queue.Admitted);
                w.WriteNumber("queue_capacity", state.Queue.Capacity);
                w.WriteBoolean("sandboxes", state.Options.Sandboxes is not null);
                w.WriteNumber("episode_sessions", state.Episodes.Active);
                w.WriteNumber("episode_capacity", state.Episodes.Capacity);
                w.WriteEndObject();
            }));
        // For orchestrators: alive while the process serves HTTP; ready while it takes new work (not draining, and the
        // host's own check, such as "a sandbox engine answers", passes).
        app.MapGet("/livez", context => HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "alive");
            w.WriteEndObject();
        }));
        app.MapGet("/readyz", context =>
        {
            string? notReady = lifetime.ApplicationStopping.IsCancellationRequested ? "draining" : state.Options.ReadinessCheck?.Invoke();
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
        });
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(state.Metrics.Render(state.Queue, state.Options.SandboxGauges, state.Options.ExtraGauges), context.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Probes an orchestrator calls without credentials.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/livez", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal);

    /// <summary>
    /// Strips the prefixes stock clients put before our routes: <c>/token/&lt;token&gt;</c> (a bearer token for
    /// clients that cannot send headers) and NeMo-Gym's <c>/ng-rollout/&lt;id&gt;</c> (per-rollout observability).
    /// </summary>
    private static void RewritePath(HttpContext context)
    {
        var path = context.Request.Path;
        for (int i = 0; i < 2; i++)
        {
            foreach (string prefix in (string[])["/token", "/ng-rollout"])
            {
                if (path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) && rest.HasValue)
                {
                    string value = rest.Value!;
                    int slash = value.IndexOf('/', 1);
                    string segment = slash < 0 ? value[1..] : value[1..slash];
                    if (prefix == "/token")
                    {
                        context.Items[PathTokenKey] = Uri.UnescapeDataString(segment);
                    }

                    path = slash < 0 ? PathString.Empty : new PathString(value[slash..]);
                }
            }
        }

        context.Request.Path = path;
    }

    private static bool Authorized(HttpContext context, string token)
    {
        byte[] expected = Encoding.UTF8.GetBytes(token);
        string header = context.Request.Headers.Authorization.ToString();
        string? given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..]
            : context.Items[PathTokenKey] as string
            ?? context.Request.Query["token"].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
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
