namespace Rlvr.Environments.Cyber.Running;

/// <summary>The challenge's own reference material is broken (scored as unscorable, never as a 0).</summary>
internal sealed class ReferenceException(string message) : Exception(message);
