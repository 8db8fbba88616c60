#!/usr/bin/env bash
# Starts one more Docker engine on this machine, beside the one scripts/setup-docker.sh starts: its own socket,
# data root, exec root and pid file (so its own containerd), no bridge and no iptables, like the first. Then copies
# the sandbox images it is asked for from the first engine (no registry is reachable). Used by the multi-engine
# tests and benchmarks; idempotent; prints the engine's address (unix:///run/rlvr-NAME/docker.sock) on stdout.
#
#   scripts/start-docker-engine.sh NAME [IMAGE...]        default IMAGE: rlvr/python:latest
#   scripts/start-docker-engine.sh --stop NAME            stops it (SIGTERM, then waits)
set -euo pipefail

log() { printf '[start-docker-engine] %s\n' "$*" >&2; }

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
    --bridge=none --iptables=false --ip-masq=false >"/var/log/rlvr-$name.log" 2>&1 </dev/null &
  started=$!
  for _ in $(seq 1 120); do up && break; kill -0 "$started" 2>/dev/null || break; sleep 0.5; done
  if ! up; then
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
echo "$host"
