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
        var manifest = challenge.Manifest;
        string args = manifest.Args is { Count: > 0 } a ? $" (arguments: {string.Join(' ', a)}; @@ stands for the input)" : string.Empty;
        sb.Append(manifest.Input switch
        {
            InputDelivery.Stdin => "Input is read from standard input" + args + ".",
            InputDelivery.File => manifest.Args is { Count: > 0 } ? "Input is read from a file" + args + "." : "Input is read from the file whose path is the first argument.",
            InputDelivery.Env => $"Input is the value of the environment variable {manifest.EnvVar} (UTF-8 text without NUL){args}.",
            _ => manifest.Args is { Count: > 0 } ? "Input is a command-line argument (UTF-8 text without NUL)" + args + "." : "Input is the first command-line argument (UTF-8 text without NUL).",
        });
        if (manifest.Harness?.Kind == HarnessKind.Libfuzzer)
        {
            sb.Append(" A fuzzing harness (not shown) passes the whole input to the library as one buffer.");
        }

        string sanitizer = Building.BuildRecipe.Sanitizer(manifest) == "undefined" ? "UndefinedBehaviorSanitizer" : "AddressSanitizer";
        sb.Append(" It is built with ").Append(manifest.IsCpp ? "g++" : "gcc").Append(" and ").Append(sanitizer).Append(".\n\n").Append(task).Append("\n\n");
        bool hidden = false;
        foreach (var (path, text) in challenge.VulnerableSources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!ChallengeLoader.IsCode(path) || challenge.ShownFiles?.Contains(path, StringComparer.Ordinal) == false)
            {
                // Build files (configure scripts, Makefiles) are not code the model reasons about or may change, and a
                // Debian challenge shows only the files of its source.files (the rest of the package is built too).
                hidden = true;
                continue;
            }

            sb.Append('`').Append(path).Append("`:\n```").Append(path.EndsWith(".c", StringComparison.Ordinal) || path.EndsWith(".h", StringComparison.Ordinal) ? "c" : "cpp").Append('\n').Append(text);
            if (!text.EndsWith('\n'))
            {
                sb.Append('\n');
            }

            sb.Append("```\n\n");
        }

        if (hidden)
        {
            sb.Append(challenge.ShownFiles is null ? "(The project's build files are not shown.)\n\n" : "(The rest of the project is built with them but not shown.)\n\n");
        }

        sb.Append(format).Append('\n');
        return sb.ToString();
    }
}
