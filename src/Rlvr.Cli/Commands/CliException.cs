namespace Rlvr.Cli.Commands;

/// <summary>A reason a command could not start; printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message)
{
    /// <summary>Runs <paramref name="body"/>, turning a <see cref="CliException"/> into its one-line message and exit code 2.</summary>
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
    }
}
