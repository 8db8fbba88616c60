using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>
/// Single-shot scoring of a CTF (the <c>rlvr eval</c> path). The completion is a solve script: the last fenced
/// <c>sh</c>/<c>bash</c>/<c>shell</c> block. It runs once in a fresh episode (fresh flag), the last non-empty line of
/// its standard output is submitted once, and the episode's reward is the score. A recorded flag can never match,
/// because every episode has a new one.
/// </summary>
/// <param name="options">Image and limits.</param>
public sealed class CtfVerifier(CyberOptions options) : IVerifier<CtfChallenge>
{
    /// <summary>Wall-clock limit of the solve script.</summary>
    public static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(CtfChallenge problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(context);
        string? script = null;
        foreach (var block in AnswerExtractor.FindFencedBlocks(AnswerExtractor.StripThinking(completion.Text)))
        {
            if (block.Closed && block.Language.ToUpperInvariant() is "SH" or "BASH" or "SHELL")
            {
                script = block.Code;
            }
        }

        if (script is null)
        {
            return Reward.Wrong(Reasons.NoAnswer, "No fenced sh/bash block (the solve script) found.");
        }

        var episode = new CtfEpisode(problem, context, options);
        await using (episode.ConfigureAwait(false))
        {
            await episode.ResetAsync(context.CancellationToken).ConfigureAwait(false);
            var result = await episode.ShellAsync(script, ScriptTimeout, context.CancellationToken).ConfigureAwait(false);
            string candidate = result.StdoutText.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? string.Empty;
            var call = new ToolCall("solve", "submit_flag", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["flag"] = candidate }));
            var step = await episode.StepAsync(Core.Episodes.EpisodeAction.Call(call), context.CancellationToken).ConfigureAwait(false);
            return step.Reward ?? Reward.Wrong(CtfReasons.WrongFlag);
        }
    }
}
