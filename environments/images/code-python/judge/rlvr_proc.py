"""Process helpers shared by the judge scripts (never imported by candidate code on purpose)."""
import ctypes
import os
import select
import signal
import time

PR_SET_DUMPABLE = 4


def make_undumpable():
    """Stops processes of the same user (candidates) from ptracing us or opening /proc/<pid>/fd or mem."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception:
        pass


WRITABLE = ("/tmp", "/dev/shm")


def scrub(keep=()):
    """Deletes what earlier tests left in the sandbox's writable places (/tmp, /dev/shm) so that no test sees
    files from another: a program must not carry state (a cache, a counter) from one test to the next. The
    files in keep (the program under test) and the directories holding them stay. Everything there belongs to
    this user, so even a directory the candidate made unreadable is opened and emptied."""
    keep = {os.path.abspath(p) for p in keep}
    holders = set()
    for path in keep:
        parent = os.path.dirname(path)
        while parent not in ("/", ""):
            holders.add(parent)
            parent = os.path.dirname(parent)
    for root in WRITABLE:
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, _ in os.walk(root):
            for name in dirnames:
                path = os.path.join(dirpath, name)
                if not os.path.islink(path):
                    try:
                        os.chmod(path, 0o700)
                    except OSError:
                        pass
        for dirpath, dirnames, filenames in os.walk(root, topdown=False):
            for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                path = os.path.join(dirpath, name)
                if path not in keep:
                    try:
                        os.unlink(path)
                    except OSError:
                        pass
            for name in dirnames:
                path = os.path.join(dirpath, name)
                if path not in holders and not os.path.islink(path):
                    try:
                        os.rmdir(path)
                    except OSError:
                        pass


def kill_group(pid):
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except OSError:
            pass


def reap(pid, deadline):
    """Waits for pid until deadline; kills its group at the deadline. Returns (status or None, timed_out)."""
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None, False
        if done:
            return status, False
        if time.monotonic() >= deadline:
            kill_group(pid)
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = None
            return status, True
        time.sleep(0.002)


def read_capped(fd, cap, deadline, pid=None):
    """Reads fd until EOF, cap+1 bytes or deadline. Returns (bytes, eof, over_cap, timed_out).

    When pid is given and the process has exited, reading stops after the pipe drains (a daemon that
    inherited the pipe must not keep the judge waiting)."""
    chunks = []
    size = 0
    exited = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"".join(chunks), False, False, True
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.05))
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                return b"".join(chunks), True, False, False
            chunks.append(data)
            size += len(data)
            if size > cap:
                return b"".join(chunks), False, True, False
        elif pid is not None:
            if exited:
                return b"".join(chunks), True, False, False
            try:
                done = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            except (ChildProcessError, OSError):
                done = True
            if done:
                exited = True


def describe_status(status):
    if status is None:
        return None, None
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status), None
    return None, None
