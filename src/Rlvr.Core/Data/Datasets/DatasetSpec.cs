namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// A dataset an environment reads: where it comes from (a Hugging Face Hub dataset repository at a pinned revision)
/// and the names a local copy may have in <c>RLVR_DATA_DIR</c>.
/// </summary>
public sealed record DatasetSpec
{
    /// <summary>The short name used by <c>rlvr data pull NAME</c> and <c>--data NAME=FILE</c>, e.g. <c>gsm8k</c>.</summary>
    public required string Name { get; init; }

    /// <summary>A one-line description: what the rows are and their licence.</summary>
    public required string Description { get; init; }

    /// <summary>The Hub dataset repository, e.g. <c>openai/gsm8k</c>; <see langword="null"/> when the dataset has no Hub source.</summary>
    public string? Repository { get; init; }

    /// <summary>The revision the files are read at: a commit id (pinned) or a branch name.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>The repository files that make up the dataset, read in this order.</summary>
    public IReadOnlyList<DatasetFile> Files { get; init; } = [];

    /// <summary>
    /// File names (relative paths) a local copy may have under <c>RLVR_DATA_DIR</c>, tried in order, e.g.
    /// <c>math/gsm8k_test.jsonl</c>; any of them is the whole dataset.
    /// </summary>
    public IReadOnlyList<string> LocalNames { get; init; } = [];

    /// <summary>What was and was not verified about the pinned source (shown by <c>rlvr data list</c>).</summary>
    public string? Provenance { get; init; }

    /// <summary>Whether the revision is a full commit id rather than a moving branch name.</summary>
    public bool IsPinned => Revision.Length == 40 && Revision.All(char.IsAsciiHexDigitLower);

    /// <summary>The command that downloads this dataset.</summary>
    public string PullCommand => "rlvr data pull " + Name;

    /// <summary>
    /// This dataset read at another revision of its repository (<c>rlvr data pull NAME@REVISION</c>). The pinned
    /// checksums belong to the pinned revision, so the files of any other revision carry none (not verified).
    /// </summary>
    /// <param name="revision">A commit id or branch name.</param>
    public DatasetSpec AtRevision(string revision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        return string.Equals(revision, Revision, StringComparison.Ordinal)
            ? this
            : this with { Revision = revision, Files = [.. Files.Select(f => f with { Sha256 = null })] };
    }
}
