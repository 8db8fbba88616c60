using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Code.Data;

/// <summary>
/// Reads LiveCodeBench rows in either shape, told apart row by row:
/// <list type="bullet">
/// <item>the Hub's (<c>livecodebench/code_generation_lite</c>): <c>question_content</c>, <c>platform</c>,
/// <c>question_id</c>, <c>starter_code</c>, <c>public_test_cases</c> (JSON text), <c>private_test_cases</c> (JSON text,
/// or base64 of zlib of a pickled JSON text) and <c>metadata</c> (JSON text; <c>func_name</c> for call-based
/// problems), as LiveCodeBench's own loader reads them (<c>lcb_runner/benchmarks/code_generation.py</c>,
/// <c>CodeGenerationProblem.__post_init__</c>, LiveCodeBench/LiveCodeBench commit 28fef95);</item>
/// <item>the converted sample (<c>judge</c>, <c>task_id</c>, <c>prompt</c>, <c>fn_name</c>,
/// <c>tests.inputs</c>/<c>tests.outputs</c>).</item>
/// </list>
/// As in LiveCodeBench's grader (<c>lcb_runner/evaluation/testing_util.py</c>), a problem is call-based when its
/// metadata names a <c>func_name</c>, and its tests are the public ones followed by the private ones.
/// </summary>
internal static class LiveCodeBenchRows
{
    /// <summary>LiveCodeBench's <c>PromptConstants.SYSTEM_MESSAGE_GENERIC</c> (lcb_runner/prompts/code_generation.py, commit 28fef95).</summary>
    internal const string SystemMessage = "You are an expert Python programmer. You will be given a question (problem specification) and will generate a correct Python program that matches the specification and passes all tests.";

    /// <summary>LiveCodeBench's <c>FORMATTING_MESSAGE_WITH_STARTER_CODE</c> (same file).</summary>
    internal const string WithStarterCode = "You will use the following starter code to write the solution to the problem and enclose your code within delimiters.";

    /// <summary>LiveCodeBench's <c>FORMATTING_WITHOUT_STARTER_CODE</c> (same file).</summary>
    internal const string WithoutStarterCode = "Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program runs, it reads the inputs, runs the algorithm and writes output to STDOUT.";

    /// <summary>
    /// Our C# wording of the stdin/stdout prompt for <c>code/csharp</c> (LiveCodeBench itself is Python only): the
    /// same template with "Python" read as "C#" and a <c>csharp</c> fence.
    /// </summary>
    internal const string CSharpSystemMessage = "You are an expert C# programmer. You will be given a question (problem specification) and will generate a correct C# program that matches the specification and passes all tests.";

    /// <summary>The C# counterpart of <see cref="WithoutStarterCode"/>.</summary>
    internal const string CSharpWithoutStarterCode = "Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the sample inputs). Enclose your code within delimiters as follows. Ensure that when the C# program runs, it reads the inputs, runs the algorithm and writes output to STDOUT.";

    // A decompressed test list larger than this is refused (a zlib bomb), well above LiveCodeBench's largest.
    private const int MaxDecompressedBytes = 1 << 30;

    /// <summary>Every problem of a file.</summary>
    /// <param name="path">A JSONL (or Parquet) file of either row shape.</param>
    public static IEnumerable<LiveCodeBenchProblem> Read(string path)
    {
        foreach (var row in DatasetReader.Read(path))
        {
            yield return row.Value.TryGetProperty("question_content", out _) ? FromHub(row) : FromSample(row);
        }
    }

    /// <summary>
    /// LiveCodeBench's generic prompt: its system message, then <c>get_generic_question_template_answer</c>
    /// (lcb_runner/prompts/code_generation.py, commit 28fef95) — the question, the starter code or the stdin
    /// instruction, and the answer line.
    /// </summary>
    /// <param name="questionContent">The statement.</param>
    /// <param name="starterCode">The starter code; empty for stdin/stdout problems.</param>
    internal static string Prompt(string questionContent, string starterCode)
    {
        var prompt = new StringBuilder(SystemMessage).Append("\n\n### Question:\n").Append(questionContent).Append("\n\n");
        if (starterCode.Length > 0)
        {
            prompt.Append("### Format: ").Append(WithStarterCode).Append('\n').Append("```python\n").Append(starterCode).Append("\n```\n\n");
        }
        else
        {
            prompt.Append("### Format: ").Append(WithoutStarterCode).Append('\n').Append("```python\n# YOUR CODE HERE\n```\n\n");
        }

        return prompt.Append("### Answer: (use the provided format with backticks)\n\n").ToString();
    }

    /// <summary>The stdin/stdout prompt of <see cref="Prompt(string, string)"/> asking for a C# program.</summary>
    /// <param name="questionContent">The statement.</param>
    internal static string CSharpPrompt(string questionContent) =>
        CSharpSystemMessage + "\n\n### Question:\n" + questionContent + "\n\n### Format: " + CSharpWithoutStarterCode
        + "\n```csharp\n// YOUR CODE HERE\n```\n\n### Answer: (use the provided format with backticks)\n\n";

    /// <summary>
    /// The test list of a <c>public_test_cases</c> or <c>private_test_cases</c> field: JSON text as it is, else
    /// base64 of zlib of a pickled JSON text (decoded by <see cref="PickledString"/>, never unpickled).
    /// </summary>
    /// <param name="field">The field's text.</param>
    /// <returns>The JSON text of the list.</returns>
    /// <exception cref="InvalidDataException">Neither JSON text nor a valid encoded pickle.</exception>
    internal static string TestListText(string field) => TestListSource(field)();

