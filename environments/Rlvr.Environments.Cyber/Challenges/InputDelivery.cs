namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>How a challenge program receives its input (a PoC or a poll).</summary>
public enum InputDelivery
{
    /// <summary>The input bytes are the program's standard input.</summary>
    Stdin,

    /// <summary>
    /// The input is written to a file; its path replaces <c>@@</c> in the challenge's <c>args</c> (AFL style), or is
    /// the argument after them when no argument is <c>@@</c>.
    /// </summary>
    File,

    /// <summary>The input (UTF-8 text without NUL) is the argument after the challenge's <c>args</c> (or replaces <c>@@</c> in them).</summary>
    Argv,

    /// <summary>The input (UTF-8 text without NUL) is the value of the environment variable named by <c>env_var</c>.</summary>
    Env,
}
