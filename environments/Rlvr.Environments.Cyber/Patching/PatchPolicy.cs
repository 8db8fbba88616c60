using System.Text.RegularExpressions;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// The checks a patch passes before it is built, decided on what the compiler sees (<see cref="CSource"/>: splices
/// joined, comments removed, digraphs read as what they are), not on how the diff is spelled: it may change only the
/// challenge's editable source files; it may not add preprocessor directives (except <c>#include</c> of standard
/// headers), token pasting, trigraphs, or any use of identifiers that silence or bypass the sanitizer or the verifier
/// (signal handlers and their glibc aliases, non-local jumps and contexts, exits, <c>__asan_*</c>/<c>__sanitizer_*</c>,
/// <c>no_sanitize</c> in any spelling, attributes, pragmas, <c>asm</c>, process control, environment and file-system
/// tricks, <c>dlsym</c>). Identifiers are counted outside comments and literals, and only an increase over the
/// original counts. After the build, <see cref="BuildPolicy"/> checks the preprocessed code and the binary's symbols.
/// </summary>
public static partial class PatchPolicy
{
    /// <summary>Largest diff accepted, in characters.</summary>
    public const int MaxDiffChars = 64 * 1024;

    private static readonly HashSet<string> BannedIdentifiers = new(StringComparer.Ordinal)
    {
        // Signal handling (with glibc's aliases), non-local jumps and contexts: a crash handler hides the crash.
        "signal", "sigaction", "sigset", "sighold", "sigrelse", "sigignore", "bsd_signal", "sysv_signal", "__sysv_signal",
        "ssignal", "gsignal", "__bsd_signal", "__sigaction", "__libc_sigaction", "sigvec", "sigprocmask", "pthread_sigmask",
        "sigaltstack", "sigsuspend", "sigwait", "sigreturn", "setjmp", "longjmp", "_setjmp", "_longjmp", "__setjmp",
        "sigsetjmp", "siglongjmp", "__sigsetjmp", "__longjmp_chk", "____longjmp_chk", "__libc_longjmp", "__libc_siglongjmp",
        "__builtin_setjmp", "__builtin_longjmp", "setcontext", "getcontext", "makecontext", "swapcontext", "jmp_buf",
        "sigjmp_buf", "ucontext_t",

        // Leaving without the sanitizer's exit path, or running code at exit.
        "exit", "_exit", "_Exit", "quick_exit", "at_quick_exit", "on_exit", "atexit", "__cxa_atexit", "exit_group",
        "pthread_exit", "thrd_exit",

        // Sanitizer and compiler controls.
        "no_sanitize", "no_sanitize_address", "no_address_safety_analysis", "__attribute__", "__attribute", "_Pragma",
        "asm", "__asm__", "__asm", "__declspec", "gnu", "__gnu__", "clang", "__clang__", "__builtin_trap",
        "__builtin_unreachable", "__builtin_frame_address", "__builtin_return_address", "__builtin_apply",

        // Processes, the environment, the file system, memory protection and symbol lookup.
        "fork", "vfork", "clone", "execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve", "fexecve",
        "system", "popen", "posix_spawn", "posix_spawnp", "ptrace", "prctl", "syscall", "setrlimit", "prlimit",
        "mprotect", "mmap", "munmap", "dlopen", "dlmopen", "dlsym", "dlvsym", "dladdr", "dlinfo", "kill", "tgkill",
        "raise", "alarm", "setitimer", "setenv", "putenv", "unsetenv", "clearenv", "getenv", "secure_getenv", "environ",
        "__environ", "symlink", "symlinkat", "link", "linkat", "unlink", "unlinkat", "rename", "renameat", "remove",
        "rmdir", "chmod", "fchmod", "chdir", "freopen", "dup", "dup2", "dup3", "close", "open", "openat", "creat",
        "opendir", "readdir", "truncate", "ftruncate",
    };

