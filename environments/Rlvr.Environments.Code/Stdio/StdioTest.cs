namespace Rlvr.Environments.Code.Stdio;

/// <summary>One stdin/stdout test: the input sent to the program, and the expected output (never sent).</summary>
/// <param name="Input">Standard input.</param>
/// <param name="Output">Expected standard output.</param>
public sealed record StdioTest(string Input, string Output);
