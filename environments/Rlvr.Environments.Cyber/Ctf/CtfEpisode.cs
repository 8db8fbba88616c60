using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Running;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>
/// One CTF episode: a sandbox (no network) holding the challenge's files, a flag made fresh at every reset and
/// planted by the challenge's setup script (the flag travels over stdin and is never part of an image), a
/// <c>shell</c> tool and a <c>submit_flag</c> tool. A submission is compared exactly, in constant time; the attempt
/// budget, step limit and time limit end the episode (the last two as truncation).
/// </summary>
public sealed class CtfEpisode : Episode
{
    /// <summary>The episode's working folder in the sandbox.</summary>
    public const string WorkingFolder = "/tmp/ctf";

    private const int ShellOutputBytes = 16 * 1024;

    private static readonly IReadOnlyList<ToolDefinition> ToolList =
    [
        ToolDefinition.Create("shell", "Runs a shell command in the challenge sandbox (working folder /tmp/ctf, no network) and returns its output.", """{"type":"object","properties":{"command":{"type":"string","description":"The command, run with /bin/sh -c."}},"required":["command"],"additionalProperties":false}"""),
        ToolDefinition.Create("submit_flag", "Submits a flag. Wrong submissions use up attempts.", """{"type":"object","properties":{"flag":{"type":"string"}},"required":["flag"],"additionalProperties":false}"""),
    ];

    private readonly CtfChallenge challenge;
    private readonly ScoringContext context;
    private readonly CyberOptions options;
    private ISandbox? sandbox;
    private byte[] flag = [];
    private int attempts;
    private long startedAt;

