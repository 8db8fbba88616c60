using Rlvr.Core.Extraction;

namespace Rlvr.Core.Tests.Extraction;

public class FinalAnswerExtractorTests
{
    [Theory]
    [InlineData("so \\boxed{42}.", "42", AnswerSource.Boxed)]
    [InlineData("\\boxed{1} and \\boxed{2}", "1, 2", AnswerSource.Boxed)]
    [InlineData("Work.\n#### 1,234", "1234", AnswerSource.Gsm8k)]
    [InlineData("Final Answer: The final answer is $10$. I hope it is correct.", "10", AnswerSource.Anchor)]
    [InlineData("Final Answer: The volume of $ABCD$ is 120.", "120", AnswerSource.Anchor)]
    [InlineData("We get $x = 3$ here.", "x = 3", AnswerSource.MathSpan)]
    [InlineData("$1$ and $2$", "1, 2", AnswerSource.MathSpan)]
    [InlineData("Since $d = 90/n$, there are 12 sequences.", "12", AnswerSource.LastNumber)]
    [InlineData("x = 3", "x = 3", AnswerSource.Whole)]
    [InlineData("the total is about 2,74 euros today", "2.74", AnswerSource.LastNumber)]
    [InlineData("the probability is 2/3 overall for both", "2/3", AnswerSource.LastNumber)]
    [InlineData("\\boxed{200} then \\boxed{255}. Final Answer: The final answer is $10,455$.", "10,455", AnswerSource.Anchor)]
    public void Find_Completion_FindsFinalAnswer(string text, string answer, AnswerSource source)
    {
        var found = FinalAnswerExtractor.Find(text);

        Assert.Equal(ExtractionStatus.Found, found.Status);
        Assert.Equal(answer, found.Value);
        Assert.Equal(source, found.Source);
    }

    [Theory]
    [InlineData("\\boxed{2} and \\boxed{3}", 2)]
    [InlineData("$1$, $2$ and $3$", 3)]
    [InlineData("\\boxed{7}", 1)]
    public void Find_MultiPartAnswer_CountsParts(string text, int parts)
    {
        Assert.Equal(parts, FinalAnswerExtractor.Find(text).PartCount);
    }

    [Theory]
    [InlineData("maybe \\boxed{1} or perhaps \\boxed{2}", AnswerSource.Boxed)]
    [InlineData("#### 3\n#### 4", AnswerSource.Gsm8k)]
    public void Find_DistinctAnswersWithProse_Conflict(string text, AnswerSource source)
    {
        var found = FinalAnswerExtractor.Find(text);

        Assert.Equal(ExtractionStatus.Conflict, found.Status);
        Assert.Equal(source, found.Source);
        Assert.Equal(2, found.Candidates.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<think>\\boxed{5}</think>")]
    [InlineData("no numbers in this reply at all")]
    public void Find_NothingOutsideThinking_None(string text)
    {
        var found = FinalAnswerExtractor.Find(text);

        Assert.Equal(ExtractionStatus.None, found.Status);
        Assert.Equal(AnswerSource.None, found.Source);
    }

    [Fact]
    public void Find_ReferenceWithProseBetweenBoxes_CombinesThem()
    {
        var found = FinalAnswerExtractor.Find("\\boxed{1} papers and \\boxed{2} bins", isReference: true);

        Assert.Equal("1, 2", found.Value);
    }

    [Theory]
    [InlineData("the answer is 2,74", "2.74")]     // one comma before two digits: a decimal comma
    [InlineData("the answer is 2,740", "2740")]    // before exactly three digits: a thousands separator
    [InlineData("values 1,2,3", "3")]              // several commas that group nothing: a list
    public void Find_CommaInLastNumber_ReadsLikeLastNumber(string text, string expected)
    {
        // The final-answer extractor and AnswerExtractor.LastNumber share one rule.
        Assert.Equal(expected, AnswerExtractor.LastNumber(text).Value);
        Assert.Equal(expected, FinalAnswerExtractor.Find("so " + text + " total, more or less").Value);
    }

    [Theory]
    [InlineData("28 percent", false)]
    [InlineData("x = 3", false)]
    [InlineData("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", false)]
    [InlineData("the midpoints form a hexagon", true)]
    public void HasProse_Text_TellsWordsFromFormulas(string text, bool prose)
    {
        Assert.Equal(prose, FinalAnswerExtractor.HasProse(text));
    }
}
