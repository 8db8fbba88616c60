namespace Rlvr.Environments.Code;

/// <summary>How the code environments run and judge candidates.</summary>
public sealed record CodeOptions
{
    /// <summary>The defaults: all-or-nothing rewards, 6 s per test, 10 extended tests per function task.</summary>
    public static CodeOptions Default { get; } = new();

    /// <summary>Image of the Python judge (built from <c>environments/images/code-python</c>).</summary>
    public string PythonImage { get; init; } = "rlvr/code-python:latest";

    /// <summary>Image of the .NET judge (built from <c>environments/images/code-dotnet</c>).</summary>
    public string DotnetImage { get; init; } = "rlvr/code-dotnet:latest";

    /// <summary>Reward the fraction of tests passed instead of all-or-nothing.</summary>
    public bool PartialCredit { get; init; }

    /// <summary>Wall-clock limit of one test.</summary>
    public TimeSpan TestTimeLimit { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Most time one sample's tests get together (the run's budget is one per-test limit plus what each test needs in a
    /// correct run, at most this). Tests not run when the budget is spent fail as <c>time_limit</c>. Default 60 s; the
    /// host's item deadline (<c>--timeout</c>, 180 s by default) must stay above it.
    /// </summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest compilation of a C# program (in the sandbox, by the .NET SDK's compiler). Default 30 s.</summary>
    public TimeSpan CompileTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Generated tests per function task (type-aware mutations of the published inputs, expected values from the reference).</summary>
    public int ExtendedTests { get; init; } = 10;

    /// <summary>Largest serialised return value or program output per test, in bytes.</summary>
    public int ResultLimitBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Output of one batch of stdin/stdout tests (the sum of their output caps): tests run in batches of at most this
    /// much, one sandbox execution each, so the scorer holds one batch's output at a time. Default 16 MiB.
    /// </summary>
    public long BatchOutputBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Memory of a judge sandbox in bytes.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;
}
