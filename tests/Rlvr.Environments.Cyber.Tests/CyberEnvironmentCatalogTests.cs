using Rlvr.Core;

namespace Rlvr.Environments.Cyber.Tests;

public class CyberEnvironmentCatalogTests
{
    private static EnvironmentOptions Options(params (string Key, string Value)[] values) =>
        new("cyber/poc", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Bind_Given_SetsCyberOptions()
    {
        var options = CyberEnvironmentCatalog.Bind(Options(("runs", "5"), ("fuzz_inputs", "0"), ("build_timeout", "60")));

        Assert.Equal(5, options.Runs);
        Assert.Equal(0, options.FuzzInputs);
        Assert.Equal(TimeSpan.FromSeconds(60), options.BuildTimeout);
    }

    [Fact]
    public void Create_RunsOutOfRange_ThrowsNamingIt()
    {
        var registry = new EnvironmentRegistry().AddAssembly(typeof(CyberOptions).Assembly);

        var ex = Assert.Throws<EnvironmentOptionException>(() => registry.Create("cyber/poc", Options(("runs", "0"))));

        Assert.Equal("environment 'cyber/poc', option 'runs': 0 is not in [1, 20]", ex.Message);
    }
}
