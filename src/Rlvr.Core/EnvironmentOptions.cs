using System.Globalization;

namespace Rlvr.Core;

/// <summary>
/// Options a host passes to an environment as text (<c>--env-option key=value</c>). An environment's factory reads
/// them with the typed getters, which validate type and range; the registry then refuses any key no getter asked for.
/// Every error is an <see cref="EnvironmentOptionException"/> naming the environment and the option.
/// </summary>
public sealed class EnvironmentOptions
{
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <summary>Creates options.</summary>
    /// <param name="environment">The environment they are for (named in errors).</param>
    /// <param name="values">Key to value; keys are compared ordinally.</param>
    public EnvironmentOptions(string environment, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        this.values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
    }

    /// <summary>The environment these options are for.</summary>
    public string Environment { get; }

    /// <summary>Whether no option was given.</summary>
    public bool IsEmpty => values.Count == 0;

    /// <summary>The keys given.</summary>
    public IReadOnlyCollection<string> Keys => values.Keys;

    /// <summary>The keys the environment asked for so far (its known options).</summary>
    public IReadOnlyCollection<string> Known => read;

    /// <summary>
    /// A stable fingerprint of the options given (ordinal key order, each part length-prefixed, SHA-256, 16 hex
    /// digits); empty when none were given. Part of every score cache key of an environment built with these options,
    /// so a cache shared between runs or replicas never answers with a score computed under other options.
    /// </summary>
    public string Fingerprint()
    {
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(key)
                .Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>A text option.</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    public string GetString(string key, string defaultValue) => Raw(key) ?? defaultValue;

    /// <summary>A boolean option (<c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    public bool GetBoolean(string key, bool defaultValue)
    {
        string? raw = Raw(key);
        return raw?.Trim().ToLowerInvariant() switch
        {
            null => defaultValue,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Error(key, $"'{raw}' is not a boolean (true or false)"),
        };
    }

    /// <summary>A whole-number option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    public long GetInt64(string key, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        string? raw = Raw(key);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error(key, $"'{raw}' is not a whole number");
        }

        return value >= min && value <= max ? value : throw Error(key, string.Create(CultureInfo.InvariantCulture, $"{value} is not in [{min}, {max}]"));
    }

    /// <summary>A whole-number option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    public int GetInt32(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        (int)GetInt64(key, defaultValue, min, max);

    /// <summary>A finite number option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    public double GetDouble(string key, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        string? raw = Raw(key);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Error(key, $"'{raw}' is not a number");
        }

        return value >= min && value <= max ? value : throw Error(key, string.Create(CultureInfo.InvariantCulture, $"{value} is not in [{min}, {max}]"));
    }

    /// <summary>A duration option given in seconds, in [<paramref name="minSeconds"/>, <paramref name="maxSeconds"/>].</summary>
    /// <param name="key">The option.</param>
    /// <param name="defaultValue">The value when it is not given.</param>
    /// <param name="minSeconds">The shortest duration allowed.</param>
    /// <param name="maxSeconds">The longest duration allowed.</param>
    public TimeSpan GetSeconds(string key, TimeSpan defaultValue, double minSeconds, double maxSeconds) =>
        TimeSpan.FromSeconds(GetDouble(key, defaultValue.TotalSeconds, minSeconds, maxSeconds));

    /// <summary>Throws for the first option given that the environment never asked for.</summary>
    /// <exception cref="EnvironmentOptionException">An option is unknown; the message lists the known ones.</exception>
    public void ThrowIfUnknown()
    {
        foreach (string key in values.Keys.Order(StringComparer.Ordinal))
        {
            if (!read.Contains(key))
            {
                string known = read.Count == 0 ? "it takes no options" : "known: " + string.Join(", ", read.Order(StringComparer.Ordinal));
                throw new EnvironmentOptionException(Environment, key, $"unknown option ({known})");
            }
        }
    }

    private string? Raw(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        read.Add(key);
        return values.TryGetValue(key, out string? raw) ? raw : null;
    }

    private EnvironmentOptionException Error(string key, string message) => new(Environment, key, message);
}
