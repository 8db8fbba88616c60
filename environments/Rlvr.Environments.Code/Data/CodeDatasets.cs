using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Code.Data;

/// <summary>The datasets of the code environments and where they come from.</summary>
public static class CodeDatasets
{
    /// <summary>
    /// HumanEval (164 tasks): <c>openai/openai_humaneval</c>, config <c>openai_humaneval</c>, Parquet, at revision
    /// <c>7dce6050a7d6d172f3cc5c32aa97f52fa1a2e544</c>. The revision, and the file's size (83,920 bytes) and SHA-256,
    /// are stated identically in several independent public evaluation sources: a dataset fetch script's pinned file
    /// table (<c>humaneval|openai/openai_humaneval|$HUMANEVAL_REV|openai_humaneval/test-00000-of-00001.parquet|...|83920|2f2871a1...</c>),
    /// a PII benchmark's <c>fetch.py</c> (<c>DATASET_SHA["humaneval"]</c>, checked after <c>hf_hub_download</c> at
    /// that revision), a pinned HumanEval task module (<c>SOURCE_FILE</c>, <c>SOURCE_SHA256</c>, <c>SOURCE_BYTES</c>)
    /// and a dataset catalog table (164 rows, 83,920 bytes); the search tools this project used show those files
    /// without their repository names. Not fetched from this project's machines (no route to the Hub).
    /// </summary>
    public static DatasetSpec HumanEval { get; } = new()
    {
        Name = "humaneval",
        Description = "HumanEval, 164 Python functions with check(candidate) tests (OpenAI, MIT licence)",
        Repository = "openai/openai_humaneval",
        Revision = "7dce6050a7d6d172f3cc5c32aa97f52fa1a2e544",
        Files = [new("openai_humaneval/test-00000-of-00001.parquet", "2f2871a15fbc95b6c683043359f4ed8e144c5a1c4f24f25f66bc51f598dfcfb6")],
        LocalNames = ["code/HumanEval.jsonl.gz", "HumanEval.jsonl.gz", "HumanEval.jsonl", "humaneval_test.parquet"],
        Provenance = "revision and sha256 (83,920-byte file) as several public evaluation scripts and manifests state them; not fetched from this project's machines",
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

    /// <summary>
    /// CodeContests, the test split: <c>deepmind/code_contests</c>, one Parquet file in the upstream schema (statement,
    /// public, private and generated tests, time limit). The revision, file name and SHA-256 are those a public corpus
    /// script pins for this shard (it names <c>data/test-00000-of-00001-9c49eeff30aacaa8.parquet</c>, 63,077,400 bytes,
    /// at revision <c>802411c3010cb00d1b05bad57ca77365a3c699d6</c>); other public scripts load the dataset at the same
    /// revision. A local copy of SandboxFusion's 20-problem sample (<c>code_contests_sample.jsonl</c>) under
    /// <c>RLVR_DATA_DIR</c> is read instead when present.
    /// </summary>
    public static DatasetSpec CodeContests { get; } = new()
    {
        Name = "code_contests",
        Description = "CodeContests test split, stdin/stdout problems with public, private and generated tests (DeepMind; CC BY 4.0)",
        Repository = "deepmind/code_contests",
        Revision = "802411c3010cb00d1b05bad57ca77365a3c699d6",
        Files = [new("data/test-00000-of-00001-9c49eeff30aacaa8.parquet", "aa426cbdb202bf8703b658bcb31fd1878ca7cfd33ca07d3b703dc94ca6a2b651")],
        LocalNames = ["code/code_contests_test.parquet", "code_contests_test.parquet", "code/code_contests_sample.jsonl", "code_contests_sample.jsonl"],
        Provenance = "revision, file name, size and sha256 from a public pinned download script; not fetched from this project's machines",
    };

    /// <summary>
    /// LiveCodeBench code generation: <c>livecodebench/code_generation_lite</c> at the revision public evaluation
    /// scripts pin, JSONL. Each release adds one file (<c>test.jsonl</c> is release_v1, 400 problems and about 1.25 GB;
    /// <c>test2.jsonl</c> ... <c>test6.jsonl</c> hold what releases v2 to v6 added). The default is <c>test6.jsonl</c>
    /// alone (about 134 MB; the file set LiveCodeBench's Hub loading script, <c>code_generation_lite.py</c>'s
    /// <c>ALLOWED_FILES</c>, calls <c>v6</c>, as public copies of it show): the newest problems (contests up to April 2025), the least likely to be in a model's
    /// training data, at a download size a first run can afford; another release file is read with
    /// <c>--data livecodebench=FILE</c>. LeetCode problems are call-based (<c>code/python</c>), AtCoder and Codeforces
    /// problems stdin/stdout (<c>code/stdio</c>, <c>code/csharp</c>). The converted 3-problem sample
    /// (<c>livecodebench_sample.jsonl</c>, tests as plain JSON) is read instead when present in <c>RLVR_DATA_DIR</c>.
    /// </summary>
    /// <remarks>
    /// Row fields and the private tests' encoding (JSON text, or base64 of zlib of a pickled JSON text) as
    /// LiveCodeBench's loader reads them: <c>lcb_runner/benchmarks/code_generation.py</c>, LiveCodeBench/LiveCodeBench
    /// commit 28fef95ea8c9f7a547c8329f2cd3d32b92c1fa24. The revision and the file's SHA-256 are stated in two public
    /// evaluation scripts (one lists the Hub's size and LFS SHA-256 of all six files at this revision); not fetched
    /// from this project's machines.
    /// </remarks>
    public static DatasetSpec LiveCodeBench { get; } = new()
    {
        Name = "livecodebench",
        Description = "LiveCodeBench code generation, problems added in release_v6 (LeetCode call-based; AtCoder, Codeforces stdin/stdout; repository MIT, statements third-party)",
        Repository = "livecodebench/code_generation_lite",
        Revision = "0fe84c3912ea0c4d4a78037083943e8f0c4dd505",
        Files = [new("test6.jsonl", "bb4c364f71921c4495a6ad15abe1a927350b720009f4933e2e71f8af0f6fd1f5")],
        LocalNames = ["code/livecodebench_sample.jsonl", "livecodebench_sample.jsonl", "code/livecodebench_test6.jsonl", "livecodebench_test6.jsonl"],
        Provenance = "revision and sha256 of test6.jsonl as two public evaluation scripts state them; not fetched from this project's machines",
    };

    /// <summary>Reads every file of a dataset with <paramref name="read"/>; nothing when the dataset is absent.</summary>
    internal static IEnumerable<T> Load<T>(DatasetSpec spec, Func<string, IEnumerable<T>> read) =>
        DataLocations.Find(spec) is { } paths ? paths.SelectMany(read) : [];
}
