namespace Rlvr.Rollouts;

/// <summary>Reason codes of rollouts (besides the environments' own).</summary>
public static class RolloutReasons
{
    /// <summary>The endpoint answered with an error status (5xx, 4xx). Infrastructure error.</summary>
    public const string EndpointError = "endpoint_error";

    /// <summary>The endpoint could not be reached (connection refused, DNS, TLS). Infrastructure error.</summary>
    public const string EndpointUnreachable = "endpoint_unreachable";

    /// <summary>The episode's deadline passed while a model call was pending. Infrastructure error.</summary>
    public const string EndpointTimeout = "endpoint_timeout";

    /// <summary>The episode's deadline passed while the environment was working. Infrastructure error.</summary>
    public const string EpisodeTimeout = "episode_timeout";

    /// <summary>The model called a tool with arguments that are not a JSON object. Scored 0: the model's fault.</summary>
    public const string MalformedToolCall = "malformed_tool_call";

    /// <summary>The model used every turn the runner allows without ending the episode. Scored 0.</summary>
    public const string TurnLimit = "turn_limit";

    /// <summary>The episode was truncated (step or time limit) before any step gave a reward. Scored 0.</summary>
    public const string Truncated = "truncated";

    /// <summary>The episode ended without any step giving a reward. Scored 0.</summary>
    public const string NoReward = "no_reward";
}
