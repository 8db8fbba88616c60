namespace Rlvr.Core.Tests;

public sealed class ProblemFileAccessTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-access-").FullName;

    public ProblemFileAccessTests()
    {
        Directory.CreateDirectory(Path.Combine(dir, "root", "ok", "inner"));
        Directory.CreateDirectory(Path.Combine(dir, "outside", "secret"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "root", "link-out"), Path.Combine(dir, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "root", "link-in"), Path.Combine(dir, "root", "ok"));
        File.WriteAllText(Path.Combine(dir, "root", "file.txt"), "x");
    }

    private string Root => Path.Combine(dir, "root");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Current_OutsideAnyScope_Unrestricted()
    {
        Assert.Same(ProblemFileAccess.Unrestricted, ProblemFileAccess.Current);
        Assert.Equal(Path.Combine(dir, "outside"), ProblemFileAccess.Current.ResolveFolder(Path.Combine(dir, "outside"), "$.path"));
    }

    [Fact]
    public void Denied_AnyPath_RefusedNamingTheField()
    {
        var ex = Assert.Throws<ProblemFormatException>(() => ProblemFileAccess.Denied.ResolveFolder(Path.Combine(Root, "ok"), "$.path"));
        Assert.Equal("$.path", ex.Field);
        Assert.Contains("does not accept host paths", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("ok/inner")]
    [InlineData("ok/inner/")]
    [InlineData("./ok")]
    public void Below_FolderUnderRoot_Resolved(string path)
    {
        string resolved = ProblemFileAccess.Below(Root).ResolveFolder(path, "$.path");
        Assert.StartsWith(Path.Combine(Root, "ok"), resolved, StringComparison.Ordinal);
    }

    [Fact]
    public void Below_AbsolutePathUnderRoot_Resolved() =>
        Assert.Equal(Path.Combine(Root, "ok"), ProblemFileAccess.Below(Root).ResolveFolder(Path.Combine(Root, "ok"), "$.path"));

    [Theory]
    [InlineData("../outside/secret")]              // exists, outside
    [InlineData("ok/../../outside/secret")]        // exists, outside, through a real folder
    [InlineData("ok/..")]                          // the root itself, via ..
    [InlineData("/etc")]                           // exists, absolute, outside
    [InlineData("link-out/secret")]                // exists, through a link that leaves the root
    [InlineData("link-in")]                        // a link that stays inside is still a link
    [InlineData("file.txt")]                       // a file, not a folder
    [InlineData("missing")]                        // does not exist
    [InlineData("link-out/missing")]               // does not exist, through a link
    [InlineData("")]
    [InlineData(".")]                              // the root itself is not a problem folder
    [InlineData("ok\0/x")]
    public void Below_EverythingElse_RefusedWithOneMessage(string path)
    {
        var access = ProblemFileAccess.Below(Root);
        var ex = Assert.Throws<ProblemFormatException>(() => access.ResolveFolder(path, "$.path"));
        Assert.Equal("$.path", ex.Field);

        // The same words whether the target exists or not: a client learns nothing about the host's files.
        var missing = Assert.Throws<ProblemFormatException>(() => access.ResolveFolder("no-such-folder", "$.path"));
        Assert.Equal(missing.Message, ex.Message);
        Assert.DoesNotContain(dir, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_Scope_FlowsIntoAwaitedWorkAndIsRestored()
    {
        using (ProblemFileAccess.Enter(ProblemFileAccess.Denied))
        {
            var seen = await Task.Run(async () =>
            {
                await Task.Yield();
                return ProblemFileAccess.Current;
            });
            Assert.Same(ProblemFileAccess.Denied, seen);
        }

        Assert.Same(ProblemFileAccess.Unrestricted, ProblemFileAccess.Current);
    }

    [Fact]
    public void Below_MissingRoot_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => ProblemFileAccess.Below(Path.Combine(dir, "nope")));
}
