using System.Diagnostics;
using System.Globalization;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

public sealed class ProviderConfigurationTests
{
    [Fact]
    public async Task Constructor_UnreachableEndpoint_DoesNotContactTheEngine()
    {
        await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Endpoints = [DockerEndpoint.Parse("tcp://127.0.0.1:1")] });

        Assert.Equal(0, provider.LiveContainers);
        Assert.Equal(32, provider.SessionId.Length);
    }

    [Fact]
    public async Task BuildCreateParameters_DefaultSpec_AppliesEveryHardeningDefault()
    {
        await using var provider = new DockerSandboxProvider();
        var spec = new SandboxSpec("img");

        var p = provider.BuildCreateParameters(spec);

        Assert.Equal("none", p.HostConfig!.NetworkMode);
        Assert.True(p.NetworkDisabled);
        Assert.True(p.HostConfig!.ReadonlyRootfs);
        Assert.Equal(["ALL"], p.HostConfig!.CapDrop);
        Assert.Contains("no-new-privileges", p.HostConfig!.SecurityOpt);
        Assert.Equal(spec.PidsLimit, p.HostConfig!.PidsLimit);
        Assert.Equal(spec.MemoryBytes, p.HostConfig!.Memory);
        Assert.Equal(spec.MemoryBytes, p.HostConfig!.MemorySwap);
        Assert.Equal((long)(spec.Cpus * 1e9), p.HostConfig!.NanoCPUs);
        Assert.Contains(p.HostConfig!.Ulimits, u => u.Name == "nofile" && u.Hard == spec.MaxOpenFiles && u.Soft == spec.MaxOpenFiles);
        Assert.Contains(p.HostConfig!.Ulimits, u => u.Name == "fsize" && u.Hard == spec.MaxFileBytes);
        Assert.Contains("size=" + spec.TmpfsBytes.ToString(CultureInfo.InvariantCulture), p.HostConfig!.Tmpfs!["/tmp"], StringComparison.Ordinal);
        Assert.True(p.HostConfig!.Init);
        Assert.Equal(DockerSandboxProvider.KeeperUser, p.User);
        Assert.NotEqual(spec.User, p.User);
        Assert.Equal(provider.SessionId, p.Labels![ContainerLabels.Session]);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), p.Labels![ContainerLabels.OwnerPid]);
    }

    [Fact]
    public async Task BuildCreateParameters_WeakenedSpec_HonoursEachOverride()
    {
        await using var provider = new DockerSandboxProvider();
        var spec = new SandboxSpec("img") { NetworkEnabled = true, ReadOnlyRootFilesystem = false, PidsLimit = 7, MemoryBytes = 1 << 26 };

        var p = provider.BuildCreateParameters(spec);

        Assert.NotEqual("none", p.HostConfig!.NetworkMode);
        Assert.False(p.NetworkDisabled);
        Assert.False(p.HostConfig!.ReadonlyRootfs);
        Assert.Equal(7, p.HostConfig!.PidsLimit);
        Assert.Equal(1 << 26, p.HostConfig!.MemorySwap);
    }

    [Fact]
    public void SpecKey_EqualSpecsWithDistinctDictionaries_AreEqual()
    {
        var a = new SandboxSpec("img") { Environment = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" } };
        var b = new SandboxSpec("img") { Environment = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" } };
        var c = a with { MemoryBytes = 1 << 20 };

        Assert.Equal(DockerSandboxProvider.SpecKey(a), DockerSandboxProvider.SpecKey(b));
        Assert.NotEqual(DockerSandboxProvider.SpecKey(a), DockerSandboxProvider.SpecKey(c));
    }

    [Fact]
    public void IsStale_OwnerAliveOnThisHost_IsFalse()
    {
        var labels = Labels(Environment.MachineName, Environment.ProcessId, ContainerLabels.CurrentStartTime());

        Assert.False(StaleContainerReaper.IsStale(labels));
    }

    [Fact]
    public void IsStale_OwnerExitedOnThisHost_IsTrue()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();

        Assert.True(StaleContainerReaper.IsStale(Labels(Environment.MachineName, process.Id, "1")));
    }

    [Fact]
    public void IsStale_PidReusedByAnotherProcess_IsTrue()
    {
        Assert.True(StaleContainerReaper.IsStale(Labels(Environment.MachineName, Environment.ProcessId, "not-our-start-time")));
    }

    [Fact]
    public void IsStale_OtherHostOrMissingLabels_IsFalse()
    {
        Assert.False(StaleContainerReaper.IsStale(Labels("some-other-host", 999999, "1")));
        Assert.False(StaleContainerReaper.IsStale(new Dictionary<string, string> { [ContainerLabels.Sandbox] = "1" }));
        Assert.False(StaleContainerReaper.IsStale(null));
    }

    [Fact]
    public void Parse_UriAndCertificateFolder_AreSplit()
    {
        var plain = DockerEndpoint.Parse("unix:///var/run/docker.sock");
        var tls = DockerEndpoint.Parse("tcp://10.0.0.5:2376, /etc/docker/certs");

        Assert.Equal("unix", plain.Uri.Scheme);
        Assert.Null(plain.TlsCertificateDirectory);
        Assert.Equal(2376, tls.Uri.Port);
        Assert.Equal("/etc/docker/certs", tls.TlsCertificateDirectory);
    }

    [Fact]
    public void Parse_MaxContainers_IsReadWithOrWithoutCertificates()
    {
        var capped = DockerEndpoint.Parse("unix:///run/e2/docker.sock,max=8");
        var both = DockerEndpoint.Parse("tcp://127.0.0.1:2376,/etc/docker/certs,max=3");
        var list = DockerEndpoint.ParseList("unix:///var/run/docker.sock; tcp://127.0.0.1:2376,max=2 ;");

        Assert.Equal(8, capped.MaxContainers);
        Assert.Null(capped.TlsCertificateDirectory);
        Assert.Equal(3, both.MaxContainers);
        Assert.Equal("/etc/docker/certs", both.TlsCertificateDirectory);
        Assert.Equal(2, list.Count);
        Assert.Null(list[0].MaxContainers);
        Assert.Equal(2, list[1].MaxContainers);
    }

    [Theory]
    [InlineData("docker.sock", "docker.sock")]
    [InlineData("unix:///a.sock,max=0", "max=0")]
    [InlineData("unix:///a.sock,max=x", "max=x")]
    [InlineData("unix:///a.sock,/certs,/more", "/more")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingThePart(string text, string part)
    {
        var ex = Assert.Throws<FormatException>(() => DockerEndpoint.Parse(text));

        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engines_BeforeFirstUse_ListEveryEndpointUpAndEmpty()
    {
        var options = new DockerSandboxOptions { Endpoints = [DockerEndpoint.Parse("unix:///a.sock,max=2"), DockerEndpoint.Parse("unix:///b.sock")] };
        var provider = new DockerSandboxProvider(options);

        Assert.Equal(["unix:///a.sock", "unix:///b.sock"], provider.Engines.Select(e => e.Endpoint.Uri.ToString()));
        Assert.All(provider.Engines, e => Assert.True(e.Up && e.LiveContainers == 0 && e.Outages == 0));
        Assert.Equal(2, provider.Engines[0].MaxContainers);
    }

    [Fact]
    public void Validate_MinIdleAboveMax_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 5, MaxContainers = 2 } }));
    }

    private static Dictionary<string, string> Labels(string host, int pid, string start) => new()
    {
        [ContainerLabels.Sandbox] = "1",
        [ContainerLabels.Host] = host,
        [ContainerLabels.OwnerPid] = pid.ToString(CultureInfo.InvariantCulture),
        [ContainerLabels.OwnerStart] = start,
    };
}
