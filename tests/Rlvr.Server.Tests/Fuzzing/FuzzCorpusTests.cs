using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rlvr.Core;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>Every input that ever broke something (tests/Rlvr.Server.Tests/Fuzzing/corpus) is still answered properly.</summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus");

    public static TheoryData<string> Cases() => [.. Files()];

    [Fact]
    public void Corpus_HoldsTheKnownRegressions() =>
        Assert.Contains("v1/score/numeric-tool-call-id.json", Files());

    /// <summary>Found by <see cref="HttpEnvelopeFuzzTests"/>: a body that is not what its Content-Encoding says was a 500.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Corpus_BodyNotMatchingItsContentEncoding_400NamingTheEncoding(string encoding)
    {
        await using var server = await FuzzTests.StartAsync(inMemory: true);
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();
        var content = new StringContent(FuzzCases.Requests[1].Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await client.PostAsync("/get_reward", content);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-Encoding", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Found by <see cref="EpisodeFuzzTests"/>: an unknown episode on /state named no path, and /close answered 404 without the error object.</summary>
    [Fact]
    public async Task Corpus_UnknownEpisodeOnStateAndClose_ErrorNamesWhere()
    {
        await using var server = await FuzzTests.StartAsync(inMemory: true);
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();

        using var state = await client.GetAsync("/state?episode_id=nope");
        using var close = await client.PostAsync("/close", new StringContent("""{"episode_id": "nope"}""", System.Text.Encoding.UTF8, "application/json"));

        await FuzzTests.AssertAnsweredAsync(state, "/state");
        Assert.Contains("\"field\":\"?episode_id\"", await state.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await FuzzTests.AssertAnsweredAsync(close, "/close");
        Assert.Contains("\"closed\":false", await close.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Corpus_Case_AnsweredWithAPathNeverAServerError(string file)
    {
        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(Root, file));
        if (file.StartsWith("sample/", StringComparison.Ordinal))
        {
            string name = file.Split('/')[1].Replace('_', '/');
            var environment = FuzzCases.Environments.Single(e => e.Name == name);
            using (ProblemFileAccess.Enter(ProblemFileAccess.Denied))
            {
                Assert.False(FuzzTests.CheckLine(bytes, environment, file), $"{file} should be rejected");
            }

            return;
        }

        await using var server = await FuzzTests.StartAsync(inMemory: true);
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/" + Path.GetDirectoryName(file)!.Replace('\\', '/'), content);
        await FuzzTests.AssertAnsweredAsync(response, file);
    }
}
