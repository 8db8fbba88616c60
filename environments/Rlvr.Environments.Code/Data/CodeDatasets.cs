using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Code.Data;

/// <summary>The datasets of the code environments and where they come from.</summary>
public static class CodeDatasets
{
    /// <summary>
    /// HumanEval (164 tasks): <c>openai/openai_humaneval</c>, Parquet. No revision or checksum could be verified
    /// from here, so this one follows the repository's <c>main</c> branch and is not checksummed.
    /// </summary>
    public static DatasetSpec HumanEval { get; } = new()
    {
        Name = "humaneval",
        Description = "HumanEval, 164 Python functions with check(candidate) tests (OpenAI, MIT licence)",
        Repository = "openai/openai_humaneval",
        Revision = "main",
        Files = [new("openai_humaneval/test-00000-of-00001.parquet")],
        LocalNames = ["code/HumanEval.jsonl.gz", "HumanEval.jsonl.gz", "HumanEval.jsonl", "humaneval_test.parquet"],
        Provenance = "not pinned: no revision or sha256 of this repository could be verified from this project's machines",
    };

    /// <summary>
    /// MBPP, the 500-task test split (task ids 11-510) of the <c>full</c> configuration:
    /// <c>google-research-datasets/mbpp</c>, Parquet. Revision and SHA-256 from a public pinned download script.
    /// A local <c>mbpp.jsonl</c> (all 974 tasks) is read instead when present.
    /// </summary>
    public static DatasetSpec Mbpp { get; } = new()
    {
        Name = "mbpp",
        Description = "MBPP test split, 500 Python functions with assert tests (Google; CC BY 4.0)",
        Repository = "google-research-datasets/mbpp",
        Revision = "4bb6404fdc6cacfda99d4ac4205087b89d32030c",
        Files = [new("full/test-00000-of-00001.parquet", "566fd53060ffba5766dace1d1e2f4c38906781526de222b0dfbdbc325b696c77")],
        LocalNames = ["code/mbpp.jsonl", "mbpp.jsonl", "mbpp_test.parquet"],
        Provenance = "revision and sha256 from a public pinned download script; not fetched from this project's machines",
    };

    /// <summary>The CodeContests sample (20 stdin/stdout problems in SandboxFusion's test-fixture layout); local files only.</summary>
    public static DatasetSpec CodeContestsSample { get; } = new()
    {
        Name = "code_contests_sample",
        Description = "20 CodeContests stdin/stdout problems in SandboxFusion's layout (CC BY 4.0); local copy only",
        LocalNames = ["code/code_contests_sample.jsonl", "code_contests_sample.jsonl"],
        Provenance = "no Hub source: SandboxFusion's test fixture (sandbox/tests/datasets/samples/code_eval_code_contests.jsonl)",
    };

    /// <summary>The LiveCodeBench sample (2 stdin/stdout and 1 call-based problem, tests as plain JSON); local files only.</summary>
    public static DatasetSpec LiveCodeBenchSample { get; } = new()
    {
        Name = "livecodebench_sample",
        Description = "3 LiveCodeBench problems (2 stdin/stdout, 1 call-based), tests as plain JSON; local copy only",
        LocalNames = ["code/livecodebench_sample.jsonl", "livecodebench_sample.jsonl"],
        Provenance = "no Hub source: converted from SandboxFusion's test fixture (tests re-written from pickles as JSON)",
    };

    /// <summary>Reads every file of a dataset with <paramref name="read"/>; nothing when the dataset is absent.</summary>
    internal static IEnumerable<T> Load<T>(DatasetSpec spec, Func<string, IEnumerable<T>> read) =>
        DataLocations.Find(spec) is { } paths ? paths.SelectMany(read) : [];
}
