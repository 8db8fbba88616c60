#!/usr/bin/env bash
# Same-run comparison of the scoring-engine and server benchmarks between a base commit and the working tree:
# builds tests/Rlvr.Benchmarks (Release) at both, then runs each benchmark alternately (base, head, base, head...)
# so both see the same machine load, and prints head/base ratios.
#
#   scripts/bench-compare.sh [BASE_REF] [ROUNDS]      (default: HEAD~1, 2 rounds)
#
# Benchmarks: ScoringEngineBenchmarks (BenchmarkDotNet, --job short: ns per item, engine vs plain loop) and
# server-load (20,000 one-item /v1/score requests over 64 connections, plus the same items in-process).
# Both harnesses only use APIs present on both sides (ScoringEngine.ScoreAsync, RewardServer.StartAsync).
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=${1:-HEAD~1}
rounds=${2:-2}
out=$PWD/artifacts/bench-compare
# Outside this tree: BenchmarkDotNet looks for Rlvr.Benchmarks.csproj below the solution folder it runs from.
base_dir=${RLVR_BENCH_BASE_DIR:-${TMPDIR:-/tmp}/rlvr-bench-base}
mkdir -p "$out"

base_sha=$(git rev-parse "$base_ref")
if [ ! -e "$base_dir/.git" ]; then
  git worktree add --detach "$base_dir" "$base_sha" >/dev/null
else
  git -C "$base_dir" checkout --detach --quiet "$base_sha"
fi

build() { dotnet build -c Release -nologo -clp:ErrorsOnly "$1/tests/Rlvr.Benchmarks" >/dev/null; }
build "$base_dir"
build .
declare -A tree=([base]="$base_dir" [head]="$PWD")
dll=tests/Rlvr.Benchmarks/bin/Release/net10.0/Rlvr.Benchmarks.dll

for round in $(seq 1 "$rounds"); do
  for side in base head; do
    echo "== round $round: $side ($( [ $side = base ] && echo "$base_sha" || git rev-parse HEAD)) =="
    # Each side runs from its own tree, so BenchmarkDotNet builds that side's project.
    ( cd "${tree[$side]}" && dotnet "$dll" --filter '*ScoringEngine*' --job short --artifacts "$out/engine-$side-$round" >/dev/null )
    grep -E '^(Method|DirectLoop|Engine),' "$out/engine-$side-$round/results/"*ScoringEngine*-report.csv | tee "$out/engine-$side-$round.csv"
    ( cd "${tree[$side]}" && dotnet "$dll" server-load --requests 20000 --connections 64 ) | tee "$out/server-$side-$round.txt"
  done
done

python3 - "$out" "$rounds" <<'PY'
import csv, re, sys, statistics
out, rounds = sys.argv[1], int(sys.argv[2])
def ns(text):
    value, unit = text.replace(',', '').split()
    return float(value) * {'ns': 1, 'μs': 1e3, 'us': 1e3, 'ms': 1e6, 's': 1e9}[unit]
def engine(side, r):
    rows = list(csv.DictReader(open(f"{out}/engine-{side}-{r}.csv")))
    return {(row['Method'], row['Parallelism']): ns(row['Mean']) for row in rows}
def server(side, r):
    text = open(f"{out}/server-{side}-{r}.txt").read()
    http = float(re.search(r"http .*?, (\d+) items/s", text).group(1))
    inproc = float(re.search(r"in-process .*?, (\d+) items/s", text).group(1))
    p99 = float(re.search(r"p99 ([\d.]+) ms", text).group(1))
    return http, inproc, p99
print("\nhead / base, per round (time ratios: < 1 is faster; throughput ratios: > 1 is faster)")
for r in range(1, rounds + 1):
    b, h = engine('base', r), engine('head', r)
    parts = [f"engine p={p} time {h[('Engine', p)] / b[('Engine', p)]:.3f}" for (m, p) in sorted(b) if m == 'Engine']
    (bh, bi, bp), (hh, hi, hp) = server('base', r), server('head', r)
    parts += [f"server http items/s {hh / bh:.3f}", f"in-process items/s {hi / bi:.3f}", f"p99 {hp / bp:.3f}"]
    print(f"  round {r}: " + "; ".join(parts))
PY
