using System.Text.Json;
using Rlvr.Core.Data;

namespace Rlvr.Core.Tests.Data;

public class SampleParserTests
{
    private static readonly QaEnvironment Env = new();

    private static (bool Ok, Core.Scoring.ScoringRequest? Request, string? Field, string? Message) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        bool ok = SampleParser.TryParse(doc.RootElement, Env, out var request, out string? field, out string? message);
        return (ok, request, field, message);
    }

    [Fact]
    public void TryParse_InlineProblem()
    {
        var (ok, request, _, _) = Parse("""{"id": "s1", "problem": {"id": "x", "question": "q", "answer": "4"}, "completion": "\\boxed{4}"}""");
        Assert.True(ok);
        Assert.Equal("s1", request!.Id);
        Assert.Equal(new QaProblem("x", "q", "4"), request.Problem);
        Assert.Equal("\\boxed{4}", request.Completion.Text);
    }

    [Fact]
    public void TryParse_ProblemIdFromBundledDataset()
    {
        var (ok, request, _, _) = Parse("""{"id": 7, "problem_id": "q2", "completion": "Paris"}""");
        Assert.True(ok);
        Assert.Equal("7", request!.Id);
        Assert.Equal("q2", request.ProblemId);
        Assert.Equal("Paris", ((QaProblem)request.Problem).Answer);
    }

    [Fact]
    public void TryParse_ChatMessages_UsesLastAssistantContent()
    {
        var (ok, request, _, _) = Parse("""
            {"id": "c", "problem_id": "q1", "completion": [
              {"role": "assistant", "content": "thinking", "tool_calls": [{"id": "t1", "function": {"name": "calc", "arguments": "{\"x\":1}"}}]},
              {"role": "tool", "content": "2", "tool_call_id": "t1"},
              {"role": "assistant", "content": "\\boxed{4}"}]}
            """);
        Assert.True(ok);
        Assert.Equal("\\boxed{4}", request!.Completion.Text);
        Assert.Equal(3, request.Completion.Messages.Count);
        Assert.Equal("calc", request.Completion.Messages[0].ToolCalls![0].Name);
    }

    [Theory]
    [InlineData("""{"problem_id": "q1", "completion": "x"}""", "$.id")]
    [InlineData("""{"id": "", "problem_id": "q1", "completion": "x"}""", "$.id")]
    [InlineData("""{"id": "a", "problem_id": "q1"}""", "$.completion")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": 5}""", "$.completion")]
    [InlineData("""{"id": "a", "completion": "x"}""", "$.problem")]
    [InlineData("""{"id": "a", "problem_id": "nope", "completion": "x"}""", "$.problem_id")]
    [InlineData("""{"id": "a", "problem": {"id": "x", "question": "q"}, "completion": "x"}""", "$.problem")]
    [InlineData("""{"id": "a", "problem": {"id": "x", "question": "q", "answer": 4}, "completion": "x"}""", "$.problem.answer")]
    [InlineData("""{"id": "a", "problem": [], "completion": "x"}""", "$.problem")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"content": "x"}]}""", "$.completion[0].role")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": [{"id": 5, "function": {"name": "f", "arguments": "{}"}}]}]}""", "$.completion[0].tool_calls[0].id")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": [{"id": "t", "function": {"name": 1}}]}]}""", "$.completion[0].tool_calls[0].function.name")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": [{"id": "t", "function": {"name": "f", "arguments": 3}}]}]}""", "$.completion[0].tool_calls[0].function.arguments")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": [{"id": "t", "function": []}]}]}""", "$.completion[0].tool_calls[0].function")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": [7]}]}""", "$.completion[0].tool_calls[0]")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "tool_calls": {"id": "t"}}]}""", "$.completion[0].tool_calls")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "tool", "content": "2", "tool_call_id": 9}]}""", "$.completion[0].tool_call_id")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "content": 4}]}""", "$.completion[0].content")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": [{"role": "assistant", "content": [{"type": "text", "text": 4}]}]}""", "$.completion[0].content[0].text")]
    [InlineData("""{"id": "a", "problem_id": "q1", "completion": ["hi"]}""", "$.completion[0]")]
    public void TryParse_Invalid_NamesField(string json, string field)
    {
        var (ok, _, actualField, message) = Parse(json);
        Assert.False(ok);
        Assert.Equal(field, actualField);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public void TryParse_ContentParts_TextPartsJoined()
    {
        var (ok, request, _, _) = Parse("""
            {"id": "c", "problem_id": "q1", "completion": [
              {"role": "assistant", "content": [{"type": "text", "text": "\\boxed"}, {"type": "image_url", "image_url": {"url": "x"}}, {"type": "text", "text": "{4}"}]}]}
            """);
        Assert.True(ok);
        Assert.Equal("\\boxed{4}", request!.Completion.Text);
    }

    [Fact]
    public void TryParse_FlatToolCallWithObjectArguments_Accepted()
    {
        var (ok, request, _, _) = Parse("""
            {"id": "c", "problem_id": "q1", "completion": [
              {"role": "assistant", "content": null, "tool_calls": [{"id": null, "name": "calc", "arguments": {"x": 1}}]}]}
            """);
        Assert.True(ok);
        var call = request!.Completion.Messages[0].ToolCalls![0];
        Assert.Equal(("", "calc", "{\"x\": 1}"), (call.Id, call.Name, call.ArgumentsJson));
    }

    [Fact]
    public void TryParse_ParseProblemThrowsOtherException_ReportedAsProblemField()
    {
        using var doc = JsonDocument.Parse("""{"id": "a", "problem": {"x": 1}, "completion": "x"}""");
        bool ok = SampleParser.TryParse(doc.RootElement, new ThrowingParseEnvironment(), out _, out string? field, out string? message);
        Assert.False(ok);
        Assert.Equal("$.problem", field);
        Assert.Contains("the constructor refused it", message, StringComparison.Ordinal);
    }

    private sealed class ThrowingParseEnvironment : Environment<QaProblem>
    {
        public override string Name => "test/throwing-parse";

        public override string Version => "1";

        public override IVerifier<QaProblem> Rubric { get; } = Verifier.Create<QaProblem>((_, _) => Reward.Correct());

        public override string RenderPrompt(QaProblem problem) => problem.Question;

        public override QaProblem ParseProblem(JsonElement json) => throw new ArgumentException("the constructor refused it");
    }

    [Fact]
    public void TryParse_MissingRequiredProblemMember_MessageNamesIt()
    {
        var (_, _, _, message) = Parse("""{"id": "a", "problem": {"id": "x", "question": "q"}, "completion": "x"}""");
        Assert.Contains("answer", message, StringComparison.OrdinalIgnoreCase);
    }
}
