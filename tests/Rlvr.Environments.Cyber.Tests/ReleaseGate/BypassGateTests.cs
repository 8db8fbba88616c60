using System.Text.RegularExpressions;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>
/// The patch-check bypasses reported in issue 17, each through the real verifier: comment-prefixed directives with
/// token pasting (the death-callback trick), glibc aliases of signal handling and non-local jumps, the C2x attribute
/// spelling of no_sanitize, and pasting through a macro the program already has (caught only in the preprocessed
/// code and the binary's imports). Every one earns 0.
/// </summary>
public sealed class BypassGateTests : IDisposable
{
    // A program that already owns a pasting macro: a patch can spell any identifier with it without writing a
    // directive or the identifier itself, so only the compiler's view and the binary reveal it.
    private const string GlueSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        #define GLUE(a, b) a ## b

        static size_t GLUE(copy, _field)(char *dst, const char *src)
        {
            size_t n = strlen(src);
            memcpy(dst, src, n + 1);
            return n;
        }

        int main(void)
        {
            char line[256];
            while (fgets(line, sizeof line, stdin)) {
                line[strcspn(line, "\n")] = '\0';
                char *field = malloc(16);
                size_t n = copy_field(field, line);
                printf("%zu %s\n", n, field);
                free(field);
            }
            return 0;
        }

