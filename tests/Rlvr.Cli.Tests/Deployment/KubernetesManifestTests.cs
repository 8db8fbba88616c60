using k8s;
using k8s.Models;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>deploy/kubernetes/*.yaml parsed with the Kubernetes client library's models: the fields the docs rely on.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "deploy", "kubernetes");

    [Fact]
    public void Manifests_EveryFile_ParsesAsKubernetesObjects()
    {
        var files = Directory.GetFiles(Folder, "*.yaml");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file));
            Assert.NotEmpty(objects);
            Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(((IKubernetesObject<V1ObjectMeta>)o).Metadata.Name), file));
        }
    }

    [Fact]
    public void ServerDeployment_Replicas_ProbesArgsAndSecurity()
    {
        var objects = Load("server.yaml");
        var deployment = Single<V1Deployment>(objects, "rlvr-server");
        Assert.Equal(2, deployment.Spec.Replicas);
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal("rlvr/server:latest", container.Image);
        Assert.Equal("serve", container.Args[0]);
        Assert.Equal("redis://rlvr-redis:6379", After(container.Args, "--cache"));
        Assert.StartsWith("tcp://", After(container.Args, "--docker-host"), StringComparison.Ordinal);
        Assert.Contains(",/certs,", After(container.Args, "--docker-host"), StringComparison.Ordinal);
        Assert.Equal("http://0.0.0.0:8000", After(container.Args, "--urls"));
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/livez", container.LivenessProbe.HttpGet.Path);
        Assert.NotNull(container.Lifecycle.PreStop.Sleep);
        double requestTimeout = double.Parse(After(container.Args, "--request-timeout"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pod.TerminationGracePeriodSeconds > requestTimeout + container.Lifecycle.PreStop.Sleep.Seconds);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
        var certs = Assert.Single(pod.Volumes, v => v.Name == container.VolumeMounts.Single(m => m.MountPath == "/certs").Name);
        Assert.False(string.IsNullOrEmpty(certs.Secret?.SecretName));

        var service = Single<V1Service>(objects, "rlvr-server");
        Assert.Equal("rlvr-server", service.Spec.Selector["app"]);
        var ingress = Single<V1Ingress>(objects, "rlvr-server");
        Assert.Equal("cookie", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("persistent", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/affinity-mode"]);
        Assert.Equal("rlvr_route", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/session-cookie-name"]);

        // Episode ids carry the pod's name (--replica-id from the downward API).
        Assert.Equal("$(POD_NAME)", After(container.Args, "--replica-id"));
        Assert.Equal("metadata.name", Assert.Single(container.Env, e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("rlvr-server", ingress.Spec.Rules[0].Http.Paths[0].Backend.Service.Name);
    }

    [Fact]
    public void RedisAndEngines_ServiceNamesMatchServerArgs()
    {
        var redis = Load("redis.yaml");
        Assert.Equal(6379, Single<V1Service>(redis, "rlvr-redis").Spec.Ports[0].Port);
        Assert.Equal(1, Single<V1Deployment>(redis, "rlvr-redis").Spec.Replicas);

        var engines = Load("engines.yaml");
        var set = Single<V1StatefulSet>(engines, "rlvr-engine");
        var dockerd = Assert.Single(set.Spec.Template.Spec.Containers);
        Assert.Contains("--tlsverify", dockerd.Args);
        Assert.Contains("--bridge=none", dockerd.Args);
        Assert.Contains("--host=tcp://0.0.0.0:2376", dockerd.Args);
        Assert.True(dockerd.SecurityContext.Privileged);
        Assert.Contains(set.Spec.Template.Spec.Volumes, v => v.HostPath is not null);
        Assert.Contains(set.Spec.Template.Spec.Volumes, v => v.Secret is not null);
        Assert.Equal("None", Single<V1Service>(engines, "rlvr-engine").Spec.ClusterIP);

        // Every engine the server names is a pod of the StatefulSet behind its headless Service.
        var server = Single<V1Deployment>(Load("server.yaml"), "rlvr-server").Spec.Template.Spec.Containers[0];
        var hosts = server.Args.Select((a, i) => (a, i)).Where(p => p.a == "--docker-host").Select(p => server.Args[p.i + 1]).ToList();
        Assert.Equal(set.Spec.Replicas, hosts.Count);
        for (int i = 0; i < hosts.Count; i++)
        {
            Assert.StartsWith($"tcp://rlvr-engine-{i}.rlvr-engine:2376,", hosts[i], StringComparison.Ordinal);
        }
    }

    private static List<object> Load(string file) => [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder, file)))];

    private static T Single<T>(List<object> objects, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(objects.OfType<T>(), o => o.Metadata.Name == name);

    private static string After(IList<string> args, string option)
    {
        int i = args.IndexOf(option);
        Assert.True(i >= 0 && i + 1 < args.Count, $"{option} missing");
        return args[i + 1];
    }
}
