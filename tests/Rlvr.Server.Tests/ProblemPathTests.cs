using System.Net;
using System.Text.Json;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Server.Tests;

/// <summary>A remote client cannot make the server read host folders: problem paths are refused unless the operator named a root, and then allowed only below it.</summary>
public sealed class ProblemPathTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-serve-root-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("/etc")]
    [InlineData("/definitely/not/there")]
    [InlineData("challenges/c01-badge-printer")]
    public async Task Score_PathWithoutProblemRoot_Refused400WithoutSayingWhatExists(string path)
    {
        await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new PocEnvironment(), new CtfEnvironment()] });
        foreach (string env in new[] { "cyber/poc", "cyber/ctf" })
        {
            var response = await h.PostAsync("/v1/score", Body(env, path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await ServerHarness.JsonAsync(response)).GetProperty("error");
            Assert.Equal("$.items[0].problem.path", error.GetProperty("field").GetString());
            Assert.Contains("does not accept host paths", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Score_PathBelowOperatorRoot_Loaded_OutsideRefusedAlike()
    {
        string id = new PocEnvironment().ProblemIds[0];
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "challenges", id), Path.Combine(dir, "root", id));
        Directory.CreateDirectory(Path.Combine(dir, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "root", "escape"), Path.Combine(dir, "outside"));
        await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new PocEnvironment()], ProblemRoot = Path.Combine(dir, "root") });

        var allowed = await h.PostAsync("/v1/score", Body("cyber/poc", id));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(id, (await ServerHarness.JsonAsync(allowed)).GetProperty("results")[0].GetProperty("id").GetString());

        var messages = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in new[] { "../outside", "escape", "/etc", "missing", Path.Combine(dir, "outside") })
        {
            var refused = await h.PostAsync("/v1/score", Body("cyber/poc", path));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = (await ServerHarness.JsonAsync(refused)).GetProperty("error");
            Assert.Equal("$.items[0].problem.path", error.GetProperty("field").GetString());
            messages.Add(error.GetProperty("message").GetString()!);
        }

        Assert.Single(messages);
    }

    private static string Body(string env, string path) =>
        JsonSerializer.Serialize(new { items = new[] { new { id = Path.GetFileName(path), env, problem = new { path }, completion = "```python\nprint(1)\n```" } } });

    private static void CopyDirectory(string source, string target)
    {
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
