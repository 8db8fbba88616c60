namespace Rlvr.Environments.Code.Stdio;

/// <summary>The language a stdin/stdout program is written in.</summary>
public enum StdioLanguage
{
    /// <summary>Python 3, run by the Python judge image.</summary>
    Python,

    /// <summary>C#, compiled and run in the .NET judge image (never compiled in the scoring process).</summary>
    CSharp,
}
