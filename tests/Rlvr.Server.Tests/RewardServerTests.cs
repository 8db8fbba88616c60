using System.Net;
using System.Text;
using System.Text.Json;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Tests;

public sealed class RewardServerTests
{
    [Fact]
    public async Task Score_ValidBatch_ReturnsResultsInOrderWithEnvVersion()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/v1/score", """
            {"items": [
              {"id": "a", "env": "test/number", "problem": {"answer": "7"}, "completion": "so 7"},
              {"id": "b", "problem": {"answer": "7"}, "completion": "so 8"},
              {"id": "c", "problem_id": "answer-3", "completion": "3"},
              {"id": 4, "problem": {"answer": "broken"}, "completion": "1"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await ServerHarness.JsonAsync(response)).GetProperty("results");
        Assert.Equal(["a", "b", "c", "4"], results.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([1.0, 0.0, 1.0, 0.0], results.EnumerateArray().Select(r => r.GetProperty("reward").GetDouble()));
        Assert.Equal(["scored", "scored", "scored", "unscorable"], results.EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal("wrong_answer", results[1].GetProperty("reason").GetString());
        Assert.Equal("1.2.3", results[0].GetProperty("env_version").GetString());
        Assert.Equal(1.0, results[0].GetProperty("components").GetProperty("accuracy").GetDouble());
        Assert.True(results[0].GetProperty("elapsed_ms").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Object, results[0].GetProperty("metrics").ValueKind);
    }

    [Fact]
    public async Task Score_GzipBodyAndAcceptEncoding_AnswersGzip()
    {
        await using var h = await ServerHarness.StartAsync();
        string items = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""{"id": "{{i}}", "problem": {"answer": "{{i}}"}, "completion": "so {{i}}"}"""));
        var packed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"items\": [" + items + "]}"));
        }

        var content = new ByteArrayContent(packed.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/score") { Content = content };
        request.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
        var response = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        await using var unpacked = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var json = await JsonDocument.ParseAsync(unpacked);
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(1.0, r.GetProperty("reward").GetDouble()));
    }

    [Fact]
    public async Task Score_MalformedJson_Returns400WithPosition()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/v1/score", """{"items": [ {"id": "a",, } ]""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ServerHarness.JsonAsync(response)).GetProperty("error");
        Assert.StartsWith("$", error.GetProperty("field").GetString());
        Assert.Contains("Malformed JSON", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"items": [{"id": "a", "problem": {"answer": "1"}, "completion": "1"}, {"id": "b", "problem": {"answer": "1"}}]}""", "$.items[1].completion")]
    [InlineData("""{"items": [{"id": "a", "problem": {"answer": 1}, "completion": "1"}]}""", "$.items[0].problem.answer")]
    [InlineData("""{"items": [{"problem": {"answer": "1"}, "completion": "1"}]}""", "$.items[0].id")]
    [InlineData("""{"things": []}""", "$.items")]
    [InlineData("""{"items": [{"id": "a", "problem_id": "nope", "completion": "1"}]}""", "$.items[0].problem_id")]
    [InlineData("""{"items": [{"id": "a", "problem_id": "answer-1", "completion": "1"}, {"id": "a", "problem_id": "answer-1", "completion": "1"}]}""", "$.items[1].id")]
    public async Task Score_InvalidItem_Returns400NamingTheField(string body, string field)
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/v1/score", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Score_OversizedBody_Returns413()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { MaxRequestBodyBytes = 1024 });
        string completion = new('x', 4096);
        var response = await h.PostAsync("/v1/score", $$"""{"items": [{"id": "a", "problem": {"answer": "1"}, "completion": "{{completion}}"}]}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Score_OversizedChunkedBody_Returns413()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { MaxRequestBodyBytes = 1024 });
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"items\": [" + new string(' ', 8000) + "]}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/score") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Score_UnknownEnvironment_Returns404NamingTheField()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/v1/score", """{"items": [{"id": "a", "env": "nope/none", "problem": {"answer": "1"}, "completion": "1"}]}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await ServerHarness.JsonAsync(response)).GetProperty("error");
        Assert.Equal("$.items[0].env", error.GetProperty("field").GetString());
        Assert.Contains("test/number", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Score_QueueFull_HoldsTheRequestUntilCapacityFrees()
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync(o => o with { QueueCapacity = 1 });
        var first = h.PostAsync("/v1/score", $$"""{"items": [{"id": "a", "problem": {"answer": "1", "gate": "{{gate}}"}, "completion": "1"}]}""");
        await WaitForQueueAsync(h, 1);
        var second = h.PostAsync("/v1/score", """{"items": [{"id": "b", "problem": {"answer": "2"}, "completion": "2"}]}""");
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        TestEnvironment.Open(gate);
        Assert.Equal(1.0, (await ServerHarness.JsonAsync(await first)).GetProperty("results")[0].GetProperty("reward").GetDouble());
        var held = await second;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(1.0, (await ServerHarness.JsonAsync(held)).GetProperty("results")[0].GetProperty("reward").GetDouble());
        Assert.Contains("rlvr_held_total{endpoint=\"/v1/score\"} 1", await h.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Score_QueueFullUntilHoldEnds_Returns429WithRetryAfter()
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync(o => o with { QueueCapacity = 2, RetryAfter = TimeSpan.FromSeconds(3), RequestTimeout = TimeSpan.FromSeconds(1) });
        var held = h.PostAsync("/v1/score", $$"""{"items": [{"id": "a", "problem": {"answer": "1", "gate": "{{gate}}"}, "completion": "1"}, {"id": "b", "problem": {"answer": "1", "gate": "{{gate}}"}, "completion": "1"}]}""");
        await WaitForQueueAsync(h, 2);
        var refused = await h.PostAsync("/v1/score", """{"items": [{"id": "c", "problem": {"answer": "1"}, "completion": "1"}]}""");
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        TestEnvironment.Open(gate);
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        var again = await h.PostAsync("/v1/score", """{"items": [{"id": "c", "problem": {"answer": "1"}, "completion": "1"}]}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Score_RequestDeadlinePasses_AnswersEveryItemAsInfraError()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var response = await h.PostAsync("/v1/score", """{"items": [{"id": "a", "problem": {"answer": "1", "delay_ms": 20000}, "completion": "1"}, {"id": "b", "problem": {"answer": "1"}, "completion": "1"}]}""");
        var results = (await ServerHarness.JsonAsync(response)).GetProperty("results");
        Assert.Equal("infra_error", results[0].GetProperty("outcome").GetString());
        Assert.Equal(ServerReasons.RequestTimeout, results[0].GetProperty("reason").GetString());
        Assert.Equal("scored", results[1].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task GetReward_OpenRlhfBatch_StripsPromptAndMasksSkips()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { LabelField = "answer" });
        var response = await h.PostAsync("/get_reward", """
            {"query": ["Q: 2+2? A: 4", "Q: 1+1? A: 3", "Q 5: 1", "Q: x"],
             "prompts": ["Q: 2+2?", "Q: 1+1?", "Q 5:", "Q: x"],
             "labels": ["4", "{\"answer\": \"2\"}", "answer-1", {"answer": "broken"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal([1.0, 0.0, 1.0, 0.0], json.GetProperty("rewards").EnumerateArray().Select(r => r.GetDouble()));
        Assert.Equal([1.0, 0.0, 1.0, 0.0], json.GetProperty("scores").EnumerateArray().Select(r => r.GetDouble()));
        Assert.Equal([1.0, 1.0, 1.0, 0.0], json.GetProperty("extra_logs").GetProperty("scored").EnumerateArray().Select(r => r.GetDouble()));
        Assert.Equal([0.0, 0.0, 0.0, 1.0], json.GetProperty("extra_logs").GetProperty("unscorable").EnumerateArray().Select(r => r.GetDouble()));
    }

    [Fact]
    public async Task GetReward_PromptNumberIsStripped_OnlyResponseIsJudged()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { LabelField = "answer" });
        var response = await h.PostAsync("/get_reward", """{"query": ["What is 3? no idea"], "prompts": ["What is 3?"], "labels": ["3"]}""");
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal(0.0, json.GetProperty("rewards")[0].GetDouble());
        Assert.Equal("no_answer", json.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public async Task GetReward_PlainAndNumericLabelsWithoutFlags_AreTheAnswer()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/get_reward", """{"query": ["1", "2", "so 3"], "labels": ["answer-1", "2", 3]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"rewards\":[1.0,1.0,1.0]", text);
    }

    [Fact]
    public async Task GetReward_MathWithoutFlags_WrapsAnswerAndPromptAsQuestion()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new Rlvr.Environments.Math.MathEnvironment()] });
        var response = await h.PostAsync("/get_reward", """{"query": ["What is 6*7? \\boxed{42}", "What is 6*7? \\boxed{41}"], "prompts": ["What is 6*7?", "What is 6*7?"], "labels": ["42", 42]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"rewards\":[1.0,0.0]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetReward_FewShotPromptDetokenisedWithOtherWhitespace_NeverJudgesThePromptsAnswer()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new Rlvr.Environments.Math.MathEnvironment()] });
        const string prompt = """Example: 3+3 = \\boxed{6}.\n\nNow: 2+4 = ?\n""";
        var response = await h.PostAsync("/get_reward", $$"""
            {"query": ["Example:  3+3 = \\boxed{6}.\nNow: 2+4 = ? I think 7", "Example: 3+3 =\n\\boxed{6}. Now: 2+4 = ?  \\boxed{6}", "3 = \\boxed{6}. Now: 2+4 = ? no idea"],
             "prompts": ["{{prompt}}", "{{prompt}}", "Example: 3+3 = \\boxed{6}. Now: 2+4 = ?"],
             "labels": ["6", "6", "6"]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal([0.0, 1.0, 0.0], json.GetProperty("rewards").EnumerateArray().Select(r => r.GetDouble()));
    }

    [Fact]
    public async Task GetReward_MathEnvironmentWithPlainLabels_WrapsLabelAndPrompt()
    {
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Environments = [new Rlvr.Environments.Math.MathEnvironment()],
            LabelField = "answer",
            PromptField = "question",
        });
        var response = await h.PostAsync("/get_reward", """
            {"query": ["What is 1/2 + 1/4? We get \\boxed{\\frac{3}{4}}", "What is 2+2? \\boxed{5}", "What is 10%? \\boxed{0.1}"],
             "prompts": ["What is 1/2 + 1/4?", "What is 2+2?", "What is 10%?"],
             "labels": ["0.75", "4", "\\frac{1}{10}"]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal([1.0, 0.0, 1.0], json.GetProperty("rewards").EnumerateArray().Select(r => r.GetDouble()));
        Assert.Equal([1.0, 1.0, 1.0], json.GetProperty("extra_logs").GetProperty("scored").EnumerateArray().Select(r => r.GetDouble()));
    }

    [Fact]
    public async Task GetReward_PromptFieldWithoutPrompts_Returns400NamingPrompts()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { LabelField = "answer", PromptField = "question" });
        var response = await h.PostAsync("/get_reward", """{"query": ["1"], "labels": ["1"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$.prompts", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task GetReward_LengthMismatch_Returns400NamingLabels()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/get_reward", """{"query": ["a", "b"], "labels": ["answer-1"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$.labels", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Verify_NemoGymRequest_ReturnsBodyPlusReward()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/verify", """
            {"responses_create_params": {"input": [{"role": "user", "content": "Give 5"}]},
             "response": {"id": "resp_1", "output": [
                {"type": "reasoning", "summary": []},
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "It is 5"}]}]},
             "answer": "5", "task_tag": "t1"}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal(1.0, json.GetProperty("reward").GetDouble());
        Assert.Equal(1.0, json.GetProperty("reward_components").GetProperty("accuracy").GetDouble());
        Assert.Equal("t1", json.GetProperty("task_tag").GetString());
        Assert.Equal("resp_1", json.GetProperty("response").GetProperty("id").GetString());
        Assert.Equal("scored", json.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Verify_MissingResponse_Returns400()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/verify", """{"answer": "5"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$.response", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task RunCode_NoSandboxProvider_Returns503WithReason()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { SandboxUnavailableReason = "docker is not running" });
        var response = await h.PostAsync("/run_code", """{"code": "print(1)", "language": "python"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("docker is not running", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task RunCode_WithSandbox_MapsLauncherReportToSandboxFusionShape()
    {
        string report = """{"compile": null, "run": {"status": "Finished", "execution_time": 0.25, "return_code": -9, "stdout": "b3V0", "stderr": "Ym9vbQ==", "stdout_truncated": true, "stderr_truncated": false}}""";
        var sandbox = new RecordingSandboxProvider(new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes("\n" + report + "\n"), WallTime = TimeSpan.FromMilliseconds(300) });
        await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = sandbox });
        var response = await h.PostAsync("/run_code", """{"code": "raise SystemExit(1)", "language": "python", "run_timeout": 3, "memory_limit_MB": 256, "stdin": "hi", "files": {"data.txt": "aGk=", "unused.txt": null}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal("Failed", json.GetProperty("status").GetString());
        Assert.Equal("stdout truncated at 3 bytes", json.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("compile_result").ValueKind);
        var run = json.GetProperty("run_result");
        Assert.Equal("Finished", run.GetProperty("status").GetString());
        Assert.Equal(-9, run.GetProperty("return_code").GetInt32());
        Assert.Equal("out", run.GetProperty("stdout").GetString());
        Assert.Equal("boom", run.GetProperty("stderr").GetString());
        Assert.Equal(0.25, run.GetProperty("execution_time").GetDouble());
        Assert.Equal(256L * 1024 * 1024, sandbox.LastSpec?.MemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(6), sandbox.LastRequest?.Timeout);
        string stdin = Encoding.UTF8.GetString(sandbox.LastRequest!.Stdin.Span);
        using var payload = JsonDocument.Parse(stdin);
        Assert.Equal("raise SystemExit(1)", payload.RootElement.GetProperty("code").GetString());
        Assert.Equal("aGk=", payload.RootElement.GetProperty("files").GetProperty("data.txt").GetString());
        Assert.Equal(JsonValueKind.Null, payload.RootElement.GetProperty("files").GetProperty("unused.txt").ValueKind);
    }

    [Fact]
    public async Task RunCode_MissingLanguage_Returns422NamingLanguage()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = new RecordingSandboxProvider(new ExecResult()) });
        var response = await h.PostAsync("/run_code", """{"code": "print(1)"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("$.language", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task RunCode_UnsupportedLanguage_Returns400NamingLanguage()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/run_code", """{"code": "x", "language": "cobol"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$.language", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Healthz_Running_ListsEnvironments()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal("test/number", json.GetProperty("environments")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Probes_LivezAndReadyz_AnswerWithoutTokenAndReadinessFollowsTheHostCheck()
    {
        string? notReady = null;
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "s3cret", ReadinessCheck = () => notReady });

        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/livez")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/readyz")).StatusCode);
        notReady = "no sandbox engine answers";
        var response = await h.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no sandbox engine answers", (await ServerHarness.JsonAsync(response)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/livez")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_ExportsCountersHistogramAndOutcomes()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { SandboxGauges = () => new Dictionary<string, double> { ["idle"] = 2 } });
        await h.PostAsync("/v1/score", """{"items": [{"id": "a", "problem": {"answer": "1"}, "completion": "2"}]}""");
        await h.PostAsync("/v1/score", "{");
        string text = await h.Client.GetStringAsync("/metrics");
        Assert.Contains("rlvr_requests_total{endpoint=\"/v1/score\",status=\"200\"} 1", text);
        Assert.Contains("rlvr_requests_total{endpoint=\"/v1/score\",status=\"400\"} 1", text);
        Assert.Contains("rlvr_request_duration_seconds_count{endpoint=\"/v1/score\"} 2", text);
        Assert.Contains("rlvr_items_total{env=\"test/number\",outcome=\"scored\",reason=\"wrong_answer\"} 1", text);
        Assert.Contains("rlvr_sandbox_pool{state=\"idle\"} 2", text);
        Assert.Contains("rlvr_queue_capacity 4096", text);
    }

    [Fact]
    public async Task Metrics_ExtraGauges_RenderedWithHelpTypeAndLabels()
    {
        var up = new Dictionary<string, string> { ["endpoint"] = "unix:///a.sock" };
        var down = new Dictionary<string, string> { ["endpoint"] = "tcp://b:2376" };
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            ExtraGauges = () =>
            [
                new MetricSample("rlvr_docker_engine_up", "Engine in placement.", up, 1),
                new MetricSample("rlvr_docker_engine_up", "Engine in placement.", down, 0),
            ],
        });

        string text = await h.Client.GetStringAsync("/metrics");

        Assert.Single(text.Split('\n'), l => l == "# HELP rlvr_docker_engine_up Engine in placement.");
        Assert.Contains("# TYPE rlvr_docker_engine_up gauge", text);
        Assert.Contains("rlvr_docker_engine_up{endpoint=\"unix:///a.sock\"} 1", text);
        Assert.Contains("rlvr_docker_engine_up{endpoint=\"tcp://b:2376\"} 0", text);
    }

    [Fact]
    public async Task BearerToken_MissingOrWrong_Returns401ButHealthzStaysOpen()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "s3cret" });
        const string body = """{"items": [{"id": "a", "problem": {"answer": "1"}, "completion": "1"}]}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/score", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/score", body, "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/v1/score", body, "s3cret")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("bearer s3cret", HttpStatusCode.OK)]
    [InlineData("BEARER s3cret", HttpStatusCode.OK)]
    [InlineData("Bearer   s3cret", HttpStatusCode.OK)]
    [InlineData("Bearers3cret", HttpStatusCode.Unauthorized)]
    [InlineData("Basic s3cret", HttpStatusCode.Unauthorized)]
    [InlineData("bearer S3CRET", HttpStatusCode.Unauthorized)]
    [InlineData("bearer ", HttpStatusCode.Unauthorized)]
    public async Task BearerToken_SchemeInAnyCase_OnlyTheTokenIsCaseSensitive(string header, HttpStatusCode expected)
    {
        // RFC 7235 section 2.1: the auth scheme is a case-insensitive token, followed by one or more spaces.
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "s3cret" });
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/score")
        {
            Content = new StringContent("""{"items": [{"id": "a", "problem": {"answer": "1"}, "completion": "1"}]}""", Encoding.UTF8, "application/json"),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));

        var response = await h.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_FinishesAcceptedWork()
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync();
        var held = h.PostAsync("/v1/score", $$"""{"items": [{"id": "a", "problem": {"answer": "1", "gate": "{{gate}}"}, "completion": "1"}]}""");
        await WaitForQueueAsync(h, 1);
        var stopping = h.Server.StopAsync();
        Assert.False(stopping.IsCompleted);
        TestEnvironment.Open(gate);
        var response = await held;
        await stopping;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1.0, (await ServerHarness.JsonAsync(response)).GetProperty("results")[0].GetProperty("reward").GetDouble());
    }

    private static async Task WaitForQueueAsync(ServerHarness h, int items)
    {
        for (int i = 0; i < 500; i++)
        {
            var json = await ServerHarness.JsonAsync(await h.Client.GetAsync("/healthz"));
            if (json.GetProperty("queue_items").GetInt32() >= items)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"the queue never held {items} items");
    }

    [Fact]
    public async Task Score_WithCache_AnswersKnownItemsFromItAndStoresNewOnes()
    {
        var cache = new Rlvr.Core.Scoring.MemoryScoreCache();
        var environment = new TestEnvironment();
        var known = new Rlvr.Core.Scoring.ScoringRequest("x", new TestProblem("7"), "so 7");

        // A reward the verifier would never give (it scores 0 or 1): only the cache can answer 0.25.
        await cache.SetAsync(Rlvr.Core.Scoring.ScoringEngine.KeyFor(environment, known), Rlvr.Core.Reward.Scored(0.25, "seeded"));
        await using var h = await ServerHarness.StartAsync(o => o with { Cache = cache });

        var response = await h.PostAsync("/v1/score", """
            {"items": [
              {"id": "a", "problem": {"answer": "7"}, "completion": "so 7"},
              {"id": "b", "problem": {"answer": "8"}, "completion": "so 8"}
            ]}
            """);

        var results = (await ServerHarness.JsonAsync(response)).GetProperty("results");
        Assert.Equal(0.25, results[0].GetProperty("reward").GetDouble());
        Assert.True(results[0].GetProperty("cached").GetBoolean());
        Assert.Equal(1.0, results[1].GetProperty("reward").GetDouble());
        Assert.False(results[1].TryGetProperty("cached", out _));
        Assert.Equal(2, cache.Count);
    }
}
