using System.Text.Json;

namespace Rlvr.Server.Tests;

/// <summary>The shims of examples/python, called as TRL, verl and verifiers call them (Python/check_shims.py).</summary>
public sealed class PythonShimTests
{
    [Fact]
    public async Task Shims_AgainstRunningServer_ReturnRewardsSkipsAndBaselines()
    {
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            BearerToken = "shim-token",
            Environments = [new TestEnvironment(), new Rlvr.Environments.Math.MathEnvironment()],
        });
        string tokenFile = Path.Combine(Path.GetTempPath(), "rlvr-token-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tokenFile, "shim-token\n");
        try
        {
            var root = await PythonRunner.RunAsync(
                "check_shims.py",
                [RepoPaths.Combine("examples", "python")],
                new Dictionary<string, string> { ["RLVR_URL"] = h.BaseAddress.ToString(), ["RLVR_TOKEN_FILE"] = tokenFile });

            var trl = root.GetProperty("trl").EnumerateArray().ToList();
            Assert.Equal(1.0, trl[0].GetDouble());
            Assert.Equal(0.0, trl[1].GetDouble());
            Assert.Equal(JsonValueKind.Null, trl[2].ValueKind);
            Assert.Equal(JsonValueKind.Null, trl[3].ValueKind);
            Assert.Equal("rlvr_test_number", root.GetProperty("trl_name").GetString());
            foreach (string layout in (string[])["trl_gsm8k", "trl_math500", "trl_numina", "trl_nemo", "trl_async"])
            {
                Assert.Equal([1.0], root.GetProperty(layout).EnumerateArray().Select(r => r.GetDouble()));
            }

            Assert.True(root.GetProperty("trl_async_is_coroutine").GetBoolean());

            Assert.Equal(1.0, root.GetProperty("verl_gsm8k").GetProperty("score").GetDouble());
            Assert.Equal(1.0, root.GetProperty("verl_math_async").GetProperty("score").GetDouble());
            Assert.Equal(1.0, root.GetProperty("verl_correct").GetProperty("scored").GetDouble());
            Assert.Equal(0.0, root.GetProperty("verl_unscorable").GetProperty("scored").GetDouble());
            var group = root.GetProperty("verl_group").EnumerateArray().ToArray();
            Assert.Equal([1.0, 0.0, 1.0], group[..3].Select(g => g.GetProperty("score").GetDouble()));
            Assert.Equal(0.0, group[3].GetProperty("scored").GetDouble());
            Assert.Equal(2.0 / 3.0, group[3].GetProperty("score").GetDouble(), 9);

            Assert.True(root.GetProperty("verifiers_is_coroutine").GetBoolean());
            Assert.Equal([0.0, 0.0, 1.0, 0.0], root.GetProperty("verifiers").EnumerateArray().Select(r => r.GetDouble()));
            Assert.Equal("scored", root.GetProperty("verifiers_state").GetProperty("rlvr").GetProperty("outcome").GetString());
            Assert.True(root.GetProperty("verifiers_ticks").GetInt32() >= 10, "the event loop was blocked while the verifiers shim waited");
            Assert.Equal(1.0, root.GetProperty("verifiers_legacy").GetDouble());

            Assert.Equal(400, root.GetProperty("error").GetProperty("status").GetInt32());
            Assert.Equal("$.items[0].problem.answer", root.GetProperty("error").GetProperty("field").GetString());
            Assert.Equal(0, root.GetProperty("unreachable").GetInt32());

            var flaky = root.GetProperty("flaky");
            Assert.Equal(1.0, flaky.GetProperty("reward").GetDouble());
            Assert.Equal(2, flaky.GetProperty("calls").GetInt32());
            Assert.True(flaky.GetProperty("waited").GetDouble() >= 0.9, "Retry-After was not honoured");
            Assert.Equal("gzip", flaky.GetProperty("encoding").GetString());
            Assert.True(flaky.GetProperty("sent_bytes").GetInt32() < 1000);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
