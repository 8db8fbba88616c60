namespace Rlvr.Environments.Code.Data;

/// <summary>
/// One LiveCodeBench problem as read from either row shape, before it becomes a stdin/stdout or a call-based problem.
/// </summary>
/// <param name="Id">
/// <c>platform/question_id</c>, e.g. <c>leetcode/2727</c>.
/// </param>
/// <param name="Prompt">The prompt in LiveCodeBench's own format.</param>
/// <param name="FunctionName">The method a call-based (LeetCode) problem calls; <see langword="null"/> for stdin/stdout.</param>
/// <param name="ReadTests">
/// Decodes the public then private tests (input and expected output as LiveCodeBench stores them); a problem keeps its
/// private tests compressed, so each call decodes them anew.
/// </param>
/// <param name="CSharpPrompt">The same prompt asking for a C# program (stdin/stdout problems only), or <see langword="null"/>.</param>
/// <param name="Location">The file and line the row came from, for errors.</param>
internal sealed record LiveCodeBenchProblem(string Id, string Prompt, string? FunctionName, Func<IReadOnlyList<(string Input, string Output)>> ReadTests, string? CSharpPrompt, string Location);
