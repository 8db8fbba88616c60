using System.Numerics;
using Rlvr.Environments.Math.Expressions;

namespace Rlvr.Environments.Math.Tests.Expressions;

public class RationalTests
{
    [Fact]
    public void Constructor_NormalizesSignAndLowestTerms()
    {
        var r = new Rational(6, -8);

        Assert.Equal(new BigInteger(-3), r.Numerator);
        Assert.Equal(new BigInteger(4), r.Denominator);
    }

    [Fact]
    public void Default_IsZeroWithDenominatorOne()
    {
        Rational zero = default;

        Assert.True(zero.IsZero);
        Assert.True(zero.IsInteger);
        Assert.Equal(Rational.Zero, new Rational(0, 5));
    }

    [Fact]
    public void Arithmetic_IsExact()
    {
        var third = new Rational(1, 3);

        Assert.Equal(Rational.One, third + third + third);
        Assert.Equal(new Rational(1, 9), third * third);
        Assert.Equal(new Rational(3, 1), Rational.One / third);
        Assert.Equal(new Rational(27, 1), third.Pow(-3));
    }

    [Fact]
    public void RoundDecimal_RoundsHalfAwayFromZero()
    {
        Assert.Equal(new Rational(333, 1000), new Rational(1, 3).RoundDecimal(3));
        Assert.Equal(new Rational(667, 1000), new Rational(2, 3).RoundDecimal(3));
        Assert.Equal(new Rational(-25, 100), new Rational(-249, 1000).RoundDecimal(2));
    }

    [Fact]
    public void ToDouble_HugeParts_StaysFinite()
    {
        var r = new Rational(BigInteger.Pow(10, 400) + 1, BigInteger.Pow(10, 400));

        Assert.Equal(1.0, r.ToDouble(), 12);
    }
}
