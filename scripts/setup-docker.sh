#!/usr/bin/env bash
# Makes a Docker engine and the base image available on a machine that may have neither.
# - installs Debian's docker.io (and debootstrap) with apt when no dockerd is present;
# - starts dockerd with no bridge network at all when no engine answers;
# - seeds debian:bookworm-slim from debootstrap (minbase) when the image is missing,
#   because no container registry may be reachable.
# Idempotent: every step is skipped when its result already exists.
set -euo pipefail

log() { printf '[setup-docker] %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    $SUDO apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >&2
}

if ! engine_up; then
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    apt_install docker.io
  fi
  if ! engine_up; then
    log "starting dockerd (no bridge, no iptables)"
    $SUDO mkdir -p /var/log
    # setsid: the engine must outlive this script and the test run that called it.
    $SUDO setsid dockerd --bridge=none --iptables=false --ip-masq=false \
      >/var/log/rlvr-dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 120); do
      engine_up && break
      sleep 0.5
    done
    if ! engine_up; then
      log "dockerd did not answer within 60 s; its log follows"
      tail -n 40 /var/log/rlvr-dockerd.log >&2 || true
      exit 1
    fi
  fi
fi
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# The mirror comes from this machine's own apt configuration, so no host name is written here.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 ~ /bookworm/ {for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
  fi
  printf '%s' "$uri"
}

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  mirror=$(debian_mirror)
  if [ -z "$mirror" ]; then
    log "no Debian mirror found in /etc/apt; cannot seed debian:bookworm-slim"
    exit 1
  fi
  root=$(mktemp -d /var/tmp/rlvr-bookworm.XXXXXX)
  log "seeding debian:bookworm-slim with debootstrap into $root"
  $SUDO debootstrap --variant=minbase bookworm "$root" "$mirror" >/var/log/rlvr-debootstrap.log 2>&1 || {
    tail -n 30 /var/log/rlvr-debootstrap.log >&2; exit 1; }
  $SUDO rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  $SUDO tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  $SUDO rm -rf "$root"
  log "seeded debian:bookworm-slim"
fi
