using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Core.Sandboxing;
using AI = Microsoft.Extensions.AI;

namespace Rlvr.Rollouts;

/// <summary>
/// Runs a model against an environment: for every problem, <see cref="RolloutOptions.SamplesPerProblem"/> episodes,
/// each driven through the environment's <see cref="IEpisode"/> (single-turn environments get the rendered prompt and
/// their one answer is scored; multi-turn ones get the tools their episode declares, as function calling, until the
/// episode terminates or is truncated). Model calls and environment work have separate concurrency limits; every
/// episode has one deadline. Nothing an endpoint or a model does ends the run: endpoint failures become
/// <see cref="Outcome.InfraError"/> trajectories, model faults (a malformed tool call) a Scored 0.
/// </summary>
public sealed class RolloutRunner
{
    private readonly AI.IChatClient client;
    private readonly RolloutOptions options;
    private readonly ISandboxProvider? sandboxes;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly SemaphoreSlim generation;
    private readonly SemaphoreSlim scoring;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The chat client (any provider; <see cref="OpenAIChatClients.Create"/> for OpenAI-compatible endpoints).</param>
    /// <param name="options">Sampling and limits; validated here.</param>
    /// <param name="sandboxes">Sandboxes for the environment, when it needs them.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">A logger.</param>
    public RolloutRunner(AI.IChatClient client, RolloutOptions options, ISandboxProvider? sandboxes = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.client = client;
        this.options = options;
        this.sandboxes = sandboxes;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        generation = new SemaphoreSlim(options.GenerationConcurrency);
        scoring = new SemaphoreSlim(options.ScoringConcurrency);
    }

    /// <summary>The trajectory id of a sample: <c>{problem key}#{sample}</c>.</summary>
    /// <param name="problemKey">The problem key.</param>
    /// <param name="sample">The 0-based sample number.</param>
    public static string TrajectoryId(string problemKey, int sample) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{problemKey}#{sample}");

    /// <summary>
    /// Rolls out every sample of every problem, skipping the ids in <paramref name="skip"/> (already done, e.g. when a
    /// run resumes), and calls <paramref name="onTrajectory"/> as each episode finishes (calls are serialised).
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <param name="problems">The problems.</param>
    /// <param name="onTrajectory">Receives each finished trajectory; may be <see langword="null"/>.</param>
    /// <param name="skip">Trajectory ids not to run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; episodes in flight release their sandboxes.</param>
    /// <returns>The new trajectories, in problem then sample order.</returns>
    public async Task<IReadOnlyList<Trajectory>> RunAsync(
        IEnvironment environment,
        IReadOnlyList<RolloutProblem> problems,
        Func<Trajectory, CancellationToken, ValueTask>? onTrajectory = null,
        IReadOnlySet<string>? skip = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problems);
        var work = new List<(RolloutProblem Problem, int Sample)>();
        foreach (var problem in problems)
        {
            for (int sample = 0; sample < options.SamplesPerProblem; sample++)
            {
                if (skip is null || !skip.Contains(TrajectoryId(problem.Key, sample)))
                {
                    work.Add((problem, sample));
                }
            }
        }

