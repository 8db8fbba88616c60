using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Cyber.Poc;

/// <summary>Runs a Python PoC generator in its own sandbox; its standard output is the PoC.</summary>
internal static class PocGenerator
{
    public const int MaxSourceChars = 16 * 1024;

    public static async Task<(byte[]? Bytes, string? Failure)> RunAsync(string source, int maxBytes, ISandboxProvider provider, CyberOptions options, CancellationToken cancellationToken)
    {
        if (source.Length > MaxSourceChars)
        {
            return (null, "generator_too_large");
        }

        var sandbox = await provider.AcquireAsync(options.Spec, cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var result = await sandbox.ExecAsync(
                new ExecRequest(["python3", "-I", "-c", source]) { Timeout = options.GeneratorTimeout, OutputLimitBytes = maxBytes + 1 },
                cancellationToken).ConfigureAwait(false);
            if (result.TimedOut)
            {
                return (null, "generator_timeout");
            }

            if (result.ExitCode != 0)
            {
                return (null, "generator_error");
            }

            return result.StdoutTruncated || result.Stdout.Length > maxBytes ? (null, "poc_too_large") : (result.Stdout, null);
        }
    }
}
