using System.Text.Json;
using Rlvr.Environments.Code.CSharp;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Tests;

public class EnvironmentTests
{
    [Fact]
    public void BundledDatasets_FromSharedFolder_LoadEveryRow()
    {
        Assert.Equal(164, new HumanEvalEnvironment().ProblemIds.Count);
        Assert.Equal(974, new MbppEnvironment().ProblemIds.Count);
        Assert.Equal(22, new StdioEnvironment().ProblemIds.Count);
        Assert.Equal(22, new CSharpEnvironment().ProblemIds.Count);
    }

    [Fact]
    public void Names_AreTheIssuesNames()
    {
        Assert.Equal(
            ["code/csharp", "code/humaneval", "code/mbpp", "code/python", "code/stdio"],
            new[] { new CSharpEnvironment().Name, new HumanEvalEnvironment().Name, new MbppEnvironment().Name, new PythonFunctionEnvironment().Name, new StdioEnvironment().Name }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParseProblem_InlinePythonProblem_ReadsSnakeCase()
    {
        var json = JsonDocument.Parse("""{"id": "add", "prompt": "Write add.", "entry_point": "add", "reference": "def add(a, b):\n    return a + b\n", "tests": "assert add(1, 2) == 3\n", "test_style": "module"}""").RootElement;
        var problem = new PythonFunctionEnvironment().ParseProblem(json);
        Assert.Equal("add", problem.EntryPoint);
        Assert.Equal(PythonTestStyle.Module, problem.TestStyle);
    }

    [Fact]
    public void MbppEntryPoint_FirstCalledFunctionTheReferenceDefines()
    {
        var env = new MbppEnvironment();
        Assert.True(env.TryGetProblem("mbpp/11", out var problem));
        Assert.Equal("remove_Occ", problem.EntryPoint);
        Assert.DoesNotContain("\r", problem.Reference, StringComparison.Ordinal);
    }
}
