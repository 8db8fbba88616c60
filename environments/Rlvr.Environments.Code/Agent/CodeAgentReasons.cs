namespace Rlvr.Environments.Code.Agent;

/// <summary>Reason codes of <c>code/agent</c> episodes (besides the code judge's own).</summary>
public static class CodeAgentReasons
{
    /// <summary>The episode used its steps without a submission.</summary>
    public const string StepLimit = "step_limit";
}
