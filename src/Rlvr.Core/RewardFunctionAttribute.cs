namespace Rlvr.Core;

/// <summary>
/// Marks a method as reward code, so the Rlvr analyzers check it even when its type does not implement
/// <see cref="IVerifier{TProblem}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class RewardFunctionAttribute : Attribute
{
}
