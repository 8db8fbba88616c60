using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rlvr.Cli.Commands;

/// <summary>The files <c>rlvr new</c> writes: an exact-answer environment to edit, with samples or a test project.</summary>
internal static partial class StarterEnvironment
{
    public static async Task<IReadOnlyList<string>> WriteScriptAsync(string name, DirectoryInfo dir, CancellationToken cancellationToken)
    {
        string type = TypeName(name);
        string stem = FileStem(name);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [stem + ".csx"] = Script(name, type),
            [stem + ".samples.jsonl"] = Samples,
        };
        return await WriteAsync(dir, files, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<string>> WriteProjectAsync(string name, DirectoryInfo dir, FileInfo? coreProject, CancellationToken cancellationToken)
    {
        string type = TypeName(name);
        string project = type + ".Environment";
        if (coreProject is { Exists: false })
        {
            throw new CliException($"--core-project: file not found: {coreProject.FullName}");
        }

        string root = Path.Combine(dir.FullName, FileStem(name));
        string coreReference = coreProject is null
            ? "<PackageReference Include=\"Rlvr.Core\" Version=\"0.1.0\" />"
            : $"<ProjectReference Include=\"{Path.GetRelativePath(Path.Combine(root, "src", project), coreProject.FullName)}\" />";
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Path.Combine("src", project, project + ".csproj")] = $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <!-- rlvr loads Rlvr.Environments.*.dll beside the tool, and any DLL given with the assembly option. -->
                    <AssemblyName>{project}</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                    {coreReference}
                  </ItemGroup>
                </Project>

                """,
            [Path.Combine("src", project, type + "Problem.cs")] = $$"""
                using Rlvr.Core;

                namespace {{project}};

                /// <summary>One problem: what the model sees, and the reference it never sees.</summary>
                public sealed record {{type}}Problem(string Question, [property: Reference] string Answer);

                """,
            [Path.Combine("src", project, type + "Environment.cs")] = $$"""
                using Rlvr.Core;
                using Rlvr.Core.Extraction;

                namespace {{project}};

                /// <summary>Scores the answer in &lt;answer&gt; tags by exact match. Replace the rubric with your verifier.</summary>
                public sealed class {{type}}Environment : Environment<{{type}}Problem>
                {
                    public override string Name => "{{name}}";

                    // Bump when scoring changes: the version is part of every cached score key.
                    public override string Version => "0.1.0";

                    public override string Description => "Starter environment: exact match of the <answer> tag.";

                    public override IVerifier<{{type}}Problem> Rubric { get; } = Verifier.Create<{{type}}Problem>(Score);

                    public override string RenderPrompt({{type}}Problem problem) =>
                        problem.Question + "\nGive the final answer inside <answer></answer> tags.";

                    private static Reward Score({{type}}Problem problem, Completion completion)
                    {
                        if (string.IsNullOrWhiteSpace(problem.Answer))
                        {
                            // A problem fault, not the model's: kept out of training.
                            return Reward.Unscorable(Reasons.BadReference, "The problem has no reference answer.");
                        }

                        var answer = AnswerExtractor.Tagged(completion.Text);
                        if (answer.Status != ExtractionStatus.Found || answer.Value is null)
                        {
                            return Reward.Wrong(Reasons.NoAnswer);
                        }

                        return string.Equals(answer.Value.Trim(), problem.Answer.Trim(), StringComparison.OrdinalIgnoreCase)
                            ? Reward.Correct()
                            : Reward.Wrong(Reasons.WrongAnswer);
                    }
                }

                """,
            [Path.Combine("tests", project + ".Tests", project + ".Tests.csproj")] = $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <IsPackable>false</IsPackable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                    <PackageReference Include="xunit" Version="2.9.3" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                  </ItemGroup>
                  <ItemGroup>
                    <ProjectReference Include="../../src/{project}/{project}.csproj" />
                  </ItemGroup>
                </Project>

                """,
            [Path.Combine("tests", project + ".Tests", type + "EnvironmentTests.cs")] = $$"""
                using Rlvr.Core;
                using Xunit;

                namespace {{project}}.Tests;

                public sealed class {{type}}EnvironmentTests
                {
                    private static readonly {{type}}Environment Environment = new();
                    private static readonly {{type}}Problem Problem = new("What is the capital of France?", "Paris");

                    [Theory]
                    [InlineData("<answer>Paris</answer>", 1.0, "correct")]
                    [InlineData("<answer> paris </answer>", 1.0, "correct")]
                    [InlineData("<answer>Lyon</answer>", 0.0, "wrong_answer")]
                    [InlineData("Paris", 0.0, "no_answer")]
                    public async Task Score_Completion_GivesExpectedReward(string completion, double reward, string reason)
                    {
                        var result = await Environment.ScoreAsync(Problem, completion, new ScoringContext("test"));
                        Assert.Equal(Outcome.Scored, result.Outcome);
                        Assert.Equal(reward, result.Value);
                        Assert.Equal(reason, result.Reason);
                    }

                    [Fact]
                    public async Task Score_MissingReference_IsUnscorable()
                    {
                        var result = await Environment.ScoreAsync(Problem with { Answer = "" }, "<answer>x</answer>", new ScoringContext("test"));
                        Assert.Equal(Outcome.Unscorable, result.Outcome);
                    }

                    [Fact]
                    public void RenderPrompt_NeverShowsTheAnswer()
                    {
                        Assert.DoesNotContain("Paris", Environment.RenderPrompt(Problem));
                    }
                }

                """,
            ["samples.jsonl"] = Samples,
            ["README.md"] = $"""
                # {name}

                A starter Rlvr environment. Edit `src/{project}/{type}Environment.cs`, then:

                ```
                dotnet test tests/{project}.Tests
                dotnet build src/{project} && rlvr eval --assembly src/{project}/bin/Debug/net10.0/{project}.dll --env {name} --input samples.jsonl --output results.jsonl --report report.html
                ```

                """,
        };
        return await WriteAsync(new DirectoryInfo(root), files, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A PascalCase identifier from an environment name (<c>my-env/v2</c> -> <c>MyEnvV2</c>).</summary>
    internal static string TypeName(string name)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new CliException($"invalid environment name '{name}': use letters, digits, '-', '_' and '/', starting with a letter.");
        }

