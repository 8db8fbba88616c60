using System.Diagnostics;
using System.Formats.Tar;

namespace Rlvr.Environments.Cyber.Debian;

/// <summary>
/// The vulnerable and patched trees of a <see cref="DebianSource"/>, taken from the image that fetched them
/// (<c>rlvr/cyber-debian</c>, built by <c>rlvr images build</c> with <c>apt-get source</c>) and kept in a host cache:
/// <c>$RLVR_CYBER_DEBIAN_CACHE</c> (default <c>~/.cache/rlvr/debian-src</c>), one folder per image id, so a rebuilt
/// image is read again. The trees leave the image once through <c>docker run --network none ... tar</c> (the Docker CLI
/// and its usual <c>DOCKER_HOST</c>); nothing from them runs on the host.
/// </summary>
public static class DebianTrees
{
    /// <summary>The variable naming the host cache folder.</summary>
    public const string CacheVariable = "RLVR_CYBER_DEBIAN_CACHE";

    /// <summary>The image with the Debian sources.</summary>
    public const string DefaultImage = "rlvr/cyber-debian:latest";

    /// <summary>Where the image keeps the trees.</summary>
    public const string ImageRoot = "/opt/debian-src";

    private static readonly Lock Gate = new();

    /// <summary>The host cache folder.</summary>
    public static string CacheFolder =>
        System.Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } custom
            ? custom
            : Path.Combine(
                System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache"),
                "rlvr",
                "debian-src");

    /// <summary>
    /// The host folder holding <c>vulnerable/</c>, <c>patched/</c> and <c>debian.patch</c> of <paramref name="source"/>,
    /// copied out of <paramref name="image"/> on first use.
    /// </summary>
    /// <param name="source">The package, version and patch.</param>
    /// <param name="image">The image (default <see cref="DefaultImage"/>).</param>
    /// <exception cref="InvalidOperationException">Docker or the image is unavailable, or the image lacks the trees (the message says what to run).</exception>
    public static string Get(DebianSource source, string image = DefaultImage)
    {
        ArgumentNullException.ThrowIfNull(source);
        string id = Docker(["image", "inspect", "--format", "{{.Id}}", image], out _).Trim();
        string imageKey = id.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..Math.Min(16, id.Length)];
        string folder = Path.Combine(CacheFolder, imageKey, source.TreeFolder);
        lock (Gate)
        {
            if (Directory.Exists(folder))
            {
                return folder;
            }

            string staging = folder + ".partial-" + System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
            Docker(
                ["run", "--rm", "--network", "none", "--user", "65534:65534", "--entrypoint", "tar", image, "-C", $"{ImageRoot}/{source.TreeFolder}", "-cf", "-", "vulnerable", "patched", "debian.patch"],
                out byte[] tar);
            using (var stream = new MemoryStream(tar))
            {
                // Regular files and folders only: links and devices of the tree are not needed to build it.
                using var reader = new TarReader(stream);
                while (reader.GetNextEntry() is { } entry)
                {
                    string relative = entry.Name.TrimEnd('/');
                    if (relative.Length == 0 || relative.Split('/').Any(p => p is ".." or ""))
                    {
                        continue;
                    }

                    string target = Path.Combine(staging, relative);
                    if (entry.EntryType == TarEntryType.Directory)
                    {
                        Directory.CreateDirectory(target);
                    }
                    else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        entry.ExtractToFile(target, overwrite: true);
                    }
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.Move(staging, folder);
            return folder;
        }
    }

    private static string Docker(IReadOnlyList<string> args, out byte[] stdout)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("the docker command could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"the Debian sources live in the image {DefaultImage}, and the docker command is not available ({ex.Message})", ex);
        }

        using (process)
        {
            using var output = new MemoryStream();
            var errTask = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            string err = errTask.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string first = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit {process.ExitCode}";
                throw new InvalidOperationException($"docker {args[0]} failed: {first.Trim()} (the image is built by 'rlvr images build')");
            }

            stdout = output.ToArray();
            return System.Text.Encoding.UTF8.GetString(stdout);
        }
    }
}