    /// <summary>Creates an episode; nothing runs until <see cref="Episode.ResetAsync"/>.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <param name="context">Sandboxes, clock and logger.</param>
    /// <param name="options">Image and limits.</param>
    public CtfEpisode(CtfChallenge challenge, ScoringContext context, CyberOptions options)
        : base((challenge ?? throw new ArgumentNullException(nameof(challenge))).Manifest.MaxSteps)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        this.challenge = challenge;
        this.context = context;
        this.options = options;
    }

    /// <inheritdoc />
    public override IReadOnlyList<ToolDefinition> Tools => ToolList;

    /// <summary>Submissions left.</summary>
    public int AttemptsLeft => challenge.Manifest.MaxAttempts - attempts;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await ReleaseSandboxAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a command in the sandbox and returns its raw facts (the shell tool formats them).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Its wall-clock limit.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    internal async Task<ExecResult> ShellAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var box = sandbox ?? throw new InvalidOperationException("Call ResetAsync first.");
        return await box.ExecAsync(new ExecRequest(["/bin/sh", "-c", command]) { WorkingDirectory = WorkingFolder, Timeout = timeout, OutputLimitBytes = ShellOutputBytes }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken)
    {
        await ReleaseSandboxAsync().ConfigureAwait(false);
        var spec = options.Spec with { MemoryBytes = 512L * 1024 * 1024 };
        sandbox = await context.Sandboxes.AcquireAsync(spec, cancellationToken).ConfigureAwait(false);
        string newFlag = challenge.Manifest.Flag.Generate();
        flag = Encoding.UTF8.GetBytes(newFlag);
        attempts = 0;
        var files = TarBuilder.Create(challenge.Files.Select(f => (f.Key, f.Value, false)));
        var unpack = await sandbox.ExecAsync(
            new ExecRequest(["/bin/sh", "-c", $"rm -rf {WorkingFolder} && mkdir -p {WorkingFolder} && cd {WorkingFolder} && tar -x"]) { Stdin = files, Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken).ConfigureAwait(false);
        if (unpack.ExitCode != 0)
        {
            throw new SandboxException("ctf_setup_failed", $"Unpacking the challenge files failed: {unpack.StderrText}");
        }

        if (challenge.Setup is { } setup)
        {
            var planted = await sandbox.ExecAsync(
                new ExecRequest(["python3", "-I", "-c", setup]) { Stdin = Encoding.UTF8.GetBytes(newFlag + "\n"), WorkingDirectory = WorkingFolder, Timeout = TimeSpan.FromSeconds(30) },
                cancellationToken).ConfigureAwait(false);
            if (planted.ExitCode != 0)
            {
                throw new SandboxException("ctf_setup_failed", $"The challenge's setup script failed: {planted.StderrText}");
            }
        }

        startedAt = context.TimeProvider.GetTimestamp();
        return new Observation(Prompt());
    }

    /// <inheritdoc />
    protected override async ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(challenge.Manifest.TimeLimitSeconds);
        var remaining = limit - context.TimeProvider.GetElapsedTime(startedAt);
        if (remaining <= TimeSpan.Zero)
        {
            return new StepResult(new Observation("Time limit reached."), Reward.Wrong(CtfReasons.TimeLimit), Terminated: false, Truncated: true);
        }

        var (observation, reward, terminated) = action.ToolCall is { } call
            ? await HandleCallAsync(call, remaining, cancellationToken).ConfigureAwait(false)
            : (new Observation("Use the shell tool to explore and submit_flag to answer."), null, false);
        if (!terminated && StepCount >= MaxSteps)
        {
            reward = Reward.Wrong(CtfReasons.StepLimit);
        }

        // Attribution: the first observation that shows the flag is where success became certain. Only the fact is
        // recorded, never the flag.
        bool flagSeen = observation.Text.Contains(Encoding.UTF8.GetString(flag), StringComparison.Ordinal);
        return new StepResult(observation, reward, terminated, Truncated: false)
        {
            Info = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["flag_seen"] = flagSeen,
                [StepInfo.SuccessCertain] = flagSeen || reward is { Value: >= 1.0 },
            },
        };
    }

    private async Task<(Observation, Reward?, bool)> HandleCallAsync(ToolCall call, TimeSpan remaining, CancellationToken cancellationToken)
    {
        string? argument = ReadArgument(call.ArgumentsJson, call.Name == "shell" ? "command" : "flag");
        switch (call.Name)
        {
            case "shell" when argument is not null:
                var timeout = remaining < TimeSpan.FromSeconds(30) ? remaining : TimeSpan.FromSeconds(30);
                var result = await ShellAsync(argument, timeout, cancellationToken).ConfigureAwait(false);
                return (new Observation(FormatShell(result), call.Id), null, false);
            case "submit_flag" when argument is not null:
                attempts++;
                if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(argument.Trim()), flag))
                {
                    return (new Observation("Correct flag.", call.Id), Reward.Correct(CtfReasons.FlagFound), true);
                }

                return AttemptsLeft <= 0
                    ? (new Observation("Incorrect flag. No attempts left.", call.Id), Reward.Wrong(CtfReasons.WrongFlag), true)
                    : (new Observation($"Incorrect flag. {AttemptsLeft.ToString(CultureInfo.InvariantCulture)} attempt(s) left.", call.Id), null, false);
            case "shell" or "submit_flag":
                return (new Observation($"Invalid arguments for {call.Name}: expected a JSON object with a string '{(call.Name == "shell" ? "command" : "flag")}'.", call.Id), null, false);
            default:
                return (new Observation($"Unknown tool '{call.Name}'. Tools: shell, submit_flag.", call.Id), null, false);
        }
    }

    private static string? ReadArgument(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FormatShell(ExecResult result)
    {
        var sb = new StringBuilder(result.StdoutText);
        if (result.StdoutTruncated)
        {
            sb.Append("\n[stdout truncated]");
        }

        if (result.Stderr.Length > 0)
        {
            sb.Append("\n--- stderr ---\n").Append(result.StderrText);
        }

        sb.Append(result.TimedOut ? "\n--- timed out ---" : $"\n--- exit code {(result.ExitCode ?? -1).ToString(CultureInfo.InvariantCulture)} ---");
        return sb.ToString();
    }

    private string Prompt()
    {
        var m = challenge.Manifest;
        var files = string.Join("\n", challenge.Files.Keys.Select(f => "  " + f));
        return $"# {m.Title}\n\n{m.Description}\n\nYou have a shell in a sandbox without network; the challenge files are in {WorkingFolder}:\n{files}\n\n"
            + $"Find the flag. It looks like {m.Flag.Describe()}. Tools: shell (run a command), submit_flag (answer). "
            + $"You have {m.MaxAttempts.ToString(CultureInfo.InvariantCulture)} submission(s), {m.MaxSteps.ToString(CultureInfo.InvariantCulture)} steps and {m.TimeLimitSeconds.ToString(CultureInfo.InvariantCulture)} seconds.";
    }

    private async ValueTask ReleaseSandboxAsync()
    {
        var box = sandbox;
        sandbox = null;
        if (box is not null)
        {
            await box.DisposeAsync().ConfigureAwait(false);
        }
    }
}
