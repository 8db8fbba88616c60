using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Tests;

/// <summary>The test-only challenges under Assets/challenges (copied to the test output; not bundled).</summary>
internal static class TestAssets
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Assets", "challenges");

    public static CyberChallenge Get(string id) => ChallengeLoader.Load(Path.Combine(Folder, id));

    /// <summary>Copies a test challenge to a fresh temporary folder (to vary it); the caller deletes the returned root.</summary>
    public static string CopyToTemp(string id, out string folder)
    {
        string root = Path.Combine(Path.GetTempPath(), "rlvr-cyber-" + Guid.NewGuid().ToString("N"));
        folder = Path.Combine(root, id);
        foreach (string file in Directory.GetFiles(Path.Combine(Folder, id), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(folder, Path.GetRelativePath(Path.Combine(Folder, id), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }
}
