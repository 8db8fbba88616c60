using BenchmarkDotNet.Running;
using Rlvr.Benchmarks;

// Custom harnesses are chosen by the first argument (`-- sandbox`); anything else goes to BenchmarkDotNet:
// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- --filter '*ScoringEngine*'`.
return args.FirstOrDefault() switch
{
    "sandbox" => await SandboxThroughputHarness.RunAsync(args[1..]).ConfigureAwait(false),
    "code" => await CodeThroughputHarness.RunAsync(args[1..]).ConfigureAwait(false),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ScoringEngineBenchmarks).Assembly).Run(args);
    return 0;
}
