"""Sums the counters of every .trx file under a folder and prints 'N passed, N failed'."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results")
runner_status = int(sys.argv[2]) if len(sys.argv) > 2 else 0
passed = failed = skipped = 0
files = sorted(root.rglob("*.trx"))
for trx in files:
    counters = ET.parse(trx).getroot().find(f"{NS}ResultSummary/{NS}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
if not files:
    print("no test results found under", root, file=sys.stderr)
    failed += 1
if runner_status != 0 and failed == 0:
    # The runner failed without a failed test on record (a crashed test host, a build error).
    print(f"dotnet test exited with {runner_status} but no failed test was recorded", file=sys.stderr)
    failed = 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
