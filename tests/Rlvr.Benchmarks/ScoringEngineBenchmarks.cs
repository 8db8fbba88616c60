using BenchmarkDotNet.Attributes;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Benchmarks;

/// <summary>
/// Overhead of the scoring engine per item: 100k items through a verifier that does no work, against the same
/// verifier called in a plain loop (the baseline). Per-item time = reported mean (OperationsPerInvoke = 100k).
/// </summary>
[MemoryDiagnoser]
public class ScoringEngineBenchmarks
{
    private const int Items = 100_000;
    private NoOpEnvironment environment = null!;
    private ScoringRequest[] requests = null!;
    private ScoringEngine engine = null!;
    private ScoringContext context = null!;

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        environment = new NoOpEnvironment();
        var problem = new NoOpProblem("p");
        requests = Enumerable.Range(0, Items).Select(i => new ScoringRequest("s" + i, problem, Completion.FromText("c"))).ToArray();
        engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = Parallelism });
        context = new ScoringContext("s");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public async Task<double> DirectLoop()
    {
        double sum = 0;
        IEnvironment env = environment;
        foreach (var request in requests)
        {
            sum += (await env.ScoreAsync(request.Problem, request.Completion, context)).Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<int> Engine() => (await engine.ScoreAsync(environment, requests)).Length;

    public sealed record NoOpProblem(string Id);

    public sealed class NoOpEnvironment : Environment<NoOpProblem>
    {
        private static readonly Reward Zero = Reward.Wrong();

        public override string Name => "bench/noop";

        public override string Version => "1";

        public override IVerifier<NoOpProblem> Rubric { get; } = Verifier.Create<NoOpProblem>((_, _) => Zero);

        public override string RenderPrompt(NoOpProblem problem) => problem.Id;
    }
}
