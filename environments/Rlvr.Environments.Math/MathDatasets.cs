using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Math;

/// <summary>The datasets of the math environments and where they come from.</summary>
public static class MathDatasets
{
    /// <summary>
    /// GSM8K test split (1,319 problems): <c>openai/gsm8k</c>, config <c>main</c>, Parquet. The revision and SHA-256
    /// are the ones a public, pinned download script records; they were not fetched from here (no route to the Hub).
    /// </summary>
    public static DatasetSpec Gsm8k { get; } = new()
    {
        Name = "gsm8k",
        Description = "GSM8K test split, 1,319 grade-school word problems (OpenAI, MIT licence)",
        Repository = "openai/gsm8k",
        Revision = "740312add88f781978c0658806c59bc2815b9866",
        Files = [new("main/test-00000-of-00001.parquet", "ee7b8da9e381df27b9e3f7758a159ab2bdaa4dbaa910546cbbc47e0cb44e4f59")],
        LocalNames = ["math/gsm8k_test.jsonl", "gsm8k_test.jsonl", "gsm8k_test.parquet"],
        Provenance = "revision and sha256 from a public pinned download script; not fetched from this project's machines",
    };

    /// <summary>
    /// MATH-500 (500 problems): <c>HuggingFaceH4/MATH-500</c>, <c>test.jsonl</c>. The SHA-256 is that of the MATH-500
    /// test split of <c>openai/prm800k</c> (its Git LFS object id), which a local copy here matches byte for byte; the
    /// revision is from a public pinned download script.
    /// </summary>
    public static DatasetSpec Math500 { get; } = new()
    {
        Name = "math500",
        Description = "MATH-500, 500 competition problems (PRM800K split of MATH; MIT licence)",
        Repository = "HuggingFaceH4/MATH-500",
        Revision = "6e4ed1a2a79af7d8630a6b768ec859cb5af4d3be",
        Files = [new("test.jsonl", "35dc41080a3680858b27fa7e0533d2d547825316fc5dafe5d316f4ccc5a06132")],
        LocalNames = ["math/math500_test.jsonl", "math500_test.jsonl", "math500_test.parquet"],
        Provenance = "sha256 equals openai/prm800k's MATH-500 test split (checked against a local copy); revision from a public pinned download script",
    };
}
