using System.Text.Json;
using Rlvr.Environments.Code.Judging;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// The stdin of a checker or interactor replay, written case by case into the sample's pooled buffer as the
/// candidate's outputs are decoded: the scorer never holds a string per output, only this one request per batch.
/// </summary>
internal sealed class JudgeRequest : IDisposable
{
    private readonly PooledBufferWriter buffer;
    private readonly Utf8JsonWriter writer;

    /// <summary>Starts a request for the judge program <paramref name="code"/>, sent as <paramref name="codeName"/>, in <paramref name="buffer"/> (cleared first; the caller owns it).</summary>
    public JudgeRequest(PooledBufferWriter buffer, string codeName, string code)
    {
        this.buffer = buffer;
        buffer.Clear();
        writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString(codeName, code);
        writer.WriteStartArray("cases");
    }

    /// <summary>Adds a checker case: the test's input, the program's output and the expected answer.</summary>
    public void Add(string id, string input, ReadOnlySpan<char> output, string answer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("input", input);
        writer.WriteString("output", output);
        writer.WriteString("answer", answer);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Adds an interactor replay case: the test's input and the recorded transcript.</summary>
    public void Add(string id, string input, JsonElement transcript)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("input", input);
        writer.WritePropertyName("transcript");
        transcript.WriteTo(writer);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Closes the request; the bytes are valid until the buffer is cleared or disposed.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    public void Dispose() => writer.Dispose();
}
