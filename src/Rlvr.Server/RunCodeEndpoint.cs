using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /run_code</c>, SandboxFusion's API, so verl's built-in code scoring runs on our sandboxes. The program, its
/// files and stdin travel over the exec's stdin to a small launcher in the sandbox; nothing is written from outside.
/// </summary>
internal static class RunCodeEndpoint
{
    /// <summary>Reads one JSON line from stdin, writes the files and main.py to a temp dir, runs it with the given stdin.</summary>
    internal const string PythonLauncher =
        "import sys,json,base64,os,subprocess,tempfile\n" +
        "r=json.loads(sys.stdin.buffer.readline())\n" +
        "d=tempfile.mkdtemp()\n" +
        "for n,b in r['files'].items():\n" +
        " p=os.path.join(d,n);os.makedirs(os.path.dirname(p),exist_ok=True)\n" +
        " open(p,'wb').write(base64.b64decode(b))\n" +
        "open(os.path.join(d,'main.py'),'w').write(r['code'])\n" +
        "sys.stdout.flush()\n" +
        "c=subprocess.run([sys.executable,'main.py'],cwd=d,input=base64.b64decode(r['stdin'])).returncode\n" +
        "sys.exit(c if c>=0 else 128-c)\n";

    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        string code = ScoreEndpoint.OptionalString(root, "code", "$.code")
            ?? throw new RequestException(StatusCodes.Status400BadRequest, "$.code", "missing");
        string language = ScoreEndpoint.OptionalString(root, "language", "$.language") ?? "python";
        if (!state.Options.RunCodeImages.TryGetValue(language, out string? image))
        {
            throw new RequestException(
                StatusCodes.Status400BadRequest,
                "$.language",
                $"unsupported language '{language}'; supported: {string.Join(", ", state.Options.RunCodeImages.Keys.Order(StringComparer.Ordinal))}");
        }

        double runTimeout = OptionalNumber(root, "run_timeout") ?? 10;
        double memoryMb = OptionalNumber(root, "memory_limit_MB") ?? -1;
        string stdin = ScoreEndpoint.OptionalString(root, "stdin", "$.stdin") ?? string.Empty;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("files", out var filesJson) && filesJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var file in filesJson.EnumerateObject())
            {
                if (file.Value.ValueKind != JsonValueKind.String || !IsBase64(file.Value.GetString()))
                {
                    throw new RequestException(StatusCodes.Status400BadRequest, $"$.files['{file.Name}']", "must be a base64 string");
                }

                files[file.Name] = file.Value.GetString() ?? string.Empty;
            }
        }

        if (state.Options.Sandboxes is not { } sandboxes)
        {
            throw new RequestException(
                StatusCodes.Status503ServiceUnavailable,
                "$",
                "no sandbox provider is configured, so code cannot run: " + (state.Options.SandboxUnavailableReason ?? "start the server with Docker available (rlvr doctor)."));
        }

        if (!state.Queue.TryAdmit(1))
        {
            throw new QueueFullException();
        }

        try
        {
            var spec = new SandboxSpec(image);
            if (memoryMb > 0)
            {
                spec = spec with { MemoryBytes = (long)(memoryMb * 1024 * 1024) };
            }

            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["code"] = code,
                ["files"] = files,
                ["stdin"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(stdin)),
            });
            var request = new ExecRequest(["python3", "-c", PythonLauncher])
            {
                Stdin = payload.Concat("\n"u8.ToArray()).ToArray(),
                Timeout = TimeSpan.FromSeconds(Math.Clamp(runTimeout, 0.1, state.Options.RequestTimeout.TotalSeconds)),
            };
            ExecResult result;
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                deadline.CancelAfter(state.Options.RequestTimeout);
                var sandbox = await sandboxes.AcquireAsync(spec, deadline.Token).ConfigureAwait(false);
                await using (sandbox.ConfigureAwait(false))
                {
                    result = await sandbox.ExecAsync(request, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (SandboxException ex)
            {
                state.Logger.LogWarning(ex, "/run_code sandbox failure ({Reason})", ex.Reason);
                await WriteResultAsync(context, "SandboxError", ex.Reason + ": " + ex.Message, null).ConfigureAwait(false);
                return;
            }

            bool success = !result.TimedOut && result.ExitCode == 0;
            await WriteResultAsync(context, success ? "Success" : "Failed", string.Empty, result).ConfigureAwait(false);
        }
        finally
        {
            state.Queue.Release(1);
        }
    }

    private static Task WriteResultAsync(HttpContext context, string status, string message, ExecResult? result) =>
        HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", status);
            w.WriteString("message", message);
            w.WriteNull("compile_result");
            if (result is null)
            {
                w.WriteNull("run_result");
            }
            else
            {
                w.WriteStartObject("run_result");
                w.WriteString("status", result.TimedOut ? "TimeLimitExceeded" : result.ExitCode is null ? "Error" : "Finished");
                w.WriteNumber("execution_time", Math.Round(result.WallTime.TotalSeconds, 6));
                if (result.ExitCode is int exit)
                {
                    w.WriteNumber("return_code", exit);
                }
                else
                {
                    w.WriteNull("return_code");
                }

                w.WriteString("stdout", result.StdoutText);
                w.WriteString("stderr", result.StderrText);
                w.WriteEndObject();
            }

            w.WriteNull("executor_pod_name");
            w.WriteStartObject("files");
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static double? OptionalNumber(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number)
            ? number
            : throw new RequestException(StatusCodes.Status400BadRequest, "$." + name, "must be a number");
    }

    private static bool IsBase64(string? text)
    {
        if (text is null)
        {
            return false;
        }

        var buffer = new byte[((text.Length * 3) / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
