using System.Text.Json;
using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>Locates and reads the bundled JSONL datasets.</summary>
internal static class MathDataFiles
{
    /// <summary>
    /// The file named by <paramref name="variable"/>, else <c>&lt;repo&gt;/../shared/benchmarks/math/&lt;file&gt;</c>
    /// for the first folder above the application that has it; null when there is none.
    /// </summary>
    public static string? Locate(string variable, string fileName)
    {
        if (System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{variable} names a missing file.", configured);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "benchmarks", "math", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static IEnumerable<T> Read<T>(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            T? item;
            try
            {
                item = JsonSerializer.Deserialize<T>(line, RlvrJson.Options);
            }
            catch (JsonException ex)
            {
                throw new ProblemFormatException("$", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}:{lineNumber}: {ex.Message}"), ex);
            }
            if (item is not null)
            {
                yield return item;
            }
        }
    }
}
