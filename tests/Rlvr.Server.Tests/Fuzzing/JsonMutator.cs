using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>
/// Structure-aware mutations of a valid JSON document: each case picks one JSON path of the seed and breaks it (a value
/// of the wrong type, a deleted or duplicated member, deep nesting, huge numbers and strings, hostile paths), or breaks
/// the bytes (invalid UTF-8, truncation, lone surrogates). Deterministic: the same seed text, path pick, kind and
/// payload seed give the same bytes.
/// </summary>
internal static class JsonMutator
{
    public const int Kinds = 12;

    private static readonly string[] Keys = ["id", "path", "problem", "problem_id", "completion", "env", "tool_calls", "role", "content", "answer", "items", "__proto__"];

    private static readonly string[] HostilePaths = ["/etc", "/etc/passwd", "../../..", "..", "challenges/../../etc", "/proc/self/environ", "~", "C:\\Windows", "a\u0000b", "./", "/"];

    /// <summary>Applies mutation <paramref name="kind"/> to the node at path number <paramref name="pathPick"/> of <paramref name="seed"/>.</summary>
    public static byte[] Mutate(string seed, int pathPick, int kind, int payloadSeed, out string description)
    {
        var random = new Random(payloadSeed);
        var root = JsonNode.Parse(seed) ?? throw new ArgumentException("seed is null", nameof(seed));
        var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        Collect(root, "$", slots);
        var slot = slots[pathPick % slots.Count];
        string text;
        switch (kind)
        {
            case 0: // a value of another type
                Replace(slot, WrongValue(random));
                description = $"wrong type at {slot.Path}";
                return Bytes(root);
            case 1: // a member or element removed
                Remove(slot);
                description = $"removed {slot.Path}";
                return Bytes(root);
            case 2: // nesting past any depth limit
            {
                int depth = random.Next(2) == 0 ? 65 + random.Next(10) : 1000 + random.Next(5000);
                text = new string('[', depth) + new string(']', depth);
                Replace(slot, JsonNode.Parse("0"));
                description = $"nesting {depth} at {slot.Path}";
                return Encoding.UTF8.GetBytes(SpliceAt(root, slot, text));
            }

            case 3: // huge numbers, as raw tokens the serializer would never write
            {
                string[] numbers = ["1e400", "-1e400", "123456789012345678901234567890123456789", "-0", "1E-400", "9223372036854775808", "0.0000000000000000000000000000001", "1" + new string('0', 10000)];
                Replace(slot, JsonNode.Parse("0"));
                string number = numbers[random.Next(numbers.Length)];
                description = $"number {number[..Math.Min(20, number.Length)]} at {slot.Path}";
                return Encoding.UTF8.GetBytes(SpliceAt(root, slot, number));
            }

            case 4: // huge string
                Replace(slot, JsonValue.Create(new string((char)('a' + random.Next(26)), random.Next(20) == 0 ? 1_100_000 : 70_000)));
                description = $"huge string at {slot.Path}";
                return Bytes(root);
            case 5: // duplicate key: the member written twice with another value
            {
                var obj = slot.Parent as JsonObject ?? root as JsonObject;
                string key = slot.Key ?? obj?.FirstOrDefault().Key ?? "id";
                string json = root.ToJsonString();
                string inject = $"{JsonSerializer.Serialize(key)}:{WrongValue(random)?.ToJsonString() ?? "null"},";
                int brace = json.IndexOf('{', StringComparison.Ordinal);
                description = $"duplicate key '{key}'";
                return Encoding.UTF8.GetBytes(brace < 0 ? json : json.Insert(brace + 1, inject));
            }

            case 6: // invalid UTF-8 inside the text
            {
                byte[] bytes = Bytes(root);
                byte[][] bad = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF]];
                int at = random.Next(bytes.Length);
                description = $"invalid UTF-8 at byte {at}";
                return [.. bytes[..at], .. bad[random.Next(bad.Length)], .. bytes[at..]];
            }

            case 7: // truncated
            {
                byte[] bytes = Bytes(root);
                int at = random.Next(bytes.Length);
                description = $"truncated at byte {at}";
                return bytes[..at];
            }

            case 8: // escapes that decode to something odd
            {
                string[] odd = ["\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\\u202e\"", "\"\\uFEFF\"", "\"\\\\..\\\\..\"", "\"\\n\\r\\t\""];
                Replace(slot, JsonNode.Parse("0"));
                string value = odd[random.Next(odd.Length)];
                description = $"escape {value} at {slot.Path}";
                return Encoding.UTF8.GetBytes(SpliceAt(root, slot, value));
            }

