#!/usr/bin/env bash
# Builds environment projects from other branches with this branch's analyzers and lists every RLVR
# diagnostic they raise (precision check on real reward code). Read-only for the branches: their trees
# are exported with `git archive` into a temp folder.
# Usage: [ANALYZERS_REF=<branch with the analyzers, default HEAD>] scripts/analyzers-precision.sh feat/math feat/code feat/cyber
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/rlvr-precision.XXXXXX)"
trap 'rm -rf "$work"' EXIT
for branch in "$@"; do
  dir="$work/${branch//\//-}"
  mkdir -p "$dir"
  git -C "$repo" archive "$branch" | tar -x -C "$dir"
  rm -rf "$dir/analyzers"
  git -C "$repo" archive "${ANALYZERS_REF:-HEAD}" analyzers | tar -x -C "$dir"
  python3 - "$dir" "$repo" <<'PY'
import sys, re, os
dst, src = sys.argv[1], sys.argv[2]
props = open(os.path.join(dst, 'Directory.Build.props')).read()
if 'OutputItemType="Analyzer"' not in props:
    mine = open(os.path.join(src, 'Directory.Build.props')).read()
    block = mine[mine.index('  <!-- Our own environments build with the reward analyzers'):mine.index('</Project>')]
    props = props.replace('</Project>', block + '</Project>')
    open(os.path.join(dst, 'Directory.Build.props'), 'w').write(props)
packages = open(os.path.join(dst, 'Directory.Packages.props')).read()
for line in open(os.path.join(src, 'Directory.Packages.props')):
    m = re.search(r'Include="(Microsoft\.CodeAnalysis[^"]*)"', line)
    if m and m.group(1) + '"' not in packages:
        packages = packages.replace('  </ItemGroup>', line + '  </ItemGroup>', 1)
open(os.path.join(dst, 'Directory.Packages.props'), 'w').write(packages)
PY
  # Info-level rules (RLVR1013) do not show in build output: raise every RLVR rule to a warning here.
  printf '\n[*.cs]\ndotnet_analyzer_diagnostic.category-RewardCorrectness.severity = warning\n' >> "$dir/.editorconfig"
  for project in "$dir"/environments/*/*.csproj; do
    echo "== $branch: $(basename "$project")"
    # Warnings are not errors here, so one finding does not hide the rest; every RLVR line is listed.
    dotnet build "$project" -p:TreatWarningsAsErrors=false --disable-build-servers -nologo -v:q > "$dir/build.log" 2>&1 || true
    grep -E "(warning|error) RLVR" "$dir/build.log" | sed "s|$dir/||; s| \[.*||" | sort -u || echo "(no RLVR diagnostics)"
    grep -E "error [A-Z]+[0-9]+" "$dir/build.log" | grep -v " RLVR" | sed "s|$dir/||" | sort -u | head -5 || true
  done
done
