using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;

namespace Rlvr.Server.Episodes;

/// <summary>
/// NeMo-Gym resources-server sessions for multi-turn environments (NVIDIA-NeMo/Gym: <c>nemo_gym/server_utils.py</c>
/// <c>setup_session_middleware</c>, <c>responses_api_agents/simple_agent/app.py</c>). <c>/seed_session</c> opens an
/// episode for the task (<c>env</c>, <c>problem_id</c> or <c>seed</c>) and answers with a session cookie, which the
/// agent sends back on every tool call and on <c>/verify</c>; every tool the episode declares is a route
/// <c>POST /{tool}</c> whose body is the call's arguments and whose answer is the tool's output; <c>/verify</c> answers
/// the episode's reward and closes it.
/// </summary>
internal static class NemoGymEpisodeEndpoints
{
    /// <summary>The session cookie (NeMo-Gym keeps its session id in a cookie too).</summary>
    public const string Cookie = "rlvr_episode";

    /// <summary>
    /// Opens an episode when the task names a multi-turn environment with bundled problems; returns
    /// <see langword="false"/> (and opens nothing) for single-turn tasks, which keep the stateless answer.
    /// </summary>
    public static async Task<bool> TrySeedAsync(HttpContext context, ServerState state, JsonElement body)
    {
        string? envName = context.Request.Query["env"].FirstOrDefault()
            ?? (body.TryGetProperty("env", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
        var environment = state.Environment(envName, "$.env");
        if (environment.ProblemIds.Count == 0 || !(body.TryGetProperty("problem_id", out _) || body.TryGetProperty("seed", out _) || envName is not null))
        {
            return false;
        }

        var (env, problemId, problem) = EpisodeJson.ChooseProblem(state, body, "$", envName);
        string id = state.Episodes.NewId();
        var session = state.TryOpenEpisode(id, env, problemId, problem, out string busy) ?? throw OpenEnvEndpoints.Busy(busy);
        try
        {
            if (session.Episode.Tools.Count == 0)
            {
                await state.Episodes.CloseAsync(id).ConfigureAwait(false);
                return false;
            }

            var observation = await session.ResetAsync(state.Options.EpisodeStepTimeout, context.RequestAborted).ConfigureAwait(false);
            context.Response.Cookies.Append(Cookie, id, new CookieOptions { HttpOnly = true, Path = "/", SameSite = SameSiteMode.Strict });
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("episode_id", id);
                w.WriteString("observation", observation.Text);
                EpisodeJson.WriteTools(w, session.Episode.Tools);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return true;
        }
        catch
        {
            await state.Episodes.CloseAsync(id).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary><c>POST /{tool}</c>: one tool call of the cookie's episode; answers <c>{"output", "done"}</c>.</summary>
    public static async Task ToolAsync(HttpContext context, ServerState state)
    {
        string tool = context.Request.RouteValues["tool"] as string ?? string.Empty;
        var session = Session(context, state)
            ?? throw new RequestException(StatusCodes.Status404NotFound, "$", $"no endpoint /{tool}; tool routes need the episode cookie that /seed_session sets");
        if (!session.Episode.Tools.Any(t => string.Equals(t.Name, tool, StringComparison.Ordinal)))
        {
            throw new RequestException(StatusCodes.Status404NotFound, "$", $"episode tools are: {string.Join(", ", session.Episode.Tools.Select(t => t.Name))}; there is no tool '{tool}'");
        }

        string arguments = "{}";
        if (context.Request.ContentLength is not 0)
        {
            using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            arguments = document.RootElement.GetRawText();
        }

        var call = new ToolCall("call_" + (session.StepCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), tool, arguments);
        var step = await OpenEnvEndpoints.StepOrFailAsync(session, Core.Episodes.EpisodeAction.Call(call), state, context.RequestAborted).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("output", step.Observation.Text);
            w.WriteBoolean("done", step.Done);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>/verify</c> for a request carrying an episode cookie: the body plus the episode's <c>reward</c> (its final
    /// reward; a Scored 0 <c>episode_unfinished</c> when the agent stopped before the episode ended); closes the episode.
    /// Returns <see langword="false"/> when the request has no live episode.
    /// </summary>
    public static async Task<bool> TryVerifyAsync(HttpContext context, ServerState state, JsonElement body)
    {
        var session = Session(context, state);
        if (session is null)
        {
            return false;
        }

        var reward = session.Done
            ? session.FinalReward ?? Reward.Wrong("no_reward", "The episode ended without a reward.")
            : Reward.Wrong("episode_unfinished", "The agent stopped before the episode ended.");
        await state.Episodes.CloseAsync(session.Id).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name is not ("reward" or "reward_components" or "outcome" or "reason" or "scored" or "env_version"))
                {
                    property.WriteTo(w);
                }
            }

            ScoredItemJson.WriteFloat(w, "reward", reward.Value);
            w.WriteStartObject("reward_components");
            foreach (var (name, value) in reward.Components.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ScoredItemJson.WriteFloat(w, name, value);
            }

            w.WriteEndObject();
            ScoredItemJson.WriteFloat(w, "scored", reward.IsScored ? 1 : 0);
            w.WriteString("outcome", ScoredItemJson.OutcomeName(reward.Outcome));
            w.WriteString("reason", reward.Reason);
            w.WriteNumber("steps", session.StepCount);
            w.WriteString("env_version", session.Environment.Version);
            w.WriteEndObject();
        }).ConfigureAwait(false);
        return true;
    }

    /// <summary>The cookie's live episode, or <see langword="null"/>; 421 when the cookie names another replica's episode.</summary>
    private static EpisodeSession? Session(HttpContext context, ServerState state)
    {
        if (!context.Request.Cookies.TryGetValue(Cookie, out string? id) || id is null)
        {
            return null;
        }

        state.Episodes.EnsureOwned(id, "cookie " + Cookie);
        return state.Episodes.TryGet(id, out var session) ? session : null;
    }
}
