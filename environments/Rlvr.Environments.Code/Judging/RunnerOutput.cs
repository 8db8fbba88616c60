using System.Text.Json;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Code.Judging;

/// <summary>
/// The JSON lines a judge runner printed: a header (written before any candidate code runs), one record per
/// test, and a done marker. Only the runner parent writes this stream; a candidate cannot reach it, and a
/// line that does not parse is dropped (its test then counts as missing, which fails). Disposing it returns the
/// parsed documents' pooled buffers; its elements are not valid after that.
/// </summary>
internal sealed class RunnerOutput : IDisposable
{
    private readonly List<JsonDocument> documents;

    private RunnerOutput(bool hasHeader, bool done, Dictionary<string, JsonElement> records, JsonElement? compile, List<JsonDocument> documents)
    {
        HasHeader = hasHeader;
        Done = done;
        Records = records;
        Compile = compile;
        this.documents = documents;
    }

    /// <summary>The compile record of a C# run (<c>status</c>, <c>errors</c>), when the runner compiled.</summary>
    public JsonElement? Compile { get; }

    /// <summary>Whether the runner started (its header line arrived).</summary>
    public bool HasHeader { get; }

    /// <summary>Whether the runner finished every test.</summary>
    public bool Done { get; }

    /// <summary>Records by test id (the first record for an id wins).</summary>
    public IReadOnlyDictionary<string, JsonElement> Records { get; }

    /// <summary>
    /// True when the judge's output can be used: the runner wrote its header, or the run ended with no exit
    /// status, no signal and no timeout, which means the sandbox's exec agent was killed from inside the
    /// container (the sandbox has already checked the engine and the container are fine), and only candidate
    /// code runs there besides the judge. Such a run is the candidate's doing: its tests have no records and fail
    /// as runtime errors, so killing every process cannot turn a wrong answer into an unscored infrastructure
    /// error. A runner that never started for any other reason is an infrastructure failure.
    /// </summary>
    public bool Usable(ExecResult exec) =>
        HasHeader || (exec.ExitCode is null && exec.Signal is null && !exec.TimedOut);

    public static RunnerOutput Parse(ExecResult result) => Parse(result.Stdout);

    /// <summary>Parses a runner's stdout (the exec's, or what a <see cref="ExecRequest.StdoutSink"/> received); the records point into it.</summary>
    public static RunnerOutput Parse(ReadOnlyMemory<byte> stdout)
    {
        bool header = false;
        bool done = false;
        JsonElement? compile = null;
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var documents = new List<JsonDocument>();
        // Lines are parsed where they lie in the exec's bytes: no text copy of the whole output, so the scorer keeps
        // about one copy of what the runner printed (the documents point into it).
        int start = 0;
        while (start < stdout.Length)
        {
            int newline = stdout.Span[start..].IndexOf((byte)'\n');
            int end = newline < 0 ? stdout.Length : start + newline;
            var line = stdout[start..end];
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                // Not cloned: a clone is parsed again with the default depth limit (64), which a deep but legal value
                // exceeds; the document lives until this output is disposed. Its metadata is rented from the shared
                // array pool (about as large as the line), so disposing it is what keeps large records from costing
                // a fresh large array each.
                document = JsonDocument.Parse(line, LenientJson.DocumentOptions);
            }
            catch (JsonException)
            {
                continue;
            }

            documents.Add(document);
            var element = document.RootElement;

            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (element.TryGetProperty("runner", out _))
            {
                header = true;
            }
            else if (element.TryGetProperty("done", out _))
            {
                done = true;
            }
            else if (header && compile is null && element.TryGetProperty("compile", out var compiled) && compiled.ValueKind == JsonValueKind.Object)
            {
                compile = compiled;
            }
            else if (header && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                records.TryAdd(LenientJson.GetString(id), element);
            }
        }

        return new RunnerOutput(header, done, records, compile, documents);
    }

    public void Dispose()
    {
        foreach (var document in documents)
        {
            document.Dispose();
        }

        documents.Clear();
    }

    public static string? GetString(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? LenientJson.GetString(value) : null;

    public static long? GetLong(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;
}
