using System.Text.RegularExpressions;
using Rlvr.Environments.Cyber.Building;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// The patch checks that run on what the compiler produced rather than on the diff: the preprocessed code of the
/// project's files (macro pasting and anything else the source check could miss has been expanded there), the
/// symbols the binary imports (a new <c>signal</c>, <c>ssignal</c>, <c>__sysv_signal</c>, <c>__sigsetjmp</c>,
/// <c>__longjmp_chk</c>, <c>setcontext</c>, <c>exit</c>, <c>__sanitizer_set_death_callback</c>, <c>dlsym</c>...,
/// however it was spelled) and the symbols it defines (sanitizer hooks such as <c>__asan_default_options</c>, or a
/// library function such as <c>free</c> the program would interpose). Each is compared with the reference builds:
/// only what the candidate adds counts.
/// </summary>
public static partial class BuildPolicy
{
    // Library functions a program must not define itself (it would replace the sanitizer's interceptor or the C library).
    private static readonly HashSet<string> Interposable = new(StringComparer.Ordinal)
    {
        "malloc", "calloc", "realloc", "reallocarray", "free", "cfree", "memalign", "posix_memalign", "aligned_alloc",
        "valloc", "pvalloc", "malloc_usable_size", "memcpy", "memmove", "memset", "memcmp", "memchr", "strcpy", "strncpy",
        "strcat", "strncat", "strlen", "strnlen", "strcmp", "strncmp", "strchr", "strrchr", "strstr", "strdup", "strndup",
        "sprintf", "snprintf", "vsprintf", "vsnprintf", "printf", "fprintf", "puts", "fputs", "write", "read", "fwrite",
        "fread", "open", "close", "abort", "__cxa_throw", "__stack_chk_fail", "__libc_start_main", "main",
    };

    /// <summary>Checks a candidate build against the reference builds of the same challenge.</summary>
    /// <param name="candidate">The candidate's successful build.</param>
    /// <param name="references">The reference builds (vulnerable and patched).</param>
    /// <returns>Every violation found (empty when the build is allowed).</returns>
    public static IReadOnlyList<PolicyViolation> Check(BuildResult candidate, IReadOnlyList<BuildResult> references)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(references);
        var violations = new List<PolicyViolation>();

        var allowed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            foreach (var (identifier, count) in BannedCounts(reference.Preprocessed))
            {
                allowed[identifier] = Math.Max(count, allowed.GetValueOrDefault(identifier));
            }
        }

        foreach (var (identifier, count) in BannedCounts(candidate.Preprocessed).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (count > allowed.GetValueOrDefault(identifier))
            {
                violations.Add(new PolicyViolation("(preprocessed)", $"'{identifier}' appears in the code the compiler sees"));
            }
        }

        var referenceImports = references.SelectMany(r => r.Imports).ToHashSet(StringComparer.Ordinal);
        foreach (string symbol in candidate.Imports.Where(s => !referenceImports.Contains(s)).Order(StringComparer.Ordinal))
        {
            if (IsForbiddenImport(symbol))
            {
                violations.Add(new PolicyViolation("(binary)", $"imports '{symbol}'"));
            }
        }

        var referenceExports = references.SelectMany(r => r.Exports).ToHashSet(StringComparer.Ordinal);
        foreach (string symbol in candidate.Exports.Where(s => !referenceExports.Contains(s)).Order(StringComparer.Ordinal))
        {
            if (PatchPolicy.IsBanned(symbol) || Interposable.Contains(symbol) || referenceImports.Contains(symbol))
            {
                violations.Add(new PolicyViolation("(binary)", $"defines '{symbol}', a library or sanitizer symbol"));
            }
        }

        return violations;
    }

    /// <summary>Whether a newly imported symbol is one a patch may not bring in (compiler instrumentation is allowed).</summary>
    /// <param name="symbol">The symbol name, without a version suffix.</param>
    internal static bool IsForbiddenImport(string symbol) => PatchPolicy.IsBanned(symbol) && !Instrumentation().IsMatch(symbol);

    private static Dictionary<string, int> BannedCounts(string code)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in CSource.Tokenize(code))
        {
            if (token.IsIdentifier && PatchPolicy.IsBanned(token.Text))
            {
                counts[token.Text] = counts.GetValueOrDefault(token.Text) + 1;
            }
        }

        return counts;
    }

    // What -fsanitize=address / undefined themselves make a program import when it gains new memory accesses or frames.
    [GeneratedRegex(@"^(__asan_(report_|load|store|exp_|stack_|register_|unregister_|init$|version_mismatch_check|option_detect|handle_no_return$|memcpy$|memset$|memmove$|alloca_poison$|allocas_unpoison$|before_dynamic_init$|after_dynamic_init$|set_shadow_|shadow_memory_dynamic_address$|poison_cxx_array_cookie$|load_cxx_array_cookie$)|__ubsan_handle_|__ubsan_vptr_type_cache$|__libc_start_main$)")]
    private static partial Regex Instrumentation();
}
