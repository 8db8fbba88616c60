using System.Text;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Tests.Patching;

public class DiffTextTests
{
    private static string BigFile(int lines)
    {
        var sb = new StringBuilder("#include <stdio.h>\n#include \"config.h\"\n#define LIMIT 10\n");
        for (int i = 0; i < lines; i++)
        {
            sb.Append("int value_").Append(i).Append(" = ").Append(i % 97).Append(";\n");
        }

        return sb.ToString();
    }

    private static string ApplyAll(IReadOnlyDictionary<string, string> before, string diff)
    {
        var patch = Assert.Single(UnifiedDiff.Parse(diff));
        return UnifiedDiff.Apply(before[patch.NewPath], patch);
    }

    [Fact]
    public void Create_OneLineChangeInTwelveThousandLineFile_IsOneHunkThatAppliesAndPassesThePolicy()
    {
        string before = BigFile(12_000);
        string after = before.Replace("int value_6000 = 83;\n", "int value_6000 = 84;\n", StringComparison.Ordinal);
        Assert.NotEqual(before, after);
        var oldFiles = new Dictionary<string, string> { ["src/big.c"] = before };
        var newFiles = new Dictionary<string, string> { ["src/big.c"] = after };

        string diff = DiffText.Create(oldFiles, newFiles);

        Assert.Single(diff.Split('\n'), l => l.StartsWith("@@", StringComparison.Ordinal));
        Assert.Single(diff.Split('\n'), l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
        Assert.True(diff.Length < 600, diff);
        Assert.Equal(after, ApplyAll(oldFiles, diff));
        var violations = PatchPolicy.Check(UnifiedDiff.Parse(diff), ["src/big.c"], oldFiles, newFiles);
        Assert.Empty(violations);
    }

    [Fact]
    public void Create_RandomEditsOfLargeFiles_ApplyBackToTheNewText()
    {
        var random = new Random(17);
        for (int round = 0; round < 20; round++)
        {
            var lines = BigFile(3000 + random.Next(8000)).Split('\n').ToList();
            var edited = new List<string>(lines);
            int changes = 1 + random.Next(40);
            for (int c = 0; c < changes; c++)
            {
                int at = random.Next(edited.Count);
                switch (random.Next(3))
                {
                    case 0: edited.RemoveAt(at); break;
                    case 1: edited.Insert(at, "/* inserted " + c + " */"); break;
                    default: edited[at] = "int changed_" + c + ";"; break;
                }
            }

            var oldFiles = new Dictionary<string, string> { ["src/a.c"] = string.Join('\n', lines) };
            var newFiles = new Dictionary<string, string> { ["src/a.c"] = string.Join('\n', edited) };
            string diff = DiffText.Create(oldFiles, newFiles);
            string expected = newFiles["src/a.c"].EndsWith('\n') ? newFiles["src/a.c"] : newFiles["src/a.c"] + "\n";
            string actual = ApplyAll(oldFiles, diff);
            Assert.Equal(expected.TrimEnd('\n'), actual.TrimEnd('\n'));
            Assert.True(diff.Split('\n').Count(l => l.Length > 0 && (l[0] == '-' || l[0] == '+')) <= (4 * changes) + 2, $"round {round}: diff not minimal");
        }
    }

    [Fact]
    public void Create_CompletelyDifferentFilesPastTheEditBound_StillAReplacingDiff()
    {
        var before = new Dictionary<string, string> { ["src/a.c"] = string.Concat(Enumerable.Range(0, 3000).Select(i => $"int a{i};\n")) };
        var after = new Dictionary<string, string> { ["src/a.c"] = string.Concat(Enumerable.Range(0, 3000).Select(i => $"int b{i};\n")) };
        string diff = DiffText.Create(before, after);
        Assert.Equal(after["src/a.c"], ApplyAll(before, diff));
    }

    [Fact]
    public void Create_InsertionAtStartAndDeletionAtEnd_HunkHeadersAreExact()
    {
        var before = new Dictionary<string, string> { ["src/a.c"] = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n" };
        var after = new Dictionary<string, string> { ["src/a.c"] = "new\na\nb\nc\nd\ne\nf\ng\nh\ni\n" };
        string diff = DiffText.Create(before, after);
        var headers = diff.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["@@ -1,3 +1,4 @@", "@@ -7,4 +8,3 @@"], headers);
        Assert.Equal(after["src/a.c"], ApplyAll(before, diff));
    }
}
