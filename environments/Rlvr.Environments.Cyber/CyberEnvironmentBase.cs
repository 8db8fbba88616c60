using System.Text.Json;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber;

/// <summary>
/// What the PoC and patch environments share: the bundled challenges (or <see cref="ChallengeLoader.FolderVariable"/>),
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

        if (json.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String)
        {
            try
            {
                return ChallengeLoader.Load(path.GetString() ?? string.Empty);
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
    protected override IEnumerable<CyberChallenge> LoadProblems() => ChallengeLoader.LoadAll(ChallengeLoader.DefaultFolder);
}
