using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Episodes;

/// <summary>
/// The OpenEnv protocol (meta-pytorch/OpenEnv, <c>src/openenv/core/env_server/http_server.py</c> and
/// <c>types.py</c>): <c>GET /health</c>, <c>/metadata</c>, <c>/schema</c>; <c>POST /reset</c>, <c>/step</c>,
/// <c>GET /state</c>; and the WebSocket session endpoint <c>/ws</c> (messages <c>reset</c>, <c>step</c>,
/// <c>state</c>, <c>close</c>; answers <c>observation</c>, <c>state</c>, <c>error</c> with OpenEnv's error codes), which
/// is what OpenEnv's <c>EnvClient</c> uses. Upstream's HTTP reset/step build a fresh environment per request; an
/// episode that keeps a sandbox between steps needs an identity, so here <c>/reset</c> opens an episode named by
/// <c>episode_id</c> (given, or made and returned in the observation) and <c>/step</c> and <c>/state</c> name it.
/// <c>env</c> picks the environment (body or query), <c>problem_id</c> or <c>seed</c> the bundled problem.
/// </summary>
internal static class OpenEnvEndpoints
{
    private const string ActionSchema = """{"title":"RlvrAction","type":"object","description":"A tool call {\"tool\", \"arguments\"} with one of the tools listed in the reset observation, or a text message {\"message\"}.","properties":{"tool":{"type":"string"},"arguments":{"type":"object"},"id":{"type":"string"},"message":{"type":"string"}}}""";

    private const string ObservationSchema = """{"title":"RlvrObservation","type":"object","properties":{"text":{"type":"string"},"tool_call_id":{"type":"string"},"episode_id":{"type":"string"},"env":{"type":"string"},"problem_id":{"type":"string"},"step_count":{"type":"integer"},"tools":{"type":"array"},"terminated":{"type":"boolean"},"truncated":{"type":"boolean"},"outcome":{"type":"string"},"reason":{"type":"string"},"info":{"type":"object"}},"required":["text","episode_id","step_count"]}""";

    private const string StateSchema = """{"title":"RlvrState","type":"object","properties":{"episode_id":{"type":"string"},"step_count":{"type":"integer","minimum":0},"env":{"type":"string"},"env_version":{"type":"string"},"problem_id":{"type":"string"},"started":{"type":"boolean"},"done":{"type":"boolean"},"terminated":{"type":"boolean"},"truncated":{"type":"boolean"},"reward":{"type":"object"}},"required":["episode_id","step_count"]}""";