    /// <summary>
    /// What <see cref="TestListText"/> needs to decode a field later: the JSON text itself, or the compressed bytes
    /// (base64 is undone now, so a row keeps about three quarters of the field's size and nothing decoded).
    /// </summary>
    /// <param name="field">The field's text.</param>
    /// <exception cref="InvalidDataException">Neither JSON text nor base64 text.</exception>
    internal static Func<string> TestListSource(string field)
    {
        string trimmed = field.TrimStart();
        if (trimmed.StartsWith('[') || trimmed.Length == 0)
        {
            return () => field;
        }

        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(field);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("neither a JSON list nor base64 text", ex);
        }

        return () => Inflate(compressed);
    }

    private static string Inflate(byte[] compressed)
    {
        using var output = new MemoryStream();
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var buffer = new byte[81920];
        int read;
        while ((read = ReadZlib(zlib, buffer)) > 0)
        {
            if (output.Length + read > MaxDecompressedBytes)
            {
                throw new InvalidDataException($"decompresses to more than {MaxDecompressedBytes} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return PickledString.Decode(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    // One read of the decompressed stream; a zlib error says what the field was taken for.
    private static int ReadZlib(ZLibStream zlib, byte[] buffer)
    {
        try
        {
            return zlib.Read(buffer, 0, buffer.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException("base64 text that is not zlib data: " + ex.Message, ex);
        }
    }

    private static LiveCodeBenchProblem FromHub(DatasetRow row)
    {
        var value = row.Value;
        string platform = Text(row, "platform");
        string questionId = Text(row, "question_id");
        string starter = value.TryGetProperty("starter_code", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
        string? functionName = null;
        if (value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.String && metadata.GetString() is { Length: > 0 } metadataText)
        {
            using var document = Parse(row, "metadata", metadataText);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("func_name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                functionName = name.GetString();
            }
        }

        string location = row.Location;
        var publicTests = TestList(location, "public_test_cases", Source(location, "public_test_cases", Text(row, "public_test_cases")));
        var privateSource = Source(location, "private_test_cases", Text(row, "private_test_cases"));
        IReadOnlyList<(string, string)> ReadTests() => [.. publicTests, .. TestList(location, "private_test_cases", privateSource)];
        string content = Text(row, "question_content");
        return new LiveCodeBenchProblem(platform + "/" + questionId, Prompt(content, starter), functionName, ReadTests, functionName is null ? CSharpPrompt(content) : null, location);
    }

    private static LiveCodeBenchProblem FromSample(DatasetRow row)
    {
        var value = row.Value;
        string judge = Text(row, "judge");
        var testsElement = value.TryGetProperty("tests", out var t) && t.ValueKind == JsonValueKind.Object
            ? t
            : throw new ProblemFormatException("$.tests", $"{row.Location}: 'tests' must be an object with 'inputs' and 'outputs'");
        var inputs = testsElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetString() ?? string.Empty);
        var outputs = testsElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetString() ?? string.Empty);
        string? functionName = judge == "call_based" ? Text(row, "fn_name") : null;
        IReadOnlyList<(string, string)> tests = [.. inputs.Zip(outputs)];
        string prompt = Text(row, "prompt");

        // The sample's prompt is LiveCodeBench's, so its question lies between these two headings.
        int question = prompt.IndexOf("### Question:\n", StringComparison.Ordinal);
        int format = prompt.LastIndexOf("\n\n### Format:", StringComparison.Ordinal);
        string? csharp = functionName is null && question >= 0 && format > question
            ? CSharpPrompt(prompt[(question + "### Question:\n".Length)..format])
            : null;
        return new LiveCodeBenchProblem(Text(row, "task_id"), prompt, functionName, () => tests, csharp, row.Location);
    }

    private static Func<string> Source(string location, string field, string text)
    {
        try
        {
            var source = TestListSource(text);
            return () =>
            {
                try
                {
                    return source();
                }
                catch (InvalidDataException ex)
                {
                    throw new ProblemFormatException("$." + field, $"{location}: {field}: {ex.Message}", ex);
                }
            };
        }
        catch (InvalidDataException ex)
        {
            throw new ProblemFormatException("$." + field, $"{location}: {field}: {ex.Message}", ex);
        }
    }

    private static List<(string, string)> TestList(string location, string field, Func<string> source)
    {
        string text = source();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ProblemFormatException("$." + field, $"{location}: {field}: not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ProblemFormatException("$." + field, $"{location}: {field}: a list of tests was expected, not {document.RootElement.ValueKind}");
            }

            var tests = new List<(string, string)>();
            int index = 0;
            foreach (var test in document.RootElement.EnumerateArray())
            {
                if (test.ValueKind != JsonValueKind.Object
                    || !test.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.String
                    || !test.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.String)
                {
                    throw new ProblemFormatException($"$.{field}[{index}]", $"{location}: {field}[{index}]: a test needs string 'input' and 'output'");
                }

                tests.Add((input.GetString()!, output.GetString()!));
                index++;
            }

            return tests;
        }
    }

    private static string Text(DatasetRow row, string name) =>
        row.Value.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ProblemFormatException("$." + name, $"{row.Location}: '{name}' must be a string");

    private static JsonDocument Parse(DatasetRow row, string field, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ProblemFormatException("$." + field, $"{row.Location}: {field}: not JSON: {ex.Message}", ex);
        }
    }
}
