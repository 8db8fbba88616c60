using System.CommandLine;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;
using Rlvr.Core.Scoring;
using Rlvr.Sandbox.Docker;
using Rlvr.Server;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr serve</c>: the reward server for Python trainers (native, OpenRLHF, SandboxFusion and NeMo-Gym protocols).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = "Addresses to listen on (repeatable).",
            DefaultValueFactory = _ => ["http://127.0.0.1:8000"],
        };
        var env = new Option<string[]>("--env")
        {
            Description = "Environments to serve: names or .csx scripts (repeatable; default: every registered environment, with math the default). The first is the default for OpenRLHF and NeMo-Gym requests.",
        };
        var token = new Option<FileInfo>("--token") { Description = "File holding a bearer token that every request except /healthz must present (Authorization header, a /token/<token>/ path prefix or ?token=)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Items scored at once across all requests.", DefaultValueFactory = _ => Environment.ProcessorCount * 4 };
        var timeout = new Option<double>("--timeout") { Description = "Deadline of one item in seconds: a backstop above the environment's own time budget.", DefaultValueFactory = _ => 180 };
        var requestTimeout = new Option<double>("--request-timeout") { Description = "Deadline of one request in seconds; unfinished items are answered as infra_error.", DefaultValueFactory = _ => 300 };
        var queue = new Option<int>("--queue-capacity") { Description = "Items admitted at once; beyond it requests get 429 with Retry-After.", DefaultValueFactory = _ => 4096 };
        var maxBody = new Option<double>("--max-body-mb") { Description = "Largest request body in MiB (413 beyond).", DefaultValueFactory = _ => 16 };
        var labelField = new Option<string>("--label-field") { Description = "OpenRLHF: use a plain label as this problem field (default: answer, with the prompt as question)." };
        var promptField = new Option<string>("--prompt-field") { Description = "OpenRLHF with --label-field: also put the prompt in this problem field (e.g. question)." };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run without Docker sandboxes (code environments fail as infra_error, /run_code answers 503)." };
        var problemRoot = new Option<DirectoryInfo>("--problem-root")
        {
            Description = "Let requests name problem folders (e.g. cyber {\"path\": \"x\"}) below this folder only; without it requests can only name bundled problems.",
        };
        var maxSessions = new Option<int>("--max-sessions") { Description = "Episodes live at once over OpenEnv and NeMo-Gym sessions (each may hold a sandbox); beyond it new ones get the protocol's busy answer.", DefaultValueFactory = _ => 16 };
        var maxInflightPerClient = new Option<int?>("--max-inflight-per-client")
        {
            Description = "Items one client (its bearer token, else its address) may have in flight; beyond it its requests wait, then get the protocol's busy answer (default: no per-client limit).",
        };
        var maxSandboxesPerClient = new Option<int?>("--max-sandboxes-per-client")
        {
            Description = "Sandboxes one client may hold (scoring, /run_code and episode sessions); its further leases wait and new episodes get the busy answer (default: no per-client limit).",
        };
        var sessionIdle = new Option<double>("--session-idle-timeout") { Description = "Seconds without a request after which an episode session is closed and its sandbox released.", DefaultValueFactory = _ => 300 };
        var replicaId = new Option<string>("--replica-id")
        {
            Description = "This replica's name behind a load balancer (letters, digits, '-'): episode session ids start with it and a dot, so the balancer can route them to this replica; responses carry it in X-Rlvr-Replica. Default: the host name's first label.",
            DefaultValueFactory = _ => DefaultReplicaId(Environment.MachineName),
        };
        var assemblies = CommonOptions.Assemblies();
        var dockerHosts = CommonOptions.DockerHosts();
        var envOptions = CommonOptions.EnvOptions();
        var cache = ScoreCaches.Option("replicas");
        var data = DataOption.Create();
        var command = new Command("serve", "Serve rewards over HTTP: /v1/score, /get_reward (OpenRLHF), /run_code (SandboxFusion), /verify (NeMo-Gym), /healthz, /metrics; episodes over OpenEnv (/reset, /step, /state, /ws) and NeMo-Gym sessions.")
        {
            urls, env, envOptions, token, concurrency, timeout, requestTimeout, queue, maxBody, labelField, promptField, noSandbox, assemblies, dockerHosts, problemRoot, cache, maxSessions, sessionIdle, replicaId,
            maxInflightPerClient, maxSandboxesPerClient, data,
        };
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            var registry = CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies));
            // Each environment is built with its own options: ENV:KEY=VALUE for one, KEY=VALUE for every --env.
            string[] given = parse.GetValue(env) ?? [];
            string[] rawOptions = parse.GetValue(envOptions) ?? [];
            if (given.Length == 0 && rawOptions.Any(o => !o.Split('=')[0].Contains(':', StringComparison.Ordinal)))
            {
                throw new CliException("--env-option KEY=VALUE applies to every --env; without --env, name the environment: ENV:KEY=VALUE.");
            }

            // Without --env every environment is served and the default (OpenRLHF, NeMo-Gym) is math, whose plain
            // answer labels are the common case; with --env the first is the default.
            string[] served = given.Length > 0 ? given : [.. registry.Names];
            var environments = new List<IEnvironment>();
            foreach (string name in served)
            {
                var bound = CommonOptions.OptionsFor(name, rawOptions, served);
                environments.Add(await CommonOptions.ResolveAsync(name, registry, bound, Console.Error, cancellationToken).ConfigureAwait(false));
            }

            string? defaultEnvironment = given.Length == 0 && environments.Any(e => e.Name == "math") ? "math" : null;
            if (environments.Count == 0)
            {
                throw new CliException("no environments to serve: pass --env NAME or --env path/to/env.csx.");
            }

            DataOption.Apply(environments, parse.GetValue(data));
            await EnsureDatasetsAsync(environments, named: given.Length > 0, cancellationToken).ConfigureAwait(false);

            string? bearer = null;
            if (parse.GetValue(token) is { } tokenFile)
            {
                bearer = tokenFile.Exists
                    ? (await File.ReadAllTextAsync(tokenFile.FullName, cancellationToken).ConfigureAwait(false)).Trim()
                    : throw new CliException($"--token: file not found: {tokenFile.FullName}");
                if (bearer.Length == 0)
                {
                    throw new CliException($"--token: {tokenFile.FullName} is empty.");
                }
            }

            var scoreCache = await ScoreCaches.OpenAsync(parse.GetValue(cache)).ConfigureAwait(false);
            await using var closeCache = scoreCache.ConfigureAwait(false);
            var sandboxes = parse.GetValue(noSandbox)
                ? null
                : new DockerSandboxProvider(new DockerSandboxOptions { Endpoints = CommonOptions.Endpoints(parse.GetValue(dockerHosts)) });
            RewardServerOptions options;
            try
            {
                options = new RewardServerOptions
                {
                    Urls = Urls(parse.GetValue(urls)),
                    Environments = environments,
                    DefaultEnvironment = defaultEnvironment,
                    Scoring = new ScoringOptions
                    {
                        MaxDegreeOfParallelism = Positive(parse.GetValue(concurrency), "--concurrency"),
                        ItemTimeout = CommonOptions.Seconds(parse.GetValue(timeout), "--timeout"),
                    },
                    RequestTimeout = CommonOptions.Seconds(parse.GetValue(requestTimeout), "--request-timeout"),
                    QueueCapacity = Positive(parse.GetValue(queue), "--queue-capacity"),
                    ReplicaId = parse.GetValue(replicaId) is { } replica && Rlvr.Server.RewardServerOptions.IsValidReplicaId(replica)
                        ? replica
                        : throw new CliException($"--replica-id: '{parse.GetValue(replicaId)}' must be 1 to 63 letters, digits or '-'."),
                    MaxEpisodeSessions = Positive(parse.GetValue(maxSessions), "--max-sessions"),
                    MaxInflightPerClient = parse.GetValue(maxInflightPerClient) is { } perClient ? Positive(perClient, "--max-inflight-per-client") : null,
                    MaxSandboxesPerClient = parse.GetValue(maxSandboxesPerClient) is { } sandboxesPerClient ? Positive(sandboxesPerClient, "--max-sandboxes-per-client") : null,
                    EpisodeIdleTimeout = CommonOptions.Seconds(parse.GetValue(sessionIdle), "--session-idle-timeout"),
                    MaxRequestBodyBytes = (long)(Positive(parse.GetValue(maxBody), "--max-body-mb") * 1024 * 1024),
                    BearerToken = bearer,
                    ProblemRoot = parse.GetValue(problemRoot)?.FullName,
                    LabelField = parse.GetValue(labelField),
                    PromptField = parse.GetValue(promptField),
                    Sandboxes = sandboxes,
                    Cache = scoreCache.Cache,
                    SandboxUnavailableReason = sandboxes is null ? "the server was started with --no-sandbox." : null,
                    SandboxGauges = sandboxes is null ? null : () => new Dictionary<string, double>(StringComparer.Ordinal) { ["live"] = sandboxes.LiveContainers },
                    ExtraGauges = sandboxes is null ? null : () => EngineGauges(sandboxes),
                    ReadinessCheck = sandboxes is null ? null : () => sandboxes.Engines.Any(e => e.Up) ? null : "no sandbox engine answers",
                    ConfigureLogging = logging => logging
                        .AddJsonConsole(o =>
                        {
                            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                            o.UseUtcTimestamp = true;
                        })
                        .SetMinimumLevel(LogLevel.Information)
                        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning),
                };
                var server = await RewardServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
                await using (server.ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"rlvr serve: {string.Join(", ", environments.Select(e => Describe(e, counted: given.Length > 0)))} on {string.Join(", ", server.Addresses)} (Ctrl+C stops after accepted work finishes)").ConfigureAwait(false);
                    try
                    {
                        // SIGTERM reaches the host directly; Ctrl+C also cancels the command's token.
                        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stop listening below and let accepted requests finish.
                    }

                    await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }
            catch (IOException ex)
            {
                throw new CliException("cannot listen: " + ex.Message);
            }
            finally
            {
                if (sandboxes is not null)
                {
                    // Removes this session's containers; accepted work has finished by now.
                    await sandboxes.DisposeAsync().ConfigureAwait(false);
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Download on first use, the way <c>rlvr eval</c> does it (<see cref="DatasetAutoPull"/>): before listening, every
    /// dataset of an environment named with <c>--env</c> that is not on this machine is pulled from the Hub. One that
    /// stays missing (offline, <c>HF_HUB_OFFLINE=1</c>, a failed download, no Hub source) ends the command with the fix:
    /// a server whose bundled problems are silently absent would answer "no problem" to every <c>problem_id</c>.
    /// Without <c>--env</c> (every registered environment) nothing is downloaded: each missing dataset is named on
    /// stderr with its pull command, and those environments score the problems requests carry.
    /// </summary>
    private static async Task EnsureDatasetsAsync(IReadOnlyList<IEnvironment> environments, bool named, CancellationToken cancellationToken)
    {
        foreach (var environment in environments)
        {
            if (!named)
            {
                if (DatasetStatus.Note(environment) is { } note)
                {
                    await Console.Error.WriteLineAsync($"rlvr serve: {environment.Name}: {note} (until then it scores only problems the requests carry)").ConfigureAwait(false);
                }

                continue;
            }

            if (await DatasetAutoPull.EnsureAsync(environment, Console.Error, cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new CliException($"not serving {environment.Name} without its problems: {DatasetStatus.Note(environment)} (or pass --data NAME=FILE, or set {DataLocations.DataDirectoryVariable}).");
            }

            await CommonOptions.ReportDatasetIssuesAsync(environment, Console.Error).ConfigureAwait(false);
        }
    }

    /// <summary>The environment's name, with its bundled problem count when it reads a dataset and <paramref name="counted"/> (loading it now, not at the first request).</summary>
    private static string Describe(IEnvironment environment, bool counted) =>
        counted && environment is IDatasetEnvironment
            ? $"{environment.Name} ({environment.ProblemIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} problems)"
            : environment.Name;

    /// <summary>Each engine's state for <c>/metrics</c>: up or down, our containers there, outages so far.</summary>
    private static IEnumerable<MetricSample> EngineGauges(DockerSandboxProvider sandboxes)
    {
        foreach (var engine in sandboxes.Engines)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["endpoint"] = engine.Endpoint.Uri.ToString() };
            yield return new MetricSample("rlvr_docker_engine_up", "Whether the Docker engine is in placement (1) or was taken out (0).", labels, engine.Up ? 1 : 0);
            yield return new MetricSample("rlvr_docker_engine_containers", "Sandbox containers of this server on the engine.", labels, engine.LiveContainers);
            yield return new MetricSample("rlvr_docker_engine_outages_total", "Times the engine was taken out of placement.", labels, engine.Outages);
        }
    }

    /// <summary>The host name's first label with anything but letters, digits and '-' replaced by '-' (at most 63 characters).</summary>
    internal static string DefaultReplicaId(string hostName)
    {
        string label = hostName.Split('.')[0];
        var id = new string([.. label.Take(63).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        return id.Length == 0 ? "rlvr" : id;
    }

    /// <summary>The listen addresses, each an absolute http(s) URL (Kestrel's own error for a bad one is an unhandled FormatException).</summary>
    private static string[] Urls(string[]? urls)
    {
        foreach (string url in urls ?? [])
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--urls: '{url}' is not an http(s) address such as http://127.0.0.1:8000.");
            }
        }

        return urls ?? [];
    }

    private static T Positive<T>(T value, string name)
        where T : System.Numerics.INumber<T>
    {
        return value > T.Zero && T.IsFinite(value) ? value : throw new CliException($"{name} must be a positive number.");
    }
}
