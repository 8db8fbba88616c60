using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Debian;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Environments.Cyber.Tests.Debian;

/// <summary>
/// The bundled Debian challenges, loaded once the <c>rlvr/cyber-debian</c> image is built (through the project's
/// image builder, cached by content hash), since their sources come from it.
/// </summary>
internal static class DebianChallenges
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<CyberChallenge>? loaded;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "challenges-debian");

    /// <summary>The challenge ids, from the folder names (no Docker needed to list them).</summary>
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    public static async Task<CyberChallenge> GetAsync(string id)
    {
        await CyberDocker.RequireAsync();
        await Gate.WaitAsync();
        try
        {
            if (loaded is null)
            {
                await new SandboxImageBuilder(DockerEndpoint.FromEnvironment()).BuildAsync(RepoPaths.ImagesDirectory, "cyber-debian", TextWriter.Null, CancellationToken.None);
                var issues = new List<ChallengeIssue>();
                loaded = ChallengeLoader.LoadAll(Folder, issues);
                Assert.True(issues.Count == 0, string.Join("\n", issues.Select(i => i.ToString())));
            }
        }
        finally
        {
            Gate.Release();
        }

        return loaded.Single(c => c.Id == id);
    }

    /// <summary>
    /// The real Debian patch of a challenge as a candidate diff: the file sections on the build's files, their paths
    /// moved under <c>src/</c>; the patch's description, <c>diff --git</c>/<c>index</c> lines and sections on other
    /// files (tests, AUTHORS) are left out.
    /// </summary>
    public static string DebianPatchAsCandidate(CyberChallenge challenge)
    {
        var source = challenge.Manifest.Source?.Debian ?? throw new InvalidOperationException(challenge.Id + " is not a Debian challenge");
        string[] lines = File.ReadAllText(Path.Combine(DebianTrees.Get(source), "debian.patch")).Split('\n');
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith("--- ", StringComparison.Ordinal) || !lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                continue;
            }

            // -p1: the first path component is the tree's own folder (a/, b/, pkg-1.0/).
            string path = lines[i + 1][4..].Split('\t')[0].Trim();
            path = "src/" + path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..];
            bool keep = challenge.VulnerableSources.ContainsKey(path);
            if (keep)
            {
                sb.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
            }

            i += 2;
            while (i < lines.Length && lines[i].StartsWith("@@ ", StringComparison.Ordinal))
            {
                var m = System.Text.RegularExpressions.Regex.Match(lines[i], @"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@");
                int oldLeft = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                int newLeft = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                if (keep)
                {
                    sb.Append(lines[i]).Append('\n');
                }

                i++;
                while (i < lines.Length && (oldLeft > 0 || newLeft > 0 || lines[i].StartsWith('\\')))
                {
                    string line = lines[i];
                    if (line.StartsWith('-'))
                    {
                        oldLeft--;
                    }
                    else if (line.StartsWith('+'))
                    {
                        newLeft--;
                    }
                    else if (!line.StartsWith('\\'))
                    {
                        oldLeft--;
                        newLeft--;
                    }

                    if (keep)
                    {
                        sb.Append(line).Append('\n');
                    }

                    i++;
                }
            }

            i--;
        }

        return sb.ToString();
    }
}