    public static Task HealthAsync(HttpContext context, ServerState state) =>
        HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "healthy");
            w.WriteEndObject();
        });

    public static Task MetadataAsync(HttpContext context, ServerState state)
    {
        var environment = state.Environment(context.Request.Query["env"].FirstOrDefault(), "?env");
        return HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", environment.Name);
            w.WriteString("description", environment.Description);
            w.WriteNull("readme_content");
            w.WriteString("version", environment.Version);
            w.WriteNull("author");
            w.WriteNull("documentation_url");
            w.WriteEndObject();
        });
    }

    public static Task SchemaAsync(HttpContext context, ServerState state)
    {
        state.Environment(context.Request.Query["env"].FirstOrDefault(), "?env");
        return HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("action");
            w.WriteRawValue(ActionSchema);
            w.WritePropertyName("observation");
            w.WriteRawValue(ObservationSchema);
            w.WritePropertyName("state");
            w.WriteRawValue(StateSchema);
            w.WriteEndObject();
        });
    }

    public static async Task ResetAsync(HttpContext context, ServerState state)
    {
        using var document = context.Request.ContentLength is 0 ? JsonDocument.Parse("{}") : await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var body = HttpJson.RootObject(document);
        var (environment, problemId, problem) = EpisodeJson.ChooseProblem(state, body, "$", context.Request.Query["env"].FirstOrDefault());
        string id = EpisodeJson.EpisodeId(body, "$") ?? state.Episodes.NewId();
        state.Episodes.EnsureOwned(id, "$.episode_id");
        await state.Episodes.CloseAsync(id).ConfigureAwait(false);
        var session = state.TryOpenEpisode(id, environment, problemId, problem, out string busy) ?? throw Busy(busy);
        try
        {
            var observation = await session.ResetAsync(state.Options.EpisodeStepTimeout, context.RequestAborted).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w => EpisodeJson.WriteResult(w, session, observation, null)).ConfigureAwait(false);
        }
        catch
        {
            await state.Episodes.CloseAsync(id).ConfigureAwait(false);
            throw;
        }
    }

    public static async Task StepAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var body = HttpJson.RootObject(document);
        var session = Find(state, EpisodeIdOf(context, body), "$.episode_id");
        if (!body.TryGetProperty("action", out var actionJson))
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, "$.action", "missing");
        }

        var action = EpisodeJson.Action(actionJson, "$.action", session.StepCount + 1);
        var step = await StepOrFailAsync(session, action, state, context.RequestAborted).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w => EpisodeJson.WriteResult(w, session, step.Observation, step)).ConfigureAwait(false);
    }

    public static Task StateAsync(HttpContext context, ServerState state)
    {
        string? id = context.Request.Query["episode_id"].FirstOrDefault();
        var session = Find(state, id, "?episode_id");
        return HttpJson.WriteAsync(context, StatusCodes.Status200OK, w => EpisodeJson.WriteState(w, session));
    }

    public static async Task CloseAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        string id = EpisodeIdOf(context, HttpJson.RootObject(document)) ?? throw new RequestException(StatusCodes.Status422UnprocessableEntity, "$.episode_id", "missing");
        state.Episodes.EnsureOwned(id, "$.episode_id");
        bool closed = await state.Episodes.CloseAsync(id).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, closed ? StatusCodes.Status200OK : StatusCodes.Status404NotFound, w =>
        {
            w.WriteStartObject();
            w.WriteString("episode_id", id);
            w.WriteBoolean("closed", closed);
            if (!closed)
            {
                // An error like every other, beside the fields a client of /close reads.
                w.WriteStartObject("error");
                w.WriteString("field", "$.episode_id");
                w.WriteString("message", $"no open episode '{id}' (never reset, already closed, or closed after {state.Episodes.IdleTimeout.TotalSeconds:0.###} s idle)");
                w.WriteString("request_id", context.TraceIdentifier);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>/ws</c> session: one episode per connection (OpenEnv's <c>websocket_endpoint</c>). A connection beyond the
    /// capacity gets OpenEnv's <c>CAPACITY_REACHED</c> error and is closed; a closed connection releases the sandbox.
    /// </summary>
    public static async Task WebSocketAsync(HttpContext context, ServerState state)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$", "/ws is a WebSocket endpoint");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        string? envFromQuery = context.Request.Query["env"].FirstOrDefault();
        EpisodeSession? session = null;
        var token = context.RequestAborted;
        try
        {
            if (state.Episodes.Active >= state.Episodes.Capacity)
            {
                await SendCapacityErrorAsync(socket, state, "all sessions are in use", token).ConfigureAwait(false);
                return;
            }

            while (socket.State == WebSocketState.Open)
            {
                string? text = await ReceiveTextAsync(socket, state.Options.MaxRequestBodyBytes, token).ConfigureAwait(false);
                if (text is null)
                {
                    break;
                }

                JsonDocument message;
                try
                {
                    message = JsonDocument.Parse(text);
                }
                catch (JsonException ex)
                {
                    await SendErrorAsync(socket, "INVALID_JSON", $"Invalid JSON: {ex.Message}", token).ConfigureAwait(false);
                    continue;
                }

                using (message)
                {
                    var root = message.RootElement;
                    string type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
                    var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : default;
                    try
                    {
                        switch (type)
                        {
                            case "reset":
                                var (environment, problemId, problem) = EpisodeJson.ChooseProblem(state, data, "$.data", envFromQuery);
                                if (session is not null)
                                {
                                    await state.Episodes.CloseAsync(session.Id).ConfigureAwait(false);
                                    session = null;
                                }

                                session = state.TryOpenEpisode(EpisodeJson.EpisodeId(data, "$.data") ?? state.Episodes.NewId(), environment, problemId, problem, out string busy);
                                if (session is null)
                                {
                                    await SendCapacityErrorAsync(socket, state, busy, token).ConfigureAwait(false);
                                    return;
                                }

                                var observation = await session.ResetAsync(state.Options.EpisodeStepTimeout, token).ConfigureAwait(false);
                                var opened = session;
                                await SendAsync(socket, w => Envelope(w, "observation", () => EpisodeJson.WriteResult(w, opened, observation, null)), token).ConfigureAwait(false);
                                break;
                            case "step":
                                var live = Live(state, session);
                                var action = EpisodeJson.Action(data, "$.data", live.StepCount + 1);
                                var step = await StepOrFailAsync(live, action, state, token).ConfigureAwait(false);
                                await SendAsync(socket, w => Envelope(w, "observation", () => EpisodeJson.WriteResult(w, live, step.Observation, step)), token).ConfigureAwait(false);
                                break;
                            case "state":
                                var current = Live(state, session);
                                await SendAsync(socket, w => Envelope(w, "state", () => EpisodeJson.WriteState(w, current)), token).ConfigureAwait(false);
                                break;
                            case "close":
                                return;
                            default:
                                await SendErrorAsync(socket, "UNKNOWN_TYPE", $"Unknown message type: {type}", token).ConfigureAwait(false);
                                break;
                        }
                    }
                    catch (RequestException ex)
                    {
                        await SendErrorAsync(socket, ex.StatusCode == StatusCodes.Status422UnprocessableEntity ? "VALIDATION_ERROR" : "SESSION_ERROR", $"{ex.Field}: {ex.Message}", token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or SandboxException || (ex is OperationCanceledException && !token.IsCancellationRequested))
                    {
                        await SendErrorAsync(socket, "EXECUTION_ERROR", ex is OperationCanceledException ? "the step did not finish within the server's episode step deadline" : ex.Message, token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && token.IsCancellationRequested))
        {
            // The client went away: the finally releases the episode.
        }
        finally
        {
            if (session is not null)
            {
                await state.Episodes.CloseAsync(session.Id).ConfigureAwait(false);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    // Nothing more to tell a client that does not listen.
                }
            }
        }
    }

    /// <summary>One step; a sandbox failure answers 503 (the infrastructure, retry), a step after the end 409.</summary>
    internal static async Task<Core.Episodes.StepResult> StepOrFailAsync(EpisodeSession session, Core.Episodes.EpisodeAction action, ServerState state, CancellationToken cancellationToken)
    {
        try
        {
            return await session.StepAsync(action, state.Options.EpisodeStepTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new RequestException(StatusCodes.Status409Conflict, "$.episode_id", ex.Message);
        }
        catch (SandboxException ex)
        {
            throw new RequestException(StatusCodes.Status503ServiceUnavailable, "$", $"sandbox failure ({ex.Reason}): {ex.Message}");
        }
    }

    internal static RequestException Busy(string why) => new(StatusCodes.Status429TooManyRequests, "$", why);

    internal static EpisodeSession Find(ServerState state, string? id, string field)
    {
        if (id is null)
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, field, "missing: name the episode that /reset returned (observation.episode_id)");
        }

        state.Episodes.EnsureOwned(id, field);
        return state.Episodes.TryGet(id, out var session)
            ? session
            : throw new RequestException(StatusCodes.Status404NotFound, field, $"no open episode '{id}' (never reset, closed, or closed after {state.Episodes.IdleTimeout.TotalSeconds:0.###} s idle)");
    }

    /// <summary>
    /// The episode a <c>/step</c> or <c>/close</c> names: <c>episode_id</c> in the body or in the query string (where a
    /// load balancer can route on it); both must agree.
    /// </summary>
    private static string? EpisodeIdOf(HttpContext context, JsonElement body)
    {
        string? fromBody = EpisodeJson.EpisodeId(body, "$");
        string? fromQuery = context.Request.Query["episode_id"].FirstOrDefault();
        if (fromBody is not null && fromQuery is not null && !string.Equals(fromBody, fromQuery, StringComparison.Ordinal))
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, "$.episode_id", $"'{fromBody}' differs from the query's episode_id '{fromQuery}'");
        }

        return fromBody ?? fromQuery;
    }

    private static EpisodeSession Live(ServerState state, EpisodeSession? session) =>
        session is not null && state.Episodes.TryGet(session.Id, out var live)
            ? live
            : throw new RequestException(StatusCodes.Status409Conflict, "$", session is null ? "no episode yet: send reset first" : "the episode was closed (idle timeout); send reset");

    private static void Envelope(Utf8JsonWriter w, string type, Action writeData)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WritePropertyName("data");
        writeData();
        w.WriteEndObject();
    }

    private static Task SendCapacityErrorAsync(WebSocket socket, ServerState state, string why, CancellationToken token) =>
        SendAsync(socket, w => Envelope(w, "error", () =>
        {
            w.WriteStartObject();
            w.WriteString("message", $"Server at capacity: {state.Episodes.Active}/{state.Episodes.Capacity} sessions; {why}");
            w.WriteString("code", "CAPACITY_REACHED");
            w.WriteNumber("active_sessions", state.Episodes.Active);
            w.WriteNumber("max_sessions", state.Episodes.Capacity);
            w.WriteEndObject();
        }), token);

    private static Task SendErrorAsync(WebSocket socket, string code, string message, CancellationToken token) =>
        SendAsync(socket, w => Envelope(w, "error", () =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteString("code", code);
            w.WriteEndObject();
        }), token);

    private static async Task SendAsync(WebSocket socket, Action<Utf8JsonWriter> write, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, HttpJson.WriterOptions))
        {
            write(writer);
        }

        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
    }

    /// <summary>One text message, or <see langword="null"/> when the client closed.</summary>
    private static async Task<string?> ReceiveTextAsync(WebSocket socket, long maxBytes, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > maxBytes)
            {
                await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {maxBytes} bytes", token).ConfigureAwait(false);
                return null;
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
