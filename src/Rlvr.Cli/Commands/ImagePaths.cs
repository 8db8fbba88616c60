namespace Rlvr.Cli.Commands;

/// <summary>Finds <c>environments/images</c> of the checkout the command runs in.</summary>
internal static class ImagePaths
{
    /// <summary>The first <c>environments/images</c> above the current directory or the tool; <see langword="null"/> when there is none.</summary>
    public static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "environments", "images");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
