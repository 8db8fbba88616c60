namespace Rlvr.Core;

/// <summary>
/// Which host folders a problem may name (e.g. a cyber problem <c>{"path": "challenges/x"}</c>). Environments that
/// read files resolve every path a problem gives through <see cref="Current"/>.<see cref="ResolveFolder"/>, so the host
/// decides: <c>rlvr eval</c> reads its operator's own files (<see cref="Unrestricted"/>, the default), while the reward
/// server runs each request under <see cref="Denied"/> or, when its operator named a root, <see cref="Below"/> that root.
/// The policy flows with the async context, so it covers every endpoint of a request without each having to pass it on.
/// </summary>
public sealed class ProblemFileAccess
{
    private static readonly AsyncLocal<ProblemFileAccess?> Ambient = new();

    private ProblemFileAccess(string kind, string? root)
    {
        Kind = kind;
        Root = root;
    }

    /// <summary>Any path the process can read: the caller is the operator (a command line, a test, a trainer in-process).</summary>
    public static ProblemFileAccess Unrestricted { get; } = new("unrestricted", null);

    /// <summary>No path at all: problems can only name bundled problems (the server's default).</summary>
    public static ProblemFileAccess Denied { get; } = new("denied", null);

    /// <summary>The policy of the current async context; <see cref="Unrestricted"/> outside any <see cref="Enter"/> scope.</summary>
    public static ProblemFileAccess Current => Ambient.Value ?? Unrestricted;

    /// <summary>"unrestricted", "denied" or "below".</summary>
    public string Kind { get; }

    /// <summary>For <see cref="Below"/>: the full path of the root folder.</summary>
    public string? Root { get; }

    /// <summary>Only folders below <paramref name="root"/>, named relative to it, with no <c>..</c> and no symbolic link on the way.</summary>
    /// <param name="root">An existing folder.</param>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static ProblemFileAccess Below(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The problem root '{full}' does not exist.");
        }

        // The operator's root may itself be reached through a link; what is checked below it is the real tree.
        string real = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        return new ProblemFileAccess("below", Path.TrimEndingDirectorySeparator(real));
    }

    /// <summary>Runs the rest of the current async flow (until the returned scope is disposed) under <paramref name="access"/>.</summary>
    /// <param name="access">The policy.</param>
    public static IDisposable Enter(ProblemFileAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var previous = Ambient.Value;
        Ambient.Value = access;
        return new Scope(previous);
    }

    /// <summary>
    /// Resolves a folder a problem names, or refuses it. Under <see cref="Below"/> the path is relative to the root
    /// (an absolute path is accepted only when it lies below the root), may not contain <c>..</c>, and no component
    /// may be a symbolic link; every refusal has the same message whether or not the folder exists, so a client
    /// learns nothing about the host's files. Nothing is read.
    /// </summary>
    /// <param name="path">The path as the problem gives it.</param>
    /// <param name="field">The JSON path of the value, for the error.</param>
    /// <returns>The full path of the folder.</returns>
    /// <exception cref="ProblemFormatException">The path is refused.</exception>
    public string ResolveFolder(string? path, string field)
    {
        if (Kind == "unrestricted")
        {
            return string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal)
                ? throw new ProblemFormatException(field, "must be a folder path")
                : Path.GetFullPath(path);
        }

        if (Root is not { } root)
        {
            throw new ProblemFormatException(field, "this server does not accept host paths in problems; name a bundled problem by id (its operator can allow a folder with --problem-root)");
        }

        var refused = new ProblemFormatException(field, "not a problem folder below the server's problem root (give a path relative to it, without '..' or links)");
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal)
            || path.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw refused;
        }

        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw refused;
        }

        // Walk down from the root: every component must be a real directory, not a link (a link could lead anywhere,
        // and following it to check would already touch what it points at).
        string current = root;
        foreach (string segment in full[(root.Length + 1)..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (!info.Exists || info.LinkTarget is not null)
            {
                throw refused;
            }
        }

        return full;
    }

    /// <inheritdoc />
    public override string ToString() => Root is null ? Kind : $"{Kind} {Root}";

    private sealed class Scope(ProblemFileAccess? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
