using System.Diagnostics;
using System.Text.Json;

namespace Rlvr.Server.Tests;

public sealed class PythonShimTests
{
    [Fact]
    public async Task Shims_AgainstRunningServer_ReturnRewardsAndSkips()
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
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-I");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Python", "check_shims.py"));
            start.ArgumentList.Add(RepoPaths.Combine("examples", "python"));
            start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            start.Environment["RLVR_URL"] = h.BaseAddress.ToString();
            start.Environment["RLVR_TOKEN_FILE"] = tokenFile;
            start.Environment["RLVR_ENV"] = "test/number";
            start.Environment["RLVR_LABEL_FIELD"] = "answer";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr);
            using var json = JsonDocument.Parse(await stdout);
            var root = json.RootElement;

            var trl = root.GetProperty("trl").EnumerateArray().ToList();
            Assert.Equal(1.0, trl[0].GetDouble());
            Assert.Equal(0.0, trl[1].GetDouble());
            Assert.Equal(JsonValueKind.Null, trl[2].ValueKind);
            Assert.Equal("rlvr_test_number", root.GetProperty("trl_name").GetString());

            Assert.Equal([1.0, 0.0], root.GetProperty("trl_math").EnumerateArray().Select(r => r.GetDouble()));
            Assert.Equal(1.0, root.GetProperty("verifiers_math").GetDouble());

            Assert.Equal(1.0, root.GetProperty("verl_correct").GetProperty("score").GetDouble());
            Assert.Equal([1.0, 0.0], root.GetProperty("trl_math").EnumerateArray().Select(r => r.GetDouble()));
            Assert.Equal(1.0, root.GetProperty("verifiers_math").GetDouble());

            Assert.Equal(1.0, root.GetProperty("verl_correct").GetProperty("scored").GetDouble());
            Assert.Equal(0.0, root.GetProperty("verl_unscorable").GetProperty("scored").GetDouble());

            Assert.Equal(1.0, root.GetProperty("verifiers").GetDouble());
            Assert.Equal("scored", root.GetProperty("verifiers_state").GetProperty("rlvr").GetProperty("outcome").GetString());

            Assert.Equal(400, root.GetProperty("error").GetProperty("status").GetInt32());
            Assert.Equal("$.items[0].problem.answer", root.GetProperty("error").GetProperty("field").GetString());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
