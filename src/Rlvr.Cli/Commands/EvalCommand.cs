using System.CommandLine;
using Rlvr.Core.Scoring;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary><c>rlvr eval</c>: scores a JSONL file of completions with an environment.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Environment name (see `rlvr list`) or path to a .csx environment script.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "JSONL samples: {\"id\", \"problem\" | \"problem_id\", \"completion\"}. Required unless --model is given." };
        var output = new Option<FileInfo>("--output") { Description = "JSONL results, one per valid input line, in input order.", Required = true };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Items scored at once.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Deadline of one item in seconds (sandbox, execution and scoring): a backstop above the environment's own time budget.",
            DefaultValueFactory = _ => 180,
        };
        var cache = ScoreCaches.Option("runs");
        var report = new Option<FileInfo>("--report") { Description = "Also write a self-contained HTML report (histograms, outcomes, pass@k, slowest and failing items)." };
        var assemblies = CommonOptions.Assemblies();
        var envOptions = CommonOptions.EnvOptions();
        var dockerHosts = CommonOptions.DockerHosts();
        var rollout = new RolloutOptionSet();
        var data = DataOption.Create();
        var command = new Command("eval", "Score a JSONL or Parquet file of completions, or roll a model out on an environment (--model), and print a summary.")
        {
            env, envOptions, input, output, concurrency, timeout, cache, report, assemblies, dockerHosts, data,
        };
        rollout.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            if (parse.GetValue(rollout.Model) is not null)
            {
                if (parse.GetValue(input) is not null)
                {
                    throw new CliException("--input and --model exclude each other: --input scores completions, --model generates them.");
                }

                return await rollout.RunAsync(parse, env, envOptions, output, concurrency, report, assemblies, dockerHosts, data, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(concurrency) < 1)
            {
                throw new CliException("--concurrency must be at least 1.");
            }

            var itemTimeout = CommonOptions.Seconds(parse.GetValue(timeout), "--timeout");

            var registry = CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies));
            string name = parse.GetValue(env) ?? string.Empty;
            var environment = await CommonOptions.ResolveAsync(name, registry, CommonOptions.OptionsFor(name, parse.GetValue(envOptions), [name]), Console.Error, cancellationToken).ConfigureAwait(false);
            DataOption.Apply(environment, parse.GetValue(data));
            await DatasetAutoPull.EnsureAsync(environment, Console.Error, cancellationToken).ConfigureAwait(false);
            await CommonOptions.ReportDatasetIssuesAsync(environment, Console.Error).ConfigureAwait(false);

            var options = new ScoringOptions
            {
                MaxDegreeOfParallelism = parse.GetValue(concurrency),
                ItemTimeout = itemTimeout,
            };
            var scoreCache = await ScoreCaches.OpenAsync(parse.GetValue(cache)).ConfigureAwait(false);
            await using var closeCache = scoreCache.ConfigureAwait(false);

            // Created when a verifier first asks for a sandbox (never for math); each worker may hold two at once.
            int workers = options.MaxDegreeOfParallelism;
            var endpoints = CommonOptions.Endpoints(parse.GetValue(dockerHosts));
            var sandboxes = new LazySandboxProvider(() => new DockerSandboxProvider(new DockerSandboxOptions
            {
                Endpoints = endpoints,
                Pool = new SandboxPoolOptions { MinIdle = Math.Min(workers, 4), MaxContainers = 2 * workers },
            }));
            await using (sandboxes.ConfigureAwait(false))
            {
                var runner = new EvalRunner(environment, options, Console.Out, Console.Error, sandboxes, scoreCache.Cache);
                var inputFile = parse.GetValue(input) ?? throw new CliException("--input is required (or --model to roll a model out).");
                var outputFile = parse.GetValue(output) ?? throw new CliException("--output is required.");
                var run = await runner.RunAsync(inputFile, outputFile, cancellationToken).ConfigureAwait(false);
                if (run.Requests.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"rlvr: no line of {inputFile.Name} could be scored ({run.Errors.Count} error(s) above)").ConfigureAwait(false);
                    return 1;
                }

                if (parse.GetValue(report) is { } reportFile)
                {
                    await Reports.HtmlReport.WriteAsync(reportFile, environment, run, inputFile.Name, cancellationToken).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync($"report        {reportFile.FullName}").ConfigureAwait(false);
                }
            }

            return 0;
        }));
        return command;
    }
}
