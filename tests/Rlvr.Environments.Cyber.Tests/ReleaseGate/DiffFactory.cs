using System.Text.RegularExpressions;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>Builds the bad diffs of the release gate from a challenge's own sources.</summary>
internal static class DiffFactory
{
    public static string NoOp(CyberChallenge challenge) => Edit(challenge, MainFile(challenge), text => "/* reviewed: nothing to change */\n" + text);

    public static string EarlyExit(CyberChallenge challenge) => Edit(challenge, MainFile(challenge), text =>
    {
        var match = Regex.Match(text, @"int main\([^)]*\)\n\{\n");
        Assert.True(match.Success, "main() not found in " + challenge.Id);
        return text.Insert(match.Index + match.Length, "    return 0;\n");
    });

    public static string SigsegvHandler(CyberChallenge challenge) => Edit(challenge, MainFile(challenge), text =>
    {
        var match = Regex.Match(text, @"int main\([^)]*\)\n\{\n");
        Assert.True(match.Success, "main() not found in " + challenge.Id);
        return "#include <signal.h>\n#include <stdlib.h>\nstatic void on_segv(int sig) { (void)sig; exit(0); }\n"
            + text.Insert(match.Index + match.Length, "    signal(SIGSEGV, on_segv);\n");
    });

    /// <summary>Empties the body of the function the bug is in: the crash is gone, and so is the feature.</summary>
    public static string DeleteFeature(CyberChallenge challenge)
    {
        string function = challenge.Manifest.Expected.Function;
        string file = challenge.VulnerableSources.First(s => Regex.IsMatch(s.Value, $@"^static [^\n]*\b{function}\(", RegexOptions.Multiline)).Key;
        return Edit(challenge, file, text =>
        {
            var header = Regex.Match(text, $@"^static ([^\n]*)\b{function}\([^\n]*\)\n\{{\n", RegexOptions.Multiline);
            int end = text.IndexOf("\n}\n", header.Index + header.Length, StringComparison.Ordinal);
            Assert.True(header.Success && end > 0, $"{function} not found in {challenge.Id}");
            string body = header.Groups[1].Value.Contains("void", StringComparison.Ordinal) && !header.Groups[1].Value.Contains('*', StringComparison.Ordinal)
                ? "    (void)0;"
                : "    return 0;";
            string parameters = Regex.Match(header.Value, @"\(([^)]*)\)").Groups[1].Value;
            string unused = string.Concat(parameters.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0 && p != "void")
                .Select(p => $"    (void){Regex.Match(p, @"(\w+)$").Groups[1].Value};\n"));
            return text[..(header.Index + header.Length)] + unused + body + text[end..];
        });
    }

    public static string MainFile(CyberChallenge challenge) => challenge.VulnerableSources.First(s => s.Value.Contains("int main(", StringComparison.Ordinal)).Key;

    private static string Edit(CyberChallenge challenge, string file, Func<string, string> change)
    {
        var after = new Dictionary<string, string>(challenge.VulnerableSources, StringComparer.Ordinal) { [file] = change(challenge.VulnerableSources[file]) };
        return DiffText.Create(challenge.VulnerableSources, after);
    }
}
