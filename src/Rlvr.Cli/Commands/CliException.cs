namespace Rlvr.Cli.Commands;

/// <summary>A reason a command could not start; printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message)
{
    /// <summary>
    /// Runs <paramref name="body"/>, turning a <see cref="CliException"/> into its one-line message and exit code 2, and
    /// any other exception into one line and exit code 1: no stack trace reaches a user (set <c>RLVR_DEBUG=1</c> to
    /// see it).
    /// </summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync("rlvr: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("rlvr: cancelled").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            bool debug = Environment.GetEnvironmentVariable("RLVR_DEBUG") is "1" or "true";
            await Console.Error.WriteLineAsync($"rlvr: unexpected error: {ex.GetType().Name}: {ex.Message}" + (debug ? Environment.NewLine + ex : " (RLVR_DEBUG=1 shows where)")).ConfigureAwait(false);
            return 1;
        }
    }
}
