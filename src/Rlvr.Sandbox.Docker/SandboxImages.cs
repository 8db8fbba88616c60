namespace Rlvr.Sandbox.Docker;

/// <summary>
/// Names of the sandbox images built from <c>environments/images/&lt;name&gt;/Dockerfile</c> by
/// <c>rlvr images build</c>.
/// </summary>
public static class SandboxImages
{
    /// <summary>The repository prefix of every image this project builds.</summary>
    public const string Prefix = "rlvr/";

    /// <summary>Python 3 on Debian bookworm (<c>environments/images/python</c>).</summary>
    public const string Python = "rlvr/python:latest";

    /// <summary>The <c>latest</c> tag of the image built from <c>environments/images/<paramref name="name"/></c>.</summary>
    /// <param name="name">The folder name, e.g. <c>python</c>.</param>
    /// <returns>For example <c>rlvr/python:latest</c>.</returns>
    public static string Latest(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Prefix + name + ":latest";
    }

    /// <summary>The folder name of one of our images (<c>rlvr/python:latest</c> gives <c>python</c>); <see langword="null"/> for other images.</summary>
    /// <param name="image">An image reference.</param>
    /// <returns>The name, or <see langword="null"/>.</returns>
    public static string? NameOf(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!image.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = image[Prefix.Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
    }
}
