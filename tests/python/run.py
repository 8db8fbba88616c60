"""Unit tests and lint of the Python modules the sandboxes run: the code judge (environments/images/code-python/judge)
and the exec agent (src/Rlvr.Sandbox.Docker/Agent/rlvr_agent.py). Standard library only, no Docker.

    python3 tests/python/run.py [--trx FILE]

Lint, one result per module: it compiles with every warning an error (python3 -W error: invalid escapes and other
SyntaxWarnings) and Debian's pyflakes3 finds nothing (unused imports, undefined names; scripts/test.sh installs it).
Then every test_*.py here runs under unittest, warnings as errors. With --trx the results are also written as a
Visual Studio test results file, which scripts/test-summary.py counts with the .NET suites. Exits 1 on any failure.
"""
import argparse
import datetime
import glob
import io
import os
import shutil
import subprocess
import sys
import time
import unittest
import uuid
import warnings
from xml.sax.saxutils import quoteattr, escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
MODULES = sorted(glob.glob(os.path.join(ROOT, "environments", "images", "*", "*", "*.py"))) + [
    os.path.join(ROOT, "src", "Rlvr.Sandbox.Docker", "Agent", "rlvr_agent.py")]


class Outcome:
    def __init__(self, name, passed, seconds, message=""):
        self.name, self.passed, self.seconds, self.message = name, passed, seconds, message


def lint():
    outcomes = []
    pyflakes = shutil.which("pyflakes3")
    for path in MODULES + sorted(glob.glob(os.path.join(HERE, "*.py"))):
        name = "lint " + os.path.relpath(path, ROOT)
        start = time.monotonic()
        problems = []
        with open(path, "rb") as f:
            source = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(source, path, "exec")
            except (SyntaxError, Warning) as exc:
                problems.append("python3 -W error: %s" % exc)
        if pyflakes is None:
            problems.append("pyflakes3 is not installed; run scripts/test.sh (it installs Debian's pyflakes3)")
        else:
            result = subprocess.run([pyflakes, path], capture_output=True, text=True)
            if result.returncode != 0:
                problems.append((result.stdout + result.stderr).strip())
        outcomes.append(Outcome(name, not problems, time.monotonic() - start, "\n".join(problems)))
    return outcomes


class Collector(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = []
        self.started = {}

    def startTest(self, test):
        self.started[test.id()] = time.monotonic()
        super().startTest(test)

    def record(self, test, passed, message=""):
        elapsed = time.monotonic() - self.started.get(test.id(), time.monotonic())
        self.outcomes.append(Outcome(test.id(), passed, elapsed, message))

    def addSuccess(self, test):
        super().addSuccess(test)
        self.record(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.record(test, False, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self.record(test, False, self._exc_info_to_string(err, test))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.record(subtest, False, self._exc_info_to_string(err, test))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.record(test, False, "unexpected success")


def unit_tests():
    warnings.simplefilter("error")
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    stream = io.StringIO()
    runner = unittest.TextTestRunner(stream=stream, resultclass=Collector, verbosity=2)
    result = runner.run(suite)
    sys.stdout.write(stream.getvalue())
    return result.outcomes


def write_trx(path, outcomes, started, finished):
    run_id = str(uuid.uuid4())
    passed = sum(1 for o in outcomes if o.passed)
    failed = len(outcomes) - passed

    def stamp(t):
        return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat()

    def duration(seconds):
        return str(datetime.timedelta(seconds=seconds))

    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<TestRun id="%s" name="python" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">' % run_id,
             '  <Times creation=%s start=%s finish=%s />' % (quoteattr(stamp(started)), quoteattr(stamp(started)), quoteattr(stamp(finished))),
             '  <Results>']
    for o in outcomes:
        lines.append('    <UnitTestResult executionId="%s" testId="%s" testName=%s computerName="localhost" duration="%s" outcome="%s">'
                     % (uuid.uuid4(), uuid.uuid4(), quoteattr(o.name), duration(o.seconds), "Passed" if o.passed else "Failed"))
        if not o.passed:
            lines.append('      <Output><ErrorInfo><Message>%s</Message></ErrorInfo></Output>' % escape(o.message))
        lines.append('    </UnitTestResult>')
    lines += ['  </Results>',
              '  <ResultSummary outcome="%s">' % ("Completed" if failed == 0 else "Failed"),
              '    <Counters total="%d" executed="%d" passed="%d" failed="%d" error="0" timeout="0" aborted="0" notExecuted="0" />'
              % (len(outcomes), len(outcomes), passed, failed),
              '  </ResultSummary>',
              '</TestRun>', '']
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trx", help="also write the results to this .trx file")
    args = parser.parse_args()
    started = time.time()
    outcomes = lint()
    for o in outcomes:
        if not o.passed:
            print("FAIL %s\n%s" % (o.name, o.message))
    outcomes += unit_tests()
    failed = [o for o in outcomes if not o.passed]
    print("python: %d passed, %d failed" % (len(outcomes) - len(failed), len(failed)))
    if args.trx:
        write_trx(args.trx, outcomes, started, time.time())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
