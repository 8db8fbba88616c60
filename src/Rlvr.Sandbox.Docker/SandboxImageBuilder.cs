using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>
/// Builds the sandbox images from <c>environments/images/&lt;name&gt;/Dockerfile</c> through the Engine API (the
/// folder as the context, host networking for the build), tagged <c>rlvr/&lt;name&gt;:&lt;12-hex content hash&gt;</c>
/// and <c>rlvr/&lt;name&gt;:latest</c>. A build whose hash tag exists is skipped. An image whose <c>FROM</c> names
/// another of ours is built after it. A Dockerfile containing the line <c># rlvr: include-dotnet-runtime</c> gets this
/// machine's .NET runtime in its context under <c>dotnet/</c> (no registry serves Microsoft's images here); one
/// containing <c># rlvr: include-dotnet-compiler</c> gets the .NET SDK's C# compiler (<c>csc.dll</c> and the Roslyn
/// assemblies) under <c>dotnet-csc/</c> and the SDK's reference assemblies under <c>dotnet-csc/ref/</c>, so C# can be
/// compiled inside a sandbox rather than in the scoring process.
/// </summary>
public sealed partial class SandboxImageBuilder
{
    /// <summary>The directive that adds the .NET runtime to a build context.</summary>
    public const string IncludeDotnetRuntimeDirective = "# rlvr: include-dotnet-runtime";

    /// <summary>The directive that adds the .NET SDK's C# compiler and reference assemblies to a build context.</summary>
    public const string IncludeDotnetCompilerDirective = "# rlvr: include-dotnet-compiler";

    private readonly DockerEndpoint endpoint;

    /// <summary>Creates a builder for <paramref name="endpoint"/> (the default endpoint when <see langword="null"/>).</summary>
    /// <param name="endpoint">The engine to build on.</param>
    public SandboxImageBuilder(DockerEndpoint? endpoint = null)
    {
        this.endpoint = endpoint ?? DockerEndpoint.FromEnvironment();
    }

    /// <summary>The image names (folder names with a Dockerfile) under <paramref name="imagesDirectory"/>, sorted.</summary>
    /// <param name="imagesDirectory">Usually <c>environments/images</c>.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> Discover(string imagesDirectory)
    {
        if (!Directory.Exists(imagesDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(imagesDirectory)
            .Where(d => File.Exists(Path.Combine(d, "Dockerfile")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Builds <paramref name="name"/> (or every image when <see langword="null"/>) and the images they derive from.</summary>
    /// <param name="imagesDirectory">Usually <c>environments/images</c>.</param>
    /// <param name="name">One image name, or <see langword="null"/> for all.</param>
    /// <param name="log">Receives one line per image and the build output.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>What happened to each image, in build order.</returns>
    /// <exception cref="SandboxException">The engine is unreachable or a build failed (the message has the build's error).</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> has no Dockerfile, or images derive from each other in a cycle.</exception>
    public async Task<IReadOnlyList<SandboxImageBuildResult>> BuildAsync(string imagesDirectory, string? name, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagesDirectory);
        ArgumentNullException.ThrowIfNull(log);
        var all = Discover(imagesDirectory);
        if (name is not null && !all.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"No image '{name}': {Path.Combine(imagesDirectory, name, "Dockerfile")} does not exist. Known: {(all.Count == 0 ? "none" : string.Join(", ", all))}.",
                nameof(name));
        }

        var order = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (string image in name is null ? all : [name])
        {
            Visit(imagesDirectory, image, all, order, visiting);
        }

        using var client = new DockerClientBuilder().WithEndpoint(endpoint.Uri).WithApiVersion(EngineConnection.ApiVersion).Build();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<SandboxImageBuildResult>();
        foreach (string image in order)
        {
            var result = await BuildOneAsync(client, imagesDirectory, image, hashes, log, cancellationToken).ConfigureAwait(false);
            hashes[image] = result.Hash;
            results.Add(result);
        }

        return results;
    }

    /// <summary>The <c>rlvr/&lt;name&gt;</c> images a Dockerfile's <c>FROM</c> lines name.</summary>
    internal static IEnumerable<string> BaseImages(string dockerfile)
    {
        foreach (Match match in FromLine().Matches(dockerfile))
        {
            if (SandboxImages.NameOf(match.Groups[1].Value) is { } baseName)
            {
                yield return baseName;
            }
        }
    }

    /// <summary>The files of a build context: relative path (with <c>/</c>) and full path, sorted by relative path.</summary>
    internal static List<(string Relative, string Full)> ContextFiles(string directory, bool includeDotnet, bool includeCompiler = false)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(directory, f).Replace('\\', '/'), Full: f))
            .ToList();
        if (includeDotnet)
        {
            files.AddRange(DotnetRuntimeFiles());
        }

        if (includeCompiler)
        {
            files.AddRange(DotnetCompilerFiles());
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return files;
    }

    /// <summary>
    /// The running .NET runtime as a context folder <c>dotnet/</c>: the muxer, <c>host/</c> and
    /// <c>shared/Microsoft.NETCore.App/&lt;version&gt;/</c>, found from this process's runtime directory.
    /// </summary>
    internal static IEnumerable<(string Relative, string Full)> DotnetRuntimeFiles()
    {
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtimeDir.Parent?.Parent?.Parent
            ?? throw new InvalidOperationException($"Cannot find the .NET root above {runtimeDir.FullName}.");
        string muxer = Path.Combine(root.FullName, "dotnet");
        if (!File.Exists(muxer))
        {
            throw new InvalidOperationException($"No 'dotnet' muxer in {root.FullName}; the .NET runtime cannot be copied into the image.");
        }

        yield return ("dotnet/dotnet", muxer);
        foreach (string dir in new[] { Path.Combine(root.FullName, "host"), runtimeDir.FullName })
        {
            foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                yield return ("dotnet/" + Path.GetRelativePath(root.FullName, file).Replace('\\', '/'), file);
            }
        }
    }

