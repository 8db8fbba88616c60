#!/usr/bin/env bash
# Starts one more Docker engine on this machine, beside the one scripts/setup-docker.sh starts: its own socket,
# data root, exec root and pid file (so its own containerd), no bridge and no iptables, like the first. Then copies
# the sandbox images it is asked for from the first engine (no registry is reachable). Used by the multi-engine
# tests and benchmarks; idempotent; prints the engine's address (unix:///run/rlvr-NAME/docker.sock) on stdout.
#
#   scripts/start-docker-engine.sh NAME [IMAGE...]        default IMAGE: rlvr/python:latest
#   scripts/start-docker-engine.sh --tls PORT NAME [IMAGE...]
#                                                         also listens on tcp://127.0.0.1:PORT with --tlsverify;
#                                                         prints tcp://127.0.0.1:PORT,CERT_DIR (the client's ca.pem,
#                                                         cert.pem, key.pem). Certificates are made with openssl in
#                                                         /run/rlvr-NAME/certs: a CA, a server certificate for
#                                                         127.0.0.1, a client certificate, and wrong-client/ (a client
#                                                         certificate of another CA, which the engine must refuse).
#   scripts/start-docker-engine.sh --stop NAME            stops it (SIGTERM, then waits)
set -euo pipefail

log() { printf '[start-docker-engine] %s\n' "$*" >&2; }

tls_port=""
if [ "${1:-}" = "--tls" ]; then
  tls_port=${2:?usage: start-docker-engine.sh --tls PORT NAME [IMAGE...]}
  shift 2
fi

if [ "${1:-}" = "--stop" ]; then
  run=/run/rlvr-${2:?name}
  if [ -f "$run/docker.pid" ] && kill -0 "$(cat "$run/docker.pid")" 2>/dev/null; then
    pid=$(cat "$run/docker.pid")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  exit 0
fi

name=${1:?usage: start-docker-engine.sh NAME [IMAGE...]}
shift
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(rlvr/python:latest)
run=/run/rlvr-$name
data=/var/lib/rlvr-$name
host=unix://$run/docker.sock

up() { docker -H "$host" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# A CA and a certificate signed by it: make_cert DIR CN EXTENSIONS (written as DIR/cert.pem, DIR/key.pem).
make_cert() {
  local dir=$1 cn=$2 ext=$3 ca=$4
  mkdir -p "$dir"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -subj "/CN=$cn" -out "$dir/req.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$dir/ext.cnf"
  openssl x509 -req -in "$dir/req.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" -CAcreateserial -days 30 \
    -extfile "$dir/ext.cnf" -out "$dir/cert.pem" 2>/dev/null
  cp "$ca/ca.pem" "$dir/ca.pem"
  rm -f "$dir/req.csr" "$dir/ext.cnf"
  chmod 600 "$dir/key.pem"
}

make_ca() {
  mkdir -p "$1"
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$1/ca-key.pem" -subj "/CN=$2" -days 30 -out "$1/ca.pem" 2>/dev/null
  chmod 600 "$1/ca-key.pem"
}

tls_args=()
certs=$run/certs
if [ -n "$tls_port" ]; then
  command -v openssl >/dev/null 2>&1 || { log "no openssl: install Debian's openssl"; exit 1; }
  if [ ! -f "$certs/client/cert.pem" ] || [ ! -f "$certs/wrong-client/cert.pem" ]; then
    log "making TLS certificates in $certs"
    rm -rf "$certs"
    make_ca "$certs/ca" "rlvr test CA ($name)"
    make_cert "$certs/server" "127.0.0.1" "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth" "$certs/ca"
    make_cert "$certs/client" "rlvr client" "extendedKeyUsage=clientAuth" "$certs/ca"
    make_ca "$certs/other-ca" "another CA"
    make_cert "$certs/wrong-client" "rlvr client" "extendedKeyUsage=clientAuth" "$certs/other-ca"
    # The wrong client trusts the right server: only its own certificate is wrong.
    cp "$certs/ca/ca.pem" "$certs/wrong-client/ca.pem"
  fi
  tls_args=(--host "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$certs/ca/ca.pem"
            --tlscert "$certs/server/cert.pem" --tlskey "$certs/server/key.pem")
fi

tls_up() {
  [ -z "$tls_port" ] && return 0
  docker -H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$certs/client/ca.pem" \
    --tlscert "$certs/client/cert.pem" --tlskey "$certs/client/key.pem" version >/dev/null 2>&1
}

if up && ! tls_up; then
  # Running without the TLS listener this call asks for (or with older certificates): restart it.
  log "restarting dockerd $name with its TLS listener"
  bash "$0" --stop "$name"
fi

if ! up; then
  command -v dockerd >/dev/null 2>&1 || { log "no dockerd: run scripts/setup-docker.sh first"; exit 1; }
  mkdir -p "$run" "$data"
  # A pid file of an engine that was killed would stop the new one from starting.
  if [ -f "$run/docker.pid" ] && ! kill -0 "$(cat "$run/docker.pid")" 2>/dev/null; then
    rm -f "$run/docker.pid"
  fi
  log "starting dockerd $name on $host"
  # setsid: the engine outlives this script; a test stops it with --stop or kills it on purpose.
  setsid dockerd --host "$host" --data-root "$data" --exec-root "$run/exec" --pidfile "$run/docker.pid" \
    --bridge=none --iptables=false --ip-masq=false "${tls_args[@]}" >"/var/log/rlvr-$name.log" 2>&1 </dev/null &
  started=$!
  for _ in $(seq 1 120); do up && tls_up && break; kill -0 "$started" 2>/dev/null || break; sleep 0.5; done
  if ! up || ! tls_up; then
    log "dockerd $name did not answer within 60 s; its log follows"
    tail -n 30 "/var/log/rlvr-$name.log" >&2 || true
    exit 1
  fi
fi

for image in "${images[@]}"; do
  want=$(docker image inspect -f '{{.Id}}' "$image")
  have=$(docker -H "$host" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    log "copying $image to $name"
    docker save "$image" | docker -H "$host" load >/dev/null
  fi
done
if [ -n "$tls_port" ]; then
  echo "tcp://127.0.0.1:$tls_port,$certs/client"
else
  echo "$host"
fi
