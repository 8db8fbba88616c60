using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Math;

/// <summary>Reads the math datasets (JSONL or Parquet rows) into problems.</summary>
internal static class MathDataFiles
{
    public static IEnumerable<T> Read<T>(IEnumerable<string> paths)
    {
        foreach (var row in DatasetReader.Read(paths))
        {
            T? item;
            try
            {
                item = row.Value.Deserialize<T>(RlvrJson.Options);
            }
            catch (JsonException ex)
            {
                throw new ProblemFormatException("$", $"{row.Location}: {ex.Message}", ex);
            }

            if (item is not null)
            {
                yield return item;
            }
        }
    }
}
