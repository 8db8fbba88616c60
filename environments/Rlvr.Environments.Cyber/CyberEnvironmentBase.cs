using System.Text.Json;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber;

/// <summary>
/// What the PoC and patch environments share: the bundled challenges (and those of <see cref="ChallengeLoader.FolderVariable"/>),
/// problem ids, and problems given as <c>{"id": "..."}</c> (a bundled challenge) or <c>{"path": "..."}</c> (a folder).
/// </summary>
public abstract class CyberEnvironmentBase : Environment<CyberChallenge>
{
    /// <inheritdoc />
    public override string? GetProblemId(CyberChallenge problem) => problem?.Id;

    /// <inheritdoc />
    public override CyberChallenge ParseProblem(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemFormatException("$", "A cyber problem is an object: {\"id\": \"<bundled challenge>\"} or {\"path\": \"<challenge folder>\"}.");
        }

        if (json.TryGetProperty("path", out var path))
        {
            // The host decides which folders a problem may name (a server request: none, or only below its root).
            string folder = path.ValueKind == JsonValueKind.String
                ? ProblemFileAccess.Current.ResolveFolder(path.GetString(), "$.path")
                : throw new ProblemFormatException("$.path", $"must be a string, not {path.ValueKind}");
            try
            {
                return ChallengeLoader.Load(folder);
            }
            catch (ChallengeLoadException ex)
            {
                throw new ProblemFormatException("$.path", ex.Message, ex);
            }
        }

        if (json.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && TryGetProblem(id.GetString() ?? string.Empty, out var challenge))
        {
            return challenge;
        }

        throw new ProblemFormatException("$.id", $"No bundled challenge with that id ({ProblemIds.Count} bundled) and no \"path\" given.");
    }

    /// <inheritdoc />
    protected override IEnumerable<CyberChallenge> LoadProblems()
    {
        // The bundled challenges plus every folder named by RLVR_CYBER_CHALLENGES; one invalid folder is reported and
        // skipped, the other challenges still load.
        var issues = new List<ChallengeIssue>();
        var challenges = ChallengeLoader.LoadAll(ChallengeLoader.Folders, issues);
        foreach (var issue in issues)
        {
            ReportDatasetIssue(issue.ToString());
        }

        return challenges;
    }
}
