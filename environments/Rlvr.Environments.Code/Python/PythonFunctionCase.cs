using System.Text.Json;

namespace Rlvr.Environments.Code.Python;

/// <summary>A test given directly as JSON values (LiveCodeBench call-based shape): arguments and the expected return value.</summary>
/// <param name="Args">One JSON value per argument (numbers with a fraction or exponent are floats, others ints; objects are dicts).</param>
/// <param name="Expected">The expected return value, compared with Python's equality.</param>
public sealed record PythonFunctionCase(IReadOnlyList<JsonElement> Args, JsonElement Expected);
