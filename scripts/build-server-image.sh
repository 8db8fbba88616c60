#!/usr/bin/env bash
# Builds rlvr/server (deploy/server/Dockerfile): publishes the rlvr tool, lays it beside the .NET runtime of this
# machine's SDK in a build context, and builds the image with host networking (Debian's packages only), tagged by the
# content hash of that context and as :latest. Skipped when the hash tag exists. Prints the image reference.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[build-server-image] %s\n' "$*" >&2; }

ctx=artifacts/server-image
rm -rf "$ctx"
mkdir -p "$ctx/app" "$ctx/dotnet/shared" "$ctx/dotnet/host/fxr"
dotnet publish src/Rlvr.Cli -c Release -o "$ctx/app" -nologo -clp:ErrorsOnly -p:Deterministic=true -p:ContinuousIntegrationBuild=true >&2
# Documentation and symbol files are not needed to run.
find "$ctx/app" -name '*.xml' -delete -o -name '*.pdb' -delete

root=$(dirname "$(readlink -f "$(command -v dotnet)")")
version() { dotnet --list-runtimes | awk -v n="$1" '$1==n {v=$2} END {print v}'; }
core=$(version Microsoft.NETCore.App)
asp=$(version Microsoft.AspNetCore.App)
fxr=$(ls "$root/host/fxr" | sort -V | tail -n 1)
cp "$root/dotnet" "$ctx/dotnet/"
cp -r "$root/host/fxr/$fxr" "$ctx/dotnet/host/fxr/"
mkdir -p "$ctx/dotnet/shared/Microsoft.NETCore.App" "$ctx/dotnet/shared/Microsoft.AspNetCore.App"
cp -r "$root/shared/Microsoft.NETCore.App/$core" "$ctx/dotnet/shared/Microsoft.NETCore.App/"
cp -r "$root/shared/Microsoft.AspNetCore.App/$asp" "$ctx/dotnet/shared/Microsoft.AspNetCore.App/"
cp deploy/server/Dockerfile "$ctx/"

hash=$(cd "$ctx" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
image=rlvr/server:$hash
if docker image inspect "$image" >/dev/null 2>&1; then
  log "$image up to date"
else
  log "building $image (.NET $core, ASP.NET Core $asp)"
  docker build --network host -q -t "$image" "$ctx" >&2
fi
docker tag "$image" rlvr/server:latest
echo "$image"
