#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs and starts what the tests need
# (Docker engine, base image, sandbox images), builds, runs all test projects, and prints
# one closing line "N passed, N failed". Exit code 0 only when nothing failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Test-only: the tests read the benchmark data (folders math/ and code/) from RLVR_TEST_DATA_DIR. This project's
# CI lays a data folder beside the clone; elsewhere set RLVR_TEST_DATA_DIR yourself. The product never reads it.
if [ -z "${RLVR_TEST_DATA_DIR:-}" ] && [ -d ../shared/benchmarks ]; then
  RLVR_TEST_DATA_DIR=$(realpath ../shared/benchmarks)
fi
export RLVR_TEST_DATA_DIR="${RLVR_TEST_DATA_DIR:-}"

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

if [ "${RLVR_SKIP_DOCKER_TESTS:-0}" != 1 ]; then
  bash scripts/setup-docker.sh
fi
# The HTML report test renders the page in headless Chromium.
bash scripts/install-chromium.sh
# Real peers of the scale-out tests: Redis (shared score cache) and nginx (in front of server replicas).
bash scripts/install-packages.sh redis-server nginx-light
# Lint of the Python modules the sandboxes run (tests/python/run.py).
bash scripts/install-packages.sh pyflakes3
# The TLS engine test makes its CA and certificates with openssl.
bash scripts/install-packages.sh openssl

dotnet build Environments.sln -c Debug -nologo -clp:ErrorsOnly

if [ "${RLVR_SKIP_DOCKER_TESTS:-0}" != 1 ] && [ -d environments/images ]; then
  dotnet src/Rlvr.Cli/bin/Debug/net10.0/rlvr.dll images build
fi

# One project at a time: each gets its own result file, and Docker-heavy suites do not fight
# over the two cores.
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=$?
done

# The Python modules the sandboxes run (judge, exec agent): unit tests and lint with the machine's python3, no Docker.
echo "== python"
python3 tests/python/run.py --trx "$results/Python.trx" || status=$?

python3 scripts/test-summary.py "$results" "$status"
exit $status
