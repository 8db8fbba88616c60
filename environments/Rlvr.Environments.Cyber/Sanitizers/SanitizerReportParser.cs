using System.Globalization;
using System.Text.RegularExpressions;

namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>
/// Parses AddressSanitizer and UndefinedBehaviorSanitizer reports into signatures. Only the first report's first
/// stack (the crash stack) counts; allocation and free stacks that follow are ignored.
/// </summary>
public static partial class SanitizerReportParser
{
    // Not memory-safety findings: resource exhaustion and deliberate aborts are "other", never a signature.
    private static readonly HashSet<string> OtherClasses = new(StringComparer.Ordinal)
    {
        "ABRT", "out-of-memory", "allocation-size-too-big", "rss-limit-exceeded", "calloc-overflow",
        "reallocarray-overflow", "pvalloc-overflow", "invalid-allocation-alignment", "malloc-limit",
    };

    /// <summary>Parses a report.</summary>
    /// <param name="text">The report file's text.</param>
    /// <returns>The report, or <see langword="null"/> when the text holds no sanitizer error header.</returns>
    public static SanitizerReport? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int headerIndex = Array.FindIndex(lines, l => Header().IsMatch(l) || UbsanHeader().IsMatch(l));
        if (headerIndex < 0)
        {
            return null;
        }

        int pid;
        string sanitizer;
        string bugClass;
        var header = Header().Match(lines[headerIndex]);
        if (header.Success)
        {
            pid = int.Parse(header.Groups["pid"].Value, CultureInfo.InvariantCulture);
            sanitizer = header.Groups["san"].Value;
            bugClass = Classify(header.Groups["rest"].Value);
        }
        else
        {
            pid = SanitizerReport.UnknownPid;
            sanitizer = "UndefinedBehaviorSanitizer";
            bugClass = ClassifyUndefined(UbsanHeader().Match(lines[headerIndex]).Groups["msg"].Value);
        }

        string? access = null;
        var frames = new List<StackFrame>();
        bool inStack = false;
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (access is null && !inStack && Access().Match(line) is { Success: true } a)
            {
                access = a.Groups[1].Value;
                continue;
            }

            if (access is null && SignalAccess().Match(line) is { Success: true } s)
            {
                access = s.Groups[1].Value;
                continue;
            }

            var frame = Frame().Match(line);
            if (frame.Success)
            {
                inStack = true;
                frames.Add(ToFrame(frame));
            }
            else if (inStack)
            {
                break;
            }
        }

        var project = frames.Where(f => f.IsProject).Take(3).ToArray();
        var signature = new CrashSignature(sanitizer, bugClass, access, project.FirstOrDefault(), project, AllocationSite(lines, headerIndex));
        var kind = OtherClasses.Contains(bugClass) ? CrashKind.Other : CrashKind.Crash;
        return new SanitizerReport(pid, kind, signature);
    }

    /// <summary>The top project frame of the first "allocated by" stack (heap bugs), or <see langword="null"/>.</summary>
    private static StackFrame? AllocationSite(string[] lines, int headerIndex)
    {
        int start = Array.FindIndex(lines, headerIndex + 1, l => l.Contains("allocated by thread", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        for (int i = start + 1; i < lines.Length; i++)
        {
            var frame = Frame().Match(lines[i]);
            if (!frame.Success)
            {
                break;
            }

            var parsed = ToFrame(frame);
            if (parsed.IsProject)
            {
                return parsed;
            }
        }

        return null;
    }

    private static StackFrame ToFrame(Match frame)
    {
        string function = frame.Groups["fn"].Success ? frame.Groups["fn"].Value : "?";

        // A C++ frame reads "in TokenList::add(std::string const&) file:line"; the name is what comes before the
        // parameter list (operator() keeps its own parentheses).
        int paren = function.IndexOf('(', function.StartsWith("operator()", StringComparison.Ordinal) || function.Contains("::operator()", StringComparison.Ordinal) ? function.IndexOf("operator()", StringComparison.Ordinal) + 10 : 0);
        if (paren > 0)
        {
            function = function[..paren].TrimEnd();
        }
        string? file = frame.Groups["file"].Success ? frame.Groups["file"].Value : null;
        if (file is not null && file.StartsWith("./", StringComparison.Ordinal))
        {
            file = file[2..];
        }

        int line = frame.Groups["line"].Success ? int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture) : 0;
        return new StackFrame(function, file, line);
    }

    private static string Classify(string rest)
    {
        if (rest.StartsWith("attempting double-free", StringComparison.Ordinal))
        {
            return "double-free";
        }

        if (rest.StartsWith("attempting free on address which was not malloc", StringComparison.Ordinal))
        {
            return "bad-free";
        }

        if (rest.StartsWith("requested allocation size", StringComparison.Ordinal))
        {
            return "allocation-size-too-big";
        }

        if (rest.Contains("out of memory", StringComparison.Ordinal) || rest.StartsWith("allocator is out of memory", StringComparison.Ordinal))
        {
            return "out-of-memory";
        }

        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        string token = (space < 0 ? rest : rest[..space]).TrimEnd(':');
        return token.Length == 0 ? "unknown" : token;
    }

    private static string ClassifyUndefined(string message)
    {
        (string Needle, string Class)[] known =
        [
            ("signed integer overflow", "signed-integer-overflow"),
            ("unsigned integer overflow", "unsigned-integer-overflow"),
            ("out of bounds for type", "index-out-of-bounds"),
            ("null pointer", "null-pointer-use"),
            ("shift exponent", "shift-out-of-bounds"),
            ("left shift", "shift-out-of-bounds"),
            ("division by zero", "divide-by-zero"),
            ("misaligned address", "misaligned-access"),
            ("negation of", "signed-integer-overflow"),
            ("is outside the range of representable values", "float-cast-overflow"),
            ("pointer overflow", "pointer-overflow"),
        ];
        foreach (var (needle, cls) in known)
        {
            if (message.Contains(needle, StringComparison.Ordinal))
            {
                return cls;
            }
        }

        return "undefined-behavior";
    }

    [GeneratedRegex(@"^(?<file>[^\s:]+):(?<line>\d+):(?<col>\d+): runtime error: (?<msg>.*)$")]
    private static partial Regex UbsanHeader();

    [GeneratedRegex(@"^==(?<pid>\d+)==ERROR: (?<san>[A-Za-z]+Sanitizer): (?<rest>.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^(READ|WRITE) of size \d+")]
    private static partial Regex Access();

    [GeneratedRegex(@"^==\d+==The signal is caused by a (READ|WRITE) memory access")]
    private static partial Regex SignalAccess();

    // The function may hold spaces (C++ parameter lists); the file:line is the last word, or a module in parentheses is.
    [GeneratedRegex(@"^\s+#\d+ 0x[0-9a-f]+(?:\s+in (?<fn>.+?))?(?:\s(?<file>[^\s:()]+):(?<line>\d+)(?::\d+)?)?(?:\s+\((?:/|<|BuildId).*)?\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex Frame();
}
