namespace Rlvr.Core.Tests;

public class EnvironmentOptionsTests
{
    private static EnvironmentOptions Options(params (string Key, string Value)[] values) =>
        new("test/env", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void GetDouble_Given_ParsesInvariantCulture()
    {
        Assert.Equal(0.25, Options(("w", "0.25")).GetDouble("w", 0, 0, 1));
        Assert.Equal(0.5, Options().GetDouble("w", 0.5, 0, 1));
    }

    [Theory]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData("2", "2 is not in [0, 1]")]
    public void GetDouble_Invalid_ThrowsNamingEnvironmentAndOption(string value, string problem)
    {
        var ex = Assert.Throws<EnvironmentOptionException>(() => Options(("w", value)).GetDouble("w", 0, 0, 1));

        Assert.Equal("environment 'test/env', option 'w': " + problem, ex.Message);
        Assert.Equal("w", ex.Option);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("yes", true)]
    public void GetBoolean_Given_Parses(string value, bool expected) =>
        Assert.Equal(expected, Options(("b", value)).GetBoolean("b", !expected));

    [Fact]
    public void GetBoolean_NotBoolean_Throws() =>
        Assert.Throws<EnvironmentOptionException>(() => Options(("b", "maybe")).GetBoolean("b", false));

    [Fact]
    public void GetInt32_OutOfRange_Throws()
    {
        var ex = Assert.Throws<EnvironmentOptionException>(() => Options(("n", "0")).GetInt32("n", 3, 1, 20));

        Assert.Contains("0 is not in [1, 20]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfUnknown_KeyNeverRead_ThrowsListingKnownOptions()
    {
        var options = Options(("colour", "red"), ("w", "1"));
        _ = options.GetDouble("w", 0);

        var ex = Assert.Throws<EnvironmentOptionException>(options.ThrowIfUnknown);

        Assert.Equal("colour", ex.Option);
        Assert.Contains("known: w", ex.Message, StringComparison.Ordinal);
    }
}
