namespace Rlvr.Cli.Commands;

/// <summary>Finds the sandbox image build contexts the tool ships with (<c>images/</c> beside its assembly; see Rlvr.Cli.csproj).</summary>
internal static class ImagePaths
{
    /// <summary>The <c>images</c> folder beside the tool; <see langword="null"/> when there is none. Never looks for a checkout.</summary>
    public static string? Find() => Find(AppContext.BaseDirectory);

    /// <summary>The <c>images</c> folder under <paramref name="toolDirectory"/>, when it exists.</summary>
    public static string? Find(string toolDirectory)
    {
        string candidate = Path.Combine(toolDirectory, "images");
        return Directory.Exists(candidate) ? candidate : null;
    }
}
