namespace Rlvr.Sandbox.Docker;

/// <summary>What <see cref="SandboxImageBuilder"/> did with one image.</summary>
/// <param name="Name">The image's folder name, e.g. <c>python</c>.</param>
/// <param name="Hash">The 12-hex content hash of its build context (its tag).</param>
/// <param name="Built">Whether it was built now (<see langword="false"/>: the hash tag existed).</param>
public sealed record SandboxImageBuildResult(string Name, string Hash, bool Built)
{
    /// <summary>The content-addressed tag, e.g. <c>rlvr/python:0123456789ab</c>.</summary>
    public string HashTag => SandboxImages.Prefix + Name + ":" + Hash;
}
