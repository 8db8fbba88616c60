namespace Rlvr.Environments.Cyber.Debian;

/// <summary>
/// A Debian source package and one of its security patches (<c>"source": {"debian": {...}}</c> in
/// <c>challenge.json</c>): the vulnerable tree is the package with every patch of <c>debian/patches/series</c> before
/// <see cref="Patch"/> applied; the reference tree adds <see cref="Patch"/>.
/// </summary>
/// <param name="Package">The source package name, e.g. <c>c-ares</c>.</param>
/// <param name="Version">The exact Debian version, e.g. <c>1.18.1-3</c>.</param>
/// <param name="Patch">The file name in <c>debian/patches</c>, e.g. <c>CVE-2022-4904.diff</c>.</param>
public sealed record DebianSource(string Package, string Version, string Patch)
{
    /// <summary>The folder of the two trees below the image's <c>/opt/debian-src</c> (and below the host cache).</summary>
    public string TreeFolder => $"{Package}_{Version}/{(Patch.LastIndexOf('.') is int dot and > 0 ? Patch[..dot] : Patch)}";

    /// <summary>The line of the image's <c>sources.txt</c> that provides these trees.</summary>
    public string SourcesLine => $"{Package} {Version} {Patch}";
}
