using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rlvr.Server;

/// <summary>
/// The reward server: Kestrel hosting the native <c>/v1/score</c>, OpenRLHF <c>/get_reward</c>, SandboxFusion
/// <c>/run_code</c> and NeMo-Gym <c>/verify</c> endpoints plus <c>/healthz</c> and <c>/metrics</c>.
/// Stopping is graceful: the listener closes and accepted requests finish (up to <see cref="RewardServerOptions.ShutdownTimeout"/>).
/// </summary>
public sealed class RewardServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private RewardServer(WebApplication app)
    {
        this.app = app;
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
        if (options.Urls.Count == 0)
        {
            throw new ArgumentException("At least one URL is needed.", nameof(options));
        }

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

        builder.Services.AddRlvrScoring(options);
        var app = builder.Build();
        var state = app.Services.GetRequiredService<ServerState>();

        // The standalone host's own pipeline: request ids and the documented error body for paths no endpoint takes,
        // the client prefixes stripped before routing, and the token checked first (an unknown path without a token is
        // 401, not 404). The endpoints themselves come from the library, exactly as a host that mounts them gets them.
        app.Use((context, next) => ServerErrors.GuardAsync(context, () => next(context), state));

        // Routing's own answers (unknown path 404, wrong method 405) have no body; give them the documented one.
        app.UseStatusCodePages(pages => HttpJson.WriteErrorAsync(
            pages.HttpContext,
            pages.HttpContext.Response.StatusCode,
            "$",
            pages.HttpContext.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? $"{pages.HttpContext.Request.Method} is not allowed on this path"
                : "no such endpoint; see docs/server.md"));
        app.Use(async (context, next) =>
        {
            ServerAccess.RewritePath(context);
            if (await ServerAccess.AuthorizeAsync(context, state, ServerAccess.IsProbe(context.Request.Path)).ConfigureAwait(false))
            {
                await next(context).ConfigureAwait(false);
            }
        });
        app.UseRouting();
        app.MapRlvrEndpoints();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        state.Logger.LogInformation(
            "Serving {Environments} on {Urls}",
            string.Join(", ", options.Environments.Select(e => e.Name + "@" + e.Version)),
            string.Join(", ", app.Urls));
        return new RewardServer(app);
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
}
