using System.Text.Json;
using Rlvr.Environments.Code.Judging;

namespace Rlvr.Environments.Code.Values;

/// <summary>Converts plain JSON values to the tagged format: integers to <c>int</c>, other numbers to <c>float</c>, objects to dicts.</summary>
public static class PyJson
{
    /// <summary>The tagged JSON text of <paramref name="value"/>.</summary>
    /// <param name="value">A plain JSON value.</param>
    public static string ToTagged(JsonElement value) => System.Text.Encoding.UTF8.GetString(SandboxJson.Write(w => Write(w, value)));

    /// <summary>The tagged JSON text of a list of plain JSON values.</summary>
    /// <param name="values">The values.</param>
    public static string ToTaggedList(IEnumerable<JsonElement> values) => System.Text.Encoding.UTF8.GetString(SandboxJson.Write(w =>
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            Write(w, value);
        }

        w.WriteEndArray();
    }));

    private static void Write(Utf8JsonWriter w, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                string raw = value.GetRawText();
                w.WriteStartObject();
                w.WriteString(raw.AsSpan().IndexOfAny(".eE") >= 0 ? "f" : "i", raw);
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(w, item);
                }

                w.WriteEndArray();
                break;
            case JsonValueKind.Object:
                w.WriteStartObject();
                w.WriteStartArray("d");
                foreach (var property in value.EnumerateObject())
                {
                    w.WriteStartArray();
                    w.WriteStringValue(property.Name);
                    Write(w, property.Value);
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }
}
