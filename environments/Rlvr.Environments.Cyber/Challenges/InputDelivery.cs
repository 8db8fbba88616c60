namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>How a challenge program receives its input (a PoC or a poll).</summary>
public enum InputDelivery
{
    /// <summary>The input bytes are the program's standard input.</summary>
    Stdin,

    /// <summary>The input is written to a file whose path is the program's first argument.</summary>
    File,

    /// <summary>The input (UTF-8 text without NUL) is the program's first argument.</summary>
    Argv,
}