    private static readonly string[] BannedPrefixes =
        ["__asan", "__sanitizer", "__ubsan", "__lsan", "__msan", "__tsan", "__hwasan", "__libc_", "__interceptor_", "__real_", "__wrap_"];

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
            }
        }

        foreach (var (path, text) in patched.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string before = original.TryGetValue(path, out string? old) ? old : string.Empty;
            if (string.Equals(before, text, StringComparison.Ordinal))
            {
                continue;
            }

            CheckText(path, before, text, violations);
        }

        return violations;
    }

    /// <summary>
    /// Checks one file's new text against its old text: new directives, trigraphs, token pasting and banned
    /// identifiers, each judged on the compiler's view (splices joined, comments removed), independently of the diff.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="before">The original text.</param>
    /// <param name="after">The patched text.</param>
    /// <param name="violations">Where violations are added.</param>
    internal static void CheckText(string path, string before, string after, List<PolicyViolation> violations)
    {
        var oldDirectives = CSource.Directives(before).CountBy(d => d).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var oldMacros = new Lazy<HashSet<string>>(() => oldDirectives.Keys.Select(d => Define().Match(d)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal));
        foreach (var (directive, count) in CSource.Directives(after).CountBy(d => d))
        {
            if (count <= oldDirectives.GetValueOrDefault(directive))
            {
                continue;
            }

            var include = Include().Match(directive);
            if (include.Success && AllowedHeaders.Contains(include.Groups[1].Value))
            {
                continue;
            }

            // A new value for a macro the file already defines (a buffer size, a limit) is an ordinary fix; its body
            // may not stringise or paste, and its identifiers are counted with the rest of the file below.
            var define = Define().Match(directive);
            if (define.Success && oldMacros.Value.Contains(define.Groups[1].Value) && !define.Groups[2].Value.Contains('#', StringComparison.Ordinal))
            {
                continue;
            }

            {
                violations.Add(new PolicyViolation(path, $"preprocessor directive not allowed: '{directive}' (only #include of {string.Join(", ", AllowedHeaders.Order(StringComparer.Ordinal))})"));
            }
        }

        if (CSource.TrigraphCount(after) > CSource.TrigraphCount(before))
        {
            violations.Add(new PolicyViolation(path, "trigraphs are not allowed"));
        }

        var oldTokens = Counts(CSource.Tokenize(before));
        foreach (var (token, count) in Counts(CSource.Tokenize(after)))
        {
            if (count <= oldTokens.GetValueOrDefault(token))
            {
                continue;
            }

            if (token is "##")
            {
                violations.Add(new PolicyViolation(path, "token pasting ('##') is not allowed in a patch"));
            }
            else if (IsBanned(token))
            {
                violations.Add(new PolicyViolation(path, $"'{token}' is not allowed in a patch"));
            }
        }
    }

    /// <summary>Whether an identifier (in source, preprocessed code or a binary's symbol table) is one a patch may not add.</summary>
    /// <param name="identifier">The identifier.</param>
    internal static bool IsBanned(string identifier) =>
        BannedIdentifiers.Contains(identifier)
        || Array.Exists(BannedPrefixes, p => identifier.StartsWith(p, StringComparison.Ordinal))
        || identifier.Contains("no_sanitize", StringComparison.OrdinalIgnoreCase)
        || identifier.Contains("no_address_safety", StringComparison.OrdinalIgnoreCase)
        || identifier.Contains("disable_sanitizer", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, int> Counts(List<CSource.Token> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (token.IsIdentifier || token.Text == "##")
            {
                counts[token.Text] = counts.GetValueOrDefault(token.Text) + 1;
            }
        }

        return counts;
    }

    [GeneratedRegex(@"^#define ([A-Za-z_][A-Za-z0-9_]*)(.*)$")]
    private static partial Regex Define();

    [GeneratedRegex(@"^#\s*include\s*<([a-z0-9_/]+\.h)>\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex Include();
}
