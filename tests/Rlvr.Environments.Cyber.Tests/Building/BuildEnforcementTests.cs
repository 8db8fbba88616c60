using Rlvr.Environments.Cyber.Building;

namespace Rlvr.Environments.Cyber.Tests.Building;

/// <summary>
/// Build scripts run with the verifier's compiler wrappers (real builds in Docker): the sanitizer flags reach every
/// compile and link, flags that would disable them are refused, and a compiler called around the wrappers is caught
/// from the binary's own debug information.
/// </summary>
public class BuildEnforcementTests
{
    private static readonly Dictionary<string, string> Sources = new(StringComparer.Ordinal)
    {
        ["src/lib/util.c"] = "#include \"util.h\"\nint twice(int x) { return 2 * x; }\n",
        ["src/lib/util.h"] = "int twice(int x);\n",
        ["src/main.c"] = "#include <stdio.h>\n#include \"lib/util.h\"\nint main(void) { printf(\"%d\\n\", twice(21)); return 0; }\n",
    };

    private static BuildPlan Plan(string script) => new()
    {
        EnforcedFlags = [.. BuildRecipe.BaseFlags, "-fsanitize=address", "-fno-sanitize-recover=all"],
        Sanitizer = "address",
        Script = script,
        Binary = "out/prog",
    };

    private static async Task<BuildResult> BuildAsync(string script)
    {
        var provider = await CyberDocker.RequireAsync();
        return await new BuildCache().GetOrBuildAsync(Sources, Plan(script), provider, CyberOptions.Default with { BuildCacheFolder = null });
    }

    [SkippableFact]
    public async Task GetOrBuildAsync_ScriptThroughWrappers_InstrumentsEveryUnitAndCapturesPreprocessedCode()
    {
        var build = await BuildAsync("set -e\nmkdir -p out\ncd lib && $CC $CFLAGS -c util.c -o util.o && cd ..\ngcc -c main.c -o main.o\n$CC main.o lib/util.o -o out/prog\n");
        Assert.True(build.Succeeded, build.Log);
        var project = build.Units.Where(u => u.CompDir.StartsWith('.')).ToList();
        Assert.Equal(2, project.Count);
        Assert.All(project, u => Assert.Contains("-fsanitize=address", u.Producer, StringComparison.Ordinal));
        Assert.Contains("__asan_init", build.Imports);
        Assert.Contains("int twice(int x) { return 2 * x; }", build.Preprocessed, StringComparison.Ordinal);
        Assert.Contains("int main(void)", build.Preprocessed, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetOrBuildAsync_CompilerCalledAroundTheWrappers_FailsTheBuild()
    {
        var build = await BuildAsync("set -e\nmkdir -p out\n/usr/bin/gcc -g -c lib/util.c -o util.o\n$CC -c main.c -o main.o\n$CC main.o util.o -o out/prog\n");
        Assert.False(build.Succeeded);
        Assert.Contains("util.c was compiled without the verifier's flags", build.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetOrBuildAsync_BinaryLinkedWithoutSanitizer_FailsTheBuild()
    {
        var build = await BuildAsync("set -e\nmkdir -p out\n/usr/bin/gcc main.c lib/util.c -o out/prog\n");
        Assert.False(build.Succeeded);
        Assert.Contains("carries no address sanitizer runtime", build.Log, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("-fno-sanitize=address")]
    [InlineData("-fno-sanitize=all")]
    [InlineData("-fsanitize-recover=address")]
    [InlineData("-fsanitize=undefined")]
    [InlineData("-D_FORTIFY_SOURCE=2")]
    [InlineData("-Wl,--wrap=malloc")]
    [InlineData("-Wl,--defsym=__asan_report_store1=main")]
    [InlineData("-nodefaultlibs")]
    [InlineData("-B/tmp")]
    public async Task GetOrBuildAsync_FlagThatDisablesTheSanitizer_IsRefused(string flag)
    {
        var build = await BuildAsync($"set -e\nmkdir -p out\n$CC {flag} main.c lib/util.c -o out/prog\n");
        Assert.False(build.Succeeded);
        Assert.Contains($"refused flag '{flag}'", build.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetOrBuildAsync_ScriptWithoutTheBinary_FailsWithItsName()
    {
        var build = await BuildAsync("true\n");
        Assert.False(build.Succeeded);
        Assert.Contains("did not produce out/prog", build.Log, StringComparison.Ordinal);
    }
}
