using Rlvr.Environments.Math.Extraction;

namespace Rlvr.Environments.Math.Tests.Extraction;

public class FinalAnswerFinderTests
{
    [Theory]
    [InlineData("so \\boxed{42}.", "42", "boxed")]
    [InlineData("\\boxed{1} and \\boxed{2}", "1, 2", "boxed")]
    [InlineData("Work.\n#### 1,234", "1234", "gsm8k")]
    [InlineData("Final Answer: The final answer is $10$. I hope it is correct.", "10", "anchor")]
    [InlineData("Final Answer: The volume of $ABCD$ is 120.", "120", "anchor")]
    [InlineData("We get $x = 3$ here.", "x = 3", "math")]
    [InlineData("$1$ and $2$", "1, 2", "math")]
    [InlineData("Since $d = 90/n$, there are 12 sequences.", "12", "last_number")]
    [InlineData("x = 3", "x = 3", "whole")]
    [InlineData("the total is about 2,74 euros today", "2.74", "last_number")]
    [InlineData("the probability is 2/3 overall for both", "2/3", "last_number")]
    [InlineData("\\boxed{200} then \\boxed{255}. Final Answer: The final answer is $10,455$.", "10,455", "anchor")]
    public void Find_Completion_FindsFinalAnswer(string text, string answer, string source)
    {
        var found = FinalAnswerFinder.Find(text, isReference: false);

        Assert.Equal(FinalAnswerStatus.Found, found.Status);
        Assert.Equal(answer, found.Text);
        Assert.Equal(source, found.Source);
    }

    [Theory]
    [InlineData("maybe \\boxed{1} or perhaps \\boxed{2}")]
    [InlineData("#### 3\n#### 4")]
    public void Find_DistinctAnswersWithProse_Conflict(string text)
    {
        Assert.Equal(FinalAnswerStatus.Conflict, FinalAnswerFinder.Find(text, isReference: false).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<think>\\boxed{5}</think>")]
    [InlineData("no numbers in this reply at all")]
    public void Find_NothingOutsideThinking_None(string text)
    {
        Assert.Equal(FinalAnswerStatus.None, FinalAnswerFinder.Find(text, isReference: false).Status);
    }

    [Fact]
    public void Find_ReferenceWithProseBetweenBoxes_CombinesThem()
    {
        var found = FinalAnswerFinder.Find("\\boxed{1} papers and \\boxed{2} bins", isReference: true);

        Assert.Equal("1, 2", found.Text);
    }
}
