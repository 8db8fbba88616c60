using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests;

public class JudgeImageTests
{
    [Fact]
    public void DotnetImage_DerivesFromPythonJudgeImage_SoJudgeScriptsExistOnce()
    {
        string images = Path.Combine(TestPaths.RepoRoot, "environments", "images");
        string dockerfile = File.ReadAllText(Path.Combine(images, "code-dotnet", "Dockerfile"));

        Assert.Contains("FROM rlvr/code-python:latest", dockerfile, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(images, "code-dotnet", "judge")), "the judge scripts live only in code-python");
        Assert.True(File.Exists(Path.Combine(images, "code-python", "judge", "stdio_runner.py")));
    }
}
