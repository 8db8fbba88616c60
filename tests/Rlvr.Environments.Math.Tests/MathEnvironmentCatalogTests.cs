using Rlvr.Core;

namespace Rlvr.Environments.Math.Tests;

public class MathEnvironmentCatalogTests
{
    private static EnvironmentRegistry Registry() => new EnvironmentRegistry().AddAssembly(typeof(MathEnvironment).Assembly);

    private static EnvironmentOptions Options(string env, string key, string value) =>
        new(env, new Dictionary<string, string> { [key] = value });

    [Fact]
    public async Task Create_FormatWeight_ChangesTheScore()
    {
        var problem = new MathProblem { Question = "What is 1+1?", Answer = "2" };
        var context = new ScoringContext("s");

        var plain = await Registry().Get("math").ScoreAsync(problem, "The answer is 2.", context);
        var weighted = await Registry().Create("math", Options("math", "format_weight", "1")).ScoreAsync(problem, "The answer is 2.", context);

        Assert.Equal(1.0, plain.Value);
        Assert.Equal(0.5, weighted.Value, 9);
    }

    [Fact]
    public async Task Create_FloatRounding_ChangesTheScore()
    {
        var problem = new MathProblem { Question = "What is 1/3?", Answer = "1/3" };
        var context = new ScoringContext("s");

        var strict = await Registry().Get("math").ScoreAsync(problem, "\\boxed{0.333}", context);
        var loose = await Registry().Create("math", Options("math", "float_rounding", "3")).ScoreAsync(problem, "\\boxed{0.333}", context);

        Assert.Equal(0.0, strict.Value);
        Assert.Equal(1.0, loose.Value);
    }

    [Theory]
    [InlineData("format_weight", "heavy", "'heavy' is not a number")]
    [InlineData("format_weight", "-1", "-1 is not in [0, 100]")]
    [InlineData("strict", "perhaps", "'perhaps' is not a boolean (true or false)")]
    [InlineData("colour", "red", "unknown option (known: ")]
    public void Create_BadOption_ThrowsNamingIt(string key, string value, string problem)
    {
        var ex = Assert.Throws<EnvironmentOptionException>(() => Registry().Create("math/gsm8k", Options("math/gsm8k", key, value)));

        Assert.StartsWith($"environment 'math/gsm8k', option '{key}': {problem}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AllThree_WithoutBuildingAny()
    {
        Assert.Equal(["math", "math/gsm8k", "math/math500"], Registry().Names);
    }
}
