using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core.Data;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /run_code</c>, SandboxFusion's API (<c>sandbox/server/sandbox_api.py</c>), so verl's code scoring
/// (<c>verl/utils/reward_score/sandbox_fusion/utils.py</c>) runs on our sandboxes. The program, its files and stdin
/// travel over the exec's stdin to a small launcher in the sandbox, which compiles (cpp), runs under the request's
/// timeouts and reports each step as SandboxFusion does (a signal exit is <c>-9</c>, a timeout has no return code).
/// Programs share the server's <c>--concurrency</c> slots; when none frees in time, or the sandbox keeps failing, the
/// answer is 504, the one status verl retries, never a result that reads as a failed test.
/// </summary>
internal static class RunCodeEndpoint
{
    /// <summary>
    /// Reads one JSON line from stdin, writes the files and the program to a fresh directory, compiles and runs it with
    /// the given stdin and timeouts, keeping at most <c>cap</c> bytes of each output, and prints one JSON line. The
    /// sandbox's /tmp is noexec, so a compiled program runs from a memfd (<c>M</c>: copy, then fexecve).
    /// </summary>
    internal const string Launcher = """
        import sys,json,base64,os,subprocess,tempfile,threading,time,signal
        r=json.loads(sys.stdin.buffer.readline())
        d=tempfile.mkdtemp()
        for n,b in r['files'].items():
            if b is None: continue
            p=os.path.join(d,n);os.makedirs(os.path.dirname(p) or d,exist_ok=True)
            open(p,'wb').write(base64.b64decode(b))
        cap=r['cap']
        M="import os,sys\nfd=os.memfd_create('test',0)\nb=open(sys.argv[1],'rb').read()\nwhile b: b=b[os.write(fd,b):]\nos.execve(fd,sys.argv[1:],os.environ)"
        def run(argv,data,timeout):
            t=time.monotonic()
            try: p=subprocess.Popen(argv,cwd=d,stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.PIPE,start_new_session=True)
            except OSError as x: return {'status':'Error','execution_time':0,'return_code':None,'stdout':'','stderr':base64.b64encode(str(x).encode()).decode(),'stdout_truncated':False,'stderr_truncated':False}
            out=[bytearray(),bytearray()];cut=[False,False]
            def pump(f,i):
                while True:
                    c=f.read(65536)
                    if not c: break
                    room=cap-len(out[i])
                    if room>0: out[i]+=c[:room]
                    if len(c)>max(room,0): cut[i]=True
            ts=[threading.Thread(target=pump,args=(p.stdout,0),daemon=True),threading.Thread(target=pump,args=(p.stderr,1),daemon=True)]
            for x in ts: x.start()
            def feed():
                try:
                    p.stdin.write(data);p.stdin.close()
                except OSError: pass
            threading.Thread(target=feed,daemon=True).start()
            tle=False
            try: p.wait(timeout)
            except subprocess.TimeoutExpired:
                tle=True
            el=time.monotonic()-t
            try: os.killpg(p.pid,signal.SIGKILL)
            except OSError: pass
            p.wait()
            for x in ts: x.join(2)
            e=lambda i: base64.b64encode(bytes(out[i])).decode()
            return {'status':'TimeLimitExceeded' if tle else 'Finished','execution_time':el,'return_code':None if tle else p.returncode,'stdout':e(0),'stderr':e(1),'stdout_truncated':cut[0],'stderr_truncated':cut[1]}
        stdin=base64.b64decode(r['stdin'])
        res={'compile':None,'run':None}
        if r['language']=='cpp':
            open(os.path.join(d,'main.cpp'),'w').write(r['code'])
            c=run(['g++','-std=c++17','main.cpp','-o','test','-lpthread'],b'',r['compile_timeout'])
            res['compile']=c
            if c['status']=='Finished' and c['return_code']==0:
                res['run']=run([sys.executable,'-I','-S','-c',M,'./test'],stdin,r['run_timeout'])
        else:
            open(os.path.join(d,'main.py'),'w').write(r['code'])
            res['run']=run([sys.executable,'main.py'],stdin,r['run_timeout'])
        sys.stdout.write('\n'+json.dumps(res)+'\n');sys.stdout.flush()
        """;