            case 9: // an extra member where a client might smuggle something
            {
                var target = slot.Parent as JsonObject ?? root as JsonObject;
                string key = Keys[random.Next(Keys.Length)];
                JsonNode? value = key == "path"
                    ? JsonValue.Create(HostilePaths[random.Next(HostilePaths.Length)])
                    : WrongValue(random);
                if (target is not null)
                {
                    target[key] = value;
                }

                description = $"member '{key}' added near {slot.Path}";
                return Bytes(root);
            }

            case 10: // the whole document replaced by something else entirely
            {
                string[] whole = ["", " ", "null", "[]", "0", "\"x\"", "{", "}", "[{}]", "{\"items\":", "\uFEFF{}", "{}{}", "{\"a\":1}\n{\"b\":2}", "<xml/>", "\u0000"];
                string value = whole[random.Next(whole.Length)];
                description = $"document '{value}'";
                return Encoding.UTF8.GetBytes(value);
            }

            default: // several mutations of the kinds above on one document
            {
                byte[] once = Mutate(seed, pathPick, random.Next(2) == 0 ? 0 : 9, random.Next(), out string first);
                try
                {
                    string again = Encoding.UTF8.GetString(once);
                    var reparsed = JsonNode.Parse(again);
                    if (reparsed is not null)
                    {
                        byte[] twice = Mutate(again, random.Next(), random.Next(Kinds - 1), random.Next(), out string second);
                        description = first + " + " + second;
                        return twice;
                    }
                }
                catch (JsonException)
                {
                    // The first mutation already left invalid JSON; that is the case.
                }

                description = first;
                return once;
            }
        }
    }

    private static JsonNode? WrongValue(Random random) => random.Next(14) switch
    {
        0 => JsonValue.Create(0),
        1 => JsonValue.Create(-1),
        2 => JsonValue.Create(5),
        3 => JsonValue.Create(1e308),
        4 => JsonValue.Create(long.MaxValue),
        5 => JsonValue.Create(true),
        6 => null,
        7 => JsonValue.Create(string.Empty),
        8 => JsonValue.Create("x"),
        9 => new JsonArray(),
        10 => new JsonObject(),
        11 => new JsonArray(new JsonArray(new JsonArray(JsonValue.Create(1)))),
        12 => new JsonObject { ["path"] = HostilePaths[random.Next(HostilePaths.Length)] },
        _ => JsonValue.Create(3.5),
    };

    private static void Collect(JsonNode? node, string path, List<(JsonNode Parent, string? Key, int Index, string Path)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    string child = $"{path}.{key}";
                    slots.Add((obj, key, -1, child));
                    Collect(value, child, slots);
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    string child = $"{path}[{i}]";
                    slots.Add((array, null, i, child));
                    Collect(array[i], child, slots);
                }

                break;
        }

        if (slots.Count == 0 && node is JsonObject empty)
        {
            slots.Add((empty, "id", -1, "$.id"));
        }
    }

    private static void Replace((JsonNode Parent, string? Key, int Index, string Path) slot, JsonNode? value)
    {
        if (slot.Parent is JsonObject obj && slot.Key is { } key)
        {
            obj[key] = value;
        }
        else if (slot.Parent is JsonArray array && slot.Index >= 0 && slot.Index < array.Count)
        {
            array[slot.Index] = value;
        }
    }

    private static void Remove((JsonNode Parent, string? Key, int Index, string Path) slot)
    {
        if (slot.Parent is JsonObject obj && slot.Key is { } key)
        {
            obj.Remove(key);
        }
        else if (slot.Parent is JsonArray array && slot.Index >= 0 && slot.Index < array.Count)
        {
            array.RemoveAt(slot.Index);
        }
    }

    /// <summary>Writes the document with the slot's value replaced by raw text (tokens the serializer cannot produce).</summary>
    private static string SpliceAt(JsonNode root, (JsonNode Parent, string? Key, int Index, string Path) slot, string raw)
    {
        const string marker = "\"__rlvr_fuzz_marker__\"";
        Replace(slot, JsonValue.Create("__rlvr_fuzz_marker__"));
        string json = root.ToJsonString();
        int at = json.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? json : json[..at] + raw + json[(at + marker.Length)..];
    }

    private static byte[] Bytes(JsonNode root) => Encoding.UTF8.GetBytes(root.ToJsonString());
}