        var results = new Trajectory[work.Count];
        using var report = new SemaphoreSlim(1);
        int next = -1;
        int workers = Math.Min(work.Count, options.GenerationConcurrency + options.ScoringConcurrency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < work.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var trajectory = await RunEpisodeAsync(environment, work[i].Problem, work[i].Sample, cancellationToken).ConfigureAwait(false);
                    results[i] = trajectory;
                    if (onTrajectory is not null)
                    {
                        await report.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            await onTrajectory(trajectory, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            report.Release();
                        }
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs one episode of the model on a problem. Never throws for endpoint, model or environment failures.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="problem">The problem.</param>
    /// <param name="sample">The 0-based sample number (part of the id, which seeds the scoring context).</param>
    /// <param name="cancellationToken">Cancels the episode (the run's cancellation, not its deadline).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Trajectory> RunEpisodeAsync(IEnvironment environment, RolloutProblem problem, int sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problem);
        string id = TrajectoryId(problem.Key, sample);
        var run = new EpisodeRun(id, problem, sample);
        long started = timeProvider.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.EpisodeTimeout);
        var context = new ScoringContext(id, deadline.Token, timeProvider, sandboxes, logger);
        try
        {
            var episode = environment.CreateEpisode(problem.Problem, context);
            await using (episode.ConfigureAwait(false))
            {
                await DriveAsync(episode, run, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            run.Fail(Reward.InfraError(
                run.InModelCall ? RolloutReasons.EndpointTimeout : RolloutReasons.EpisodeTimeout,
                $"The episode's deadline ({options.EpisodeTimeout.TotalSeconds:0.###} s) passed while {(run.InModelCall ? "waiting for the model" : "the environment was working")}."));
        }
        catch (SandboxException ex)
        {
            run.Fail(Reward.InfraError(ex.Reason, ex.Message));
        }
        catch (Exception ex) when (run.InModelCall)
        {
            run.Fail(EndpointFailure(ex));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Episode {Id} failed in the environment", id);
            run.Fail(Reward.InfraError("exception:" + ex.GetType().Name, ex.Message));
        }

        return run.ToTrajectory(timeProvider.GetElapsedTime(started));
    }

    private async Task DriveAsync(IEpisode episode, EpisodeRun run, CancellationToken token)
    {
        var first = await WithScoringAsync(() => episode.ResetAsync(token), token).ConfigureAwait(false);
        if (options.SystemPrompt is { } system)
        {
            run.Prompt.Add(new ChatMessage("system", system));
        }

        run.Prompt.Add(new ChatMessage("user", first.Text));
        var history = run.Prompt.Select(ToAi).ToList();
        var chatOptions = new AI.ChatOptions
        {
            ModelId = options.ModelId,
            Temperature = options.Temperature,
            MaxOutputTokens = options.MaxTokens,
        };
        if (episode.Tools.Count > 0)
        {
            chatOptions.Tools = [.. episode.Tools.Select(t => (AI.AITool)AI.AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.Parameters))];
            chatOptions.ToolMode = AI.ChatToolMode.Auto;
        }

        while (true)
        {
            if (run.Turns >= options.MaxTurns)
            {
                run.End(Reward.Wrong(RolloutReasons.TurnLimit, $"The model used all {options.MaxTurns} turns without ending the episode."), EpisodeEnd.Truncated);
                return;
            }

            var response = await GenerateAsync(history, chatOptions, run, token).ConfigureAwait(false);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<AI.FunctionCallContent>().ToList();
            string text = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<AI.TextContent>().Select(c => c.Text));
            var toolCalls = calls.Select(c => new ToolCall(c.CallId, c.Name, RawArguments(c))).ToList();
            run.Messages.Add(new ChatMessage(ChatMessage.AssistantRole, text.Length == 0 && toolCalls.Count > 0 ? null : text, toolCalls.Count > 0 ? toolCalls : null));
            history.AddRange(response.Messages);
            if (calls.Count == 0)
            {
                var result = await StepAsync(episode, EpisodeAction.Message(text), run, token).ConfigureAwait(false);
                if (result.Done)
                {
                    return;
                }

                run.Messages.Add(new ChatMessage("user", result.Observation.Text));
                history.Add(new AI.ChatMessage(AI.ChatRole.User, result.Observation.Text));
                continue;
            }

            for (int i = 0; i < calls.Count; i++)
            {
                if (calls[i].Exception is { } malformed)
                {
                    run.End(
                        Reward.Wrong(RolloutReasons.MalformedToolCall, $"The arguments of the call to '{calls[i].Name}' are not a JSON object: {malformed.Message}"),
                        EpisodeEnd.Error);
                    return;
                }

                var result = await StepAsync(episode, EpisodeAction.Call(toolCalls[i]), run, token).ConfigureAwait(false);
                run.Messages.Add(new ChatMessage("tool", result.Observation.Text, null, calls[i].CallId));
                history.Add(new AI.ChatMessage(AI.ChatRole.Tool, [new AI.FunctionResultContent(calls[i].CallId, result.Observation.Text)]));
                if (result.Done)
                {
                    return;
                }
            }
        }
    }

