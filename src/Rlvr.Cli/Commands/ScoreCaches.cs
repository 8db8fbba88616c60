using Rlvr.Cache.Redis;
using Rlvr.Core.Scoring;

namespace Rlvr.Cli.Commands;

/// <summary>The <c>--cache</c> option of <c>eval</c> and <c>serve</c>: a JSONL file, or a Redis store shared by replicas.</summary>
internal static class ScoreCaches
{
    public static System.CommandLine.Option<string?> Option(string what) => new("--cache")
    {
        Description = $"Score cache: a JSONL file, or redis://HOST[:PORT][/DB][?ttl=SECONDS] shared by several {what}; items already scored by this environment version are not scored again.",
    };

    /// <summary>Opens the cache <paramref name="value"/> names (none when empty); disposing the handle closes it.</summary>
    public static async Task<Handle> OpenAsync(string? value) => new(await OpenCacheAsync(value).ConfigureAwait(false));

    private static async Task<IScoreCache?> OpenCacheAsync(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (RedisScoreCache.IsRedisUri(value))
        {
            try
            {
                return await RedisScoreCache.ConnectAsync(value).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                throw new CliException("--cache: " + ex.Message);
            }
        }

        try
        {
            return new JsonlScoreCache(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--cache: cannot open {value}: {ex.Message}");
        }
    }

    /// <summary>An open cache (or none), closed on dispose.</summary>
    public sealed class Handle(IScoreCache? cache) : IAsyncDisposable
    {
        public IScoreCache? Cache { get; } = cache;

        public async ValueTask DisposeAsync()
        {
            switch (Cache)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
