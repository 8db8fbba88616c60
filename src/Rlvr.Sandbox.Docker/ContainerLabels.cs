using System.Diagnostics;
using System.Globalization;

namespace Rlvr.Sandbox.Docker;

/// <summary>Labels that tie each container to the process that owns it, so leftovers of a crashed run can be found.</summary>
internal static class ContainerLabels
{
    /// <summary>Present on every sandbox container.</summary>
    public const string Sandbox = "rlvr.sandbox";

    /// <summary>The provider instance (a GUID).</summary>
    public const string Session = "rlvr.session";

    /// <summary>Host process id of the owner.</summary>
    public const string OwnerPid = "rlvr.owner-pid";

    /// <summary>Start time of the owner, so a reused pid is not mistaken for the owner.</summary>
    public const string OwnerStart = "rlvr.owner-start";

    /// <summary>Host name of the owner; containers of other hosts are never reaped.</summary>
    public const string Host = "rlvr.host";

    /// <summary>The spec's image, for people reading <c>docker ps</c>.</summary>
    public const string Image = "rlvr.image";

    /// <summary>The start time of process <paramref name="pid"/> as a stable string, or <see langword="null"/> when it is not running.</summary>
    public static string? StartTimeOf(int pid)
    {
        // /proc/<pid>/stat field 22 is the start time in clock ticks since boot: exact and cheap on Linux.
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>This process's start time in the form <see cref="StartTimeOf"/> returns.</summary>
    public static string CurrentStartTime()
    {
        return StartTimeOf(System.Environment.ProcessId)
            ?? Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
    }
}
