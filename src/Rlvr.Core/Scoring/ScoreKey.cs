namespace Rlvr.Core.Scoring;

/// <summary>The identity of a score: any change of environment version, problem or completion is a new key.</summary>
/// <param name="Environment">Environment name.</param>
/// <param name="Version">Environment version.</param>
/// <param name="ProblemKey">Problem id, or a hash of the problem's content.</param>
/// <param name="CompletionHash">SHA-256 of the completion (<see cref="Completion.ComputeHash"/>).</param>
public readonly record struct ScoreKey(string Environment, string Version, string ProblemKey, string CompletionHash)
{
    /// <summary>
    /// The key as one string for a shared store: <c>rlvr:score:</c> followed by the SHA-256 (hex) of the four parts, each
    /// length-prefixed, so no part can run into the next. Equal keys give equal strings on every host.
    /// </summary>
    /// <returns>For example <c>rlvr:score:3f1a...</c> (75 characters).</returns>
    public string ToStorageKey()
    {
        var text = new System.Text.StringBuilder();
        foreach (string part in (ReadOnlySpan<string>)[Environment, Version, ProblemKey, CompletionHash])
        {
            text.Append(part.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(part);
        }

        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return "rlvr:score:" + Convert.ToHexStringLower(hash);
    }
}
