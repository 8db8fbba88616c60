#!/usr/bin/env python3
"""Rlvr's math checker and Math-Verify on the 4000 GSM8K/MATH-500 pairs, side by side in one run.

Math-Verify is not part of this repository and is never installed by it. Point PYTHONPATH at a copy whose
`math_verify` and `latex2sympy2_extended` packages import (their dependencies: sympy and the ANTLR 4 Python
runtime); docs/benchmarks.md (## Math, "Side by side with Math-Verify") says how such a copy is prepared.

    RLVR_TEST_DATA_DIR=<benchmark data folder> PYTHONPATH=$MATH_VERIFY_PATH \
        python3 scripts/math-vs-mathverify.py [--rounds 5] [--limit N]

One verification = parse the reference + parse the completion + compare, for both checkers (Math-Verify:
`verify(parse(gold), parse(prediction))`, with its own default timeouts; Rlvr: `MathVerifier.Verify`). Each pair is
verified `--rounds` times after a warm-up pass and its median kept; the script prints the median, p90, p99 and worst
of those per-pair medians for both, the ratios, and how often each agrees with the pair's label. Rlvr runs through
`tests/Rlvr.Benchmarks` (`math-pairs`), built in Release by this script.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pairs_file():
    data = os.environ.get("RLVR_TEST_DATA_DIR")
    if not data:
        sys.exit("RLVR_TEST_DATA_DIR is not set: point it at the benchmark data folder (the one holding math/), see docs/data.md")
    path = Path(data) / "math" / "math_pairs_gsm8k_math500.jsonl"
    if not path.exists():
        sys.exit(f"{path} not found")
    return path


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def summarize(name, micros):
    values = sorted(micros)
    return {
        "name": name,
        "median": statistics.median(values),
        "p90": percentile(values, 0.90),
        "p99": percentile(values, 0.99),
        "worst": values[-1],
    }


def run_math_verify(rows, rounds):
    try:
        from math_verify import parse, verify
    except ImportError as error:
        sys.exit(f"Math-Verify does not import ({error}); set PYTHONPATH to a prepared copy (docs/benchmarks.md)")

    def once(row):
        try:
            return bool(verify(parse(row["gold"]), parse(row["prediction"])))
        except Exception:  # a checker fault counts as "not equivalent", as Math-Verify's own metric does
            return False

    for row in rows:
        once(row)
    results = []
    for row in rows:
        times = []
        verdict = False
        for _ in range(rounds):
            start = time.perf_counter()
            verdict = once(row)
            times.append((time.perf_counter() - start) * 1e6)
        results.append({"id": row["id"], "correct": verdict, "median_us": statistics.median(times)})
    return results


def run_rlvr(rounds, limit):
    project = ROOT / "tests" / "Rlvr.Benchmarks"
    subprocess.run(["dotnet", "build", str(project), "-c", "Release", "-nologo", "-clp:ErrorsOnly"], check=True)
    dll = project / "bin" / "Release" / "net10.0" / "Rlvr.Benchmarks.dll"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rlvr.jsonl"
        subprocess.run(["dotnet", str(dll), "math-pairs", "--out", str(out), "--rounds", str(rounds)], check=True)
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs (a smoke run, not a figure)")
    args = parser.parse_args()

    pairs = pairs_file()
    rows = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    rlvr = run_rlvr(args.rounds, args.limit)
    math_verify = run_math_verify(rows, args.rounds)

    labels = {row["id"]: row["expected"] for row in rows}
    ours = {row["id"]: row for row in rlvr}
    theirs = {row["id"]: row for row in math_verify}
    a = summarize("Rlvr", [ours[i]["median_us"] for i in labels])
    b = summarize("Math-Verify", [theirs[i]["median_us"] for i in labels])
    print(f"pairs: {len(labels)}, rounds per pair: {args.rounds} (per-pair median, microseconds)")
    print(f"| figure | Rlvr | Math-Verify | ratio |")
    print(f"| --- | --- | --- | --- |")
    for key in ("median", "p90", "p99", "worst"):
        print(f"| {key} | {a[key]:.2f} | {b[key]:.2f} | {b[key] / a[key]:.0f}x |")
    agree_ours = sum(ours[i]["correct"] == labels[i] for i in labels)
    agree_theirs = sum(theirs[i]["correct"] == labels[i] for i in labels)
    print(f"| agrees with the label | {agree_ours} / {len(labels)} | {agree_theirs} / {len(labels)} | |")
    differ = [i for i in labels if ours[i]["correct"] != theirs[i]["correct"]]
    print(f"verdicts that differ between the two: {len(differ)}")
    for i in differ:
        print(f"  {i}: label {labels[i]}, Rlvr {ours[i]['correct']} ({ours[i]['status']}), Math-Verify {theirs[i]['correct']}")


if __name__ == "__main__":
    main()