        var text = new StringBuilder();
        foreach (string part in name.Split(['-', '_', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return text.ToString();
    }

    private static string FileStem(string name) => name.Replace('/', '-');

    private static async Task<IReadOnlyList<string>> WriteAsync(DirectoryInfo root, Dictionary<string, string> files, CancellationToken cancellationToken)
    {
        var existing = files.Keys.Select(f => Path.Combine(root.FullName, f)).Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            throw new CliException($"refusing to overwrite {existing[0]}" + (existing.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" and {existing.Count - 1} more file(s)") : string.Empty) + ".");
        }

        var written = new List<string>();
        foreach (var (relative, content) in files)
        {
            string path = Path.Combine(root.FullName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? root.FullName);
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }

    private static string Script(string name, string type) => $$"""
        // {{name}}: an environment as a C# script. Score samples with
        //   rlvr eval --env {{FileStem(name)}}.csx --input {{FileStem(name)}}.samples.jsonl --output results.jsonl --report report.html
        // Each sample line carries "expected_reward": eval prints a summary to compare against.

        public sealed record {{type}}Problem(string Question, [property: Reference] string Answer);

        public sealed class {{type}}Environment : Environment<{{type}}Problem>
        {
            public override string Name => "{{name}}";

            // Bump when scoring changes: the version is part of every cached score key.
            public override string Version => "0.1.0";

            public override IVerifier<{{type}}Problem> Rubric { get; } = Verifier.Create<{{type}}Problem>((problem, completion) =>
            {
                if (string.IsNullOrWhiteSpace(problem.Answer))
                {
                    return Reward.Unscorable(Reasons.BadReference, "The problem has no reference answer.");
                }

                var answer = AnswerExtractor.Tagged(completion.Text);
                if (answer.Status != ExtractionStatus.Found || answer.Value is null)
                {
                    return Reward.Wrong(Reasons.NoAnswer);
                }

                return string.Equals(answer.Value.Trim(), problem.Answer.Trim(), StringComparison.OrdinalIgnoreCase)
                    ? Reward.Correct()
                    : Reward.Wrong(Reasons.WrongAnswer);
            });

            public override string RenderPrompt({{type}}Problem problem) =>
                problem.Question + "\nGive the final answer inside <answer></answer> tags.";
        }

        new {{type}}Environment()

        """;

    private const string Samples =
        """
        {"id": "s1", "problem": {"question": "What is the capital of France?", "answer": "Paris"}, "completion": "<answer>Paris</answer>", "expected_reward": 1}
        {"id": "s2", "problem": {"question": "What is the capital of France?", "answer": "Paris"}, "completion": "<answer>Lyon</answer>", "expected_reward": 0}
        {"id": "s3", "problem": {"question": "What is the capital of France?", "answer": "Paris"}, "completion": "Paris", "expected_reward": 0}

        """;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_/-]*$")]
    private static partial Regex ValidName();
}
