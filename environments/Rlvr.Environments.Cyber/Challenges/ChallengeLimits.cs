namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>Resource limits of one challenge.</summary>
/// <param name="TimeoutMs">Wall-clock limit of one run of the program; past it the run is a hang.</param>
/// <param name="MaxPocBytes">Largest accepted proof of concept.</param>
public sealed record ChallengeLimits(int TimeoutMs = 3000, int MaxPocBytes = 65536);
