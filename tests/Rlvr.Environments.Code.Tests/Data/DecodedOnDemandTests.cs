using System.Runtime.CompilerServices;
using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Tests.Data;

/// <summary>The list LiveCodeBench's private tests live in: decoded when needed, dropped under memory pressure, decoded again.</summary>
public sealed class DecodedOnDemandTests
{
    [Fact]
    public void Items_AfterTheDecodedItemsWereCollected_DecodedAgainTheSame()
    {
        var calls = new int[1];
        var list = Make(calls);
        Assert.Equal(3, list.Count);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(["a", "b", "c"], list.ToList());
        Assert.Equal("b", list[1]);
        Assert.Equal(1, calls[0]);
    }

    [Fact]
    public void Items_DecodingGivesAnotherCount_Throws()
    {
        var list = MakeShrinking();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Throws<InvalidOperationException>(() => list[0]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodedOnDemand<string> Make(int[] calls) =>
        new(["a", "b", "c"], () =>
        {
            calls[0]++;
            return ["a", "b", "c"];
        });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodedOnDemand<string> MakeShrinking() => new(["a", "b"], () => ["a"]);
}
