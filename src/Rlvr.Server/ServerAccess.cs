using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rlvr.Server;

/// <summary>The bearer token check and the path prefixes stock clients put before our routes.</summary>
internal static class ServerAccess
{
    private const string PathTokenKey = "rlvr.path-token";
    private const string CheckedKey = "rlvr.authorized";

    /// <summary>Probes an orchestrator calls without credentials.</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/livez", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal);

    /// <summary>
    /// Strips the prefixes stock clients put before our routes: <c>/token/&lt;token&gt;</c> (a bearer token for
    /// clients that cannot send headers) and NeMo-Gym's <c>/ng-rollout/&lt;id&gt;</c> (per-rollout observability).
    /// Runs before routing, so the rewritten path is the one routed.
    /// </summary>
    public static void RewritePath(HttpContext context)
    {
        var path = context.Request.Path;
        for (int i = 0; i < 2; i++)
        {
            foreach (string prefix in (string[])["/token", "/ng-rollout"])
            {
                if (path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) && rest.HasValue)
                {
                    string value = rest.Value!;
                    int slash = value.IndexOf('/', 1);
                    string segment = slash < 0 ? value[1..] : value[1..slash];
                    if (prefix == "/token")
                    {
                        context.Items[PathTokenKey] = Uri.UnescapeDataString(segment);
                    }

                    path = slash < 0 ? PathString.Empty : new PathString(value[slash..]);
                }
            }
        }

        context.Request.Path = path;
    }

    /// <summary>
    /// Checks the bearer token once per request (a standalone server checks before routing, a mounted endpoint in its
    /// own pipeline); answers 401 and returns <see langword="false"/> when it is missing or wrong.
    /// </summary>
    public static async Task<bool> AuthorizeAsync(HttpContext context, ServerState state, bool probe)
    {
        if (state.Options.BearerToken is not { } token || probe || context.Items.ContainsKey(CheckedKey))
        {
            return true;
        }

        if (Authorized(context, token))
        {
            context.Items[CheckedKey] = true;
            return true;
        }

        string endpoint = ServerMetrics.EndpointLabel(context.Request.Path);
        await ServerErrors.WriteAsync(
            context,
            new RequestException(StatusCodes.Status401Unauthorized, "Authorization", "a valid bearer token is required (Authorization header, /token/<token>/ path prefix or ?token=)"),
            state,
            endpoint).ConfigureAwait(false);
        state.Metrics.RecordRequest(endpoint, StatusCodes.Status401Unauthorized, TimeSpan.Zero);
        return false;
    }

    private static bool Authorized(HttpContext context, string token)
    {
        byte[] expected = Encoding.UTF8.GetBytes(token);
        string? given = BearerCredentials(context.Request.Headers.Authorization.ToString())
            ?? context.Items[PathTokenKey] as string
            ?? context.Request.Query["token"].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
    }

    /// <summary>
    /// The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, or <see langword="null"/> for any other
    /// header. The scheme name is case-insensitive and followed by one or more spaces (RFC 7235 section 2.1:
    /// <c>credentials = auth-scheme [ 1*SP ( token68 / ... ) ]</c>; RFC 6750 section 2.1 uses the same scheme).
    /// </summary>
    internal static string? BearerCredentials(string header)
    {
        const string scheme = "Bearer";
        if (header.Length <= scheme.Length || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header[scheme.Length] != ' ')
        {
            return null;
        }

        string token = header[scheme.Length..].TrimStart(' ');
        return token.Length == 0 ? null : token;
    }
}
