using Rlvr.Core;

namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// A loaded, validated challenge: the vulnerable program the model sees, and the reference material it never
/// sees (patched source, reference PoCs, polls, decoys).
/// </summary>
public sealed class CyberChallenge
{
    internal CyberChallenge(
        ChallengeManifest manifest,
        string folder,
        IReadOnlyDictionary<string, string> vulnerableSources,
        IReadOnlyDictionary<string, string> patchedSources,
        string referencePatch,
        IReadOnlyList<NamedInput> pocs,
        IReadOnlyList<Poll> polls,
        IReadOnlyList<NamedInput> decoys)
    {
        Manifest = manifest;
        Folder = folder;
        VulnerableSources = vulnerableSources;
        PatchedSources = patchedSources;
        ReferencePatch = referencePatch;
        Pocs = pocs;
        Polls = polls;
        Decoys = decoys;
    }

    /// <summary>The challenge id.</summary>
    public string Id => Manifest.Id;

    /// <summary>The parsed <c>challenge.json</c>.</summary>
    public ChallengeManifest Manifest { get; }

    /// <summary>The folder it was loaded from.</summary>
    public string Folder { get; }

    /// <summary>The limits, with defaults applied.</summary>
    public ChallengeLimits Limits => Manifest.Limits ?? new ChallengeLimits();

    /// <summary>The vulnerable sources by relative path (<c>src/x.c</c>): the only code the model sees.</summary>
    public IReadOnlyDictionary<string, string> VulnerableSources { get; }

    /// <summary>The fixed sources by relative path.</summary>
    [Reference]
    public IReadOnlyDictionary<string, string> PatchedSources { get; }

    /// <summary>The reference patch as a unified diff (generated from <c>patched/</c> when that is how it was given).</summary>
    [Reference]
    public string ReferencePatch { get; }

    /// <summary>Reference PoCs; every one must crash the vulnerable build with the expected signature.</summary>
    [Reference]
    public IReadOnlyList<NamedInput> Pocs { get; }

    /// <summary>Functional tests.</summary>
    [Reference]
    public IReadOnlyList<Poll> Polls { get; }

    /// <summary>Inputs that crash a different bug than the target one (used by the release gate).</summary>
    [Reference]
    public IReadOnlyList<NamedInput> Decoys { get; }

    /// <summary>The files a patch may change (default: every C/C++ source and header under <c>src/</c>; never build files).</summary>
    public IReadOnlyList<string> EditableFiles => Manifest.EditableFiles ?? ShownFiles ?? [.. VulnerableSources.Keys.Where(ChallengeLoader.IsCode).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The sources the prompt shows (<c>src/...</c>) when not all of them are (a Debian challenge shows the files of
    /// <c>source.files</c>; the rest of the package is built but not shown); <see langword="null"/> shows every code file.
    /// </summary>
    public IReadOnlyList<string>? ShownFiles { get; init; }

    /// <summary>The text of the challenge's build script, or <see langword="null"/> for the default build.</summary>
    [Reference]
    public string? BuildScript { get; init; }

    /// <summary>Harness files by path relative to the challenge folder (compiled with the program, never shown).</summary>
    [Reference]
    public IReadOnlyDictionary<string, string> HarnessFiles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
