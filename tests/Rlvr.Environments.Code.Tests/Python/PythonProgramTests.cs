using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Tests.Python;

public class PythonProgramTests
{
    private const string Prompt = "from typing import List\n\ndef f(x: int) -> int:\n    \"\"\"Doc.\"\"\"\n";

    [Fact]
    public void Build_FencedFunction_PlacedAfterPrompt()
    {
        string program = PythonProgram.Build(Prompt, "f", "Here:\n```python\ndef f(x):\n    return x + 1\n```\n")!;
        Assert.StartsWith("from typing import List", program, StringComparison.Ordinal);
        Assert.EndsWith("def f(x):\n    return x + 1\n", program, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Body_ContinuesPrompt()
    {
        string program = PythonProgram.Build(Prompt, "f", "    return x + 1\n")!;
        Assert.Equal(Prompt + "    return x + 1\n", program);
    }

    [Fact]
    public void Build_SeveralBlocks_PrefersTheOneDefiningEntryPoint()
    {
        string program = PythonProgram.Build(string.Empty, "f", "```python\ndef f(x):\n    return 1\n```\nand a test:\n```python\nprint(f(2))\n```")!;
        Assert.Contains("return 1", program, StringComparison.Ordinal);
        Assert.DoesNotContain("print", program, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Empty_Null() => Assert.Null(PythonProgram.Build(Prompt, "f", "  \n"));
}
