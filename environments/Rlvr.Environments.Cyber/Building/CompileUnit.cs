namespace Rlvr.Environments.Cyber.Building;

/// <summary>One compile unit of a built binary, as its debug information records it.</summary>
/// <param name="Producer">The compiler and the flags it ran with (<c>DW_AT_producer</c>).</param>
/// <param name="Name">The source file (<c>DW_AT_name</c>).</param>
/// <param name="CompDir">The compilation folder after prefix mapping (<c>DW_AT_comp_dir</c>; <c>.</c> for the build folder).</param>
public sealed record CompileUnit(string Producer, string Name, string CompDir)
{
    /// <summary>Reads the build's <c>units.txt</c> (one unit a line: producer, name, folder, tab-separated).</summary>
    /// <param name="text">The file's text.</param>
    public static IReadOnlyList<CompileUnit> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = new List<CompileUnit>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.TrimEnd('\r').Split('\t');
            if (parts.Length == 3)
            {
                units.Add(new CompileUnit(parts[0].Trim(), parts[1].Trim(), parts[2].Trim()));
            }
        }

        return units;
    }
}
