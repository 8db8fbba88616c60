using BenchmarkDotNet.Running;
using Rlvr.Benchmarks;

// Custom harnesses are chosen by the first argument; anything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "sandbox" => await SandboxThroughputHarness.RunAsync(args[1..]).ConfigureAwait(false),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SandboxThroughputHarness).Assembly).Run(args);
    return 0;
}
