namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>What the author says the reference PoCs crash with; checked against the real reports before any scoring.</summary>
/// <param name="BugClass">The sanitizer bug class, e.g. <c>heap-buffer-overflow</c> or <c>SEGV</c>.</param>
/// <param name="Function">The function of the top project frame.</param>
public sealed record ExpectedCrash(string BugClass, string Function);
