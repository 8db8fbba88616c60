#!/usr/bin/env bash
# Installs Debian packages that tests use as real peers (redis-server for the shared score cache, nginx in front of
# server replicas), skipping those already installed. Starts none of them: each test starts its own on loopback.
#   scripts/install-packages.sh PACKAGE...
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
# RUNLEVEL=1: packages with services do not start them on install; the tests own their ports.
DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
