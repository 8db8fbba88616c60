using Rlvr.Analyzers.Tests.Infrastructure;
using Rlvr.Tests.Support;

namespace Rlvr.Analyzers.Tests.CodeFixes;

/// <summary>
/// Runs the real <c>dotnet format analyzers</c> on a throwaway project that loads the built analyzer and code-fix
/// assemblies: every code fix must be applied through its Fix All, including when the first diagnostic of a rule
/// is one its fix cannot change (which made <c>dotnet format</c> give up with "didn't return a Fix All action").
/// Slow (a restore and a format), so it is one test for all the fixes.
/// </summary>
public sealed class RewardCodeFixTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), "rlvr-formattest-" + Guid.NewGuid().ToString("N"));

    // One occurrence per fixable rule. The first RLVR2002 (a double interpolated into a compared string) and the
    // first RLVR1012 (a [GeneratedRegex] pattern; the SDK runs the regex generator) have no mechanical fix; the
    // ones after them do.
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Rlvr.Core;
        using Rlvr.Core.Extraction;

        namespace Consumer;

        public sealed record Problem(string Answer, double Value, IReadOnlyList<string> Tests, string[] Lines);

        public sealed partial class Verifiers : IVerifier<Problem>
        {
            [GeneratedRegex(@"\A<think>.*</think>\z", RegexOptions.None, 1000)]
            private static partial Regex Thinking();

            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string text = completion.Text;
                bool shown = $"{problem.Value}" == text;
                bool thinks = Thinking().IsMatch(text);
                bool parsed = double.Parse(text) > 0;
                bool all = problem.Tests.All(t => text.Contains(t, StringComparison.Ordinal));
                bool lines = text.Split('\n').Zip(problem.Lines).All(p => p.First == p.Second);
                bool tagged = Regex.IsMatch(text, @"\A<answer>.+?</answer>\z", RegexOptions.None, TimeSpan.FromSeconds(1));
                var first = Regex.Match(text, @"answer is (\d+)", RegexOptions.None, TimeSpan.FromSeconds(1));
                bool close = Extract(text) == problem.Value;
                string digits = text.Trim().Replace(",", "", StringComparison.Ordinal);
                bool timed = Regex.IsMatch(text, @"^\d+$");
                bool done = Task.Run(() => text.Length > 0).Result;
                Record(text);
                await Task.Yield();
                return shown && thinks && parsed && all && lines && tagged && first.Success && close && digits == problem.Answer && timed && done
                    ? Reward.Correct()
                    : Reward.Wrong();
            }

            private static double Extract(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

            private async void Record(string text) => await Task.Delay(text.Length);
        }
        """;

    [Fact]
    public async Task DotnetFormatAnalyzers_EveryCodeFix_AppliesItsFixAll()
    {
        Directory.CreateDirectory(work);
        string bin = AppContext.BaseDirectory;
        await File.WriteAllTextAsync(Path.Combine(work, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Rlvr.Core" HintPath="{Path.Combine(bin, "Rlvr.Core.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "Rlvr.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "Rlvr.Analyzers.CodeFixes.dll")}" />
              </ItemGroup>
            </Project>
            """);
        string file = Path.Combine(work, "Verifiers.cs");
        await File.WriteAllTextAsync(file, Source);

        // Only the Rlvr rules, so the SDK's own info-level fixes (CA1822...) do not change the file too.
        var format = await ProcessRunner.DotnetAsync(
            work, "format", "analyzers", "Consumer.csproj", "--severity", "info", "--verbosity", "detailed",
            "--diagnostics", "RLVR1005", "RLVR1009", "RLVR1012", "RLVR1013", "RLVR1014", "RLVR1016", "RLVR2002", "RLVR3001", "RLVR3002", "RLVR3007");
        string fixedSource = await File.ReadAllTextAsync(file);

        Assert.DoesNotContain("didn't return a Fix All action", format.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to apply code fix", format.Output, StringComparison.Ordinal);
        Assert.Contains("double.Parse(text, CultureInfo.InvariantCulture)", fixedSource, StringComparison.Ordinal); // RLVR2002
        Assert.Contains("if (problem.Tests.Count == 0)", fixedSource, StringComparison.Ordinal); // RLVR1005
        Assert.Contains("Length == problem.Lines.Length", fixedSource, StringComparison.Ordinal); // RLVR1009
        Assert.Contains("@\"\\A<answer>.+?</answer>\\z\", RegexOptions.None | RegexOptions.Singleline, TimeSpan.FromSeconds(1))", fixedSource, StringComparison.Ordinal); // RLVR1012
        Assert.Contains("RegexOptions.RightToLeft", fixedSource, StringComparison.Ordinal); // RLVR1013
        Assert.Contains("Math.Abs(Extract(text) - problem.Value)", fixedSource, StringComparison.Ordinal); // RLVR1014
        Assert.Contains("AnswerExtractor.StripThousandsSeparators(text.Trim())", fixedSource, StringComparison.Ordinal); // RLVR1016
        Assert.Contains("@\"^\\d+$\", RegexOptions.None, TimeSpan.FromSeconds(1))", fixedSource, StringComparison.Ordinal); // RLVR3001
        Assert.Contains("bool done = await Task.Run(() => text.Length > 0).ConfigureAwait(false);", fixedSource, StringComparison.Ordinal); // RLVR3002
        Assert.Contains("private async Task Record(string text)", fixedSource, StringComparison.Ordinal); // RLVR3007

        // The occurrences without a mechanical fix are left as they were.
        Assert.Contains("$\"{problem.Value}\" == text", fixedSource, StringComparison.Ordinal);
        Assert.Contains("[GeneratedRegex(@\"\\A<think>.*</think>\\z\", RegexOptions.None, 1000)]", fixedSource, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
