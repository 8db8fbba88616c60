using System.Diagnostics;
using System.Globalization;

namespace Rlvr.Tests.Support;

/// <summary>
/// Debian's nginx (on loopback) in front of <c>rlvr serve</c> replicas, with the upstream settings of
/// docs/scale-out.md: all replicas in one upstream <c>rlvr</c>, a refused or broken attempt (a crashed or draining
/// replica) retried on another (scoring is idempotent, hence <c>non_idempotent</c>), every path nginx writes inside
/// the given root folder, and the answering replica's address in the <c>X-Upstream</c> response header.
/// </summary>
internal static class NginxFront
{
    /// <summary>Where Debian's nginx-light installs nginx.</summary>
    public const string Nginx = "/usr/sbin/nginx";

    /// <summary>
    /// The config: listens on 127.0.0.1:<paramref name="listen"/> and spreads requests over <paramref name="ports"/>.
    /// Without <paramref name="replicaIds"/> the upstream keeps up to 64 idle connections alive. With them (one id per
    /// port, in the same order) episode requests go to the replica named by their session id's prefix
    /// (<c>id.</c>): the id is the NeMo-Gym cookie <c>rlvr_episode</c> or the OpenEnv query parameter
    /// <c>episode_id</c>; other requests spread over all, and WebSocket upgrades (OpenEnv <c>/ws</c>) pass through.
    /// </summary>
    public static string Config(string root, int listen, IReadOnlyList<int> ports, IReadOnlyList<string>? replicaIds = null)
    {
        if (replicaIds is not null && replicaIds.Count != ports.Count)
        {
            throw new ArgumentException($"{replicaIds.Count} replica ids for {ports.Count} ports", nameof(replicaIds));
        }

        var c = CultureInfo.InvariantCulture;
        string user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        string servers = string.Concat(ports.Select(p => string.Create(c, $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n")));
        string maps = string.Empty;
        string perReplica = string.Empty;
        string pass = "proxy_pass http://rlvr;\n            proxy_http_version 1.1;\n            proxy_set_header Connection \"\";";
        string keepalive = "        keepalive 64;\n";
        if (replicaIds is not null)
        {
            maps = "    map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
                + "    map $arg_episode_id $rlvr_episode { '' $cookie_rlvr_episode; default $arg_episode_id; }\n"
                + "    map $rlvr_episode $rlvr_upstream {\n        default rlvr;\n"
                + string.Concat(replicaIds.Select(id => $"        ~^{id}\\. rlvr_{id};\n"))
                + "    }\n";
            perReplica = string.Concat(replicaIds.Select((id, i) => string.Create(c, $"    upstream rlvr_{id} {{ server 127.0.0.1:{ports[i]}; }}\n")));
            pass = "proxy_pass http://$rlvr_upstream;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $connection_upgrade;";
            keepalive = string.Empty;
        }

        return user + string.Create(c, $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                client_max_body_size 16m;
            {{maps}}    upstream rlvr {
            {{servers}}{{keepalive}}    }
            {{perReplica}}    server {
                    listen 127.0.0.1:{{listen}};
                    location / {
                        {{pass}}
                        proxy_read_timeout 330s;
                        proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                        proxy_next_upstream_tries 2;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }

            """);
    }

    /// <summary>
    /// Writes <see cref="Config"/> to <paramref name="root"/>/nginx.conf, starts nginx with it and waits until it
    /// listens on 127.0.0.1:<paramref name="listen"/>. The caller stops the process (<see cref="LocalProcesses.StopAllAsync"/>).
    /// </summary>
    public static async Task<Process> StartAsync(string root, int listen, IReadOnlyList<int> ports, IReadOnlyList<string>? replicaIds = null)
    {
        string conf = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(root, listen, ports, replicaIds)).ConfigureAwait(false);
        var nginx = LocalProcesses.Start(Nginx, "-p", root + "/", "-c", conf, "-e", Path.Combine(root, "error.log"));
        try
        {
            await LocalProcesses.WaitListeningAsync(listen, "nginx", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch
        {
            await LocalProcesses.StopAllAsync([nginx]).ConfigureAwait(false);
            throw;
        }

        return nginx;
    }
}
