using System.Formats.Tar;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>Builds the tar streams that carry files into sandboxes over exec stdin.</summary>
internal static class TarBuilder
{
    public static byte[] Create(IEnumerable<(string Path, byte[] Content, bool Executable)> files)
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var dirs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, content, executable) in files)
            {
                string? dir = System.IO.Path.GetDirectoryName(path)?.Replace('\\', '/');
                if (!string.IsNullOrEmpty(dir) && dirs.Add(dir))
                {
                    writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, dir + "/") { Mode = Mode(true) });
                }

                var entry = new UstarTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = Mode(executable),
                    DataStream = new MemoryStream(content, writable: false),
                };
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }

    private static UnixFileMode Mode(bool executable) =>
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
        | (executable ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0);
}
