using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.Patching;

public class BuildPolicyTests
{
    private static readonly BuildResult Reference = Build(
        "static int parse(const char *s) { return s[0]; }\nint main(void) { return parse(\"x\"); }\n",
        ["__asan_init", "__asan_version_mismatch_check_v8", "__asan_report_load1", "__libc_start_main", "fgets", "free"],
        ["main", "_start"]);

    private static BuildResult Build(string preprocessed, string[] imports, string[] exports) =>
        new("h", true, [1], string.Empty, TimeSpan.Zero)
        {
            Preprocessed = preprocessed,
            Imports = imports.ToHashSet(StringComparer.Ordinal),
            Exports = exports.ToHashSet(StringComparer.Ordinal),
        };

    [Fact]
    public void Check_SameSymbolsAndNewInstrumentation_IsAllowed()
    {
        var candidate = Build(Reference.Preprocessed + "static int guard(int n) { return n < 4 ? n : 4; }\n", [.. Reference.Imports, "__asan_report_store8", "__asan_stack_malloc_1", "strlen"], [.. Reference.Exports]);
        Assert.Empty(BuildPolicy.Check(candidate, [Reference]));
    }

    [Theory]
    [InlineData("signal")]
    [InlineData("ssignal")]
    [InlineData("__sysv_signal")]
    [InlineData("gsignal")]
    [InlineData("sigaction")]
    [InlineData("_setjmp")]
    [InlineData("__sigsetjmp")]
    [InlineData("__longjmp_chk")]
    [InlineData("longjmp")]
    [InlineData("setcontext")]
    [InlineData("swapcontext")]
    [InlineData("exit")]
    [InlineData("_exit")]
    [InlineData("__sanitizer_set_death_callback")]
    [InlineData("__asan_set_error_report_callback")]
    [InlineData("__asan_unpoison_memory_region")]
    [InlineData("dlsym")]
    [InlineData("unlink")]
    public void Check_NewForbiddenImport_IsRejected(string symbol)
    {
        var candidate = Build(Reference.Preprocessed, [.. Reference.Imports, symbol], [.. Reference.Exports]);
        Assert.Contains(BuildPolicy.Check(candidate, [Reference]), v => v.Message.Contains(symbol, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ImportTheReferenceAlreadyHas_IsAllowed()
    {
        var reference = Build(Reference.Preprocessed, [.. Reference.Imports, "exit"], [.. Reference.Exports]);
        Assert.Empty(BuildPolicy.Check(Build(Reference.Preprocessed, [.. reference.Imports], [.. Reference.Exports]), [reference]));
    }

    [Theory]
    [InlineData("__asan_default_options")]
    [InlineData("__ubsan_default_options")]
    [InlineData("__sanitizer_report_error_summary")]
    [InlineData("free")]
    [InlineData("memcpy")]
    [InlineData("fgets")]
    public void Check_NewDefinitionOfLibraryOrSanitizerSymbol_IsRejected(string symbol)
    {
        var candidate = Build(Reference.Preprocessed, [.. Reference.Imports], [.. Reference.Exports, symbol]);
        Assert.Contains(BuildPolicy.Check(candidate, [Reference]), v => v.Message.Contains(symbol, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_PastedIdentifierInPreprocessedCode_IsRejected()
    {
        // What the compiler saw after an existing GLUE(a, b) a ## b macro was used as GLUE(sig, nal)(11, h).
        var candidate = Build(Reference.Preprocessed.Replace("return s[0];", "signal(11, h); return s[0];", StringComparison.Ordinal), [.. Reference.Imports], [.. Reference.Exports]);
        Assert.Contains(BuildPolicy.Check(candidate, [Reference]), v => v.Message.Contains("'signal'", StringComparison.Ordinal));
    }

    [Fact]
    public void ProjectPart_KeepsOnlyLinesFromSrc()
    {
        const string pre = "# 0 \"src/a.c\"\n# 1 \"/usr/include/stdio.h\" 1 3 4\nextern int signal_in_header(void);\n# 5 \"src/a.c\" 2\nint main(void) { return 0; }\n";
        string part = BuildCache.ProjectPart(pre);
        Assert.Contains("int main", part, StringComparison.Ordinal);
        Assert.DoesNotContain("signal_in_header", part, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbols_DropsAddressesTypesAndVersions()
    {
        var names = BuildCache.Symbols("                 U signal@GLIBC_2.2.5\n                 U __asan_init\n0000000000001149 T main\n");
        Assert.Equal(["__asan_init", "main", "signal"], names.Order(StringComparer.Ordinal));
    }
}
