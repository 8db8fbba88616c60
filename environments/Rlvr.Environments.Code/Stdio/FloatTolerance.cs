namespace Rlvr.Environments.Code.Stdio;

/// <summary>A declared tolerance for numeric tokens: a token passes when within either bound.</summary>
/// <param name="Relative">Relative error allowed (of the expected value).</param>
/// <param name="Absolute">Absolute error allowed.</param>
public sealed record FloatTolerance(double Relative, double Absolute);
