using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Tests.Challenges;

public sealed class ChallengeLoaderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "rlvr-loader-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void LoadAll_Bundled_TenValidChallengesCoveringTheRequiredCwes()
    {
        var challenges = TestChallenges.Challenges;
        Assert.True(challenges.Count >= 10);
        var cwes = challenges.Select(c => c.Manifest.Cwe).ToHashSet();
        foreach (string cwe in new[] { "CWE-121", "CWE-122", "CWE-125", "CWE-416", "CWE-415", "CWE-476", "CWE-190", "CWE-134", "CWE-193" })
        {
            Assert.Contains(cwe, cwes);
        }

        Assert.All(challenges, c => Assert.True(c.Polls.Count >= 3 && c.Pocs.Count >= 1, c.Id));
        Assert.Contains(challenges, c => c.Decoys.Count > 0);
        Assert.Contains(challenges, c => c.Manifest.Sanitizers.Contains("undefined"));
    }

    [Fact]
    public void Validate_BrokenFolder_ReportsEveryProblemWithItsPath()
    {
        string folder = Path.Combine(root, "broken");
        Directory.CreateDirectory(Path.Combine(folder, "src"));
        Directory.CreateDirectory(Path.Combine(folder, "polls"));
        File.WriteAllText(Path.Combine(folder, "challenge.json"), """
            {"id": "other", "title": "t", "cwe": "121", "language": "rust", "description": "d", "input": "stdin",
             "sanitizers": ["memory"], "cflags": ["-fno-sanitize=all"], "expected": {"bug_class": "x", "function": "f"}}
            """);
        File.WriteAllText(Path.Combine(folder, "src", "a.c"), "#ifdef APPLY_FIX\nint x;\n#endif\nint main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(folder, "src", "notes.txt"), "hi");
        File.WriteAllText(Path.Combine(folder, "polls", "one.in"), "x");

        var issues = ChallengeLoader.Validate(folder);
        var paths = issues.Select(i => i.Path).ToArray();
        Assert.Contains("broken/challenge.json.id", paths);
        Assert.Contains("broken/challenge.json.cwe", paths);
        Assert.Contains("broken/challenge.json.language", paths);
        Assert.Contains("broken/challenge.json.sanitizers", paths);
        Assert.Contains("broken/challenge.json.cflags[0]", paths);
        Assert.DoesNotContain("broken/src/a.c", paths); // ordinary preprocessor lines are not judged by keywords
        Assert.Contains("broken/src/notes.txt", paths);
        Assert.Contains("broken/patch.diff", paths);
        Assert.Contains("broken/pocs/", paths);
        Assert.Contains("broken/polls/one.in", paths);
        Assert.Contains("broken/polls/", paths);
        var ex = Assert.Throws<ChallengeLoadException>(() => ChallengeLoader.Load(folder));
        Assert.Equal(issues.Count, ex.Issues.Count);
    }

    [Fact]
    public void Validate_OrdinaryPreprocessorLinesWithFixOrPatchInNames_AreAccepted()
    {
        string folder = Path.Combine(root, "cjson-like");
        Directory.CreateDirectory(Path.Combine(folder, "src"));
        File.WriteAllText(Path.Combine(folder, "src", "a.c"), "#if CJSON_VERSION_PATCH > 1\n#endif\n#ifdef _CRT_SECURE_NO_DEPRECATE\n#endif\n#ifndef NEED_THREAD_SAFE\n#endif\nint main(void) { return 0; }\n");
        Assert.DoesNotContain(ChallengeLoader.Validate(folder), i => i.Path.StartsWith("cjson-like/src", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MalformedJson_NamesTheField()
    {
        string folder = Path.Combine(root, "bad-json");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "challenge.json"), """{"id": "bad-json", "input": "carrier-pigeon"}""");
        var issue = ChallengeLoader.Validate(folder).First(i => i.Path.StartsWith("bad-json/challenge.json", StringComparison.Ordinal));
        Assert.Contains("input", issue.Path + issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_OneInvalidFolder_ReportedWhileTheOthersLoad()
    {
        string good = CopyBundled(TestChallenges.Challenges[0].Id);
        Directory.CreateDirectory(Path.Combine(root, "a-no-manifest", "src"));
        File.WriteAllText(Path.Combine(root, "a-no-manifest", "src", "x.c"), "int main(void) { return 0; }");

        var issues = new List<ChallengeIssue>();
        var loaded = ChallengeLoader.LoadAll(root, issues);

        Assert.Equal([Path.GetFileName(good)], loaded.Select(c => c.Id));
        var issue = Assert.Single(issues);
        Assert.Equal("a-no-manifest/challenge.json", issue.Path);
        Assert.Throws<ChallengeLoadException>(() => ChallengeLoader.LoadAll(root));
    }

    [Fact]
    public void Load_SymbolicLinkInsideFolder_RefusedBeforeAnythingIsRead()
    {
        string folder = CopyBundled(TestChallenges.Challenges[0].Id);
        string outside = Path.Combine(root, "outside-secret.c");
        File.WriteAllText(outside, "int leaked;");
        File.CreateSymbolicLink(Path.Combine(folder, "src", "leak.c"), outside);

        var ex = Assert.Throws<ChallengeLoadException>(() => ChallengeLoader.Load(folder));

        var issue = Assert.Single(ex.Issues);
        Assert.EndsWith("/src/leak.c", issue.Path, StringComparison.Ordinal);
        Assert.Contains("symbolic links", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseProblem_PathUnderPolicies_DeniedRefusedBelowRootAllowedOnlyInside()
    {
        string folder = CopyBundled(TestChallenges.Challenges[0].Id);
        var env = new Rlvr.Environments.Cyber.Poc.PocEnvironment();
        using var inRoot = System.Text.Json.JsonDocument.Parse($$"""{"path": "{{Path.GetFileName(folder)}}"}""");
        using var outside = System.Text.Json.JsonDocument.Parse($$"""{"path": "../{{Path.GetFileName(root)}}/{{Path.GetFileName(folder)}}"}""");
        using var absolute = System.Text.Json.JsonDocument.Parse("""{"path": "/etc"}""");
        using var notString = System.Text.Json.JsonDocument.Parse("""{"path": 7}""");

        using (Core.ProblemFileAccess.Enter(Core.ProblemFileAccess.Denied))
        {
            var denied = Assert.Throws<Core.ProblemFormatException>(() => _ = env.ParseProblem(inRoot.RootElement));
            Assert.Equal("$.path", denied.Field);
        }

        using (Core.ProblemFileAccess.Enter(Core.ProblemFileAccess.Below(root)))
        {
            Assert.Equal(Path.GetFileName(folder), env.ParseProblem(inRoot.RootElement).Id);
            Assert.Equal("$.path", Assert.Throws<Core.ProblemFormatException>(() => _ = env.ParseProblem(outside.RootElement)).Field);
            Assert.Equal("$.path", Assert.Throws<Core.ProblemFormatException>(() => _ = env.ParseProblem(absolute.RootElement)).Field);
            Assert.Equal("$.path", Assert.Throws<Core.ProblemFormatException>(() => _ = env.ParseProblem(notString.RootElement)).Field);
            Assert.Equal("$.path", Assert.Throws<Core.ProblemFormatException>(() => _ = new Rlvr.Environments.Cyber.Ctf.CtfEnvironment().ParseProblem(absolute.RootElement)).Field);
        }

        // The operator's own command line (no scope) reads any folder.
        Assert.Equal(Path.GetFileName(folder), env.ParseProblem(System.Text.Json.JsonDocument.Parse($$"""{"path": "{{folder}}"}""").RootElement).Id);
    }

    private string CopyBundled(string id)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "challenges", id);
        string target = Path.Combine(root, id);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    [Fact]
    public void Load_Bundled_PatchedSourcesDifferOnlyByReferencePatch()
    {
        foreach (var challenge in TestChallenges.Challenges)
        {
            Assert.NotEqual(challenge.VulnerableSources.Values, challenge.PatchedSources.Values);
            Assert.StartsWith("--- a/src/", challenge.ReferencePatch, StringComparison.Ordinal);
        }
    }

    private string CopyAsset(string id)
    {
        string source = Path.Combine(TestAssets.Folder, id);
        string target = Path.Combine(root, id);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    private static void EditManifest(string folder, Func<string, string> edit)
    {
        string path = Path.Combine(folder, "challenge.json");
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }

    [Fact]
    public void Load_ProjectFormatFields_AreRead()
    {
        var cpp = TestAssets.Get("t01-cpp-token-list");
        Assert.True(cpp.Manifest.IsCpp);
        Assert.Equal("build.sh", cpp.Manifest.Build?.Script);
        Assert.Equal("out/tokens", cpp.Manifest.Binary);
        Assert.Equal(["--upper", "@@"], cpp.Manifest.Args);
        Assert.Contains("$CXX", cpp.BuildScript, StringComparison.Ordinal);
        Assert.Equal(["src/lib/token_list.cpp", "src/lib/token_list.hpp", "src/main.cpp"], cpp.EditableFiles);

        var fuzz = TestAssets.Get("t02-fuzz-record-parser");
        Assert.Equal(HarnessKind.Libfuzzer, fuzz.Manifest.Harness?.Kind);
        Assert.Equal(["harness/fuzz_records.c"], fuzz.HarnessFiles.Keys);
        Assert.Equal(["RECORD_FORMAT_VERSION=\"1.2\"", "RECORD_SCALE=1", "NEED_THREAD_SAFE"], fuzz.Manifest.Defines);
        var flags = Rlvr.Environments.Cyber.Building.BuildRecipe.ChallengeFlags(fuzz.Manifest);
        Assert.Contains("-DRECORD_FORMAT_VERSION=\"1.2\"", flags);
        Assert.Contains("-I@RLVR_ROOT@/src/include", flags);

        var env = TestAssets.Get("t03-env-greeting");
        Assert.Equal(InputDelivery.Env, env.Manifest.Input);
        Assert.Equal("GREETING_NAME", env.Manifest.EnvVar);
    }

    [Fact]
    public void Validate_BadProjectFormatFields_ReportsEachWithItsPath()
    {
        string folder = CopyAsset("t01-cpp-token-list");
        EditManifest(folder, json => json
            .Replace("\"binary\": \"out/tokens\"", "\"binary\": \"../tokens\", \"libs\": [\"m; rm -rf /\"], \"defines\": [\"1BAD\"], \"include_dirs\": [\"missing\", \"/abs\"], \"env_var\": \"X\"", StringComparison.Ordinal)
            .Replace("\"script\": \"build.sh\"", "\"script\": \"build.sh\", \"timeout_seconds\": 5", StringComparison.Ordinal)
            .Replace("\"language\": \"c++\"", "\"language\": \"c++\", \"harness\": {\"kind\": \"main\", \"files\": [\"src/main.cpp\", \"harness/none.c\"]}, \"editable_files\": [\"build.sh\"]", StringComparison.Ordinal));

        var paths = ChallengeLoader.Validate(folder).Select(i => i.Path).ToArray();

        Assert.Contains("t01-cpp-token-list/challenge.json.binary", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.libs[0]", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.defines[0]", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.include_dirs[0]", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.include_dirs[1]", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.env_var", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.build.timeout_seconds", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.harness.files[0]", paths);
        Assert.Contains("t01-cpp-token-list/harness/none.c", paths);
        Assert.Contains("t01-cpp-token-list/challenge.json.editable_files[0]", paths);
    }

    [Fact]
    public void Validate_MissingBuildScriptAndBuildFilesWithoutScript_AreReported()
    {
        string folder = CopyAsset("t01-cpp-token-list");
        File.Delete(Path.Combine(folder, "build.sh"));
        Assert.Contains(ChallengeLoader.Validate(folder), i => i.Path == "t01-cpp-token-list/build.sh" && i.Message.StartsWith("missing", StringComparison.Ordinal));

        string plain = CopyAsset("t03-env-greeting");
        File.WriteAllText(Path.Combine(plain, "src", "Makefile"), "all:\n\tcc greet.c\n");
        Assert.Contains(ChallengeLoader.Validate(plain), i => i.Path == "t03-env-greeting/src/Makefile");
    }

    [Fact]
    public void Validate_OrdinaryKeywordDirectivesAreAccepted_AnIncompleteDebianSourceIsReported()
    {
        string folder = CopyAsset("t02-fuzz-record-parser");
        File.WriteAllText(Path.Combine(folder, "src", "include", "compat.h"), "#if CJSON_VERSION_PATCH > 1\n#define _CRT_SECURE_NO_DEPRECATE\n#endif\n#ifdef NEED_THREAD_SAFE\n#define SAFE_FIX 1\n#endif\n");
        Assert.Empty(ChallengeLoader.Validate(folder));

        EditManifest(folder, json => json.Replace("\"input\": \"stdin\"", "\"input\": \"stdin\", \"source\": {\"debian\": {\"package\": \"x\", \"version\": \"1\"}}", StringComparison.Ordinal));
        Assert.Contains(ChallengeLoader.Validate(folder), i => i.Path == "t02-fuzz-record-parser/challenge.json.source.debian" && i.Message.Contains("patch", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadAll_SeveralRoots_AddsThemAndReportsMissingRootsAndDuplicateIds()
    {
        string first = Path.Combine(root, "first");
        string second = Path.Combine(root, "second");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        string a = CopyAsset("t03-env-greeting");
        Directory.Move(a, Path.Combine(first, "t03-env-greeting"));
        CopyAsset("t02-fuzz-record-parser");
        Directory.Move(Path.Combine(root, "t02-fuzz-record-parser"), Path.Combine(second, "t02-fuzz-record-parser"));
        CopyAsset("t03-env-greeting");
        Directory.Move(Path.Combine(root, "t03-env-greeting"), Path.Combine(second, "t03-env-greeting"));
        Directory.CreateDirectory(Path.Combine(second, "zz-broken"));

        var issues = new List<ChallengeIssue>();
        var loaded = ChallengeLoader.LoadAll([Path.Combine(AppContext.BaseDirectory, "challenges"), first, second, Path.Combine(root, "absent")], issues);

        Assert.Equal(TestChallenges.Challenges.Count + 2, loaded.Count);
        Assert.Contains(loaded, c => c.Id == "t02-fuzz-record-parser");
        Assert.Contains(issues, i => i.Path == "zz-broken/challenge.json");
        Assert.Contains(issues, i => i.Message.Contains("'t03-env-greeting' is already loaded", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path.StartsWith(Path.Combine(root, "absent"), StringComparison.Ordinal) && i.Message.StartsWith("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void FoldersFrom_VariableWithAPathList_AddsEachAfterTheBundledFolder()
    {
        Assert.Equal([ChallengeLoader.DefaultFolder, ChallengeLoader.DebianFolder, "/x/one", "/x/two"], ChallengeLoader.FoldersFrom($"/x/one{Path.PathSeparator}/x/two{Path.PathSeparator}/x/one"));
        Assert.Equal([ChallengeLoader.DefaultFolder, ChallengeLoader.DebianFolder], ChallengeLoader.FoldersFrom(null));
    }
}
