#!/bin/sh
# Usage: fetch-sources.sh SOURCES_TXT OUT_DIR. Lines "package version patch" (# comments allowed).
# Runs at image build (network); the sandboxes built from the image have none.
set -eu
list=$1
out=$2
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && sed -n 's/^deb /deb-src /p' "$f"
done > /etc/apt/sources.list.d/rlvr-deb-src.list
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types: deb$/Types: deb deb-src/' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done
apt-get update
apt-get install -y --no-install-recommends dpkg-dev xz-utils bzip2 patch
dl=$(mktemp -d)
grep -v '^[[:space:]]*\(#\|$\)' "$list" | while read -r pkg ver patch; do
  base="$out/${pkg}_$ver"
  if [ ! -d "$base/orig" ]; then
    mkdir -p "$base"
    (cd "$dl" && apt-get source --download-only "$pkg=$ver" && dpkg-source --no-copy -x --skip-patches "${pkg}_${ver#*:}.dsc" "$base/orig")
  fi
  series="$base/orig/debian/patches/series"
  grep -qx "$patch\( .*\)\?" "$series" || { echo "$pkg $ver: $patch is not in debian/patches/series" >&2; exit 1; }
  stem=${patch%.*}
  rm -rf "$base/$stem"
  mkdir -p "$base/$stem"
  cp -a "$base/orig" "$base/$stem/vulnerable"
  rm -rf "$base/$stem/vulnerable/debian"
  # Series lines are "name [-pN]"; comments and blank lines are skipped.
  grep -v '^[[:space:]]*\(#\|$\)' "$series" | while read -r name level; do
    if [ "$name" = "$patch" ]; then
      cp -a "$base/$stem/vulnerable" "$base/$stem/patched"
      patch -d "$base/$stem/patched" --no-backup-if-mismatch -s -f ${level:--p1} < "$base/orig/debian/patches/$name"
      cp "$base/orig/debian/patches/$name" "$base/$stem/debian.patch"
      break
    fi
    patch -d "$base/$stem/vulnerable" --no-backup-if-mismatch -s -f ${level:--p1} < "$base/orig/debian/patches/$name"
  done
  [ -d "$base/$stem/patched" ] || { echo "$pkg $ver: $patch was not applied" >&2; exit 1; }
done
rm -rf "$dl" /var/lib/apt/lists/* "$out"/*/orig
chmod -R a+rX "$out"
