using BenchmarkDotNet.Running;
using Rlvr.Benchmarks;
using Rlvr.Benchmarks.Server;

// Custom harnesses are chosen by the first argument (`-- sandbox`, `-- server-load`, `-- code`); anything else goes to
// BenchmarkDotNet, e.g. `dotnet run -c Release --project tests/Rlvr.Benchmarks -- --filter '*ScoringEngine*'`.
switch (args.FirstOrDefault())
{
    case "sandbox":
        return await SandboxThroughputHarness.RunAsync(args[1..]);
    case "server-load":
        return await ServerLoadBenchmark.RunAsync(args[1..]);
    case "code":
        return await CodeThroughputHarness.RunAsync(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(ScoringEngineBenchmarks).Assembly).Run(args);
        return 0;
}
