namespace Rlvr.Core;

/// <summary>
/// Marks a problem member that holds the reference answer, hidden tests or anything else the model must
/// not see. The Rlvr analyzers report any flow of such a member into prompt rendering (RLVR1011).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = true)]
public sealed class ReferenceAttribute : Attribute
{
}
