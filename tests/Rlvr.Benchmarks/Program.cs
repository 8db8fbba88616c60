using Rlvr.Benchmarks.Server;

// Each harness is a verb; run with `dotnet run -c Release --project tests/Rlvr.Benchmarks -- <verb> [options]`.
return args.FirstOrDefault() switch
{
    "server-load" => await ServerLoadBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Rlvr.Benchmarks server-load [--requests N] [--connections N] [--batch N]");
    return 2;
}
