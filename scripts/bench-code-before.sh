#!/usr/bin/env bash
# Runs the hostile-sample harnesses (tests/Rlvr.Benchmarks/CodeAttackHarness.cs: `code-slow`, `code-flood`) or the
# HumanEval throughput harness (`code`) on an older commit, for a before/after comparison. The harness file is newer
# than the commit it measures, so it is copied into a temporary worktree of that commit and wired into its
# Program.cs. The datasets come from RLVR_DATA_DIR (or the cache), as for any run.
#
#   bash scripts/bench-code-before.sh 6d627a6^ code-slow
#   bash scripts/bench-code-before.sh 6d627a6^ code-flood --tests 151 --kib 1000 --partial
#   bash scripts/bench-code-before.sh 6d627a6^ code --workers 4
#
# The sandbox images are whatever `rlvr/code-python:latest` is. With RLVR_BEFORE_IMAGES=1 the script first builds
# that commit's images (they are shared: rebuild the current ones afterwards with
# `dotnet src/Rlvr.Cli/bin/Debug/net10.0/rlvr.dll images build`). RLVR_BEFORE_BUILD_ONLY=1 only builds the harness.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:?usage: bench-code-before.sh COMMIT HARNESS [ARGS...]}
shift
harness_file=tests/Rlvr.Benchmarks/CodeAttackHarness.cs
work=$(mktemp -d /tmp/rlvr-before-XXXXXX)
cleanup() { git worktree remove --force "$work/repo" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --detach --quiet "$work/repo" "$commit"
if ! git -C "$work/repo" cat-file -e "HEAD:$harness_file" 2>/dev/null; then
  cp "$harness_file" "$work/repo/$harness_file"
  # Wire `code-slow` and `code-flood` into that commit's harness switch, after its `code` entry.
  sed -i 's|^\(\s*\)"code" => await CodeThroughputHarness.RunAsync(args\[1..\]).ConfigureAwait(false),|&\n\1"code-slow" => await CodeAttackHarness.RunSlowAsync().ConfigureAwait(false),\n\1"code-flood" => await CodeAttackHarness.RunFloodAsync(args[1..]).ConfigureAwait(false),|' \
    "$work/repo/tests/Rlvr.Benchmarks/Program.cs"
  grep -q '"code-slow"' "$work/repo/tests/Rlvr.Benchmarks/Program.cs" || { echo "could not wire the harness into $commit" >&2; exit 1; }
fi
echo "before: $(git -C "$work/repo" log --oneline -1)" >&2
if [ "${RLVR_BEFORE_IMAGES:-0}" = 1 ]; then
  dotnet build "$work/repo/src/Rlvr.Cli" -c Release -nologo -clp:ErrorsOnly
  (cd "$work/repo" && dotnet src/Rlvr.Cli/bin/Release/net10.0/rlvr.dll images build)
  echo "the images are now those of $commit: rebuild the current ones after this run" >&2
fi
if [ "${RLVR_BEFORE_BUILD_ONLY:-0}" = 1 ]; then
  dotnet build "$work/repo/tests/Rlvr.Benchmarks" -c Release -nologo -clp:ErrorsOnly
  exit 0
fi
dotnet run -c Release --project "$work/repo/tests/Rlvr.Benchmarks" -- "$@"
