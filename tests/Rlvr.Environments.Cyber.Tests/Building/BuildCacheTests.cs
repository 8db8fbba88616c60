using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Tests.Running;

namespace Rlvr.Environments.Cyber.Tests.Building;

public class BuildCacheTests
{
    private static readonly IReadOnlyList<string> Flags = ["-g", "-fsanitize=address"];

    // What the build script answers: a tar of the binary, its symbol tables and the preprocessed sources.
    private static readonly byte[] BuildOutput = Rlvr.Environments.Cyber.Running.TarBuilder.Create(
    [
        ("prog", "ELF"u8.ToArray(), true),
        ("imports.txt", "                 U __asan_init\n                 U puts@GLIBC_2.2.5\n"u8.ToArray(), false),
        ("exports.txt", "0000000000001149 T main\n"u8.ToArray(), false),
        ("pre.i", "# 1 \"src/a.c\"\nint main(void) { return 0; }\n"u8.ToArray(), false),
    ]);

    private static ScriptedSandbox Compiler(int exitCode = 0) =>
        new(_ => new ExecResult { ExitCode = exitCode, Stdout = exitCode == 0 ? BuildOutput : [], Stderr = Encoding.UTF8.GetBytes(exitCode == 0 ? string.Empty : "a.c:1: error") });

    [Fact]
    public async Task GetOrBuildAsync_SameContent_CompilesOnce()
    {
        var cache = new BuildCache();
        var sandbox = Compiler();
        var sources = new Dictionary<string, string> { ["src/a.c"] = "int main(void) { return 0; }\n" };
        var first = await cache.GetOrBuildAsync(sources, Flags, sandbox, CyberOptions.Default with { BuildCacheFolder = null });
        var second = await cache.GetOrBuildAsync(new Dictionary<string, string>(sources), Flags, sandbox, CyberOptions.Default with { BuildCacheFolder = null });
        Assert.True(first.Succeeded);
        Assert.Same(first, second);
        Assert.Equal("ELF"u8.ToArray(), first.Binary);
        Assert.Contains("puts", first.Imports);
        Assert.Contains("main", first.Exports);
        Assert.Contains("int main", first.Preprocessed, StringComparison.Ordinal);
        Assert.Equal(1, cache.CompilationCount);
        Assert.Single(sandbox.Requests);
        Assert.Equal(Flags, sandbox.Requests[0].Argv.Skip(4));
    }

    [Fact]
    public async Task GetOrBuildAsync_ChangedSourceOrFlags_CompilesAgain()
    {
        var cache = new BuildCache();
        var sandbox = Compiler();
        var options = CyberOptions.Default with { BuildCacheFolder = null };
        await cache.GetOrBuildAsync(new Dictionary<string, string> { ["src/a.c"] = "int x;\n" }, Flags, sandbox, options);
        await cache.GetOrBuildAsync(new Dictionary<string, string> { ["src/a.c"] = "int y;\n" }, Flags, sandbox, options);
        await cache.GetOrBuildAsync(new Dictionary<string, string> { ["src/a.c"] = "int y;\n" }, ["-g"], sandbox, options);
        Assert.Equal(3, cache.CompilationCount);
    }

    [Fact]
    public async Task GetOrBuildAsync_CompileError_IsAResultWithTheLog()
    {
        var result = await new BuildCache().GetOrBuildAsync(new Dictionary<string, string> { ["src/a.c"] = "int" }, Flags, Compiler(exitCode: 1), CyberOptions.Default with { BuildCacheFolder = null });
        Assert.False(result.Succeeded);
        Assert.Empty(result.Binary);
        Assert.Contains("error", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeHash_IsStableAndOrderIndependent()
    {
        var a = new Dictionary<string, string> { ["src/a.c"] = "1", ["src/b.c"] = "2" };
        var b = new Dictionary<string, string> { ["src/b.c"] = "2", ["src/a.c"] = "1" };
        Assert.Equal(BuildCache.ComputeHash(a, Flags, "img"), BuildCache.ComputeHash(b, Flags, "img"));
        Assert.NotEqual(BuildCache.ComputeHash(a, Flags, "img"), BuildCache.ComputeHash(a, Flags, "img2"));
    }
}
