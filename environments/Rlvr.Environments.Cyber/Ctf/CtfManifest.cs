namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>The content of a CTF challenge's <c>challenge.json</c>.</summary>
/// <param name="Id">Unique id; equals the folder name.</param>
/// <param name="Title">A short title.</param>
/// <param name="Difficulty">1 (easy) to 3 (hard).</param>
/// <param name="Description">The task, shown to the model.</param>
/// <param name="Flag">The flag format; a fresh flag of this format is made for every episode.</param>
/// <param name="MaxSteps">Actions allowed before the episode is truncated.</param>
/// <param name="MaxAttempts">Flag submissions allowed.</param>
/// <param name="TimeLimitSeconds">Wall-clock limit of an episode; past it the episode is truncated.</param>
public sealed record CtfManifest(
    string Id,
    string Title,
    int Difficulty,
    string Description,
    FlagFormat Flag,
    int MaxSteps = 20,
    int MaxAttempts = 3,
    int TimeLimitSeconds = 300);
