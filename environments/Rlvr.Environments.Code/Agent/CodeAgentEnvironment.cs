using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Agent;

/// <summary>
/// <c>code/agent</c>: a multi-turn coding episode (see <see cref="CodeAgentEpisode"/>): the model may run its code
/// against the public tests in a sandbox (<c>run_tests</c>), read the results, revise, and <c>submit</c>; the hidden
/// tests decide. Judging is <c>code/python</c>'s (<see cref="PythonFunctionVerifier"/>): fresh process per test,
/// values compared in the SDK. Offline scoring (<c>rlvr eval --input</c>) judges the last <c>submit</c> call of the
/// transcript, or else the completion's code.
/// </summary>
public sealed class CodeAgentEnvironment : Environment<CodeAgentProblem>
{
    private readonly CodeOptions options;

    /// <summary>Creates the environment with default options.</summary>
    public CodeAgentEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images and limits (partial credit applies to <c>run_tests</c> reports only).</param>
    public CodeAgentEnvironment(CodeOptions? options)
    {
        this.options = options ?? CodeOptions.Default;
        var judge = new PythonFunctionVerifier(this.options with { PartialCredit = false });
        Rubric = Rubric<CodeAgentProblem>.Single("tests", Verifier.Create<CodeAgentProblem>((problem, completion, context) =>
        {
            var submitted = completion.Messages.SelectMany(m => m.ToolCalls ?? []).LastOrDefault(c => c.Name == CodeAgentEpisode.SubmitTool);
            var code = submitted is null ? completion : Completion.FromText(CodeAgentEpisode.ReadCode(submitted.ArgumentsJson) ?? string.Empty);
            return judge.ScoreAsync(problem.FullProblem(), code, context);
        }));
    }

    /// <inheritdoc />
    public override string Name => "code/agent";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "Multi-turn Python coding: run the code against the public tests in a sandbox (run_tests), revise, submit; hidden tests decide.";

    /// <inheritdoc />
    public override IVerifier<CodeAgentProblem> Rubric { get; }

    /// <inheritdoc />
    public override string? GetProblemId(CodeAgentProblem problem) => problem?.Id;

    /// <inheritdoc />
    public override string RenderPrompt(CodeAgentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var tests = string.Join("\n", problem.PublicTests.Select(t => $"  {problem.EntryPoint}({string.Join(", ", t.Args.Select(a => a.GetRawText()))}) == {t.Expected.GetRawText()}"));
        return $"{problem.Prompt}\n\nWrite the Python function `{problem.EntryPoint}`. Public tests:\n{tests}\n\n"
            + "Tools: run_tests(code) runs your code against the public tests in a sandbox and reports each result; "
            + "submit(code) ends the episode and is judged on the public and hidden tests.";
    }

    /// <inheritdoc />
    public override IEpisode CreateEpisode(CodeAgentProblem problem, ScoringContext context) => new CodeAgentEpisode(this, problem, context, options);

    /// <inheritdoc />
    protected override IEnumerable<CodeAgentProblem> LoadProblems() => CodeAgentProblems.Bundled;
}
