using Rlvr.Core.Scoring;

namespace Rlvr.Core.Tests;

public class EnvironmentRegistryTests
{
    [Fact]
    public void Get_OneName_BuildsOnlyThatEnvironment()
    {
        var built = new List<string>();
        var registry = new EnvironmentRegistry()
            .Add("test/qa", o => { built.Add("test/qa"); return new QaEnvironment(); })
            .Add("test/other", o => { built.Add("test/other"); return new QaEnvironment(); });

        _ = registry.Get("test/qa");
        _ = registry.Get("test/qa");

        Assert.Equal(["test/qa"], built);
        Assert.Equal(["test/other", "test/qa"], registry.Names);
    }

    [Fact]
    public void Create_Options_ReachTheFactory()
    {
        var registry = new EnvironmentRegistry().Add("test/qa", o =>
        {
            Assert.Equal(3, o.GetInt32("size", 1, 1, 10));
            return new QaEnvironment();
        });

        var env = registry.Create("test/qa", new EnvironmentOptions("test/qa", new Dictionary<string, string> { ["size"] = "3" }));

        Assert.Equal("test/qa", env.Name);
    }

    [Fact]
    public void KeyFor_EnvironmentBuiltWithOptions_DiffersByOptionValueNotOrder()
    {
        var registry = new EnvironmentRegistry().Add("test/qa", o =>
        {
            _ = o.GetInt32("size", 1, 1, 10);
            _ = o.GetString("mode", "plain");
            return new QaEnvironment();
        });
        var request = new ScoringRequest("a", new QaProblem("p1", "q", "4"), "4");
        ScoreKey Key(Dictionary<string, string> values) =>
            ScoringEngine.KeyFor(registry.Create("test/qa", new EnvironmentOptions("test/qa", values)), request);

        var defaults = Key([]);
        var three = Key(new() { ["size"] = "3", ["mode"] = "x" });
        var threeReordered = Key(new() { ["mode"] = "x", ["size"] = "3" });
        var four = Key(new() { ["size"] = "4", ["mode"] = "x" });

        Assert.Equal(new QaEnvironment().Version, defaults.Version);
        Assert.NotEqual(defaults.ToStorageKey(), three.ToStorageKey());
        Assert.Equal(three, threeReordered);
        Assert.NotEqual(three.ToStorageKey(), four.ToStorageKey());
        Assert.StartsWith(new QaEnvironment().Version + "+options.", three.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownOption_ThrowsNamingIt()
    {
        var registry = new EnvironmentRegistry().Add(new QaEnvironment());

        var ex = Assert.Throws<EnvironmentOptionException>(() =>
            registry.Create("test/qa", new EnvironmentOptions("test/qa", new Dictionary<string, string> { ["colour"] = "red" })));

        Assert.Equal("environment 'test/qa', option 'colour': unknown option (it takes no options)", ex.Message);
    }

    [Fact]
    public void Create_FactoryBuildsAnotherName_Throws()
    {
        var registry = new EnvironmentRegistry().Add("test/wrong", _ => new QaEnvironment());

        Assert.Throws<InvalidOperationException>(() => registry.Get("test/wrong"));
    }

    [Fact]
    public void Add_SameNameTwice_Throws()
    {
        var registry = new EnvironmentRegistry().Add("test/qa", _ => new QaEnvironment());

        Assert.Throws<InvalidOperationException>(() => registry.Add("test/qa", _ => new QaEnvironment()));
    }

    [Fact]
    public void AddDirectory_MarkedAssemblies_Registered()
    {
        // The test folder holds many assemblies (xunit, the SDK); the ones carrying [RlvrEnvironments] register,
        // whatever their file name.
        var registry = new EnvironmentRegistry().AddDirectory(AppContext.BaseDirectory);

        Assert.Contains("test/dropped", registry.Names);
        Assert.Contains("test/qa", registry.Names);
    }
}
