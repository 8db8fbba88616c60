using System.Runtime.CompilerServices;

namespace Rlvr.Tests.Support;

/// <summary>
/// The benchmark data the tests read (folders <c>math/</c> and <c>code/</c>), named by <c>RLVR_TEST_DATA_DIR</c>; the
/// repository's <c>scripts/test.sh</c> sets it. Loading this assembly also points the product's own lookup
/// (<c>RLVR_DATA_DIR</c>) at that folder and the download cache (<c>RLVR_HOME</c>) at an empty temporary folder, so
/// environments under test read exactly this data and never a developer's cache.
/// </summary>
internal static class TestData
{
    public const string Variable = "RLVR_TEST_DATA_DIR";

    public static string Directory =>
        System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir
            ? dir
            : throw new InvalidOperationException(
                $"{Variable} is not set: point it at the benchmark data folder (the one holding math/ and code/); scripts/test.sh sets it.");

    /// <summary>A file under the data folder, e.g. <c>math/gsm8k_test.jsonl</c>.</summary>
    public static string File(string relativePath)
    {
        string path = Path.Combine(Directory, relativePath);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"test data file missing: {path} ({Variable}={Directory})", path);
    }

#pragma warning disable CA2255 // A test assembly sets its process's data locations once, before any test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseForDatasets()
    {
        if (System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir)
        {
            System.Environment.SetEnvironmentVariable("RLVR_DATA_DIR", dir);
            string home = Path.Combine(Path.GetTempPath(), "rlvr-test-home-" + System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            System.Environment.SetEnvironmentVariable("RLVR_HOME", home);
        }
    }
}
