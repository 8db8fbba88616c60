using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Environments.Cyber.Ctf;

namespace Rlvr.Environments.Cyber.Tests.ReleaseGate;

/// <summary>The CTF half of the release gate: real episodes in Docker sandboxes.</summary>
public class CtfGateTests
{
    private static readonly CtfEnvironment Environment = new();

    public static TheoryData<string> Ids() => TestChallenges.CtfIds();

    [Fact]
    public void Bundled_ThreeChallengesOfIncreasingDifficulty()
    {
        Assert.Equal([1, 2, 3], TestChallenges.Ctfs.Select(c => c.Manifest.Difficulty).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferenceSolution_InEpisode_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf(id);
        await using var episode = Environment.CreateEpisode(challenge, new ScoringContext(id, sandboxes: provider));
        var first = await episode.ResetAsync();
        Assert.Contains(challenge.Manifest.Flag.Prefix, first.Text, StringComparison.Ordinal);
        string flag = await SolveAsync(episode, challenge);
        var result = await Submit(episode, flag);
        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(1.0, result.Reward?.Value);
    }

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task ReferenceSolution_SingleShot_Earns1(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf(id);
        var reward = await Environment.ScoreAsync(challenge, "```sh\n" + challenge.Solution + "```", new ScoringContext(id, sandboxes: provider));
        Assert.True(reward.Value == 1.0, reward.ToString());
    }

    [SkippableFact]
    public async Task Guesses_UseTheAttemptBudgetAndEarn0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf01-lost-note");
        await using var episode = Environment.CreateEpisode(challenge, new ScoringContext("guess", sandboxes: provider));
        await episode.ResetAsync();
        StepResult? last = null;
        for (int i = 0; i < challenge.Manifest.MaxAttempts; i++)
        {
            Assert.True(last is null || !last.Done);
            last = await Submit(episode, challenge.Manifest.Flag.Generate());
        }

        Assert.NotNull(last);
        Assert.True(last.Terminated);
        Assert.Equal(0.0, last.Reward?.Value);
        Assert.Equal(CtfReasons.WrongFlag, last.Reward?.Reason);
    }

    [SkippableFact]
    public async Task ListingOfManyFlags_IncludingTheRightOne_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf02-rotten-log");
        await using var episode = Environment.CreateEpisode(challenge, new ScoringContext("listing", sandboxes: provider));
        await episode.ResetAsync();
        string flag = await SolveAsync(episode, challenge);
        var listing = Enumerable.Range(0, 20).Select(_ => challenge.Manifest.Flag.Generate()).Append(flag);
        var result = await Submit(episode, string.Join("\n", listing));
        Assert.Null(result.Reward);
        Assert.Contains("Incorrect", result.Observation.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task FlagFromAnotherEpisode_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf03-xor-vault");
        string oldFlag;
        await using (var first = Environment.CreateEpisode(challenge, new ScoringContext("same-sample", sandboxes: provider)))
        {
            await first.ResetAsync();
            oldFlag = await SolveAsync(first, challenge);
        }

        await using var second = Environment.CreateEpisode(challenge, new ScoringContext("same-sample", sandboxes: provider));
        await second.ResetAsync();
        string newFlag = await SolveAsync(second, challenge);
        Assert.NotEqual(oldFlag, newFlag);
        var result = await Submit(second, oldFlag);
        Assert.Null(result.Reward);
        Assert.False(result.Done);
        Assert.Equal(1.0, (await Submit(second, newFlag)).Reward?.Value);
    }

    [SkippableFact]
    public async Task SingleShot_ScriptPrintingManyFlags_Earns0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf01-lost-note");
        const string script = "```sh\nfor i in $(seq 1 50); do echo \"rlvr{$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \\n')}\"; done\n```";
        var reward = await Environment.ScoreAsync(challenge, script, new ScoringContext("many", sandboxes: provider));
        Assert.True(reward.IsScored);
        Assert.Equal(0.0, reward.Value);
    }

    [SkippableFact]
    public async Task StepLimit_TruncatesWithReward0()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf01-lost-note");
        await using var episode = Environment.CreateEpisode(challenge, new ScoringContext("steps", sandboxes: provider));
        await episode.ResetAsync();
        StepResult result;
        int steps = 0;
        do
        {
            result = await episode.StepAsync(EpisodeAction.Message("thinking..."));
            steps++;
        }
        while (!result.Done);
        Assert.Equal(challenge.Manifest.MaxSteps, steps);
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
        Assert.Equal(CtfReasons.StepLimit, result.Reward?.Reason);
    }

    [SkippableFact]
    public async Task Shell_HasNoNetwork()
    {
        var provider = await CyberDocker.RequireAsync();
        var challenge = TestChallenges.GetCtf("ctf01-lost-note");
        await using var episode = Environment.CreateEpisode(challenge, new ScoringContext("net", sandboxes: provider));
        await episode.ResetAsync();
        var result = await Shell(episode, "python3 -c \"import socket; socket.create_connection(('127.0.0.1', 9), 2)\" 2>&1; ls /sys/class/net");
        Assert.DoesNotContain("eth0", result.Observation.Text, StringComparison.Ordinal);
    }

    private static async Task<string> SolveAsync(IEpisode episode, CtfChallenge challenge)
    {
        var result = await Shell(episode, challenge.Solution);
        string stdout = result.Observation.Text.Split("\n--- ")[0];
        string flag = stdout.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0);
        Assert.StartsWith(challenge.Manifest.Flag.Prefix, flag, StringComparison.Ordinal);
        return flag;
    }

    private static ValueTask<StepResult> Shell(IEpisode episode, string command) =>
        episode.StepAsync(EpisodeAction.Call(new ToolCall("c1", "shell", JsonSerializer.Serialize(new { command }))));

    private static ValueTask<StepResult> Submit(IEpisode episode, string flag) =>
        episode.StepAsync(EpisodeAction.Call(new ToolCall("c2", "submit_flag", JsonSerializer.Serialize(new { flag }))));
}
