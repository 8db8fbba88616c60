using System.Text;
using System.Text.RegularExpressions;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// The checks a patch passes before it is built: it may change only the challenge's editable source files; it may not
/// add preprocessor directives (except <c>#include</c> of standard headers), line splices, digraphs, or any use of
/// identifiers that silence or bypass the sanitizer or the verifier (signal handlers, <c>_exit</c>, <c>__asan_*</c>,
/// <c>no_sanitize</c>, attributes, pragmas, <c>asm</c>, process control, environment and file-system tricks).
/// Identifiers are counted outside comments and literals, and only an increase over the original counts.
/// </summary>
public static partial class PatchPolicy
{
    /// <summary>Largest diff accepted, in characters.</summary>
    public const int MaxDiffChars = 64 * 1024;

    private static readonly HashSet<string> BannedIdentifiers = new(StringComparer.Ordinal)
    {
        // Signal handling and non-local jumps: a crash handler hides the crash.
        "signal", "sigaction", "sigset", "sighold", "sigrelse", "sigignore", "bsd_signal", "sysv_signal", "sigprocmask",
        "pthread_sigmask", "sigaltstack", "setjmp", "longjmp", "_setjmp", "_longjmp", "sigsetjmp", "siglongjmp",
        "__builtin_setjmp", "__builtin_longjmp",

        // Leaving without the sanitizer's exit path.
        "_exit", "_Exit", "quick_exit", "at_quick_exit", "on_exit",

        // Sanitizer and compiler controls.
        "no_sanitize", "no_sanitize_address", "no_address_safety_analysis", "__attribute__", "__attribute", "_Pragma",
        "asm", "__asm__", "__asm", "__declspec",

        // Processes, the environment, the file system and memory protection.
        "fork", "vfork", "clone", "execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve", "fexecve",
        "system", "popen", "posix_spawn", "posix_spawnp", "ptrace", "prctl", "syscall", "setrlimit", "prlimit",
        "mprotect", "mmap", "munmap", "dlopen", "dlsym", "kill", "raise", "alarm", "setitimer", "setenv", "putenv",
        "unsetenv", "clearenv", "environ", "__environ", "symlink", "symlinkat", "link", "linkat", "unlink", "unlinkat",
        "rename", "renameat", "remove", "chmod", "fchmod", "chdir", "freopen", "dup", "dup2", "dup3",
    };

    private static readonly string[] BannedPrefixes = ["__asan", "__sanitizer", "__ubsan", "__lsan", "__msan", "__tsan", "__hwasan", "__libc_"];

    private static readonly HashSet<string> AllowedHeaders = new(StringComparer.Ordinal)
    {
        "assert.h", "ctype.h", "errno.h", "inttypes.h", "limits.h", "stdbool.h", "stddef.h", "stdint.h", "stdio.h",
        "stdlib.h", "string.h",
    };

    /// <summary>Checks a parsed diff against the original sources.</summary>
    /// <param name="patches">The diff's files.</param>
    /// <param name="editableFiles">Files the patch may change.</param>
    /// <param name="original">The original sources by relative path.</param>
    /// <param name="patched">The sources after applying the diff.</param>
    /// <returns>Every violation found (empty when the patch is allowed).</returns>
    public static IReadOnlyList<PolicyViolation> Check(
        IReadOnlyList<FilePatch> patches,
        IReadOnlyList<string> editableFiles,
        IReadOnlyDictionary<string, string> original,
        IReadOnlyDictionary<string, string> patched)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(editableFiles);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patched);
        var violations = new List<PolicyViolation>();
        foreach (var file in patches)
        {
            if (!string.Equals(file.OldPath, file.NewPath, StringComparison.Ordinal))
            {
                violations.Add(new PolicyViolation(file.NewPath, $"renames, creations and deletions are not allowed ('{file.OldPath}' -> '{file.NewPath}')"));
                continue;
            }

            if (!editableFiles.Contains(file.NewPath, StringComparer.Ordinal) || !original.ContainsKey(file.NewPath))
            {
                violations.Add(new PolicyViolation(file.NewPath, "only the challenge's source files may change: " + string.Join(", ", editableFiles)));
                continue;
            }

            string after = patched.TryGetValue(file.NewPath, out string? text) ? text : string.Empty;
            foreach (string line in LineDiff.AddedLines(original[file.NewPath], after))
            {
                CheckAddedLine(file.NewPath, line, violations);
            }
        }

        foreach (var (path, text) in patched)
        {
            var before = CountIdentifiers(original.TryGetValue(path, out string? old) ? old : string.Empty);
            foreach (var (identifier, count) in CountIdentifiers(text))
            {
                if (IsBanned(identifier) && count > before.GetValueOrDefault(identifier))
                {
                    violations.Add(new PolicyViolation(path, $"'{identifier}' is not allowed in a patch"));
                }
            }
        }

        return violations;
    }

    /// <summary>Identifier counts of C code, ignoring comments and string and character literals.</summary>
    /// <param name="code">C source.</param>
    internal static Dictionary<string, int> CountIdentifiers(string code)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(StripCommentsAndLiterals(code)))
        {
            counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        }

        return counts;
    }

    private static bool IsBanned(string identifier) =>
        BannedIdentifiers.Contains(identifier) || Array.Exists(BannedPrefixes, p => identifier.StartsWith(p, StringComparison.Ordinal));

    private static void CheckAddedLine(string path, string line, List<PolicyViolation> violations)
    {
        string trimmed = line.TrimStart();
        if (line.TrimEnd().EndsWith('\\'))
        {
            violations.Add(new PolicyViolation(path, "line splices (a backslash at the end of a line) are not allowed"));
        }

        if (line.Contains("%:", StringComparison.Ordinal) || line.Contains("??=", StringComparison.Ordinal))
        {
            violations.Add(new PolicyViolation(path, "digraphs and trigraphs are not allowed"));
        }

        if (!trimmed.StartsWith('#'))
        {
            return;
        }

        var include = Include().Match(trimmed);
        if (!include.Success || !AllowedHeaders.Contains(include.Groups[1].Value))
        {
            violations.Add(new PolicyViolation(path, $"preprocessor directive not allowed: '{trimmed}' (only #include of {string.Join(", ", AllowedHeaders.Order(StringComparer.Ordinal))})"));
        }
    }

    private static string StripCommentsAndLiterals(string code)
    {
        var sb = new StringBuilder(code.Length);
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                int end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? code.Length : end + 2;
                sb.Append(' ');
            }
            else if (c is '"' or '\'')
            {
                i++;
                while (i < code.Length && code[i] != c && code[i] != '\n')
                {
                    i += code[i] == '\\' ? 2 : 1;
                }

                i++;
                sb.Append(' ');
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^#\s*include\s*<([a-z0-9_/]+\.h)>\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex Include();
}
