using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rlvr.Server;

/// <summary>
/// The one place an exception becomes an HTTP answer. Every error a client sees is
/// <c>{"error": {"field", "message", "request_id"}}</c> with a 4xx/5xx status — never an empty body, never a stack
/// trace — and every response carries the request id in <c>X-Request-Id</c>, so a 500 can be found in the log.
/// </summary>
internal static class ServerErrors
{
    /// <summary>The response header holding the request id.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>
    /// Middleware placed first in the pipeline: stamps the request id and answers whatever escapes the endpoints
    /// (authentication, <c>/healthz</c>, <c>/metrics</c>, Kestrel's own body errors) in the documented shape.
    /// </summary>
    public static async Task GuardAsync(HttpContext context, Func<Task> next, ServerState state)
    {
        context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsClientGone(ex, context))
        {
            await WriteAsync(context, ex, state, context.Request.Path.Value ?? "?").ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client went away (or the server is stopping with it); there is nobody to answer.
        }
    }

    /// <summary>Whether <paramref name="ex"/> is the client disconnecting rather than something to answer.</summary>
    public static bool IsClientGone(Exception ex, HttpContext context) =>
        (ex is OperationCanceledException || ex is IOException || ex is Microsoft.AspNetCore.Connections.ConnectionResetException)
        && context.RequestAborted.IsCancellationRequested;

    /// <summary>Answers <paramref name="ex"/> with its status and the documented error body, and logs it.</summary>
    public static async Task WriteAsync(HttpContext context, Exception ex, ServerState state, string endpoint)
    {
        var (status, field, message) = Map(ex, state);
        string requestId = context.TraceIdentifier;
        if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable && status != StatusCodes.Status504GatewayTimeout)
        {
            state.Logger.LogError(ex, "{Endpoint} failed (request {RequestId}): {Type}", endpoint, requestId, ex.GetType().FullName);
        }
        else if (status == StatusCodes.Status429TooManyRequests || ex is ServerBusyException)
        {
            state.Logger.LogWarning("{Endpoint} refused (request {RequestId}): {Message}", endpoint, requestId, message);
        }
        else
        {
            state.Logger.LogInformation("{Endpoint} rejected with {Status} (request {RequestId}): {Field}: {Message}", endpoint, status, requestId, field, message);
        }

        if (context.Response.HasStarted)
        {
            // Part of an answer is already on the wire; the only honest thing left is to cut the connection so the
            // client sees a failure rather than a truncated body it might parse.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.Headers[RequestIdHeader] = requestId;
        if (status == StatusCodes.Status429TooManyRequests || ex is ServerBusyException)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(ex, state).ToString(CultureInfo.InvariantCulture);
        }

        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await HttpJson.WriteErrorAsync(context, status, field, message).ConfigureAwait(false);
    }

    /// <summary>Status, JSON path and message for an exception; unknown exceptions say only that the server failed.</summary>
    internal static (int Status, string Field, string Message) Map(Exception ex, ServerState state) => ex switch
    {
        RequestException r => (r.StatusCode, r.Field, r.Message),
        QueueFullException q => (StatusCodes.Status429TooManyRequests, "$", q.Message),
        ServerBusyException busy => (busy.StatusCode, "$", busy.Message),
        BadHttpRequestException b => (b.StatusCode, "$", "the HTTP request is malformed: " + b.Message),
        OperationCanceledException => (
            StatusCodes.Status504GatewayTimeout,
            "$",
            string.Create(CultureInfo.InvariantCulture, $"the request did not finish within the server's request deadline ({state.Options.RequestTimeout.TotalSeconds:0.###} s)")),
        _ => (StatusCodes.Status500InternalServerError, "$", "internal server error; the server log has the details under this request id"),
    };

    private static int RetryAfterSeconds(Exception ex, ServerState state) =>
        Math.Max(1, (int)Math.Ceiling((ex is QueueFullException { RetryAfter: { } after } ? after : state.Options.RetryAfter).TotalSeconds));
}