    /// <summary>
    /// The .NET SDK's C# compiler as a context folder <c>dotnet-csc/</c> (<c>csc.dll</c>, <c>Microsoft.CodeAnalysis.dll</c>,
    /// <c>Microsoft.CodeAnalysis.CSharp.dll</c>) and the reference assemblies of the running runtime's major version
    /// under <c>dotnet-csc/ref/</c>, from the newest SDK beside the running runtime.
    /// </summary>
    internal static IEnumerable<(string Relative, string Full)> DotnetCompilerFiles()
    {
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtimeDir.Parent?.Parent?.Parent
            ?? throw new InvalidOperationException($"Cannot find the .NET root above {runtimeDir.FullName}.");
        string tfm = "net" + Environment.Version.Major + ".0";
        string? compiler = Directory.Exists(Path.Combine(root.FullName, "sdk"))
            ? Directory.GetDirectories(Path.Combine(root.FullName, "sdk"))
                .Select(d => Path.Combine(d, "Roslyn", "bincore"))
                .Where(d => File.Exists(Path.Combine(d, "csc.dll")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        string packs = Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref");
        string? references = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Where(d => Path.GetFileName(d).StartsWith(Environment.Version.Major + ".", StringComparison.Ordinal))
                .Select(d => Path.Combine(d, "ref", tfm))
                .Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (compiler is null || references is null)
        {
            throw new InvalidOperationException($"No .NET SDK with the C# compiler and the {tfm} reference assemblies under {root.FullName}; the image needs the .NET SDK on the machine that builds it.");
        }

        foreach (string name in new[] { "csc.dll", "Microsoft.CodeAnalysis.dll", "Microsoft.CodeAnalysis.CSharp.dll" })
        {
            yield return ("dotnet-csc/" + name, Path.Combine(compiler, name));
        }

        foreach (string file in Directory.EnumerateFiles(references, "*.dll").Order(StringComparer.Ordinal))
        {
            yield return ("dotnet-csc/ref/" + Path.GetFileName(file), file);
        }
    }

    private static void Visit(string imagesDirectory, string image, IReadOnlyList<string> all, List<string> order, HashSet<string> visiting)
    {
        if (order.Contains(image, StringComparer.Ordinal))
        {
            return;
        }

        if (!visiting.Add(image))
        {
            throw new ArgumentException($"Images derive from each other in a cycle through '{image}'.");
        }

        string dockerfile = File.ReadAllText(Path.Combine(imagesDirectory, image, "Dockerfile"));
        foreach (string baseName in BaseImages(dockerfile))
        {
            if (all.Contains(baseName, StringComparer.Ordinal))
            {
                Visit(imagesDirectory, baseName, all, order, visiting);
            }
        }

        visiting.Remove(image);
        order.Add(image);
    }

    private async Task<SandboxImageBuildResult> BuildOneAsync(
        DockerClient client, string imagesDirectory, string image, Dictionary<string, string> hashes, TextWriter log, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(imagesDirectory, image);
        string dockerfile = await File.ReadAllTextAsync(Path.Combine(directory, "Dockerfile"), cancellationToken).ConfigureAwait(false);
        bool includeDotnet = dockerfile.Split('\n').Any(l => l.Trim() == IncludeDotnetRuntimeDirective);
        bool includeCompiler = dockerfile.Split('\n').Any(l => l.Trim() == IncludeDotnetCompilerDirective);
        var files = ContextFiles(directory, includeDotnet, includeCompiler);
        string hash = await HashAsync(files, BaseImages(dockerfile).Where(hashes.ContainsKey).Select(b => b + "=" + hashes[b]), cancellationToken).ConfigureAwait(false);
        string hashTag = SandboxImages.Prefix + image + ":" + hash;
        string latest = SandboxImages.Latest(image);
        try
        {
            if (await ExistsAsync(client, hashTag, cancellationToken).ConfigureAwait(false))
            {
                await client.Images.TagImageAsync(hashTag, new ImageTagParameters { RepositoryName = SandboxImages.Prefix + image, Tag = "latest" }, cancellationToken).ConfigureAwait(false);
                await log.WriteLineAsync($"{latest}  up to date ({hashTag})").ConfigureAwait(false);
                return new SandboxImageBuildResult(image, hash, Built: false);
            }

            await log.WriteLineAsync($"{latest}  building {hashTag}{(includeDotnet ? " (with the .NET runtime)" : string.Empty)}").ConfigureAwait(false);
            string? error = null;
            var output = new StringBuilder();
            var lines = new SynchronousProgress(message =>
            {
                if (message.Error is { } failure)
                {
                    error = failure.Message ?? "unknown error";
                }

                if (!string.IsNullOrEmpty(message.Stream))
                {
                    output.Append(message.Stream);
                }
            });
            using var context = await TarContextAsync(files, cancellationToken).ConfigureAwait(false);
            await client.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters
                {
                    Tags = [hashTag, latest],
                    NetworkMode = "host",
                    Remove = true,
                    ForceRemove = true,
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["rlvr.image"] = image, ["rlvr.context-hash"] = hash },
                },
                context,
                null,
                null,
                lines,
                cancellationToken).ConfigureAwait(false);
            await log.WriteAsync(output.ToString()).ConfigureAwait(false);
            if (error is not null)
            {
                throw new SandboxException(SandboxReasons.DockerError, $"Building {latest} failed: {error.Trim()} (see the build output above; the Dockerfile is {Path.Combine(directory, "Dockerfile")}).");
            }

            if (!await ExistsAsync(client, hashTag, cancellationToken).ConfigureAwait(false))
            {
                throw new SandboxException(SandboxReasons.DockerError, $"Building {latest} produced no image; build output:\n{output}");
            }

            return new SandboxImageBuildResult(image, hash, Built: true);
        }
        catch (Exception ex) when (ex is not SandboxException and not OperationCanceledException and not OutOfMemoryException)
        {
            if (ex is DockerImageNotFoundException || (ex is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound }))
            {
                throw new SandboxException(SandboxReasons.ImageMissing, $"Building {latest} needs a base image the engine lacks: {((DockerApiException)ex).ResponseBody?.Trim()}. Seed debian:bookworm-slim with scripts/setup-docker.sh.", ex);
            }

            throw DockerErrors.Map(endpoint, ex, "build " + latest);
        }
    }

    private static async Task<bool> ExistsAsync(DockerClient client, string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<string> HashAsync(List<(string Relative, string Full)> files, IEnumerable<string> baseHashes, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string line in baseHashes)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("base " + line + "\n"));
        }

        byte[] buffer = new byte[1 << 16];
        foreach (var (relative, full) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("file " + relative + "\n"));
            var stream = File.OpenRead(full);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                }
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    private static async Task<MemoryStream> TarContextAsync(List<(string Relative, string Full)> files, CancellationToken cancellationToken)
    {
        var tar = new MemoryStream();
        var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var (relative, full) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, relative)
                {
                    Mode = OperatingSystem.IsWindows() ? (UnixFileMode)0b110_100_100 : File.GetUnixFileMode(full),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                };
                var data = File.OpenRead(full);
                await using (data.ConfigureAwait(false))
                {
                    entry.DataStream = data;
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        tar.Position = 0;
        return tar;
    }

    [GeneratedRegex(@"^\s*FROM\s+(?:--\S+\s+)*(\S+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FromLine();

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool and lose ordering).</summary>
    private sealed class SynchronousProgress(Action<JSONMessage> report) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => report(value);
    }
}
