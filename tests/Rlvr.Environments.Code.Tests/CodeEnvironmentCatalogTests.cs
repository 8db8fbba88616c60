using Rlvr.Core;

namespace Rlvr.Environments.Code.Tests;

public class CodeEnvironmentCatalogTests
{
    private static EnvironmentOptions Options(params (string Key, string Value)[] values) =>
        new("code/python", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Bind_Given_SetsCodeOptions()
    {
        var options = CodeEnvironmentCatalog.Bind(Options(("partial_credit", "true"), ("test_time_limit", "2.5"), ("memory_mb", "256"), ("extended_tests", "0")));

        Assert.True(options.PartialCredit);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.TestTimeLimit);
        Assert.Equal(256L << 20, options.MemoryBytes);
        Assert.Equal(0, options.ExtendedTests);
    }

    [Fact]
    public void Bind_Nothing_KeepsDefaults() => Assert.Equal(CodeOptions.Default, CodeEnvironmentCatalog.Bind(Options()));

    [Fact]
    public void Create_BadOption_ThrowsNamingIt()
    {
        var registry = new EnvironmentRegistry().AddAssembly(typeof(CodeOptions).Assembly);

        var ex = Assert.Throws<EnvironmentOptionException>(() => registry.Create("code/python", Options(("partial_credit", "sometimes"))));

        Assert.Equal("partial_credit", ex.Option);
        Assert.Contains("code/python", ex.Message, StringComparison.Ordinal);
    }
}
