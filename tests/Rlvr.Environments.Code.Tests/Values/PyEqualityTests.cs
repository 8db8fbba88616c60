using System.Numerics;
using System.Text.Json;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Tests.Values;

public class PyEqualityTests
{
    private static PyValue V(string json) => PyValueCodec.Decode(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("{\"i\":\"5\"}", "{\"f\":\"5.0\"}")]
    [InlineData("true", "{\"i\":\"1\"}")]
    [InlineData("true", "{\"f\":\"1.0\"}")]
    [InlineData("{\"c\":[\"2.0\",\"0.0\"]}", "{\"i\":\"2\"}")]
    [InlineData("[{\"i\":\"1\"},\"a\"]", "[{\"f\":\"1.0\"},\"a\"]")]
    [InlineData("{\"s\":[{\"i\":\"1\"},{\"i\":\"2\"}]}", "{\"fs\":[{\"i\":\"2\"},{\"f\":\"1.0\"}]}")]
    [InlineData("{\"d\":[[\"a\",{\"i\":\"1\"}],[{\"i\":\"2\"},null]]}", "{\"d\":[[{\"f\":\"2.0\"},null],[\"a\",true]]}")]
    [InlineData("{\"f\":\"nan\"}", "{\"f\":\"nan\"}")]
    [InlineData("{\"i\":\"123456789012345678901234567890\"}", "{\"i\":\"123456789012345678901234567890\"}")]
    [InlineData("{\"b\":\"AAE=\"}", "{\"b\":\"AAE=\"}")]
    public void AreEqual_PythonEqualValues_True(string a, string b)
    {
        Assert.True(PyEquality.AreEqual(V(a), V(b)));
        Assert.True(PyEquality.AreEqual(V(b), V(a)));
        Assert.Equal(PyEquality.HashOf(V(a)), PyEquality.HashOf(V(b)));
    }

    [Theory]
    [InlineData("[{\"i\":\"1\"}]", "{\"t\":[{\"i\":\"1\"}]}")]
    [InlineData("{\"i\":\"1\"}", "\"1\"")]
    [InlineData("{\"f\":\"0.1\"}", "{\"i\":\"0\"}")]
    [InlineData("{\"i\":\"9007199254740993\"}", "{\"f\":\"9007199254740992.0\"}")]
    [InlineData("{\"i\":\"123456789012345678901234567891\"}", "{\"i\":\"123456789012345678901234567890\"}")]
    [InlineData("null", "false")]
    [InlineData("{\"s\":[{\"i\":\"1\"},{\"i\":\"1\"}]}", "{\"s\":[{\"i\":\"1\"},{\"i\":\"2\"}]}")]
    [InlineData("{\"d\":[[\"a\",{\"i\":\"1\"}]]}", "{\"d\":[[\"a\",{\"i\":\"2\"}]]}")]
    [InlineData("{\"f\":\"inf\"}", "{\"f\":\"-inf\"}")]
    [InlineData("[]", "{\"s\":[]}")]
    public void AreEqual_PythonDifferentValues_False(string a, string b)
    {
        Assert.False(PyEquality.AreEqual(V(a), V(b)));
        Assert.False(PyEquality.AreEqual(V(b), V(a)));
    }

    [Theory]
    [InlineData("{\"i\":\"0\"}", false)]
    [InlineData("{\"f\":\"0.0\"}", false)]
    [InlineData("\"\"", false)]
    [InlineData("[]", false)]
    [InlineData("null", false)]
    [InlineData("{\"f\":\"nan\"}", true)]
    [InlineData("[null]", true)]
    [InlineData("{\"d\":[]}", false)]
    public void IsTruthy_Values_MatchPython(string json, bool expected) => Assert.Equal(expected, PyEquality.IsTruthy(V(json)));

    [Fact]
    public void IsClose_AbsoluteStrict_MatchesPythonAbsLess()
    {
        Assert.True(PyEquality.IsClose(V("{\"f\":\"0.3300000001\"}"), V("{\"f\":\"0.33\"}"), null, 1e-6, strict: true));
        Assert.False(PyEquality.IsClose(V("{\"f\":\"0.34\"}"), V("{\"f\":\"0.33\"}"), null, 1e-6, strict: true));
        Assert.False(PyEquality.IsClose(V("{\"f\":\"nan\"}"), V("{\"f\":\"0.33\"}"), null, 1e-6, strict: true));
        Assert.False(PyEquality.IsClose(V("\"0.33\""), V("{\"f\":\"0.33\"}"), null, 1e-6, strict: true));
    }

    [Fact]
    public void IsClose_Relative_MatchesMathIsClose()
    {
        Assert.True(PyEquality.IsClose(V("{\"f\":\"1000000.0001\"}"), V("{\"i\":\"1000000\"}"), 1e-9, null, strict: false));
        Assert.False(PyEquality.IsClose(V("{\"f\":\"1000001.0\"}"), V("{\"i\":\"1000000\"}"), 1e-9, null, strict: false));
    }

    [Theory]
    [InlineData("{\"x\":\"1\"}")]
    [InlineData("{\"i\":\"1.5\"}")]
    [InlineData("{\"i\":\"1\",\"f\":\"1\"}")]
    [InlineData("5")]
    [InlineData("{\"f\":\"zzz\"}")]
    [InlineData("{\"d\":[[1]]}")]
    public void TryDecode_Malformed_Fails(string json) =>
        Assert.False(PyValueCodec.TryDecode(JsonDocument.Parse(json).RootElement, out _, out _));

    [Fact]
    public void Decode_HugeInt_IsExact()
    {
        string digits = "1" + new string('0', 5000);
        var value = V("{\"i\":\"" + digits + "\"}");
        Assert.Equal(BigInteger.Pow(10, 5000), value.Int);
    }
}
