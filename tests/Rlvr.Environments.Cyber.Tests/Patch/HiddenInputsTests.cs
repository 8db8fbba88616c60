using System.Text;
using Rlvr.Environments.Cyber.Patch;

namespace Rlvr.Environments.Cyber.Tests.Patch;

public class HiddenInputsTests
{
    [Fact]
    public void Scaled_StretchesPeriodicRunFarPastThePoc()
    {
        var variants = HiddenInputs.Scaled(Encoding.ASCII.GetBytes("SIZE 4\nDATA 41414141414141414141\n")).Select(v => Encoding.ASCII.GetString(v)).ToArray();
        Assert.Contains(variants, v => v.Contains("DATA " + string.Concat(Enumerable.Repeat("41", 640)) + "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Scaled_RepeatsTheLongestLine()
    {
        var variants = HiddenInputs.Scaled(Encoding.ASCII.GetBytes("SIZE 4\nDATA 41414141414141414141\n")).Select(v => Encoding.ASCII.GetString(v)).ToArray();
        Assert.Contains(variants, v => v.Split('\n').Count(l => l == "DATA 41414141414141414141") == 128);
    }

    [Fact]
    public void Scaled_SwapsTheRunsBytes()
    {
        var variants = HiddenInputs.Scaled(Encoding.ASCII.GetBytes("data,aaaaaaaa")).Select(v => Encoding.ASCII.GetString(v)).ToArray();
        Assert.Contains("data,bbbbbbbb", variants);
    }

    [Fact]
    public void Scaled_StaysWithinTheSizeLimit()
    {
        var variants = HiddenInputs.Scaled(Enumerable.Repeat((byte)'A', 10_000).ToArray());
        Assert.NotEmpty(variants);
        Assert.All(variants, v => Assert.InRange(v.Length, 1, HiddenInputs.MaxBytes));
    }

    [Fact]
    public void Mutate_IsDeterministicPerSeedAndRespectsTextOnly()
    {
        byte[][] seeds = [Encoding.ASCII.GetBytes("usr,local,bin"), Encoding.ASCII.GetBytes("data,aaaaaaaa")];
        var a = HiddenInputs.Mutate(seeds, 50, 7, textOnly: true);
        var b = HiddenInputs.Mutate(seeds, 50, 7, textOnly: true);
        var c = HiddenInputs.Mutate(seeds, 50, 8, textOnly: true);
        Assert.Equal(50, a.Count);
        Assert.Equal(a.Select(Convert.ToHexString), b.Select(Convert.ToHexString));
        Assert.NotEqual(a.Select(Convert.ToHexString), c.Select(Convert.ToHexString));
        Assert.All(a, m => Assert.DoesNotContain((byte)0, m));
    }

    [Fact]
    public void LongestPeriodicRun_FindsTwoByteUnits()
    {
        var (start, length, period) = HiddenInputs.LongestPeriodicRun(Encoding.ASCII.GetBytes("DATA 414141x"));
        Assert.Equal((5, 6, 2), (start, length, period));
    }
}
