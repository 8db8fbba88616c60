using System.CommandLine;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber;
using Rlvr.Environments.Cyber.Checking;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr cyber check FOLDER...</c>: validates cyber challenge folders the way the verifiers use them (load, both
/// builds, PoCs, polls, decoys, poll coverage of the fixed lines). Prints every finding with its challenge and step;
/// exit 1 when any folder has an error.
/// </summary>
internal static class CyberCommand
{
    public static Command Create()
    {
        var folders = new Argument<DirectoryInfo[]>("folder") { Description = "Challenge folders to check.", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors and warnings." };
        var check = new Command("check", "Validate cyber challenge folders: build the vulnerable and patched versions, run the PoCs, polls and decoys, and warn when polls print nothing or never run the fixed code.") { folders, quiet };
        check.SetAction((parse, cancellationToken) => CliException.Guard(async () =>
        {
            var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 2 } });
            await using (provider.ConfigureAwait(false))
            {
                var checker = new ChallengeChecker(CyberOptions.Default);
                int failed = 0;
                foreach (var folder in parse.GetValue(folders) ?? [])
                {
                    ChallengeCheckResult result;
                    try
                    {
                        result = await checker.CheckAsync(folder.FullName, provider, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SandboxException ex)
                    {
                        throw new CliException($"{folder.Name}: the sandbox failed ({ex.Reason}): {ex.Message}");
                    }

                    foreach (var finding in result.Findings.Where(f => !parse.GetValue(quiet) || f.Severity != CheckSeverity.Info))
                    {
                        var writer = finding.Severity == CheckSeverity.Info ? Console.Out : Console.Error;
                        await writer.WriteLineAsync($"{result.Challenge}: {finding}").ConfigureAwait(false);
                    }

                    int errors = result.Findings.Count(f => f.Severity == CheckSeverity.Error);
                    int warnings = result.Findings.Count(f => f.Severity == CheckSeverity.Warning);
                    await Console.Out.WriteLineAsync($"{result.Challenge}: {(result.Passed ? "passed" : "FAILED")} ({errors} error(s), {warnings} warning(s))").ConfigureAwait(false);
                    failed += result.Passed ? 0 : 1;
                }

                return failed == 0 ? 0 : 1;
            }
        }));
        return new Command("cyber", "Tools for cyber challenge authors.") { check };
    }
}
