using Rlvr.Core;

namespace Rlvr.Environments.Code.Judging;

/// <summary>Turns per-test verdicts into a reward: all-or-nothing or the fraction passed, evidence attached.</summary>
public static class VerdictRewards
{
    /// <summary>Builds the reward.</summary>
    /// <param name="verdicts">One verdict per expected test (missing tests must already be failed verdicts).</param>
    /// <param name="partialCredit">Reward the fraction passed instead of all-or-nothing.</param>
    /// <param name="detail">Optional explanation for the evidence.</param>
    /// <returns>A scored reward; an empty verdict list is unscorable.</returns>
    public static Reward FromVerdicts(IReadOnlyList<TestVerdict> verdicts, bool partialCredit, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.Count == 0)
        {
            return Reward.Unscorable(Reasons.NoTests, "The problem has no tests.");
        }

        int passed = verdicts.Count(v => v.Passed);
        double fraction = (double)passed / verdicts.Count;
        // A test skipped after an earlier failure carries no reason of its own: the failure that ended the run does.
        var failed = verdicts.FirstOrDefault(v => !v.Passed && v.Reason != FailureReasons.NotRun) ?? verdicts.FirstOrDefault(v => !v.Passed);
        Reward reward;
        if (failed is null)
        {
            reward = Reward.Correct();
        }
        else if (partialCredit && passed > 0)
        {
            reward = Reward.Scored(fraction, Reasons.Partial).WithDetail($"first failure: {failed.Reason}");
        }
        else
        {
            reward = Reward.Wrong(failed.Reason, detail ?? $"test {failed.Id}: {failed.Detail}");
        }

        return reward
            .WithMetric("tests_passed", passed)
            .WithMetric("tests_total", verdicts.Count)
            .WithMetric("pass_fraction", fraction)
            .WithEvidence("tests", verdicts.Select(v => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = v.Id,
                ["passed"] = v.Passed,
                ["reason"] = v.Reason,
                ["detail"] = v.Detail,
                ["extended"] = v.Extended,
                ["ms"] = v.Milliseconds,
                ["source"] = v.Source,
            }).ToList());
    }
}