        """;

    private static readonly PatchVerifier Verifier = new(CyberOptions.Default);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "rlvr-bypass-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string> Ids() => TestChallenges.Ids();

    /// <summary>The trick that passed on five challenges: a death callback, spelled by pasting, deletes the report and exits 0.</summary>
    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task DeathCallbackThroughCommentedDefineAndPasting_Earns0(string id)
    {
        var challenge = TestChallenges.Get(id);
        string diff = EditMain(challenge, text => InsertInMain(
            "/**/ #define P(a, b) a ## b\n#include <stdio.h>\nstatic void rlvr_cb(void) { P(un, link)(\"report\"); P(_ex, it)(0); }\n" + text,
            "    P(__sanitizer_set_death, _callback)(rlvr_cb);\n"));
        await AssertPolicyViolationAsync(challenge, diff);
    }

    [SkippableTheory]
    [InlineData("static void h(int s) { (void)s; } ", "    ssignal(11, h);\n")]
    [InlineData("static void h(int s) { (void)s; } ", "    __sysv_signal(11, h);\n")]
    [InlineData("static void h(int s) { (void)s; } ", "    bsd_signal(11, h);\n")]
    [InlineData("", "    gsignal(0);\n")]
    [InlineData("static char rlvr_env[512]; ", "    if (__sigsetjmp((void *)rlvr_env, 1)) return 0;\n")]
    [InlineData("static char rlvr_env[512]; ", "    if (0) __longjmp_chk((void *)rlvr_env, 1);\n")]
    [InlineData("static char rlvr_ctx[1024]; ", "    if (0) setcontext((void *)rlvr_ctx);\n")]
    [InlineData("static char rlvr_ctx[1024]; ", "    if (0) swapcontext((void *)rlvr_ctx, (void *)rlvr_ctx);\n")]
    [InlineData("[[gnu::__no_sanitize_address__]] static void rlvr_f(void) { } ", "    rlvr_f();\n")]
    [InlineData("__attribute__((__no_sanitize_address__)) static void rlvr_f(void) { } ", "    rlvr_f();\n")]
    public async Task GlibcAliasOrAttributeSpelling_Earns0(string declaration, string statement)
    {
        var challenge = TestChallenges.Get("c02-hex-loader");
        await AssertPolicyViolationAsync(challenge, EditMain(challenge, text => InsertInMain(declaration + "\n" + text, statement)));
    }

    [SkippableTheory]
    [InlineData("static void rlvr_cb(void) { GLUE(_ex, it)(0); }\n", "    GLUE(__sanit, izer_set_death_callback)(rlvr_cb);\n", "__sanitizer_set_death_callback")]
    [InlineData("static void rlvr_h(int s) { (void)s; GLUE(_ex, it)(0); }\n", "    GLUE(ssig, nal)(11, rlvr_h);\n", "ssignal")]
    [InlineData("static void rlvr_h(int s) { (void)s; }\n", "    GLUE(__sysv_sig, nal)(6, rlvr_h);\n", "__sysv_signal")]
    public async Task PastingThroughTheProgramsOwnMacro_Earns0(string declaration, string statement, string spelled)
    {
        // Nothing in the diff names the identifier, adds a directive or pastes: only the preprocessed code and the
        // binary's imports show it.
        var challenge = WriteGlueChallenge();
        string source = challenge.VulnerableSources["src/field.c"];
        var after = new Dictionary<string, string>(challenge.VulnerableSources, StringComparer.Ordinal)
        {
            ["src/field.c"] = InsertInMain(source.Replace("static size_t", declaration + "static size_t", StringComparison.Ordinal), statement),
        };
        string diff = DiffText.Create(challenge.VulnerableSources, after);
        var files = UnifiedDiff.Parse(diff);
        Assert.Empty(PatchPolicy.Check(files, challenge.EditableFiles, challenge.VulnerableSources, after)); // the source check alone is blind to it
        var reward = await AssertPolicyViolationAsync(challenge, diff);
        Assert.Contains(spelled, reward.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GlueChallenge_ReferencePatch_Earns1()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = WriteGlueChallenge();
        var reward = await Verifier.VerifyDiffAsync(challenge, challenge.ReferencePatch, new ScoringContext("glue", sandboxes: provider));
        Assert.True(reward.Value == 1.0, PocGateTests.Describe(reward));
    }

    [SkippableFact]
    public async Task PatchDisablingTheParser_WithAPrintingHarness_Earns0()
    {
        // The harness prints what the parser computed, so a patch that turns the parser off fails the polls.
        var provider = await CyberDocker.RequireAsync();
        var challenge = WriteGlueChallenge();
        Assert.Empty(ChallengeWarnings.Find(challenge));
        string source = challenge.VulnerableSources["src/field.c"];
        var after = new Dictionary<string, string>(challenge.VulnerableSources, StringComparer.Ordinal)
        {
            ["src/field.c"] = source.Replace("    size_t n = strlen(src);", "    dst[0] = '\\0';\n    return 0;\n    size_t n = strlen(src);", StringComparison.Ordinal),
        };
        var reward = await Verifier.VerifyDiffAsync(challenge, DiffText.Create(challenge.VulnerableSources, after), new ScoringContext("glue", sandboxes: provider));
        Assert.Equal(0.0, reward.Value);
        Assert.True(reward.Reason == PatchReasons.PollFailed, PocGateTests.Describe(reward));
    }

    [Fact]
    public void SilentHarness_IsWarnedAbout()
    {
        // The same program with its printf removed: every poll expects nothing, which a disabled parser also prints.
        var challenge = WriteGlueChallenge(silent: true);
        var warnings = ChallengeWarnings.Find(challenge);
        Assert.Contains(warnings, w => w.Path == "glue-fields/polls/a.out");
        Assert.Contains(warnings, w => w.Path == "glue-fields/polls/");
    }

    private static async Task<Reward> AssertPolicyViolationAsync(CyberChallenge challenge, string diff)
    {
        var provider = await CyberDocker.RequireAsync();
        var reward = await Verifier.VerifyDiffAsync(challenge, diff, new ScoringContext(challenge.Id, sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.True(reward.Reason == PatchReasons.PolicyViolation, $"{challenge.Id}: {PocGateTests.Describe(reward)}");
        return reward;
    }

    private static string InsertInMain(string text, string statement)
    {
        var match = Regex.Match(text, @"int main\([^)]*\)\n\{\n");
        Assert.True(match.Success, "main() not found");
        return text.Insert(match.Index + match.Length, statement);
    }

    private static string EditMain(CyberChallenge challenge, Func<string, string> change)
    {
        string file = DiffFactory.MainFile(challenge);
        var after = new Dictionary<string, string>(challenge.VulnerableSources, StringComparer.Ordinal) { [file] = change(challenge.VulnerableSources[file]) };
        return DiffText.Create(challenge.VulnerableSources, after);
    }

    private CyberChallenge WriteGlueChallenge(bool silent = false)
    {
        string root = Path.Combine(folder, "glue-fields");
        Directory.CreateDirectory(Path.Combine(root, "src"));
        Directory.CreateDirectory(Path.Combine(root, "pocs"));
        Directory.CreateDirectory(Path.Combine(root, "polls"));
        File.WriteAllText(Path.Combine(root, "challenge.json"), """
            {"id": "glue-fields", "title": "Fields", "cwe": "CWE-122", "language": "c", "description": "Prints the length and text of each input line.",
             "input": "stdin", "sanitizers": ["address"], "cflags": ["-std=gnu11"], "expected": {"bug_class": "heap-buffer-overflow", "function": "copy_field"}}
            """);
        string source = GlueSource.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (silent)
        {
            source = source.Replace("        printf(\"%zu %s\\n\", n, field);\n", "        (void)n;\n", StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(root, "src", "field.c"), source);
        var patched = new Dictionary<string, string> { ["src/field.c"] = source.Replace("malloc(16)", "malloc(strlen(line) + 1)", StringComparison.Ordinal) };
        File.WriteAllText(Path.Combine(root, "patch.diff"), DiffText.Create(new Dictionary<string, string> { ["src/field.c"] = source }, patched));
        File.WriteAllText(Path.Combine(root, "pocs", "long.bin"), new string('x', 40) + "\n");
        File.WriteAllText(Path.Combine(root, "polls", "a.in"), "abc\n");
        File.WriteAllText(Path.Combine(root, "polls", "a.out"), silent ? string.Empty : "3 abc\n");
        File.WriteAllText(Path.Combine(root, "polls", "b.in"), "hello world\nx\n");
        File.WriteAllText(Path.Combine(root, "polls", "b.out"), silent ? string.Empty : "11 hello world\n1 x\n");
        File.WriteAllText(Path.Combine(root, "polls", "c.in"), "fifteen chars!!\n\n");
        File.WriteAllText(Path.Combine(root, "polls", "c.out"), silent ? string.Empty : "15 fifteen chars!!\n0 \n");
        return ChallengeLoader.Load(root);
    }
}
