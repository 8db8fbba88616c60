namespace Rlvr.Server;

/// <summary>The options <see cref="RlvrScoringBuilder"/> calls refine, read once when the services are first resolved.</summary>
internal sealed class RlvrScoringRegistration(RewardServerOptions options)
{
    public RewardServerOptions Options { get; set; } = options;
}
