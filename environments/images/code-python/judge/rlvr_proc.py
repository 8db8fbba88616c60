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


WRITABLE = ("/tmp", "/dev/shm", "/dev/mqueue")
IPC_RMID = 0


def _ancestors():
    """This process and its ancestors (the exec agent or the engine's exec wrapper): never killed by kill_strays."""
    spared = set()
    pid = os.getpid()
    while pid > 1 and pid not in spared:
        spared.add(pid)
        try:
            with open("/proc/%d/stat" % pid, "rb") as f:
                stat = f.read()
            pid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return spared


def kill_strays():
    """Kills every process this user may signal except this one and its ancestors: daemons that left the test's
    process group (a fork bomb's survivors, a process that keeps stopping the judge) must not outlive their test.
    Every pid is tried, not only the ones /proc shows as ours, because a non-dumpable process shows as root's."""
    spared = _ancestors()
    for _ in range(50):
        found = False
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid == 1 or pid in spared:
                continue
            try:
                os.kill(pid, signal.SIGKILL)
                found = True
            except OSError:
                pass
        if not found:
            return
        time.sleep(0.002)
        # Reap our own children that just died, so they do not count as found again.
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass


def remove_ipc():
    """Removes the SysV shared memory segments, semaphore sets and message queues this user owns: they outlive
    their processes, stay charged to the container's memory and would carry state to the next test or lease."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    me = os.getuid()
    for kind, remove in (("shm", lambda i: libc.shmctl(i, IPC_RMID, None)),
                         ("sem", lambda i: libc.semctl(i, 0, IPC_RMID)),
                         ("msg", lambda i: libc.msgctl(i, IPC_RMID, None))):
        try:
            with open("/proc/sysvipc/" + kind) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            # key id perms ... uid gid cuid cgid: the uid column follows a kind-specific number of fields.
            uid_index = {"shm": 7, "sem": 4, "msg": 7}[kind]
            try:
                if int(fields[uid_index]) == me:
                    remove(int(fields[1]))
            except (ValueError, IndexError):
                pass


def scrub(keep_dirs=()):
    """Deletes what earlier tests left in the sandbox so that no test sees state from another: a program must not
    carry a cache or a counter from one test to the next. Stray processes are killed, SysV IPC objects removed,
    and the writable places (/tmp, /dev/shm, the POSIX message queues in /dev/mqueue) emptied; the directories in
    keep_dirs stay, emptied too (the caller writes the program under test again). Everything there belongs to
    this user, so even a directory the candidate made unreadable is opened and emptied."""
    kill_strays()
    remove_ipc()
    holders = set()
    for path in keep_dirs:
        path = os.path.abspath(path)
        while path not in ("/", ""):
            holders.add(path)
            path = os.path.dirname(path)
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
                try:
                    os.unlink(os.path.join(dirpath, name))
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
