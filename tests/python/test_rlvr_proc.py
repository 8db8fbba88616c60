"""rlvr_proc: the judge's process helpers that are safe to drive on a host (read_capped, reap, describe_status,
kill_group on a child's own group). scrub() and kill_strays() signal every process of the user: sandboxes only."""
import os
import subprocess
import sys
import time
import unittest

import support

support.judge_on_path()
import rlvr_proc


class ProcTests(unittest.TestCase):
    def spawn(self, source):
        return subprocess.Popen([sys.executable, "-c", source], stdout=subprocess.PIPE, start_new_session=True)

    def finish(self, proc):
        rlvr_proc.kill_group(proc.pid)
        proc.wait()
        proc.stdout.close()

    def test_readCapped_untilEof(self):
        proc = self.spawn("import sys; sys.stdout.write('abc')")
        result = rlvr_proc.read_capped(proc.stdout.fileno(), 100, time.monotonic() + 10, proc.pid)
        self.finish(proc)
        self.assertEqual(result, (b"abc", True, False, False))

    def test_readCapped_overCap_stopsEarly(self):
        proc = self.spawn("import sys\nwhile True: sys.stdout.write('z' * 65536)")
        data, eof, over, timed_out = rlvr_proc.read_capped(proc.stdout.fileno(), 1000, time.monotonic() + 10, proc.pid)
        self.finish(proc)
        self.assertTrue(over)
        self.assertGreater(len(data), 1000)

    def test_readCapped_silentProcess_timesOut(self):
        proc = self.spawn("import time; time.sleep(30)")
        data, eof, over, timed_out = rlvr_proc.read_capped(proc.stdout.fileno(), 100, time.monotonic() + 0.3, proc.pid)
        self.finish(proc)
        self.assertTrue(timed_out)
        self.assertEqual(data, b"")

    def test_readCapped_daemonHoldingThePipe_doesNotKeepTheReaderWaiting(self):
        # The process exits but a grandchild it left behind keeps the pipe open.
        proc = self.spawn("import os, sys, time\nif os.fork() == 0:\n    time.sleep(30)\nelse:\n    print('bye')\n"
                          "    sys.stdout.flush()\n    os._exit(0)")
        start = time.monotonic()
        data, eof, over, timed_out = rlvr_proc.read_capped(proc.stdout.fileno(), 100, start + 10, proc.pid)
        elapsed = time.monotonic() - start
        self.finish(proc)
        self.assertEqual(data, b"bye\n")
        self.assertFalse(timed_out)
        self.assertLess(elapsed, 9)

    def test_reapAndDescribeStatus_exitCodeAndSignal(self):
        pid = os.fork()
        if pid == 0:
            os._exit(5)
        status, killed = rlvr_proc.reap(pid, time.monotonic() + 10)
        self.assertEqual(rlvr_proc.describe_status(status), (5, None))
        self.assertFalse(killed)
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                time.sleep(30)
            finally:
                os._exit(0)
        status, killed = rlvr_proc.reap(pid, time.monotonic() + 0.2)
        self.assertTrue(killed)
        self.assertEqual(rlvr_proc.describe_status(status), (None, 9))
        self.assertEqual(rlvr_proc.describe_status(None), (None, None))


if __name__ == "__main__":
    unittest.main()
