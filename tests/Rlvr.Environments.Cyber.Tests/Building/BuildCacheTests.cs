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
        ("imports.txt", "                 U __asan_init\n                 U puts@GLIBC_2.2.5\nNEEDED [libasan.so.8]\n"u8.ToArray(), false),
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
        Assert.Equal(Flags, sandbox.Requests[0].Argv.Skip(6));
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

    private static BuildResult Built(string imports, params CompileUnit[] units) => new("h", true, [1], string.Empty, TimeSpan.Zero)
    {
        Imports = BuildCache.Symbols(imports),
        Units = units,
    };

    [Fact]
    public void InstrumentationProblem_EveryProjectUnitInstrumented_IsNone()
    {
        var build = Built(
            "U __asan_init\nNEEDED [libasan.so.8]\n",
            new CompileUnit("GNU C17 12.2.0 -g -O1 -fsanitize=address -fno-sanitize-recover=all", "/x/src/a.c", "."),
            new CompileUnit("GNU C++14 12.2.0 -g -O2 -fno-builtin", "../../../../src/libsanitizer/asan/asan_preinit.cpp", "/build/gcc-12/libsanitizer/asan"));
        Assert.Null(BuildCache.InstrumentationProblem(build, "address"));
    }

    [Theory]
    [InlineData("GNU C17 12.2.0 -g -O1", ".", "a.c was compiled without the verifier's flags")]
    [InlineData("GNU C17 12.2.0 -g -fsanitize=address -fno-sanitize=address", ".", "a.c was compiled without the verifier's flags")]
    [InlineData("GNU C17 12.2.0 -g -fsanitize=address", "/tmp/build.abc/src", "a.c was compiled without the verifier's flags")]
    public void InstrumentationProblem_ProjectUnitWithoutTheSanitizer_IsNamed(string producer, string compDir, string expected)
    {
        var build = Built("U __asan_init\nNEEDED [libasan.so.8]\n", new CompileUnit(producer, "src/a.c", compDir));
        Assert.Contains(expected, BuildCache.InstrumentationProblem(build, "address"), StringComparison.Ordinal);
    }

    [Fact]
    public void InstrumentationProblem_NoRuntime_IsNamed()
    {
        Assert.Contains("no address sanitizer runtime", BuildCache.InstrumentationProblem(Built("U puts\n"), "address"), StringComparison.Ordinal);
        Assert.Null(BuildCache.InstrumentationProblem(Built("U puts\nNEEDED [libubsan.so.1]\n"), "undefined"));
    }

    [Fact]
    public void Input_DefaultBuild_ListsCompiledFilesDriverAndLinker()
    {
        var plan = BuildPlan.FromFlags(Flags) with
        {
            Harness = Rlvr.Environments.Cyber.Challenges.HarnessKind.Libfuzzer,
            ExtraFiles = new Dictionary<string, string> { ["harness/fuzz.cc"] = "x" },
            ChallengeFlags = ["-DNAME=\"a b\""],
            Libs = ["-lm"],
        };
        var sources = new Dictionary<string, string> { ["src/lib/a.c"] = "int a;", ["src/lib/a.h"] = "int a;", ["src/b.cpp"] = "int b;" };
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = new System.Formats.Tar.TarReader(new MemoryStream(BuildCache.Input(sources, plan))))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                using var text = new StreamReader(entry.DataStream);
                files[entry.Name] = text.ReadToEnd();
            }
        }

        Assert.Equal("harness/fuzz.cc\n/opt/rlvr/fuzz/driver.c\nsrc/b.cpp\nsrc/lib/a.c\n".Split('\n').Order(StringComparer.Ordinal), files[".rlvr/files"].Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("c++\n", files[".rlvr/link"]);
        Assert.Equal("-DNAME=\"a b\"\n", files[".rlvr/flags"]);
        Assert.Equal("-lm\n", files[".rlvr/libs"]);
        Assert.Contains("src/lib/a.h", files.Keys);
    }
}
