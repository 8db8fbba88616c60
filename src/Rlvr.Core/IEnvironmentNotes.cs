namespace Rlvr.Core;

/// <summary>
/// An environment with facts about its bundled problems that a user should see before training on them, such as how
/// many tasks have only their published tests. <c>rlvr list</c> prints them beside the description.
/// </summary>
public interface IEnvironmentNotes
{
    /// <summary>Short notes, one sentence each; empty when there is nothing to say.</summary>
    IReadOnlyList<string> Notes { get; }
}
