namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>Checks on a challenge folder made before any of its files is read.</summary>
internal static class ChallengeFolder
{
    /// <summary>
    /// Every symbolic link in <paramref name="folder"/> (at any depth, links never followed) as an issue: a link could
    /// make the loader read a file outside the folder, and a folder named by a server request must stay below the
    /// operator's root. Only directory entries are listed; no file content is read.
    /// </summary>
    /// <param name="folder">The challenge folder.</param>
    /// <param name="name">The challenge name used in issue paths.</param>
    public static List<ChallengeIssue> Links(string folder, string name)
    {
        var issues = new List<ChallengeIssue>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(folder));
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
        while (pending.TryPop(out var dir))
        {
            foreach (var entry in dir.EnumerateFileSystemInfos("*", options))
            {
                if (entry.LinkTarget is not null || entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    string rel = Path.GetRelativePath(folder, entry.FullName).Replace('\\', '/');
                    issues.Add(new ChallengeIssue($"{name}/{rel}", "symbolic links are not allowed in a challenge folder"));
                }
                else if (entry is DirectoryInfo sub)
                {
                    pending.Push(sub);
                }
            }
        }

        return issues;
    }
}
