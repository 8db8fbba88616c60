#!/usr/bin/env bash
# Renders an example `rlvr eval --report` page and screenshots it in headless Chromium (Debian's package) to
# docs/report-screenshot.png. Usage: scripts/report-screenshot.sh [output.png]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/docs/report-screenshot.png}"
"$ROOT/scripts/install-chromium.sh" >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 40 questions x 4 completions (pass@k), a few broken references (unscorable), several kinds of wrong answers.
python3 - "$WORK/samples.jsonl" <<'PY'
import json, sys, random
rng = random.Random(7)
with open(sys.argv[1], "w") as f:
    for q in range(40):
        answer = "" if q % 13 == 12 else f"city-{q}"
        for k in range(4):
            roll = rng.random()
            if roll < 0.55:
                completion = f"Thinking... <answer>{answer.upper() if k % 2 else answer}</answer>"
            elif roll < 0.8:
                completion = f"<answer>city-{q + 1}</answer>"
            elif roll < 0.9:
                completion = "I am not sure."
            else:
                completion = ""
            f.write(json.dumps({"id": f"q{q}-s{k}", "problem": {"question": f"Which city is number {q}?", "answer": answer}, "completion": completion}) + "\n")
PY

dotnet build "$ROOT/src/Rlvr.Cli/Rlvr.Cli.csproj" -v q -nologo >/dev/null
"$ROOT/src/Rlvr.Cli/bin/Debug/net10.0/rlvr" eval --env "$ROOT/examples/scripts/exact_match.csx" \
  --input "$WORK/samples.jsonl" --output "$WORK/results.jsonl" --report "$WORK/report.html"

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$WORK/profile" \
  --window-size=1200,1500 --screenshot="$OUT" "file://$WORK/report.html" 2>/dev/null
echo "screenshot: $OUT"
