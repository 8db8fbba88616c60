using Rlvr.Environments.Code.CSharp;

namespace Rlvr.Environments.Code.Tests.CSharp;

public class CSharpCompilerTests
{
    [Fact]
    public async Task CompileAsync_TopLevelProgram_EmitsAssembly()
    {
        var result = await new CSharpCompiler().CompileAsync("var xs = new List<int> { 3, 1 }; Console.WriteLine(xs.Max());", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(result.Assembly!.Length > 512);
    }

    [Fact]
    public async Task CompileAsync_SyntaxError_ReportsErrors()
    {
        var result = await new CSharpCompiler().CompileAsync("int x = ;", CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("CS1525", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompileAsync_SourceOverBudget_Refused()
    {
        var result = await new CSharpCompiler { MaxSourceChars = 10 }.CompileAsync("Console.WriteLine(1);", CancellationToken.None);
        Assert.False(result.Succeeded);
    }
}
