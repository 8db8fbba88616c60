namespace Rlvr.Environments.Cyber.Poc;

/// <summary>How a PoC is written in a completion.</summary>
public enum PocFormat
{
    /// <summary>A fenced <c>base64</c> block.</summary>
    Base64,

    /// <summary>A fenced <c>hex</c> block (whitespace ignored).</summary>
    Hex,

    /// <summary>A fenced <c>python</c> block whose standard output is the PoC; it runs in its own sandbox.</summary>
    Python,
}
