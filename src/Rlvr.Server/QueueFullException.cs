namespace Rlvr.Server;

/// <summary>The queue cannot admit a request now; answered with 429 and Retry-After.</summary>
internal sealed class QueueFullException() : Exception("The scoring queue is full; retry later.");
