namespace Rlvr.Core.Data.Datasets;

/// <summary>One file of a dataset repository on the Hugging Face Hub.</summary>
/// <param name="Path">The file's path inside the repository, e.g. <c>main/test-00000-of-00001.parquet</c>.</param>
/// <param name="Sha256">
/// The expected SHA-256 of the file's bytes (lower-case hex), checked after every download; <see langword="null"/> when
/// no checksum is pinned (the download is then not verified, and <c>rlvr data list</c> says so).
/// </param>
public sealed record DatasetFile(string Path, string? Sha256 = null);
