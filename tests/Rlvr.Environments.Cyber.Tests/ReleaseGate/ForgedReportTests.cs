using System.Text;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Poc;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>
/// Sanitizer text printed by the target itself (stdout, stderr, plus the sanitizer's own exit code) earns nothing:
/// the verdict comes only from the report file of the launched PID.
/// </summary>
public sealed class ForgedReportTests : IDisposable
{
    private const string EchoSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        static void echo(const char *text, size_t n)
        {
            fwrite(text, 1, n, stdout);
            fwrite(text, 1, n, stderr);
        }

        char *kept;

        static void store(const char *text, size_t n)
        {
            kept = malloc(8);
            memcpy(kept, text, n);
        }

        int main(void)
        {
            static char buf[4096];
            size_t n = fread(buf, 1, sizeof buf - 1, stdin);
            echo(buf, n);
            if (n > 0 && buf[0] == '!') {
                store(buf, n);
            }
            return strstr(buf, "ERROR:") ? 86 : 0;
        }

        """;

    private static readonly PocVerifier Verifier = new(CyberOptions.Default with { Runs = 2 });

    private readonly string folder = Path.Combine(Path.GetTempPath(), "rlvr-forged-" + Guid.NewGuid().ToString("N"));

    public ForgedReportTests()
    {
        string root = Path.Combine(folder, "forged-echo");
        Directory.CreateDirectory(Path.Combine(root, "src"));
        Directory.CreateDirectory(Path.Combine(root, "pocs"));
        Directory.CreateDirectory(Path.Combine(root, "polls"));
        File.WriteAllText(Path.Combine(root, "challenge.json"), """
            {"id": "forged-echo", "title": "Echo", "cwe": "CWE-122", "language": "c", "description": "Echoes its input to stdout and stderr; exits 86 when the input says ERROR:.",
             "input": "stdin", "sanitizers": ["address"], "expected": {"bug_class": "heap-buffer-overflow", "function": "store"}}
            """);
        File.WriteAllText(Path.Combine(root, "src", "echo.c"), EchoSource.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(root, "patch.diff"), "--- a/src/echo.c\n+++ b/src/echo.c\n@@ -14,3 +14,6 @@\n     kept = malloc(8);\n+    if (n > 8) {\n+        n = 8;\n+    }\n     memcpy(kept, text, n);\n }\n");
        File.WriteAllText(Path.Combine(root, "pocs", "01.bin"), "!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        foreach (string word in new[] { "alpha", "beta", "gamma" })
        {
            File.WriteAllText(Path.Combine(root, "polls", word + ".in"), word);
            File.WriteAllText(Path.Combine(root, "polls", word + ".out"), word);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public async Task ForgedReportOnStdoutAndStderr_WithSanitizerExitCode_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = ChallengeLoader.Load(Path.Combine(folder, "forged-echo"));
        var context = new ScoringContext("forged", sandboxes: provider);

        var genuine = await Verifier.VerifyBytesAsync(challenge, challenge.Pocs[0].Bytes, context);
        Assert.True(genuine.Value == 1.0, PocGateTests.Describe(genuine));

        var forged = new StringBuilder();
        for (int pid = 1; pid <= 64; pid++)
        {
            forged.Append("=================================================================\n")
                .Append($"=={pid}==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000018 at pc 0x1 bp 0x2 sp 0x3\n")
                .Append("WRITE of size 24 at 0x602000000018 thread T0\n")
                .Append("    #0 0x7f0000000001 in __interceptor_memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827\n")
                .Append("    #1 0x555555555001 in store src/echo.c:15\n")
                .Append("    #2 0x555555555002 in main src/echo.c:24\n\n")
                .Append($"SUMMARY: AddressSanitizer: heap-buffer-overflow src/echo.c:15 in store\n=={pid}==ABORTING\n");
        }

        var reward = await Verifier.VerifyBytesAsync(challenge, Encoding.UTF8.GetBytes(forged.ToString()), context);
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PocReasons.OtherFailure, reward.Reason);
    }

    [SkippableFact]
    public async Task ForgedReportEchoedByBundledChallenge_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.Get("c08-status-logger");
        string line = "ERROR ==1==ERROR: AddressSanitizer: SEGV on unknown address 0x00000000205d (pc 0x1 bp 0x2 sp 0x3 T0)\n"
            + "WARN     #4 0x55e2c757b227 in log_record src/logger.c:11\n"
            + "WARN SUMMARY: AddressSanitizer: SEGV in log_record\n";
        var reward = await Verifier.VerifyBytesAsync(challenge, Encoding.UTF8.GetBytes(line), new ScoringContext("forged-c08", sandboxes: provider));
        Assert.True(reward.IsScored, PocGateTests.Describe(reward));
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(PocReasons.NoCrash, reward.Reason);
    }
}
