namespace Rlvr.Core.Data.Datasets;

/// <summary>How far the download of one file has got.</summary>
/// <param name="Path">The file's path in the repository.</param>
/// <param name="Received">Bytes on disk so far (a resumed download starts above zero).</param>
/// <param name="Total">The file's size when the server said it, else <see langword="null"/>.</param>
public readonly record struct DownloadProgress(string Path, long Received, long? Total);
