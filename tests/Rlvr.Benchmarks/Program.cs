using BenchmarkDotNet.Running;
using Rlvr.Benchmarks;
using Rlvr.Benchmarks.Server;

// Custom harnesses are chosen by the first argument (`-- sandbox`, `-- server-load`, `-- trainer-load`, `-- cyber`, `-- code`,
// `-- code-slow`, `-- code-flood`, `-- math-pairs`, `-- rollouts`, `-- engines`, `-- replicas`); anything else goes
// to BenchmarkDotNet, e.g. `dotnet run -c Release --project tests/Rlvr.Benchmarks -- --filter '*ScoringEngine*'`.
return args.FirstOrDefault() switch
{
    "sandbox" => await SandboxThroughputHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "server-load" => await ServerLoadBenchmark.RunAsync(args[1..]).ConfigureAwait(false),
    "trainer-load" => await TrainerLoadBenchmark.RunAsync(args[1..]).ConfigureAwait(false),
    "cyber" => await CyberVerificationHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "code" => await CodeThroughputHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "math-pairs" => MathPairsHarness.Run(args[1..]),
    "rollouts" => await RolloutOverheadHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "engines" => await EngineScaleHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "replicas" => await ReplicaScaleHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "code-slow" => await CodeAttackHarness.RunSlowAsync().ConfigureAwait(false),
    "code-flood" => await CodeAttackHarness.RunFloodAsync(args[1..]).ConfigureAwait(false),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ScoringEngineBenchmarks).Assembly).Run(args);
    return 0;
}
