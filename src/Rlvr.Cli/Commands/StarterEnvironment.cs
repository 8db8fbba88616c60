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

    /// <summary>
    /// Writes a solution with an environment project and its test project under <c>DIR/NAME</c>. Without
    /// <paramref name="coreProject"/> the project references the Rlvr.Core package this tool carries
    /// (<c>packages/</c> beside it), copied into the starter's own <c>packages/</c> feed that its <c>nuget.config</c> names.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteProjectAsync(
        string name, DirectoryInfo dir, FileInfo? coreProject, CancellationToken cancellationToken) =>
        await WriteProjectAsync(name, dir, coreProject, CorePackage.Find(AppContext.BaseDirectory), cancellationToken).ConfigureAwait(false);

    /// <summary>As the overload above, with the Rlvr.Core package to copy (<see langword="null"/> when the tool carries none).</summary>
    public static async Task<IReadOnlyList<string>> WriteProjectAsync(
        string name, DirectoryInfo dir, FileInfo? coreProject, CorePackage? corePackage, CancellationToken cancellationToken)
    {
        string type = TypeName(name);
        string project = type + ".Environment";
        if (coreProject is { Exists: false })
        {
            throw new CliException($"--core-project: file not found: {coreProject.FullName}");
        }

        string root = Path.Combine(dir.FullName, FileStem(name));
        if (CentralPackageManagement.FindGoverning(root) is { } props)
        {
            throw new CliException(
                $"{props} turns on central package management (ManagePackageVersionsCentrally) for {root}, and the starter's projects pin their own package versions: write it outside that folder (--output DIR).");
        }

        if (coreProject is null && corePackage is null)
        {
            throw new CliException(
                $"this rlvr carries no Rlvr.Core package (no packages/Rlvr.Core.*.nupkg beside {AppContext.BaseDirectory}): install the packed tool (dotnet tool install), or pass --core-project PATH/Rlvr.Core.csproj.");
        }

        string projectDir = Path.Combine(root, "src", project);
        string coreReference = coreProject is null
            ? $"<PackageReference Include=\"Rlvr.Core\" Version=\"{corePackage!.Version}\" />"
            : ProjectReferences(projectDir, coreProject);
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
            [FileStem(name) + ".sln"] = Solution(project),
            [".gitignore"] = GitIgnore,
            ["README.md"] = $"""
                # {name}

                A starter Rlvr environment. Edit `src/{project}/{type}Environment.cs`, then:

                ```
                dotnet test
                dotnet build src/{project} && rlvr eval --assembly src/{project}/bin/Debug/net10.0/{project}.dll --env {name} --input samples.jsonl --output results.jsonl --report report.html
                ```

                The Rlvr analyzers come with Rlvr.Core and run in `dotnet build` and in the IDE: a reward bug such as
                `completion.Text.Contains(problem.Answer)` in place of the exact comparison fails the build with RLVR1001.
                {(coreProject is null ? "`packages/` is the local feed `nuget.config` names; it holds the Rlvr.Core package `rlvr new` copied from the tool. Keep both in version control." : string.Empty)}

                """,
        };
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (coreProject is null)
        {
            files["nuget.config"] = NuGetConfig;
            copies[Path.Combine("packages", Path.GetFileName(corePackage!.Path))] = corePackage.Path;
        }

        return await WriteAsync(new DirectoryInfo(root), files, copies, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reference to a source Rlvr.Core project, and to the analyzers beside it so the consumer is analyzed as a package consumer is.</summary>
    private static string ProjectReferences(string projectDir, FileInfo coreProject)
    {
        var lines = new List<string> { $"<ProjectReference Include=\"{Path.GetRelativePath(projectDir, coreProject.FullName)}\" />" };
        string analyzers = Path.GetFullPath(Path.Combine(coreProject.DirectoryName ?? ".", "..", "..", "analyzers"));
        foreach (string analyzer in new[] { "Rlvr.Analyzers", "Rlvr.Analyzers.CodeFixes" })
        {
            string path = Path.Combine(analyzers, analyzer, analyzer + ".csproj");
            if (File.Exists(path))
            {
                lines.Add($"<ProjectReference Include=\"{Path.GetRelativePath(projectDir, path)}\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
            }
        }

        return string.Join("\n    ", lines);
    }

    private static string Solution(string project)
    {
        string[] paths = [$"src\\{project}\\{project}.csproj", $"tests\\{project}.Tests\\{project}.Tests.csproj"];
        string[] names = [project, project + ".Tests"];
        string[] ids = [.. paths.Select(_ => Guid.NewGuid().ToString("B").ToUpperInvariant())];
        var text = new StringBuilder();
        text.Append("\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nVisualStudioVersion = 17.0.31903.59\nMinimumVisualStudioVersion = 10.0.40219.1\n");
        for (int i = 0; i < paths.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Project(\"{{9A19103F-16F7-4668-BE54-9A1E7A4F7556}}\") = \"{names[i]}\", \"{paths[i]}\", \"{ids[i]}\"\nEndProject\n");
        }

        text.Append("Global\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU\n\tEndGlobalSection\n");
        text.Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n");
        foreach (string id in ids)
        {
            foreach (string configuration in new[] { "Debug", "Release" })
            {
                text.Append(CultureInfo.InvariantCulture, $"\t\t{id}.{configuration}|Any CPU.ActiveCfg = {configuration}|Any CPU\n\t\t{id}.{configuration}|Any CPU.Build.0 = {configuration}|Any CPU\n");
            }
        }

        text.Append("\tEndGlobalSection\nEndGlobal\n");
        return text.ToString();
    }

    // No <clear/>: the machine's own sources still serve Rlvr.Core's dependencies and the test packages.
    private const string NuGetConfig = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="rlvr-local" value="packages" />
          </packageSources>
        </configuration>

        """;

    private const string GitIgnore = """
        bin/
        obj/
        TestResults/
        results.jsonl
        report.html
        *.user
        .vs/
        .idea/

        """;

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

    private static Task<IReadOnlyList<string>> WriteAsync(DirectoryInfo root, Dictionary<string, string> files, CancellationToken cancellationToken) =>
        WriteAsync(root, files, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken);

    private static async Task<IReadOnlyList<string>> WriteAsync(
        DirectoryInfo root, Dictionary<string, string> files, Dictionary<string, string> copies, CancellationToken cancellationToken)
    {
        var existing = files.Keys.Concat(copies.Keys).Select(f => Path.Combine(root.FullName, f)).Where(File.Exists).ToList();
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

        foreach (var (relative, source) in copies)
        {
            string path = Path.Combine(root.FullName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? root.FullName);
            File.Copy(source, path);
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
