namespace Rlvr.Environments.Code.Stdio;

/// <summary>The language a stdin/stdout program is written in.</summary>
public enum StdioLanguage
{
    /// <summary>Python 3, run by the Python judge image.</summary>
    Python,

    /// <summary>C#, compiled by Roslyn in the SDK and run by the .NET judge image.</summary>
    CSharp,
}
