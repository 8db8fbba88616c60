using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Rlvr.Analyzers.Infrastructure;
using Rlvr.Analyzers.Tests.Infrastructure;

namespace Rlvr.Analyzers.Tests;

/// <summary>
/// Every descriptor is documented, linked, indexed and release-tracked, and belongs to an analyzer.
/// Descriptors and analyzers are found by reflection, so new rules are covered without editing this file.
/// </summary>
public class DescriptorsTests
{
    private static readonly string AnalyzersRoot = Path.Combine(TestReferences.RepoRoot, "analyzers");

    public static TheoryData<string> DescriptorIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var descriptor in AllDescriptors())
            {
                data.Add(descriptor.Id);
            }

            return data;
        }
    }

    [Fact]
    public void Descriptors_All_HaveUniqueIds()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_Id_IsInItsCategoryRange(string id)
    {
        var descriptor = Find(id);
        int start = Categories.RangeStart(descriptor.Category);

        Assert.Matches(new Regex("^RLVR[1-9][0-9]{3}$"), id);
        Assert.True(start > 0, $"{id} has unknown category '{descriptor.Category}'.");
        int number = int.Parse(id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number, start + 1, start + 999);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_HelpLink_PointsAtItsDocPage(string id)
    {
        var descriptor = Find(id);

        Assert.Equal($"{Descriptors.HelpLinkBase}{id}.md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(AnalyzersRoot, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing.");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_DocPage_HasTitleAndSections(string id)
    {
        var descriptor = Find(id);
        string page = File.ReadAllText(Path.Combine(AnalyzersRoot, "docs", "rules", id + ".md"));

        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        foreach (string section in new[] { "## Cause", "## Why it matters for training", "## How to fix", "## How to suppress" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_Index_HasRowWithTitleAndSeverity(string id)
    {
        var descriptor = Find(id);
        string index = File.ReadAllText(Path.Combine(AnalyzersRoot, "docs", "README.md"));

        Assert.Contains($"| [{id}](rules/{id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} |", index, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_Releases_HaveRowWithCategoryAndSeverity(string id)
    {
        var descriptor = Find(id);
        string releases = File.ReadAllText(Path.Combine(AnalyzersRoot, "Rlvr.Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(AnalyzersRoot, "Rlvr.Analyzers", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_IsReportedByExactlyOneAnalyzer(string id)
    {
        var owners = AllRules().Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToList();

        Assert.Single(owners);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_IndexCodeFixColumn_MatchesCodeFixProviders(string id)
    {
        var descriptor = Find(id);
        bool hasFix = typeof(Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.FloatingPointEqualityCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!)
            .Any(p => p.FixableDiagnosticIds.Contains(id));
        string index = File.ReadAllText(Path.Combine(AnalyzersRoot, "docs", "README.md"));
        string page = File.ReadAllText(Path.Combine(AnalyzersRoot, "docs", "rules", id + ".md"));

        Assert.Contains($"| [{id}](rules/{id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} | {(hasFix ? "yes" : "no")} |", index, StringComparison.Ordinal);
        Assert.Contains($"| Code fix | {(hasFix ? "yes" : "no")} |", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Assembly_ExportsOnlyTheHost_WhichHostsEveryRuleAndDescriptor()
    {
        var exported = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .ToList();

        Assert.Equal([typeof(RlvrAnalyzer)], exported);
        Assert.Equal(AllRules().Select(r => r.GetType()).OrderBy(t => t.FullName), RlvrAnalyzer.Rules.Select(r => r.GetType()).OrderBy(t => t.FullName));
        Assert.Equal(AllDescriptors().Select(d => d.Id).Order(), new RlvrAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order());
    }

    [Fact]
    public void Index_EveryRow_HasADescriptor()
    {
        string index = File.ReadAllText(Path.Combine(AnalyzersRoot, "docs", "README.md"));
        var known = AllDescriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var listed = Regex.Matches(index, @"^\| \[(RLVR\d{4})\]", RegexOptions.Multiline).Select(m => m.Groups[1].Value);

        Assert.All(listed, id => Assert.Contains(id, known));
    }

    private static DiagnosticDescriptor Find(string id) => AllDescriptors().Single(d => d.Id == id);

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    // The rule classes (each a complete analyzer), found independently of the host's own reflection.
    private static IEnumerable<DiagnosticAnalyzer> AllRules() =>
        typeof(Descriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RewardAnalyzer)))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t, nonPublic: true)!);
}
