using CsCheck;
using Rlvr.Core;
using Rlvr.Environments.Code.CSharp;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;
using Rlvr.Environments.Math;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>
/// The valid seeds every fuzz case starts from (one sample or request per environment and endpoint) and the seeded
/// CsCheck generator that picks seed, JSON path, mutation kind and payload for each case.
/// </summary>
internal static class FuzzCases
{
    /// <summary>The fixed seed of every run: the same cases each time, so a failure reproduces.</summary>
    public const ulong Seed = 0x13_F022;

    public static readonly IEnvironment[] Environments =
    [
        new TestEnvironment(),
        new MathEnvironment(),
        new PythonFunctionEnvironment(),
        new StdioEnvironment(),
        new CSharpEnvironment(),
        new PocEnvironment(),
        new PatchEnvironment(),
        new CtfEnvironment(),
    ];

    private const string Chat = """
        [{"role": "system", "content": "be brief"},
         {"role": "assistant", "content": [{"type": "text", "text": "thinking"}], "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "calc", "arguments": "{\"x\": 1}"}}]},
         {"role": "tool", "tool_call_id": "t1", "content": "2"},
         {"role": "assistant", "content": "7"}]
        """;

    /// <summary>Valid problems, inline, per environment name.</summary>
    public static string Problem(IEnvironment environment) => environment.Name switch
    {
        "test/number" => """{"answer": "7", "delay_ms": 0}""",
        "math" => """{"question": "What is 3 + 4?", "answer": "7"}""",
        "code/python" => """{"id": "p1", "prompt": "def add(a, b):", "entry_point": "add", "reference": "def add(a, b):\n    return a + b\n", "tests": "def check(candidate):\n    assert candidate(1, 2) == 3\n"}""",
        "code/stdio" or "code/csharp" => """{"id": "s1", "prompt": "Echo the number.", "tests": [{"input": "7\n", "output": "7\n"}], "tolerance": null, "time_limit_seconds": 2}""",
        "cyber/poc" or "cyber/patch" or "cyber/ctf" => $$"""{"id": "{{environment.ProblemIds[0]}}"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(environment), environment.Name, "no seed problem"),
    };

    /// <summary>Valid samples (the shape of <c>rlvr eval</c> lines and <c>/v1/score</c> items) for an environment.</summary>
    public static string[] Samples(IEnvironment environment)
    {
        string problem = Problem(environment);
        var samples = new List<string>
        {
            $$"""{"id": "a", "problem": {{problem}}, "completion": "The answer is 7."}""",
            $$"""{"id": 17, "problem": {{problem}}, "completion": {{Chat}}}""",
        };
        if (environment.ProblemIds.Count > 0)
        {
            samples.Add($$"""{"id": "b", "problem_id": "{{environment.ProblemIds[0]}}", "completion": "```python\nprint(7)\n```"}""");
        }

        return [.. samples];
    }

    /// <summary>Valid requests per endpoint of the reward server.</summary>
    public static readonly (string Path, string Body)[] Requests =
    [
        ("/v1/score", $$"""
            {"env": "test/number", "items": [
              {"id": "a", "problem": {"answer": "7"}, "completion": "so 7"},
              {"id": "b", "env": "math", "problem": {"question": "3 + 4?", "answer": "7"}, "completion": {{Chat}}},
              {"id": "c", "problem_id": "answer-3", "completion": "3"}]}
            """),
        ("/get_reward", """{"query": ["Q: give 2. A: 2", "Q: give 3. A: 4"], "prompts": ["Q: give 2. A:", "Q: give 3. A:"], "labels": ["answer-2", {"answer": "3"}]}"""),
        ("/verify", """
            {"responses_create_params": {"input": [{"role": "user", "content": "Give a number."}]},
             "response": {"id": "r1", "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "7"}]}]},
             "problem": {"answer": "7"}}
            """),
        ("/seed_session", """{"problem_id": "answer-1"}"""),
        ("/aggregate_metrics", """{"verify_responses": [{"reward": 1.0, "_ng_task_index": 0}, {"reward": 0.0, "_ng_task_index": 0}]}"""),
        ("/run_code", """{"code": "print(1)", "language": "python", "run_timeout": 3, "memory_limit_MB": 256, "stdin": "hi", "files": {"data.txt": "aGk="}}"""),
    ];

    /// <summary>
    /// Case parameters: which seed, which JSON path (an index folded onto the seed's paths), which mutation, and the
    /// payload seed. CsCheck generates them from a fixed <see cref="PCG"/> stream, so every run sees the same cases.
    /// </summary>
    public static IEnumerable<(int Seed, int Path, int Kind, int Payload)> Generate(int seeds, int count, uint stream)
    {
        var gen = Gen.Select(Gen.Int[0, seeds - 1], Gen.Int[0, 10_000], Gen.Int[0, JsonMutator.Kinds - 1], Gen.Int);
        var pcg = new PCG(stream, Seed);
        for (int i = 0; i < count; i++)
        {
            yield return gen.Generate(pcg, null!, out _);
        }
    }
}
