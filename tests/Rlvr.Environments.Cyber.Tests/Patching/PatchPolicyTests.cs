using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.Patching;

public class PatchPolicyTests
{
    private const string Original = "#include <stdio.h>\n\n/* never call signal() here */\nint main(void)\n{\n    puts(\"exit\");\n    return 0;\n}\n";

    private static IReadOnlyList<PolicyViolation> Check(string patchedText, string path = "src/main.c")
    {
        var original = new Dictionary<string, string> { ["src/main.c"] = Original };
        var patched = new Dictionary<string, string>(original) { [path] = patchedText };
        var diff = DiffText.Create(original.Concat(patched.Where(p => p.Key != "src/main.c")).ToDictionary(), patched);
        var files = path == "src/main.c" ? UnifiedDiff.Parse(diff) : [new FilePatch(path, path, [])];
        return PatchPolicy.Check(files, ["src/main.c"], original, patched);
    }

    [Fact]
    public void Check_PlainBoundsCheck_IsAllowed()
    {
        Assert.Empty(Check(Original.Replace("    puts(\"exit\");", "    if (1 > 0) {\n        puts(\"exit\");\n    }", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("    signal(11, 0);")]
    [InlineData("    _exit(0);")]
    [InlineData("    __asan_set_error_report_callback(0);")]
    [InlineData("    __sanitizer_set_report_path(\"/dev/null\");")]
    [InlineData("    setenv(\"ASAN_OPTIONS\", \"\", 1);")]
    [InlineData("    __attribute__((no_sanitize(\"address\"))) int x = 0;")]
    [InlineData("    asm(\"nop\");")]
    [InlineData("    _Pragma(\"GCC optimize 0\")")]
    [InlineData("    sigsetjmp(0, 1);")]
    [InlineData("#pragma GCC optimize(\"O0\")")]
    [InlineData("#define SIG sig ## nal")]
    [InlineData("#include <signal.h>")]
    [InlineData("%:define X 1")]
    [InlineData("/**/ #define P(a, b) a ## b")]
    [InlineData("/**/ #include <signal.h>")]
    [InlineData("/* x */ %:define X 1")]
    [InlineData("    sig\\\nnal(11, 0);")]
    [InlineData("    _ex\\\nit(0);")]
    [InlineData("    ssignal(11, 0);")]
    [InlineData("    __sysv_signal(11, 0);")]
    [InlineData("    gsignal(11);")]
    [InlineData("    __sigsetjmp(0, 1);")]
    [InlineData("    __longjmp_chk(0, 1);")]
    [InlineData("    setcontext(0);")]
    [InlineData("    swapcontext(0, 0);")]
    [InlineData("    exit(0);")]
    [InlineData("    dlsym(0, \"signal\");")]
    [InlineData("    __sanitizer_set_death_callback(0);")]
    [InlineData("    [[gnu::__no_sanitize_address__]] int x = 0;")]
    [InlineData("    [[gnu::no_sanitize(\"address\")]] int x = 0;")]
    [InlineData("    int ??= x;")]
    public void Check_BannedAddition_IsRejected(string line)
    {
        var text = Original.Replace("    return 0;", line + "\n    return 0;", StringComparison.Ordinal);
        Assert.NotEmpty(Check(text));
    }

    [Fact]
    public void Check_NewValueOfAnExistingMacro_IsAllowedButNotPastingOrNewMacros()
    {
        const string before = "#include <stdio.h>\n#define NAME_LEN 24\nint main(void) { char n[NAME_LEN]; (void)n; return 0; }\n";
        var violations = new List<PolicyViolation>();
        PatchPolicy.CheckText("src/a.c", before, before.Replace("#define NAME_LEN 24", "#define NAME_LEN (24 * 2)", StringComparison.Ordinal), violations);
        Assert.Empty(violations);
        PatchPolicy.CheckText("src/a.c", before, before.Replace("#define NAME_LEN 24", "#define NAME_LEN 24\n#define OTHER 1", StringComparison.Ordinal), violations);
        Assert.Single(violations);
        PatchPolicy.CheckText("src/a.c", before, before.Replace("#define NAME_LEN 24", "#define NAME_LEN(a, b) a ## b", StringComparison.Ordinal), violations);
        Assert.Equal(2, violations.Count(v => v.Message.Contains("directive", StringComparison.Ordinal)));
    }

    [Fact]
    public void Check_HarmlessLineSplice_IsAllowed()
    {
        var text = Original.Replace("    return 0;", "    int x = 1; \\\n    (void)x;\n    return 0;", StringComparison.Ordinal);
        Assert.Empty(Check(text));
    }

    [Fact]
    public void Check_ExistingDirectiveMovedOrRespaced_IsAllowed()
    {
        var text = "/* header */\n#  include   <stdio.h>\n" + Original.Replace("#include <stdio.h>\n", string.Empty, StringComparison.Ordinal);
        Assert.Empty(Check(text));
    }

    [Fact]
    public void Check_OrdinaryPreprocessorLinesInTheOriginal_AreNotJudged()
    {
        const string before = "#include <stdio.h>\n#if defined(CJSON_VERSION_PATCH) || defined(_CRT_SECURE_NO_DEPRECATE)\n#define X 1\n#endif\nint f(int a) { return a; }\n";
        var violations = new List<PolicyViolation>();
        PatchPolicy.CheckText("src/a.c", before, before.Replace("return a;", "return a > 0 ? a : 0;", StringComparison.Ordinal), violations);
        Assert.Empty(violations);
    }

    [Fact]
    public void Check_FileOfTenThousandLines_IsJudgedOnItsChange()
    {
        string before = "#include <stdio.h>\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"int v{i} = {i};\n"));
        string after = before.Replace("int v5000 = 5000;", "int v5000 = 5001;", StringComparison.Ordinal);
        var original = new Dictionary<string, string> { ["src/big.c"] = before };
        var patched = new Dictionary<string, string> { ["src/big.c"] = after };
        var files = UnifiedDiff.Parse(DiffText.Create(original, patched));
        Assert.Empty(PatchPolicy.Check(files, ["src/big.c"], original, patched));
        patched["src/big.c"] = after.Replace("int v9999 = 9999;", "int v9999 = 9999; static void h(void) { signal(11, 0); }", StringComparison.Ordinal);
        Assert.NotEmpty(PatchPolicy.Check(UnifiedDiff.Parse(DiffText.Create(original, patched)), ["src/big.c"], original, patched));
    }

    [Fact]
    public void Check_BannedWordInsideStringOrComment_IsAllowed()
    {
        var text = Original.Replace("    return 0;", "    puts(\"signal _exit\"); /* longjmp */\n    return 0;", StringComparison.Ordinal);
        Assert.Empty(Check(text));
    }

    [Fact]
    public void Check_OtherFile_IsRejected()
    {
        var violations = Check("all: ; true\n", "Makefile");
        Assert.Contains(violations, v => v.File == "Makefile");
    }

    [Fact]
    public void Check_WholeFileRewriteKeepingDirectives_JudgesOnlyRealChanges()
    {
        var text = Original.Replace("    return 0;", "    return 1;", StringComparison.Ordinal);
        Assert.Empty(Check(text));
    }
}
