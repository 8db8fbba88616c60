namespace Rlvr.Environments.Code.Values;

/// <summary>The builtin Python types a candidate's value may have; anything else is refused in the sandbox.</summary>
public enum PyKind
{
    /// <summary><c>None</c>.</summary>
    None,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>int</c> (any size).</summary>
    Int,

    /// <summary><c>float</c> (IEEE double).</summary>
    Float,

    /// <summary><c>complex</c>.</summary>
    Complex,

    /// <summary><c>str</c>.</summary>
    Str,

    /// <summary><c>bytes</c>.</summary>
    Bytes,

    /// <summary><c>list</c>.</summary>
    List,

    /// <summary><c>tuple</c>.</summary>
    Tuple,

    /// <summary><c>set</c>.</summary>
    Set,

    /// <summary><c>frozenset</c>.</summary>
    FrozenSet,

    /// <summary><c>dict</c>.</summary>
    Dict,
}
