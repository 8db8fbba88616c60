using System.Text;
using Rlvr.Environments.Cyber.Patch;

namespace Rlvr.Environments.Cyber.Tests.Patch;

public class PocVariantsTests
{
    [Fact]
    public void Create_StretchesLongestRunAndDoubles()
    {
        var variants = PocVariants.Create(Encoding.ASCII.GetBytes("xAAAy"), 100).Select(v => Encoding.ASCII.GetString(v)).ToArray();
        Assert.Equal(["xAAAAAAy", "xAAAyxAAAy"], variants);
    }

    [Fact]
    public void Create_RespectsSizeLimit()
    {
        Assert.Empty(PocVariants.Create(Encoding.ASCII.GetBytes("abcd"), 4));
    }

    [Fact]
    public void Find_DiffBlockOrBareDiff()
    {
        Assert.StartsWith("--- a/x", PatchSubmission.Find("fix:\n```diff\n--- a/x\n```"), StringComparison.Ordinal);
        Assert.StartsWith("--- a/x", PatchSubmission.Find("--- a/x\n+++ b/x\n"), StringComparison.Ordinal);
        Assert.Null(PatchSubmission.Find("I would add a bounds check."));
    }
}
