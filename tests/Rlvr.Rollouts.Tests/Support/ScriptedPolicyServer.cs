using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rlvr.Rollouts.Tests.Support;

/// <summary>
/// An OpenAI-compatible Chat Completions server on 127.0.0.1 that plays scripted policies, chosen by the request's
/// <c>model</c>. Policies read the conversation (prompts, tool results) like a model would; none of them is given
/// an environment's hidden answer except through what the environment shows.
/// <list type="bullet">
/// <item><c>reference</c>: single-turn: answers <c>\boxed{a+b}</c> for "Compute a+b."; guessing episode: binary
/// search with <c>check</c>, then <c>submit</c>; CTF: runs the challenge's solve script with <c>shell</c> (given
/// through <see cref="Scripts"/>) and submits its last line; code/agent: runs a buggy program, then a fixed one
/// (<see cref="Programs"/>), then submits the fix.</item>
/// <item><c>wrong</c>: answers <c>\boxed{-1}</c>, or submits -1 / a made-up flag at once.</item>
/// <item><c>loop</c>: calls <c>check</c> (or <c>shell</c>) forever, never submits.</item>
/// <item><c>malformed</c>: a tool call whose arguments are not JSON.</item>
/// <item><c>error500</c>: HTTP 500.</item>
/// <item><c>slow</c>: answers after 30 seconds.</item>
/// </list>
/// </summary>
internal sealed partial class ScriptedPolicyServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int calls;

    private ScriptedPolicyServer(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>The base address to give the client (<c>http://127.0.0.1:port/v1</c>).</summary>
    public Uri BaseUrl => new(app.Urls.First() + "/v1");

    /// <summary>Solve scripts by CTF title, for the <c>reference</c> policy.</summary>
    public Dictionary<string, string> Scripts { get; } = new(StringComparer.Ordinal);

    /// <summary>Programs by function name for code/agent: a buggy first try and a fix, for the <c>reference</c> policy.</summary>
    public Dictionary<string, (string Buggy, string Fixed)> Programs { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat requests served.</summary>
    public int Calls => Volatile.Read(ref calls);

    public static async Task<ScriptedPolicyServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedPolicyServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref calls);
        var request = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        string model = request["model"]!.GetValue<string>();
        var messages = request["messages"]!.AsArray();
        var tools = request["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        switch (model)
        {
            case "error500":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                break;
        }

        var reply = Decide(model, messages, tools);
        await context.Response.WriteAsJsonAsync(Completion(model, reply));
    }

    private (string? Text, string? Tool, string? Arguments) Decide(string model, JsonArray messages, HashSet<string> tools)
    {
        string firstUser = messages.First(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();
        string? lastTool = messages.LastOrDefault(m => m!["role"]!.GetValue<string>() == "tool")?["content"]?.GetValue<string>();
        int toolResults = messages.Count(m => m!["role"]!.GetValue<string>() == "tool");
        if (tools.Count == 0)
        {
            return model == "reference" && SumPattern().Match(firstUser) is { Success: true } m
                ? ($"The sum is \\boxed{{{(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)}}}.", null, null)
                : ("\\boxed{-1}", null, null);
        }

        if (tools.Contains("check"))
        {
            return model switch
            {
                "reference" => Guess(messages),
                "loop" => (null, "check", "{\"guess\": 50}"),
                "malformed" => (null, "check", "{\"guess\": 5"),
                _ => (null, "submit", "{\"answer\": -1}"),
            };
        }

        if (tools.Contains("submit_flag"))
        {
            return model switch
            {
                "reference" when toolResults == 0 => (null, "shell", JsonSerializer.Serialize(new { command = Scripts.First(s => firstUser.Contains(s.Key, StringComparison.Ordinal)).Value })),
                "reference" => (null, "submit_flag", JsonSerializer.Serialize(new { flag = LastLine(lastTool ?? string.Empty) })),
                "loop" => (null, "shell", "{\"command\": \"ls\"}"),
                "malformed" => (null, "shell", "{\"command\": "),
                _ => (null, "submit_flag", "{\"flag\": \"rlvr{not-the-flag}\"}"),
            };
        }

        if (tools.Contains("run_tests"))
        {
            var (buggy, fixedCode) = Programs.First(p => firstUser.Contains("`" + p.Key + "`", StringComparison.Ordinal)).Value;
            return (model, toolResults) switch
            {
                ("reference", 0) => (null, "run_tests", JsonSerializer.Serialize(new { code = buggy })),
                ("reference", 1) => (null, "run_tests", JsonSerializer.Serialize(new { code = fixedCode })),
                ("reference", _) => (null, "submit", JsonSerializer.Serialize(new { code = fixedCode })),
                ("loop", _) => (null, "run_tests", JsonSerializer.Serialize(new { code = buggy })),
                _ => (null, "submit", JsonSerializer.Serialize(new { code = buggy })),
            };
        }

        return ("I cannot help.", null, null);
    }

    /// <summary>Binary search over [0, 100] from the answers of earlier <c>check</c> calls.</summary>
    private static (string?, string?, string?) Guess(JsonArray messages)
    {
        int low = 0, high = 100;
        int? last = null;
        foreach (var m in messages)
        {
            if (m!["role"]!.GetValue<string>() == "assistant" && m["tool_calls"] is JsonArray calls)
            {
                var args = JsonNode.Parse(calls[0]!["function"]!["arguments"]!.GetValue<string>())!;
                last = args["guess"]?.GetValue<int>();
            }
            else if (m["role"]!.GetValue<string>() == "tool" && last is { } g)
            {
                string said = m["content"]!.GetValue<string>();
                if (said.StartsWith("equal", StringComparison.Ordinal))
                {
                    return (null, "submit", $"{{\"answer\": {g.ToString(CultureInfo.InvariantCulture)}}}");
                }

                (low, high) = said.StartsWith("higher", StringComparison.Ordinal) ? (g + 1, high) : (low, g - 1);
            }
        }

        return (null, "check", $"{{\"guess\": {((low + high) / 2).ToString(CultureInfo.InvariantCulture)}}}");
    }

    private static string LastLine(string shellOutput) =>
        shellOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("---", StringComparison.Ordinal)).LastOrDefault() ?? string.Empty;

    private static JsonObject Completion(string model, (string? Text, string? Tool, string? Arguments) reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
        if (reply.Tool is not null)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_" + Guid.NewGuid().ToString("N")[..8],
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = reply.Tool, ["arguments"] = reply.Arguments },
            });
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..8],
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = reply.Tool is null ? "stop" : "tool_calls",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 5, ["total_tokens"] = 25 },
        };
    }

    [GeneratedRegex(@"Compute (\d+)\+(\d+)\.")]
    private static partial Regex SumPattern();
}
