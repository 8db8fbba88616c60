using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Commands;

/// <summary>
/// The reward bug the starter tests plant in a project <c>rlvr new</c> wrote: the starter's exact comparison replaced
/// by containment, which the analyzers that came with the project must report (RLVR1001) and fail the build on.
/// </summary>
internal static class PlantedRewardBug
{
    /// <summary>The comparison the starter environment is written with.</summary>
    public const string ExactComparison = "string.Equals(answer.Value.Trim(), problem.Answer.Trim(), StringComparison.OrdinalIgnoreCase)";

    /// <summary>Plants the bug in <paramref name="environmentFile"/> and asserts that <c>dotnet build</c> reports it and fails.</summary>
    /// <param name="environmentFile">The starter's environment source.</param>
    /// <param name="directory">Where <c>dotnet build</c> runs.</param>
    /// <param name="buildArguments">What follows <c>dotnet build</c> (a project path, options).</param>
    public static async Task AssertBuildReportsItAsync(string environmentFile, string directory, params string[] buildArguments)
    {
        string source = await File.ReadAllTextAsync(environmentFile);
        Assert.Contains(ExactComparison, source, StringComparison.Ordinal);
        await File.WriteAllTextAsync(environmentFile, source.Replace(ExactComparison, "completion.Text.Contains(problem.Answer, StringComparison.Ordinal)", StringComparison.Ordinal));
        var build = await ProcessRunner.DotnetAsync(directory, ["build", .. buildArguments]);
        Assert.Contains("RLVR1001", build.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, build.ExitCode);
    }
}
