using System.Globalization;
using System.Numerics;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>An exact rational number with a normalized sign (denominator positive, lowest terms).</summary>
internal readonly struct Rational : IEquatable<Rational>
{
    private readonly BigInteger den;

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        if (!denominator.IsOne)
        {
            var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!g.IsOne && !g.IsZero)
            {
                numerator /= g;
                denominator /= g;
            }
        }
        Numerator = numerator;
        den = denominator;
    }

    public BigInteger Numerator { get; }

    /// <summary>Positive; a default instance reads as 1.</summary>
    public BigInteger Denominator => den.IsZero ? BigInteger.One : den;

    public static Rational Zero => default;

    public static Rational One => FromInteger(BigInteger.One);

    public bool IsZero => Numerator.IsZero;

    public bool IsInteger => Denominator.IsOne;

    public int Sign => Numerator.Sign;

    /// <summary>Bits in numerator plus denominator: the cost measure for the work budget.</summary>
    public long Bits => Numerator.GetBitLength() + Denominator.GetBitLength();

    public static Rational FromInteger(BigInteger value) => new(value);

    public static Rational operator +(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a.Numerator + b.Numerator) :
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a.Numerator - b.Numerator) :
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a.Numerator * b.Numerator) :
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public Rational Pow(int exponent)
    {
        if (exponent >= 0)
        {
            return new(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
        }
        return new(BigInteger.Pow(Denominator, -exponent), BigInteger.Pow(Numerator, -exponent));
    }

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public double ToDouble()
    {
        double n = (double)Numerator;
        double d = (double)Denominator;
        if (double.IsFinite(n) && double.IsFinite(d))
        {
            return n / d;
        }
        // Huge parts: scale both down by the same power of two first.
        long shift = System.Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength()) - 900;
        return (double)(Numerator >> (int)shift) / (double)(Denominator >> (int)shift);
    }

    /// <summary>Rounds to <paramref name="digits"/> decimal places, half away from zero.</summary>
    public Rational RoundDecimal(int digits)
    {
        var scale = BigInteger.Pow(10, digits);
        var scaled = Numerator * scale * 2;
        var twice = Denominator;
        var q = BigInteger.Divide(scaled + (scaled.Sign >= 0 ? twice : -twice), twice * 2);
        return new(q, scale);
    }

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() => IsInteger
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);

    private Rational(BigInteger integer)
    {
        Numerator = integer;
        den = BigInteger.One;
    }
}
