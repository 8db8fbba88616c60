namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>What a challenge's harness files provide.</summary>
public enum HarnessKind
{
    /// <summary>The harness defines <c>main</c> and calls the library in <c>src/</c>.</summary>
    Main,

    /// <summary>
    /// The harness defines <c>LLVMFuzzerTestOneInput</c>; the verifier links its own driver (<c>main</c> reads the
    /// input from the file named by the first argument, or standard input, and calls it once).
    /// </summary>
    Libfuzzer,
}
