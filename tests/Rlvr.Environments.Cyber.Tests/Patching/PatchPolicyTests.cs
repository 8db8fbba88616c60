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
    [InlineData("    int x = 1; \\")]
    public void Check_BannedAddition_IsRejected(string line)
    {
        var text = Original.Replace("    return 0;", line + "\n    return 0;", StringComparison.Ordinal);
        Assert.NotEmpty(Check(text));
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
