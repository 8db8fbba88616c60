using System.CommandLine;
using Rlvr.Rollouts;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary>The options of <c>rlvr eval --model</c> (rollouts against an OpenAI-compatible endpoint) and their run.</summary>
internal sealed class RolloutOptionSet
{
    public Option<Uri?> Model { get; } = new("--model")
    {
        Description = "Roll out a model: the base address of an OpenAI-compatible Chat Completions endpoint (e.g. http://127.0.0.1:8000/v1).",
        // A parse error, not an exception: an exception thrown while parsing escapes every handler with its stack trace.
        CustomParser = r =>
        {
            if (Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            r.AddError($"--model: '{r.Tokens[0].Value}' is not an http(s) address.");
            return null;
        },
    };

    public Option<string?> ModelName { get; } = new("--model-name") { Description = "The model name sent to the endpoint (required with --model)." };

    public Option<int> Samples { get; } = new("-n", "--samples") { Description = "Samples (episodes) per problem: the K of pass@k and mean@K.", DefaultValueFactory = _ => 1 };

    public Option<float?> Temperature { get; } = new("--temperature") { Description = "Sampling temperature (the endpoint's default when omitted)." };

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Output token limit of one model call." };

    public Option<FileInfo?> ApiKeyFile { get; } = new("--api-key-file") { Description = "File holding the API key (else OPENAI_API_KEY, else none)." };

    public Option<FileInfo?> Problems { get; } = new("--problems") { Description = "JSONL problems: a problem object, {\"id\", \"problem\"} or {\"problem_id\"} per line (default: the bundled dataset)." };

    public Option<int?> Limit { get; } = new("--limit") { Description = "Roll out at most this many problems." };

    public Option<int> GenerationConcurrency { get; } = new("--generation-concurrency") { Description = "Model calls in flight at once (--concurrency bounds environment work).", DefaultValueFactory = _ => 8 };

    public Option<double> EpisodeTimeout { get; } = new("--episode-timeout") { Description = "Deadline of one episode in seconds (model calls and environment steps).", DefaultValueFactory = _ => 600 };

    public Option<int> MaxTurns { get; } = new("--max-turns") { Description = "Model calls allowed per episode before it is truncated.", DefaultValueFactory = _ => 64 };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Keep the finished episodes already in --output and run only the rest (infra errors run again)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, ModelName, Samples, Temperature, MaxTokens, ApiKeyFile, Problems, Limit, GenerationConcurrency, EpisodeTimeout, MaxTurns, Resume })
        {
            command.Options.Add(option);
        }
    }

    public async Task<int> RunAsync(
        ParseResult parse,
        Option<string> env,
        Option<string[]> envOptions,
        Option<FileInfo> output,
        Option<int> concurrency,
        Option<FileInfo> report,
        Option<FileInfo[]> assemblies,
        Option<string[]> dockerHosts,
        Option<string[]> data,
        CancellationToken cancellationToken)
    {
        var baseUrl = parse.GetValue(Model) ?? throw new CliException("--model is required.");
        string modelName = parse.GetValue(ModelName) is { } name && !string.IsNullOrWhiteSpace(name) ? name : throw new CliException("--model-name is required with --model.");
        var outputFile = parse.GetValue(output) ?? throw new CliException("--output is required.");
        var episodeTimeout = CommonOptions.Seconds(parse.GetValue(EpisodeTimeout), "--episode-timeout");

        if (parse.GetValue(Limit) is < 1)
        {
            throw new CliException("--limit must be at least 1.");
        }

        var options = new RolloutOptions
        {
            SamplesPerProblem = parse.GetValue(Samples),
            Temperature = parse.GetValue(Temperature),
            MaxTokens = parse.GetValue(MaxTokens),
            ModelId = modelName,
            EpisodeTimeout = episodeTimeout,
            GenerationConcurrency = parse.GetValue(GenerationConcurrency),
            ScoringConcurrency = parse.GetValue(concurrency),
            MaxTurns = parse.GetValue(MaxTurns),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CliException($"invalid rollout option {ex.ParamName}: {ex.Message.Split('(')[0].Trim()}");
        }

        string? apiKey = System.Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        if (parse.GetValue(ApiKeyFile) is { } keyFile)
        {
            apiKey = keyFile.Exists ? (await File.ReadAllTextAsync(keyFile.FullName, cancellationToken).ConfigureAwait(false)).Trim() : throw new CliException($"--api-key-file: file not found: {keyFile.FullName}");
        }

        var registry = CommonOptions.Registry(CommonOptions.AssemblyFiles(parse, assemblies));
        string envName = parse.GetValue(env) ?? string.Empty;
        var environment = await CommonOptions.ResolveAsync(envName, registry, CommonOptions.OptionsFor(envName, parse.GetValue(envOptions), [envName]), Console.Error, cancellationToken).ConfigureAwait(false);
        DataOption.Apply(environment, parse.GetValue(data));
        if (parse.GetValue(Problems) is null)
        {
            await DatasetAutoPull.EnsureAsync(environment, Console.Error, cancellationToken).ConfigureAwait(false);
        }

        await CommonOptions.ReportDatasetIssuesAsync(environment, Console.Error).ConfigureAwait(false);
        var eval = new RolloutEval(environment, Console.Out, Console.Error);
        var problems = await eval.LoadProblemsAsync(parse.GetValue(Problems), parse.GetValue(Limit), cancellationToken).ConfigureAwait(false);
        if (problems.Count == 0)
        {
            throw new CliException("no valid problem to roll out.");
        }

        int workers = options.GenerationConcurrency + options.ScoringConcurrency;
        var sandboxes = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Endpoints = CommonOptions.Endpoints(parse.GetValue(dockerHosts)),
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 2 * workers },
        });
        await using (sandboxes.ConfigureAwait(false))
        {
            var client = OpenAIChatClients.Create(baseUrl, modelName, apiKey, networkTimeout: options.EpisodeTimeout);
            var runner = new RolloutRunner(client, options, sandboxes);
            var (trajectories, summary) = await eval.RunAsync(runner, problems, options.SamplesPerProblem, outputFile, parse.GetValue(Resume), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(report) is { } reportFile)
            {
                var byKey = problems.ToDictionary(p => p.Key, p => p.Problem, StringComparer.Ordinal);
                await Reports.HtmlReport.WriteAsync(reportFile, environment, RolloutEval.AsEvalRun(trajectories, byKey), outputFile.Name, cancellationToken, summary).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"report        {reportFile.FullName}").ConfigureAwait(false);
            }
        }

        return 0;
    }
}
