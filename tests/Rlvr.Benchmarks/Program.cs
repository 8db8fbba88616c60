using BenchmarkDotNet.Running;

// BenchmarkDotNet classes: `dotnet run -c Release --project tests/Rlvr.Benchmarks -- --filter '*ScoringEngine*'`.
BenchmarkSwitcher.FromAssembly(typeof(Rlvr.Benchmarks.ScoringEngineBenchmarks).Assembly).Run(args);
