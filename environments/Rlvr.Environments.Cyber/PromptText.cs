using System.Text;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber;

/// <summary>Renders the part of a prompt shared by the PoC and patch environments: only the vulnerable sources.</summary>
internal static class PromptText
{
    public static string Render(CyberChallenge challenge, string task, string format)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(challenge.Manifest.Title).Append("\n\n");
        sb.Append(challenge.Manifest.Description).Append("\n\n");
        sb.Append(challenge.Manifest.Input switch
        {
            InputDelivery.Stdin => "Input is read from standard input.",
            InputDelivery.File => "Input is read from the file whose path is the first argument.",
            _ => "Input is the first command-line argument (UTF-8 text without NUL).",
        });
        sb.Append(" It is built with gcc and AddressSanitizer.\n\n").Append(task).Append("\n\n");
        foreach (var (path, text) in challenge.VulnerableSources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            sb.Append("`").Append(path).Append("`:\n```c\n").Append(text);
            if (!text.EndsWith('\n'))
            {
                sb.Append('\n');
            }

            sb.Append("```\n\n");
        }

        sb.Append(format).Append('\n');
        return sb.ToString();
    }
}
