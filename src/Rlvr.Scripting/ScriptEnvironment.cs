using Rlvr.Core;

namespace Rlvr.Scripting;

/// <summary>An environment loaded from a C# script, with the analyzer warnings about it.</summary>
/// <param name="Environment">The environment the script returned.</param>
/// <param name="Warnings">Compiler and analyzer warnings, by line.</param>
/// <param name="ContentHash">SHA-256 of the script text: the cache key.</param>
/// <param name="FromCache">Whether an earlier compilation of the same text was reused.</param>
public sealed record ScriptEnvironment(IEnvironment Environment, IReadOnlyList<ScriptDiagnostic> Warnings, string ContentHash, bool FromCache);
