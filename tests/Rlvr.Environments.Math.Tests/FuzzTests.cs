using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Rlvr.Environments.Math.Tests;

public class FuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Pieces =
    [
        "1", "2", "0", "10", "999", "3.14", ".5", "1,000", "1e5", "-", "+", "*", "/", "^", "_", "!", "%", "=", "<", ">", "\\le", "\\ge",
        "(", ")", "[", "]", "{", "}", "\\{", "\\}", ",", ";", ":", "|", "&", "\\\\", "x", "y", "e", "i", "\\pi", "\\infty", "\\frac",
        "\\dfrac", "\\sqrt", "\\sqrt[3]", "\\cdot", "\\times", "\\sin", "\\cos", "\\arctan", "\\ln", "\\log_2", "\\binom", "\\left(",
        "\\right)", "\\text{cm}", "\\text{ and }", "\\mathrm{e}", "^\\circ", "\\%", "\\pm", "\\cup", "\\in", "\\begin{pmatrix}",
        "\\end{pmatrix}", "\\boxed{", "$", "$$", "\\(", "\\)", "<think>", "</think>", "####", " ", "\n", "answer is", "\\", "\\unknown",
        "2^{2^{2^{100}}}", "9999!", "((((", "))))", "\u00e9", "\u03c0", "\u2212", "\t", "\\sum", "\\begin{align}", "\\end{align}",
    ];

    private static readonly string[] References = ["18", "\\frac{1}{2}", "(1, 2)", "x^2+1", "[0, 1)", "\\sqrt{2}", "x = 3", "\\text{B}"];

    [Fact]
    public void Verify_HundredThousandGeneratedInputs_NeverThrow()
    {
        var random = new Random(20261126);
        var counts = new Dictionary<MathVerdictStatus, int>();
        long worstTicks = 0;
        string worst = string.Empty;
        var clock = new Stopwatch();
        const int Iterations = 100_000;
        for (int n = 0; n < Iterations; n++)
        {
            string completion = Generate(random);
            string reference = n % 10 == 0 ? Generate(random) : References[random.Next(References.Length)];
            clock.Restart();
            MathVerdict verdict;
            try
            {
                verdict = MathVerifier.Verify(reference, completion);
            }
            catch (Exception ex)
            {
                Assert.Fail($"input #{n} threw {ex.GetType().Name}: {ex.Message}\nreference: {reference}\ncompletion: {completion}");
                return;
            }
            clock.Stop();
            Assert.True(Enum.IsDefined(verdict.Status));
            counts[verdict.Status] = counts.GetValueOrDefault(verdict.Status) + 1;
            if (clock.ElapsedTicks > worstTicks)
            {
                worstTicks = clock.ElapsedTicks;
                worst = completion.Length > 120 ? completion[..120] + "..." : completion;
            }
        }
        output.WriteLine($"{Iterations} inputs; verdicts: {string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"))}");
        output.WriteLine($"slowest: {worstTicks * 1000.0 / Stopwatch.Frequency:F2} ms for {worst}");
        Assert.True(counts.Count >= 4, "the generator should reach several verdict kinds");
    }

    private static string Generate(Random random)
    {
        var sb = new StringBuilder();
        int mode = random.Next(4);
        int length = mode == 3 ? random.Next(200, 2000) : random.Next(1, 30);
        if (mode == 0)
        {
            sb.Append("\\boxed{");
        }
        for (int i = 0; i < length; i++)
        {
            if (random.Next(20) == 0)
            {
                sb.Append((char)random.Next(0, 0x3000));
            }
            else
            {
                sb.Append(Pieces[random.Next(Pieces.Length)]);
            }
        }
        if (mode == 0)
        {
            sb.Append('}');
        }
        return sb.ToString();
    }
}
