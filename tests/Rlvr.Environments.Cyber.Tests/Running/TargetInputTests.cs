using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Running;

namespace Rlvr.Environments.Cyber.Tests.Running;

public class TargetInputTests
{
    [Fact]
    public void Arguments_PlaceholderPresent_ReplacedWherever()
    {
        var input = new TargetInput(InputDelivery.File, ["--upper", "@@", "--strict"]);
        Assert.Equal(["--upper", "/tmp/in0", "--strict"], input.Arguments("/tmp/in0"));
    }

    [Fact]
    public void Arguments_NoPlaceholder_InputFollowsTheFixedArguments()
    {
        Assert.Equal(["-v", "text"], new TargetInput(InputDelivery.Argv, ["-v"]).Arguments("text"));
        Assert.Equal(["text"], new TargetInput(InputDelivery.Argv, []).Arguments("text"));
    }
}
