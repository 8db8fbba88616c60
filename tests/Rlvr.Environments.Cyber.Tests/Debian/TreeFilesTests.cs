using System.Text.Json;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Debian;

namespace Rlvr.Environments.Cyber.Tests.Debian;

public sealed class TreeFilesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "rlvr-trees-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("src/lib/*.c", "src/lib/ares_init.c", true)]
    [InlineData("src/lib/*.c", "src/lib/sub/ares_init.c", false)]
    [InlineData("src/lib/*.c", "src/lib/ares_init.h", false)]
    [InlineData("png*.c", "pngrtran.c", true)]
    [InlineData("png*.c", "contrib/pngminus/png2pnm.c", false)]
    [InlineData("**/*.h", "gif_lib.h", true)]
    [InlineData("**/*.h", "a/b/c.h", true)]
    [InlineData("src/api/yajl_version.h.cmake", "src/api/yajl_version.h.cmake", true)]
    [InlineData("cJSON.c", "cJSONxc", false)]
    public void Glob_Pattern_MatchesWithinSegments(string pattern, string path, bool expected) =>
        Assert.Equal(expected, TreeFiles.Glob(pattern).IsMatch(path));

    [Fact]
    public void Read_Trees_GivesBuildFilesUnderSrcAndShowsOnlyTheNamedOnes()
    {
        Write("vulnerable/lib/a.c", "int a;\n");
        Write("vulnerable/lib/b.h", "int b;\n");
        Write("vulnerable/README", "readme\n");
        Write("patched/lib/a.c", "int a = 1;\n");
        Write("patched/lib/b.h", "int b;\n");
        var issues = new List<ChallengeIssue>();
        var source = new ChallengeSource(new DebianSource("pkg", "1.0-1", "CVE-1.patch"), ["lib/a.c"], ["lib/*.h"]);

        var trees = TreeFiles.Read(source, "x/challenge.json.source", issues, _ => root);

        Assert.Empty(issues);
        Assert.NotNull(trees);
        Assert.Equal(["src/lib/a.c", "src/lib/b.h"], trees.Value.Vulnerable.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("int a = 1;\n", trees.Value.Patched["src/lib/a.c"]);
        Assert.Equal(["src/lib/a.c"], trees.Value.Shown);
    }

    [Fact]
    public void Read_PatternsThatMatchNothingOrLeaveTheTree_AreReportedWithTheirPath()
    {
        Write("vulnerable/a.c", "int a;\n");
        Write("patched/a.c", "int a;\n");
        var issues = new List<ChallengeIssue>();
        var source = new ChallengeSource(new DebianSource("pkg", "1.0-1", "CVE-1.patch"), ["a.c", "../etc/passwd"], ["*.h"]);

        TreeFiles.Read(source, "x/challenge.json.source", issues, _ => root);

        Assert.Contains(issues, i => i.ToString().Contains("x/challenge.json.source.build_files[0]", StringComparison.Ordinal) && i.ToString().Contains("matches no file", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.ToString().Contains("x/challenge.json.source.files[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnavailableTrees_IsAnIssueNotAnException()
    {
        var issues = new List<ChallengeIssue>();
        var source = new ChallengeSource(new DebianSource("pkg", "1.0-1", "CVE-1.patch"), ["a.c"]);

        var trees = TreeFiles.Read(source, "x/challenge.json.source", issues, _ => throw new InvalidOperationException("no image"));

        Assert.Null(trees);
        Assert.Contains(issues, i => i.ToString().Contains("pkg 1.0-1 (CVE-1.patch) are not available: no image", StringComparison.Ordinal));
    }

    [Fact]
    public void TreeFolder_PatchName_DropsOnlyTheExtension() =>
        Assert.Equal("c-ares_1.18.1-3/CVE-2022-4904", new DebianSource("c-ares", "1.18.1-3", "CVE-2022-4904.diff").TreeFolder);

    [Fact]
    public void SourcesTxt_ListsExactlyTheBundledDebianChallenges()
    {
        var listed = File.ReadAllLines(Path.Combine(RepoPaths.ImagesDirectory, "cyber-debian", "sources.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var used = Directory.GetDirectories(DebianChallenges.Folder)
            .Select(d => JsonSerializer.Deserialize<ChallengeManifest>(File.ReadAllText(Path.Combine(d, "challenge.json")), RlvrJson.Options))
            .Select(m => m?.Source?.Debian?.SourcesLine ?? "missing")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(used.Count >= 8, "at least eight Debian challenges");
        Assert.Equal(listed, used);
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
