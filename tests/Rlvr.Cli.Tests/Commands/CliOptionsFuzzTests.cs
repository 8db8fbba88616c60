using System.CommandLine;
using System.Diagnostics;
using Rlvr.Cli.Commands;
using Xunit;
using Xunit.Abstractions;

namespace Rlvr.Cli.Tests.Commands;

/// <summary>Runs alone: the fuzzed commands write to the process's console and resolve relative paths from its folder.</summary>
[CollectionDefinition(nameof(CliOptionsFuzzTests), DisableParallelization = true)]
public sealed class CliOptionsFuzzCollection;

/// <summary>
/// Fuzzing of the command line, in process: every option of <c>list</c>, <c>eval</c> (scoring and rollout modes),
/// <c>serve</c>, <c>new</c> and <c>data list</c> gets values of the wrong type, out of range, missing or unreadable
/// files, folders, empty and huge strings, one or two at a time, on top of a command line that would otherwise run.
/// Each case must end without an unhandled exception or a stack trace; a failure exits non-zero with a short message
/// (one line per error). Seeded, a fixed number of cases; commands that reach Docker or the network are left out
/// (<c>doctor</c>, <c>sandbox</c>, <c>images</c>, <c>data pull</c>).
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(CliOptionsFuzzTests))]
public sealed class CliOptionsFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 240;

    // Never a real file a case could overwrite: the test runs as whatever user CI uses, root included.
    private static readonly string[] Hostile =
    [
        "", " ", "-1", "0", "abc", "1e999", "NaN", "-Infinity", "99999999999999999999", "0x10", "1,5", "2.5",
        "/nonexistent/file.jsonl", "/etc", "/dev/null", "redis://127.0.0.1:1", "http://", "http://127.0.0.1:1", "tcp://127.0.0.1:1",
        "-", "--", "é\u0001\u007f", new string('x', 5000), "../../nonexistent-folder/x", "file:///nonexistent", "not a url", "[]", "{}",
    ];

    [Fact]
    public async Task Commands_HostileOptionValues_ExitWithAShortMessageNeverAStackTrace()
    {
        string work = Directory.CreateTempSubdirectory("rlvr-cli-fuzz-").FullName;
        string input = Path.Combine(work, "samples.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": \"a\", \"problem\": {\"question\": \"1+1?\", \"answer\": \"2\"}, \"completion\": \"2\"}\n");
        string problems = Path.Combine(work, "problems.jsonl");
        await File.WriteAllTextAsync(problems, "{\"question\": \"1+1?\", \"answer\": \"2\"}\n");
        string previousDirectory = Environment.CurrentDirectory;
        var (previousOut, previousError) = (Console.Out, Console.Error);
        var watch = Stopwatch.StartNew();
        var exits = new SortedDictionary<int, int>();
        var failures = new List<string>();
        int cases = 0;
        try
        {
            Environment.CurrentDirectory = work;
            var random = new Random(0x13_C11);
            for (; cases < Cases; cases++)
            {
                string caseDir = Path.Combine(work, "c" + cases);
                Directory.CreateDirectory(caseDir);
                var (name, args) = Base(random.Next(7), input, problems, caseDir);
                var root = Root();
                var command = Find(root, name);
                var options = command.Options.Where(o => o.Name is not ("--help" or "--version") && !(name == "new" && o.Name == "--output")).ToList();
                int hostileCount = 1 + random.Next(2);
                for (int k = 0; k < hostileCount && options.Count > 0; k++)
                {
                    var option = options[random.Next(options.Count)];
                    args.Add(option.Name);
                    if (option.ValueType != typeof(bool) || random.Next(2) == 0)
                    {
                        args.Add(Hostile[random.Next(Hostile.Length)]);
                    }
                }

                if (random.Next(8) == 0)
                {
                    args.Add(Hostile[random.Next(Hostile.Length)]);
                }

                using var error = new StringWriter();
                using var stdout = new StringWriter();
                Console.SetOut(stdout);
                Console.SetError(error);
                int exit;
                string where = $"case {cases}: rlvr {string.Join(' ', args.Select(a => a.Length > 60 ? a[..60] + "..." : a))}";
                using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                {
                    try
                    {
                        exit = await root.Parse([.. args]).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = error }, stop.Token);
                    }
                    catch (Exception ex)
                    {
                        Assert.Fail($"{where}: unhandled {ex}");
                        throw;
                    }
                }

                Console.SetOut(previousOut);
                Console.SetError(previousError);
                string text = error.ToString();
                exits[exit] = exits.GetValueOrDefault(exit) + 1;
                string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (text.Contains("unexpected error", StringComparison.Ordinal)
                    || System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^\s+at \S+\(")
                    || (exit != 0 && lines.Length is < 1 or > 6))
                {
                    failures.Add($"{where}: exit {exit}: {text[..Math.Min(600, text.Length)]}");
                }
            }
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
            Environment.CurrentDirectory = previousDirectory;
            Directory.Delete(work, recursive: true);
        }

        output.WriteLine($"fuzz: {cases} command lines, {watch.Elapsed.TotalSeconds:0.0} s; exit codes {string.Join(", ", exits.Select(p => $"{p.Key}: {p.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} cases failed:\n" + string.Join("\n", failures));
        Assert.Equal(Cases, cases);
        Assert.True(exits.Keys.Any(e => e != 0), "no case failed: the values did not reach validation");
    }

    /// <summary>The command lines this fuzzer found breaking (an unhandled exception or a stack trace), kept as regressions.</summary>
    [Theory]
    [InlineData("eval --env math --output out.jsonl --model file:///nonexistent", "--model")]
    [InlineData("list --assembly", "--assembly")]
    [InlineData("list --assembly /dev/null", "--assembly")]
    [InlineData("serve --no-sandbox --env math --urls -Infinity", "--urls")]
    [InlineData("serve --no-sandbox --env math --urls http://127.0.0.1:0 --timeout 99999999999999999999", "--timeout")]
    [InlineData("eval --env math --output out.jsonl --timeout 1e300", "--timeout")]
    [InlineData("eval --env math --output out.jsonl --model http://127.0.0.1:1/v1 --model-name SPACE", "--model-name")]
    public async Task Commands_KnownBreakers_ExitNonZeroWithAOneLineMessage(string commandLine, string named)
    {
        string[] args = [.. commandLine.Split(' ').Select(a => a == "SPACE" ? " " : a)];
        if (commandLine.EndsWith("--assembly", StringComparison.Ordinal))
        {
            args = [.. args, string.Empty];
        }

        string work = Directory.CreateTempSubdirectory("rlvr-cli-fuzz-").FullName;
        var (previousOut, previousError) = (Console.Out, Console.Error);
        string previousDirectory = Environment.CurrentDirectory;
        using var error = new StringWriter();
        using var stdout = new StringWriter();
        int exit;
        try
        {
            Environment.CurrentDirectory = work;
            Console.SetOut(stdout);
            Console.SetError(error);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            exit = await Root().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = error }, stop.Token);
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
            Environment.CurrentDirectory = previousDirectory;
            Directory.Delete(work, recursive: true);
        }

        string text = error.ToString().Trim();
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("unexpected error", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.Contains(named, text, StringComparison.Ordinal);
    }

    /// <summary>The commands of <c>rlvr</c> that touch neither Docker nor the network (as Program.cs builds them).</summary>
    private static RootCommand Root()
    {
        var root = new RootCommand("rlvr");
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(NewCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        return root;
    }

    private static Command Find(RootCommand root, string path)
    {
        Command command = root;
        foreach (string part in path.Split(' '))
        {
            command = command.Subcommands.Single(c => c.Name == part);
        }

        return command;
    }

    /// <summary>A command line that runs as it is (quickly, without Docker or the network), to which hostile values are added.</summary>
    private static (string Command, List<string> Args) Base(int pick, string input, string problems, string caseDir) => pick switch
    {
        0 => ("list", ["list"]),
        1 or 2 => ("eval", ["eval", "--env", "math", "--input", input, "--output", Path.Combine(caseDir, "out.jsonl"), "--concurrency", "1"]),
        3 => ("eval", ["eval", "--env", "math", "--problems", problems, "--model", "http://127.0.0.1:1/v1", "--output", Path.Combine(caseDir, "rollouts.jsonl")]),
        4 => ("serve", ["serve", "--no-sandbox", "--urls", "http://127.0.0.1:0", "--env", "math"]),
        5 => ("new", ["new", "fuzzed", "--script", "--output", caseDir]),
        _ => ("data list", ["data", "list"]),
    };
}
