namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// An environment whose bundled problems come from downloadable datasets: <c>rlvr data list</c>, <c>rlvr list</c>,
/// <c>rlvr doctor</c> and <c>rlvr eval</c> use it to say which datasets are missing and how to get them.
/// </summary>
public interface IDatasetEnvironment
{
    /// <summary>The datasets this environment reads its problems from.</summary>
    IReadOnlyList<DatasetSpec> Datasets { get; }
}
