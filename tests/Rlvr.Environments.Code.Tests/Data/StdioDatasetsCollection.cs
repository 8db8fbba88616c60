namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>
/// Runs <see cref="StdioDatasetsTests"/> alone: one of them counts the bytes the whole process allocates while a file
/// loads (Parquet.Net's reads continue on pool threads, so the current thread's count misses them).
/// </summary>
[CollectionDefinition(nameof(StdioDatasetsTests), DisableParallelization = true)]
public sealed class StdioDatasetsCollection;
