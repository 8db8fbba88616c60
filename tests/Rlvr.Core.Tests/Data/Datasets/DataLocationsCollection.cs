namespace Rlvr.Core.Tests.Data.Datasets;

/// <summary>Tests that set the process's data-location variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataLocationsCollection
{
    public const string Name = "DataLocations";
}
