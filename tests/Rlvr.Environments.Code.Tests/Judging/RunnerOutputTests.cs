using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Judging;

namespace Rlvr.Environments.Code.Tests.Judging;

/// <summary>
/// When the judge's output is missing, who is to blame: a sandbox agent killed from inside the container (only the
/// candidate runs there) makes the candidate's tests fail; anything else is an infrastructure failure.
/// </summary>
public class RunnerOutputTests
{
    [Fact]
    public void Usable_HeaderPresent_True()
    {
        var exec = new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes("{\"runner\": \"function\", \"tests\": 1}\n") };

        Assert.True(RunnerOutput.Parse(exec).Usable(exec));
    }

    [Fact]
    public void Usable_NoHeaderAgentKilledFromInside_True()
    {
        // The exec agent died (no exit status, no signal, no timeout) after the sandbox checked the engine and container.
        var exec = new ExecResult { ExitCode = null, Signal = null, TimedOut = false };

        Assert.True(RunnerOutput.Parse(exec).Usable(exec));
    }

    [Theory]
    [InlineData(1, null, false, false)]
    [InlineData(null, 9, false, true)]
    [InlineData(null, null, true, false)]
    [InlineData(0, null, false, false)]
    public void Usable_NoHeaderOtherwise_FalseSoTheJudgeFailureIsInfrastructure(int? exit, int? signal, bool timedOut, bool oom)
    {
        var exec = new ExecResult { ExitCode = exit, Signal = signal, TimedOut = timedOut, OomKilled = oom, Stderr = Encoding.UTF8.GetBytes("boom") };

        Assert.False(RunnerOutput.Parse(exec).Usable(exec));
    }
}
