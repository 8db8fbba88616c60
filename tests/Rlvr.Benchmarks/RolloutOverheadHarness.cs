using System.Diagnostics;
using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Rollouts;
using Rlvr.Rollouts.Tests.Support;

namespace Rlvr.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- rollouts [--episodes N] [--concurrency C]`: the same
/// multi-turn episodes (the test guessing environment: about seven check steps and a submit, no sandbox, so only the
/// rollout machinery is measured), in one run, (a) driven by an in-process loop calling the same binary-search policy
/// directly, and (b) through <see cref="RolloutRunner"/>: the official OpenAI client over HTTP to the scripted policy
/// server on 127.0.0.1, trajectories recorded. Reports episodes/s of each, their ratio, and the overhead per step.
/// </summary>
public static class RolloutOverheadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int episodes = Option(args, "--episodes", 400);
        int concurrency = Option(args, "--concurrency", 8);
        var env = new GuessEnvironment();
        var problems = env.ProblemIds.Select(id => { env.TryGetProblem(id, out var p); return new RolloutProblem(id, p!); }).ToList();
        int perProblem = Math.Max(1, episodes / problems.Count);
        await using var server = await ScriptedPolicyServer.StartAsync();
        var runner = new RolloutRunner(
            OpenAIChatClients.Create(server.BaseUrl, "reference", maxRetries: 0),
            new RolloutOptions { SamplesPerProblem = perProblem, GenerationConcurrency = concurrency, ScoringConcurrency = concurrency });

        // Warm-up of both paths (JIT, connections).
        await DirectAsync(env, problems, 2, concurrency);
        await runner.RunAsync(env, problems.Take(1).ToList());

        var direct = await DirectAsync(env, problems, perProblem, concurrency);
        var watch = Stopwatch.StartNew();
        var trajectories = await runner.RunAsync(env, problems);
        var viaServer = (Elapsed: watch.Elapsed, Steps: trajectories.Sum(t => t.Steps.Count), Episodes: trajectories.Count);
        if (trajectories.Any(t => t.Reward.Value < 1))
        {
            throw new InvalidOperationException("a rollout failed: " + trajectories.First(t => t.Reward.Value < 1).Reward);
        }

        var c = CultureInfo.InvariantCulture;
        double directRate = direct.Episodes / direct.Elapsed.TotalSeconds;
        double serverRate = viaServer.Episodes / viaServer.Elapsed.TotalSeconds;
        double overheadMs = ((viaServer.Elapsed.TotalMilliseconds * concurrency / viaServer.Steps) - (direct.Elapsed.TotalMilliseconds * concurrency / direct.Steps));
        Console.WriteLine(string.Create(c, $"episodes {viaServer.Episodes}, steps {viaServer.Steps}, concurrency {concurrency}"));
        Console.WriteLine(string.Create(c, $"direct in-process loop   {directRate,10:0.0} episodes/s  ({direct.Elapsed.TotalMilliseconds:0} ms)"));
        Console.WriteLine(string.Create(c, $"RolloutRunner over HTTP  {serverRate,10:0.0} episodes/s  ({viaServer.Elapsed.TotalMilliseconds:0} ms)"));
        Console.WriteLine(string.Create(c, $"ratio direct/runner      {directRate / serverRate,10:0.0}x; overhead per step {overheadMs:0.###} ms (per worker: model call over HTTP, JSON, trajectory)"));
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, int Steps, int Episodes)> DirectAsync(GuessEnvironment env, IReadOnlyList<RolloutProblem> problems, int perProblem, int concurrency)
    {
        var work = problems.SelectMany(p => Enumerable.Repeat(p, perProblem)).ToList();
        int next = -1, steps = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Count)
            {
                await using var episode = ((IEnvironment)env).CreateEpisode(work[i].Problem, new ScoringContext(work[i].Key));
                await episode.ResetAsync();
                int low = 0, high = 100, n = 0;
                while (true)
                {
                    int guess = (low + high) / 2;
                    var result = await episode.StepAsync(EpisodeAction.Call(new ToolCall("c" + n++, "check", $"{{\"guess\": {guess.ToString(CultureInfo.InvariantCulture)}}}")));
                    if (result.Observation.Text == "equal")
                    {
                        await episode.StepAsync(EpisodeAction.Call(new ToolCall("c" + n++, "submit", $"{{\"answer\": {guess.ToString(CultureInfo.InvariantCulture)}}}")));
                        break;
                    }

                    (low, high) = result.Observation.Text == "higher" ? (guess + 1, high) : (low, guess - 1);
                }

                Interlocked.Add(ref steps, n);
            }
        })));
        return (watch.Elapsed, steps, work.Count);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;
    }
}
