using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core;
using Rlvr.Core.Scoring;
using StackExchange.Redis;

namespace Rlvr.Cache.Redis;

/// <summary>
/// A score cache on Redis, shared by every reward-server replica and <c>rlvr eval</c> run that points at the same
/// store. Keys are <see cref="ScoreKey.ToStorageKey"/> and values the JSONL cache's entries
/// (<see cref="ScoreCacheJson"/>), so both caches hold the same thing under the same identity. A store that does not
/// answer is a cache miss (counted in <see cref="Errors"/> and logged), never a failed item.
/// </summary>
public sealed class RedisScoreCache : IScoreCache, IAsyncDisposable
{
    private readonly ConnectionMultiplexer connection;
    private readonly IDatabase database;
    private readonly TimeSpan? expiry;
    private readonly ILogger logger;
    private long hits;
    private long misses;
    private long errors;

    private RedisScoreCache(ConnectionMultiplexer connection, int database, TimeSpan? expiry, ILogger logger)
    {
        this.connection = connection;
        this.database = connection.GetDatabase(database);
        this.expiry = expiry;
        this.logger = logger;
    }

    /// <summary>Look-ups answered from the store.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Look-ups the store did not have.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Look-ups and writes that failed because the store did not answer (each also a miss or a lost write).</summary>
    public long Errors => Interlocked.Read(ref errors);

    /// <summary>
    /// Connects to <paramref name="uri"/>: <c>redis://[:PASSWORD@]HOST[:PORT][/DB][?ttl=SECONDS]</c> (port 6379 and
    /// database 0 by default; <c>ttl</c> makes entries expire, by default they stay). The connection is made in the
    /// background and re-made when lost: a store that is down now is a miss now and a hit later.
    /// </summary>
    /// <param name="uri">The store.</param>
    /// <param name="logger">Where failures of the store are logged.</param>
    /// <returns>The cache.</returns>
    /// <exception cref="FormatException">The URI is not of that form; the message names the part.</exception>
    public static async Task<RedisScoreCache> ConnectAsync(string uri, ILogger? logger = null)
    {
        var (options, database, expiry) = Parse(uri);
        var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        return new RedisScoreCache(connection, database, expiry, logger ?? NullLogger.Instance);
    }

    /// <summary>Whether <paramref name="text"/> names a Redis store rather than a file.</summary>
    /// <param name="text">A <c>--cache</c> value.</param>
    /// <returns>Whether it starts with <c>redis://</c>.</returns>
    public static bool IsRedisUri(string text) => text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async ValueTask<Reward?> GetAsync(ScoreKey key, CancellationToken cancellationToken = default)
    {
        RedisValue value;
        try
        {
            value = await database.StringGetAsync(key.ToStorageKey()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed(ex, "read");
            return null;
        }

        if (value.IsNull || !ScoreCacheJson.TryDeserialize(value.ToString(), out var stored, out var reward) || stored != key)
        {
            Interlocked.Increment(ref misses);
            return null;
        }

        Interlocked.Increment(ref hits);
        return reward;
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(ScoreKey key, Reward reward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        try
        {
            // The first writer wins, as in the file cache: replicas that scored the same item agree anyway.
            await database.StringSetAsync(key.ToStorageKey(), ScoreCacheJson.Serialize(key, reward), expiry, When.NotExists)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed(ex, "write");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await connection.DisposeAsync().ConfigureAwait(false);

    internal static (ConfigurationOptions Options, int Database, TimeSpan? Expiry) Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !IsRedisUri(text) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{text}' is not a Redis address (redis://[:PASSWORD@]HOST[:PORT][/DB][?ttl=SECONDS]).");
        }

        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
            ClientName = "rlvr",
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            string info = Uri.UnescapeDataString(uri.UserInfo);
            int colon = info.IndexOf(':', StringComparison.Ordinal);
            options.Password = colon < 0 ? info : info[(colon + 1)..];
            if (colon > 0)
            {
                options.User = info[..colon];
            }
        }

        int database = 0;
        string path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            throw new FormatException($"'/{path}' in '{text}' is not a database number.");
        }

        TimeSpan? expiry = null;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            if (parts[0] == "ttl" && parts.Length == 2
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && double.IsFinite(seconds))
            {
                expiry = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                throw new FormatException($"'{pair}' in '{text}' is not understood (only ttl=SECONDS, a positive number).");
            }
        }

        return (options, database, expiry);
    }

    private void Failed(Exception ex, string what)
    {
        Interlocked.Increment(ref errors);
        Interlocked.Increment(ref misses);
        logger.LogWarning("Score cache: Redis {What} failed ({Message}); scoring goes on without the cache.", what, ex.Message);
    }
}
