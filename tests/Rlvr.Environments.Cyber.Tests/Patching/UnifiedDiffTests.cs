using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.Patching;

public class UnifiedDiffTests
{
    private const string Source = "int a;\nint b;\nint c;\nint d;\n";

    [Fact]
    public void Apply_SimpleHunk_ReplacesLines()
    {
        var files = UnifiedDiff.Parse("--- a/src/x.c\n+++ b/src/x.c\n@@ -2,2 +2,2 @@\n int b;\n-int c;\n+long c;\n");
        var file = Assert.Single(files);
        Assert.Equal("src/x.c", file.NewPath);
        Assert.Equal("int a;\nint b;\nlong c;\nint d;\n", UnifiedDiff.Apply(Source, file));
    }

    [Fact]
    public void Apply_WrongLineNumber_FindsNearestExactMatch()
    {
        var file = UnifiedDiff.Parse("--- a/x.c\n+++ b/x.c\n@@ -40,1 +40,2 @@\n int d;\n+int e;\n")[0];
        Assert.Equal(Source + "int e;\n", UnifiedDiff.Apply(Source, file));
    }

    [Fact]
    public void Apply_ContextMismatch_Throws()
    {
        var file = UnifiedDiff.Parse("--- a/x.c\n+++ b/x.c\n@@ -1,1 +1,1 @@\n-int z;\n+int y;\n")[0];
        var ex = Assert.Throws<PatchFormatException>(() => UnifiedDiff.Apply(Source, file));
        Assert.Contains("does not match", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text\n")]
    [InlineData("--- a/x.c\n@@ -1 +1 @@\n")]
    [InlineData("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n int a;\n")]
    public void Parse_Malformed_Throws(string diff)
    {
        Assert.Throws<PatchFormatException>(() => UnifiedDiff.Parse(diff));
    }

    [Fact]
    public void DiffText_RoundTrips()
    {
        var before = new Dictionary<string, string> { ["src/x.c"] = Source };
        var after = new Dictionary<string, string> { ["src/x.c"] = "int a;\nint c;\nint q;\n" };
        var diff = DiffText.Create(before, after);
        Assert.Equal(after["src/x.c"], UnifiedDiff.Apply(Source, UnifiedDiff.Parse(diff)[0]));
    }
}
