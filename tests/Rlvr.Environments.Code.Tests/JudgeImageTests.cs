using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests;

public class JudgeImageTests
{
    [Theory]
    [InlineData("stdio_runner.py")]
    [InlineData("rlvr_proc.py")]
    public void DotnetImage_JudgeScriptCopy_MatchesPythonImage(string file)
    {
        string images = Path.Combine(TestPaths.RepoRoot, "environments", "images");
        Assert.Equal(
            File.ReadAllText(Path.Combine(images, "code-python", "judge", file)),
            File.ReadAllText(Path.Combine(images, "code-dotnet", "judge", file)));
    }
}
