namespace Rlvr.Core.Data.Datasets;

/// <summary>A dataset file could not be downloaded or did not match its pinned checksum; the message says which and why.</summary>
public sealed class DatasetDownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetDownloadException()
        : this("The dataset could not be downloaded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public DatasetDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public DatasetDownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