    private async Task<AI.ChatResponse> GenerateAsync(List<AI.ChatMessage> history, AI.ChatOptions chatOptions, EpisodeRun run, CancellationToken token)
    {
        await generation.WaitAsync(token).ConfigureAwait(false);
        long start = timeProvider.GetTimestamp();
        run.InModelCall = true;
        try
        {
            var response = await client.GetResponseAsync(history, chatOptions, token).ConfigureAwait(false);
            run.Turns++;
            if (response.Usage is { } usage)
            {
                run.Usage = run.Usage.Add(new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0));
            }

            run.InModelCall = false;
            return response;
        }
        finally
        {
            run.GenerationTime += timeProvider.GetElapsedTime(start);
            generation.Release();
        }
    }

    private async Task<StepResult> StepAsync(IEpisode episode, EpisodeAction action, EpisodeRun run, CancellationToken token)
    {
        long start = timeProvider.GetTimestamp();
        var result = await WithScoringAsync(() => episode.StepAsync(action, token), token).ConfigureAwait(false);
        var step = new TrajectoryStep(run.Steps.Count + 1, action, result.Observation.Text, result.Reward, result.Terminated, result.Truncated, result.Info, timeProvider.GetElapsedTime(start));
        run.Steps.Add(step);
        if (result.Reward is not null)
        {
            run.LastReward = result.Reward;
        }

        if (result.Done)
        {
            run.End(
                result.Reward ?? run.LastReward ?? Reward.Wrong(
                    result.Truncated ? RolloutReasons.Truncated : RolloutReasons.NoReward,
                    result.Truncated ? "The episode was truncated before any reward." : "The episode ended without a reward."),
                result.Terminated ? EpisodeEnd.Terminated : EpisodeEnd.Truncated);
        }

        return result;
    }

    private async Task<T> WithScoringAsync<T>(Func<ValueTask<T>> work, CancellationToken token)
    {
        await scoring.WaitAsync(token).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            scoring.Release();
        }
    }

    private static Reward EndpointFailure(Exception ex) => ex switch
    {
        System.ClientModel.ClientResultException { Status: > 0 } http =>
            Reward.InfraError(RolloutReasons.EndpointError, $"The endpoint answered HTTP {http.Status}: {FirstLine(http.Message)}"),
        HttpRequestException or System.Net.Sockets.SocketException or System.ClientModel.ClientResultException =>
            Reward.InfraError(RolloutReasons.EndpointUnreachable, $"The endpoint could not be reached: {FirstLine(ex.Message)}"),
        OperationCanceledException or TimeoutException =>
            Reward.InfraError(RolloutReasons.EndpointTimeout, $"The endpoint did not answer in time: {FirstLine(ex.Message)}"),
        _ => Reward.InfraError(RolloutReasons.EndpointError, $"{ex.GetType().Name}: {FirstLine(ex.Message)}"),
    };

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static string RawArguments(AI.FunctionCallContent call)
    {
        if (call.RawRepresentation is OpenAI.Chat.ChatToolCall { FunctionArguments: { } raw })
        {
            return raw.ToString();
        }

        return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AI.AIJsonUtilities.DefaultOptions);
    }

    private static AI.ChatMessage ToAi(ChatMessage message) =>
        new(new AI.ChatRole(message.Role), message.Content);

    /// <summary>The mutable state of one episode while it runs.</summary>
    private sealed class EpisodeRun(string id, RolloutProblem problem, int sample)
    {
        private Reward? final;
        private EpisodeEnd end = EpisodeEnd.Error;

        public List<ChatMessage> Prompt { get; } = [];

        public List<ChatMessage> Messages { get; } = [];

        public List<TrajectoryStep> Steps { get; } = [];

        public Reward? LastReward { get; set; }

        public bool InModelCall { get; set; }

        public int Turns { get; set; }

        public TokenUsage Usage { get; set; } = TokenUsage.None;

        public TimeSpan GenerationTime { get; set; }

        public void End(Reward reward, EpisodeEnd how)
        {
            final = reward;
            end = how;
        }

        public void Fail(Reward reward) => End(reward, EpisodeEnd.Error);

        public Trajectory ToTrajectory(TimeSpan latency) => new()
        {
            Id = id,
            ProblemKey = problem.Key,
            Sample = sample,
            ProblemJson = problem.ProblemJson,
            Prompt = Prompt,
            Messages = Messages,
            Steps = Steps,
            Reward = final ?? Reward.InfraError("exception:NoEnd", "The episode stopped without an end."),
            End = end,
            Turns = Turns,
            Usage = Usage,
            Latency = latency,
            GenerationTime = GenerationTime,
        };
    }
}
