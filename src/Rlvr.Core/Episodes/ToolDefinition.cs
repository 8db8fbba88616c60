using System.Text.Json;

namespace Rlvr.Core.Episodes;

/// <summary>A tool offered to the model, in the shape of OpenAI-style function tools.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Description">What the tool does.</param>
/// <param name="Parameters">The JSON schema of the arguments object.</param>
public sealed record ToolDefinition(string Name, string Description, JsonElement Parameters)
{
    /// <summary>Creates a tool definition from a JSON schema text.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="description">What the tool does.</param>
    /// <param name="parametersSchemaJson">The JSON schema of the arguments object.</param>
    public static ToolDefinition Create(string name, string description, string parametersSchemaJson)
    {
        using var document = JsonDocument.Parse(parametersSchemaJson);
        return new ToolDefinition(name, description, document.RootElement.Clone());
    }
}
