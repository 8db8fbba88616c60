using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>
/// <c>cyber/ctf</c>: multi-turn capture-the-flag episodes in a sandbox (see <see cref="CtfEpisode"/>). Single-shot
/// scoring treats the completion as a solve script (see <see cref="CtfVerifier"/>).
/// </summary>
public sealed class CtfEnvironment : Environment<CtfChallenge>
{
    private readonly CyberOptions options;

    /// <summary>Creates the environment with default options.</summary>
    public CtfEnvironment()
        : this(CyberOptions.Default)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Image and limits.</param>
    public CtfEnvironment(CyberOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        Rubric = Rubric<CtfChallenge>.Single("flag", new CtfVerifier(options));
    }

    /// <inheritdoc />
    public override string Name => "cyber/ctf";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "Capture-the-flag episodes: a shell in a sandbox without network, a fresh flag per episode, exact constant-time comparison.";

    /// <inheritdoc />
    public override IVerifier<CtfChallenge> Rubric { get; }

    /// <inheritdoc />
    public override string? GetProblemId(CtfChallenge problem) => problem?.Id;

    /// <inheritdoc />
    public override string RenderPrompt(CtfChallenge problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var m = problem.Manifest;
        return $"# {m.Title}\n\n{m.Description}\n\nThe challenge files are in {CtfEpisode.WorkingFolder} of a sandbox without network. "
            + $"The flag looks like {m.Flag.Describe()} and is different every time. Answer with a solve script in one fenced ```sh block; "
            + "it runs once in a fresh sandbox and the last line it prints is submitted as the flag.";
    }

    /// <inheritdoc />
    public override IEpisode CreateEpisode(CtfChallenge problem, ScoringContext context) => new CtfEpisode(problem, context, options);

    /// <inheritdoc />
    public override CtfChallenge ParseProblem(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("path", out var path))
        {
            // The host decides which folders a problem may name (a server request: none, or only below its root).
            string folder = path.ValueKind == JsonValueKind.String
                ? ProblemFileAccess.Current.ResolveFolder(path.GetString(), "$.path")
                : throw new ProblemFormatException("$.path", $"must be a string, not {path.ValueKind}");
            try
            {
                return CtfLoader.Load(folder);
            }
            catch (ChallengeLoadException ex)
            {
                throw new ProblemFormatException("$.path", ex.Message, ex);
            }
        }

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && TryGetProblem(id.GetString() ?? string.Empty, out var challenge))
        {
            return challenge;
        }

        throw new ProblemFormatException("$.id", "Give {\"id\": \"<bundled CTF>\"} or {\"path\": \"<CTF folder>\"}.");
    }

    /// <inheritdoc />
    protected override IEnumerable<CtfChallenge> LoadProblems()
    {
        // One invalid folder is reported and skipped; the other challenges still load.
        var issues = new List<ChallengeIssue>();
        var challenges = CtfLoader.LoadAll(CtfLoader.DefaultFolder, issues);
        foreach (var issue in issues)
        {
            ReportDatasetIssue(issue.ToString());
        }

        return challenges;
    }
}