    /// <summary>Slack for the launcher itself (writing files, starting the interpreter) on top of the program's timeouts.</summary>
    private static readonly TimeSpan LauncherSlack = TimeSpan.FromSeconds(3);

    /// <summary>
    /// verl waits <c>compile_timeout + run_timeout + 10</c> s for an answer; the server answers within
    /// <c>compile_timeout + run_timeout + 8</c> s, up to 5 s of which may be spent waiting for a free slot.
    /// </summary>
    private static readonly TimeSpan VerlClientSlack = TimeSpan.FromSeconds(8);

    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);

        // SandboxFusion's RunCodeRequest is a pydantic model: a missing required field is FastAPI's 422.
        string code = ScoreEndpoint.OptionalString(root, "code", "$.code")
            ?? throw new RequestException(StatusCodes.Status422UnprocessableEntity, "$.code", "missing: the code to run is required");
        string language = ScoreEndpoint.OptionalString(root, "language", "$.language")
            ?? throw new RequestException(StatusCodes.Status422UnprocessableEntity, "$.language", "missing: the language is required (python or cpp)");
        if (!state.Options.RunCodeImages.TryGetValue(language, out string? image))
        {
            throw new RequestException(
                StatusCodes.Status400BadRequest,
                "$.language",
                $"unsupported language '{language}'; supported: {string.Join(", ", state.Options.RunCodeImages.Keys.Order(StringComparer.Ordinal))}");
        }

        // Clamped so any number a client sends stays a valid TimeSpan and byte count (the request deadline cuts sooner).
        double runTimeout = Math.Clamp(OptionalNumber(root, "run_timeout") ?? 10, 0.1, 86_400);
        double compileTimeout = Math.Clamp(OptionalNumber(root, "compile_timeout") ?? 10, 0.1, 86_400);
        double memoryMb = Math.Min(OptionalNumber(root, "memory_limit_MB") ?? -1, 1 << 20);
        string stdin = ScoreEndpoint.OptionalString(root, "stdin", "$.stdin") ?? string.Empty;
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (root.TryGetProperty("files", out var filesJson) && filesJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var file in filesJson.EnumerateObject())
            {
                // SandboxFusion's files is Dict[str, Optional[str]]; restore_files skips the null ones.
                if (file.Value.ValueKind == JsonValueKind.Null)
                {
                    files[file.Name] = null;
                    continue;
                }

                if (file.Value.ValueKind != JsonValueKind.String || !IsBase64(file.Value.GetString()))
                {
                    throw new RequestException(StatusCodes.Status400BadRequest, $"$.files['{file.Name}']", "must be a base64 string or null");
                }

                files[file.Name] = file.Value.GetString() ?? string.Empty;
            }
        }

        if (state.Sandboxes is not { } sandboxes)
        {
            throw new RequestException(
                StatusCodes.Status503ServiceUnavailable,
                "$",
                "no sandbox provider is configured, so code cannot run: " + (state.Options.SandboxUnavailableReason ?? "start the server with Docker available (rlvr doctor)."));
        }

        var programTime = TimeSpan.FromSeconds((language == "cpp" ? compileTimeout : 0) + runTimeout);
        var length = programTime + VerlClientSlack < state.Options.RequestTimeout ? programTime + VerlClientSlack : state.Options.RequestTimeout;
        using var deadline = new RequestDeadline(length, programTime + LauncherSlack, context.RequestAborted);
        var protocol = new Protocol("/run_code", StatusCodes.Status504GatewayTimeout, null);
        var admission = await state.AdmitAsync(protocol, 1, deadline).ConfigureAwait(false);
        try
        {
            var spec = new SandboxSpec(image);
            if (memoryMb > 0)
            {
                spec = spec with { MemoryBytes = (long)(memoryMb * 1024 * 1024) };
            }

            int cap = state.Options.RunCodeOutputLimitBytes;
            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["language"] = language,
                ["code"] = code,
                ["files"] = files,
                ["stdin"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(stdin)),
                ["run_timeout"] = runTimeout,
                ["compile_timeout"] = compileTimeout,
                ["cap"] = cap,
            });
            var request = new ExecRequest(["python3", "-c", Launcher])
            {
                Stdin = payload.Concat("\n"u8.ToArray()).ToArray(),
                Timeout = programTime + LauncherSlack,
                OutputLimitBytes = (cap * 3) + (64 * 1024),
            };

            ExecResult result;
            try
            {
                result = await RunWithRetriesAsync(state, sandboxes, spec, request, deadline).ConfigureAwait(false);
            }
            catch (SandboxException ex)
            {
                state.Logger.LogWarning(ex, "/run_code sandbox failure after retries ({Reason}); answering 504 so the client retries", ex.Reason);
                await WriteSandboxErrorAsync(context, ex.Reason + ": " + ex.Message).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                state.Logger.LogWarning("/run_code: no slot or no result before the deadline ({Seconds:0.0} s); answering 504 so the client retries", deadline.Length.TotalSeconds);
                await WriteSandboxErrorAsync(context, "the program did not get a sandbox slot or finish within the server's request deadline; retry").ConfigureAwait(false);
                return;
            }

            await WriteResultAsync(context, Parse(result)).ConfigureAwait(false);
        }
        finally
        {
            admission.Dispose();
        }
    }

    /// <summary>What the launcher reported, or what the sandbox saw when the launcher itself was killed.</summary>
    internal static (CommandResult? Compile, CommandResult? Run) Parse(ExecResult result)
    {
        string text = result.StdoutText.TrimEnd('\n');
        int lastLine = text.LastIndexOf('\n');
        string last = lastLine < 0 ? text : text[(lastLine + 1)..];
        if (!result.StdoutTruncated && last.StartsWith('{'))
        {
            try
            {
                using var report = JsonDocument.Parse(last);
                return (Command(report.RootElement.GetProperty("compile")), Command(report.RootElement.GetProperty("run")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // Not the launcher's line: the program killed or overwrote it, handled below.
            }
        }

        // The launcher did not report: the program's run took the whole sandbox down with it (memory, killing its parent).
        return (null, new CommandResult(
            result.TimedOut ? "TimeLimitExceeded" : "Finished",
            result.WallTime.TotalSeconds,
            result.TimedOut ? null : result.OomKilled ? -9 : result.Signal is int signal ? -signal : result.ExitCode ?? -9,
            string.Empty,
            result.StderrText,
            false,
            result.StderrTruncated));
    }

    private static CommandResult? Command(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return new CommandResult(
            json.GetProperty("status").GetString() ?? "Error",
            json.GetProperty("execution_time").GetDouble(),
            json.GetProperty("return_code").ValueKind == JsonValueKind.Number ? json.GetProperty("return_code").GetInt32() : null,
            Encoding.UTF8.GetString(Convert.FromBase64String(json.GetProperty("stdout").GetString() ?? string.Empty)),
            Encoding.UTF8.GetString(Convert.FromBase64String(json.GetProperty("stderr").GetString() ?? string.Empty)),
            json.GetProperty("stdout_truncated").GetBoolean(),
            json.GetProperty("stderr_truncated").GetBoolean());
    }

    /// <summary>Sandbox failures are retried while the deadline leaves time; the program's own behaviour never is.</summary>
    private static async Task<ExecResult> RunWithRetriesAsync(ServerState state, ISandboxProvider sandboxes, SandboxSpec spec, ExecRequest request, RequestDeadline deadline)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await state.Engine.RunInSlotAsync(
                    async token =>
                    {
                        var sandbox = await sandboxes.AcquireAsync(spec, token).ConfigureAwait(false);
                        ExecResult result;
                        await using (sandbox.ConfigureAwait(false))
                        {
                            result = await sandbox.ExecAsync(request, token).ConfigureAwait(false);
                        }

                        // SandboxFusion's CommandRunStatus.Error: the launcher could not start a step (a compiler missing
                        // from the image), a failure of ours, never of the program.
                        var (compile, run) = Parse(result);
                        return compile?.Status == "Error" || run?.Status == "Error"
                            ? throw new SandboxException(SandboxReasons.DockerError, "the sandbox could not start the program: " + (compile?.Status == "Error" ? compile.Stderr : run?.Stderr))
                            : result;
                    },
                    deadline.Hold,
                    deadline.Token).ConfigureAwait(false);
            }
            catch (SandboxException ex) when (attempt < 3 && deadline.Remaining > request.Timeout + delay)
            {
                state.Logger.LogInformation("/run_code attempt {Attempt} failed in the sandbox ({Reason}); retrying", attempt, ex.Reason);
                state.Metrics.RecordInfraRetries("/run_code", 1);
                await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
                delay += delay;
            }
        }
    }

    private static Task WriteSandboxErrorAsync(HttpContext context, string message) =>
        HttpJson.WriteAsync(context, StatusCodes.Status504GatewayTimeout, w =>
        {
            // The server's error shape and SandboxFusion's together: verl retries on the status alone.
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("field", "$");
            w.WriteString("message", message);
            w.WriteString("request_id", context.TraceIdentifier);
            w.WriteEndObject();
            w.WriteString("status", "SandboxError");
            w.WriteString("message", message);
            w.WriteNull("compile_result");
            w.WriteNull("run_result");
            w.WriteNull("executor_pod_name");
            w.WriteStartObject("files");
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static Task WriteResultAsync(HttpContext context, (CommandResult? Compile, CommandResult? Run) result)
    {
        // parse_run_status: a time limit or a non-zero return code of any step is Failed.
        CommandResult?[] steps = [result.Compile, result.Run];
        bool failed = steps.Any(s => s is not null && (s.Status == "TimeLimitExceeded" || (s.ReturnCode is int code && code != 0)));
        string message = string.Join("; ", steps.Where(s => s is not null).SelectMany(s => s!.Truncation()));
        return HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", failed ? "Failed" : "Success");
            w.WriteString("message", message);
            Write(w, "compile_result", result.Compile);
            Write(w, "run_result", result.Run);
            w.WriteNull("executor_pod_name");
            w.WriteStartObject("files");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void Write(Utf8JsonWriter w, string name, CommandResult? command)
    {
        if (command is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("status", command.Status);
        ScoredItemJson.WriteFloat(w, "execution_time", Math.Round(command.ExecutionTime, 6));
        if (command.ReturnCode is int code)
        {
            w.WriteNumber("return_code", code);
        }
        else
        {
            w.WriteNull("return_code");
        }

        w.WriteString("stdout", command.Stdout);
        w.WriteString("stderr", command.Stderr);
        w.WriteEndObject();
    }

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

    /// <summary>One step (compile or run) as SandboxFusion's <c>CommandRunResult</c>, plus whether output was cut.</summary>
    internal sealed record CommandResult(string Status, double ExecutionTime, int? ReturnCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated)
    {
        public IEnumerable<string> Truncation()
        {
            if (StdoutTruncated)
            {
                yield return $"stdout truncated at {Encoding.UTF8.GetByteCount(Stdout)} bytes";
            }

            if (StderrTruncated)
            {
                yield return $"stderr truncated at {Encoding.UTF8.GetByteCount(Stderr)} bytes";
            }
        }
    }
}
