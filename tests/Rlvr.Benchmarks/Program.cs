using BenchmarkDotNet.Running;
using Rlvr.Benchmarks.Server;

// `server-load` runs the reward-server load harness; anything else goes to BenchmarkDotNet, e.g.
// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- --filter '*ScoringEngine*'`.
if (args.FirstOrDefault() == "server-load")
{
    return await ServerLoadBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Rlvr.Benchmarks.ScoringEngineBenchmarks).Assembly).Run(args);
return 0;
