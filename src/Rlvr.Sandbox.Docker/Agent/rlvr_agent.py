# rlvr exec agent: runs inside a sandbox container as the commands' user, started once per container by
# `docker exec`, and starts each command itself (fork/exec) so a command costs no runc exec.
# Protocol on stdin: 4-byte big-endian length + JSON request, then the request's stdin bytes.
# Protocol on stdout: frames of 1 type byte + 4-byte big-endian length + payload:
#   b'O' stdout bytes, b'E' stderr bytes (each at most the request's limit), b'X' JSON result.
# The agent is non-dumpable, so processes of the same user can neither ptrace it nor open its /proc files.
import ctypes, errno, json, os, select, signal, struct, sys, time

ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
# SIGPIPE stays ignored here: a command that does not read its stdin must not kill the agent.
inp = sys.stdin.buffer
out = sys.stdout.buffer
me = os.getuid()
self_pid = os.getpid()


def readn(n):
    data = bytearray()
    while len(data) < n:
        chunk = inp.read(n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def send(kind, payload):
    out.write(kind + struct.pack('>I', len(payload)) + payload)
    out.flush()


def own_processes():
    # Zombies are dead already (docker-init or this agent reaps them), so they do not count.
    count = 0
    for name in os.listdir('/proc'):
        if name.isdigit() and int(name) != self_pid:
            try:
                if os.stat('/proc/' + name).st_uid == me:
                    with open('/proc/' + name + '/stat', 'rb') as f:
                        stat = f.read()
                    if stat[stat.rindex(b')') + 2:stat.rindex(b')') + 3] != b'Z':
                        count += 1
            except (OSError, ValueError):
                pass
    return count


def kill_others():
    for _ in range(200):
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        if own_processes() == 0:
            return True
        time.sleep(0.005)
    return False


def wipe(path):
    ok = True
    for name in os.listdir(path):
        full = os.path.join(path, name)
        try:
            if os.path.isdir(full) and not os.path.islink(full):
                os.chmod(full, 0o700)
                ok = wipe(full) and ok
                os.rmdir(full)
            else:
                os.unlink(full)
        except OSError:
            ok = False
    return ok


def remove_ipc():
    # SysV segments, semaphore sets and message queues outlive their processes: a segment stays charged to the
    # container's memory and a counter would reach the next lease. Removed by id (IPC_RMID = 0) when this user owns it.
    libc = ctypes.CDLL(None, use_errno=True)
    ok = True
    for kind, uid_col, remove in (('shm', 7, lambda i: libc.shmctl(i, 0, None)), ('sem', 4, lambda i: libc.semctl(i, 0, 0)),
                                  ('msg', 7, lambda i: libc.msgctl(i, 0, None))):
        try:
            with open('/proc/sysvipc/' + kind) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            try:
                if int(fields[uid_col]) == me and remove(int(fields[1])) != 0:
                    ok = False
            except (ValueError, IndexError):
                pass
    return ok


def clean():
    ok = kill_others()
    ok = remove_ipc() and ok
    # /dev/mqueue holds POSIX message queues, which count against this uid's quota in every container.
    for path in ('/tmp', '/dev/shm', '/dev/mqueue'):
        try:
            if os.path.isdir(path):
                ok = wipe(path) and ok
        except OSError:
            ok = False
    return ok


def run(req, data):
    argv = req['argv']
    limit = req['limit']
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            os.dup2(in_r, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.closerange(3, 65536)
            # Python ignores SIGPIPE and SIGXFSZ; ignored signals survive exec, so restore the defaults.
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            os.chdir(req['cwd'])
            env = dict(os.environ)
            env.update(req['env'])
            os.execvpe(argv[0], argv, env)
        except BaseException as ex:
            try:
                os.write(2, ('rlvr: cannot run %s: %s\n' % (argv[0], ex)).encode())
            finally:
                os._exit(127 if isinstance(ex, FileNotFoundError) else 126)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    os.set_blocking(in_w, False)
    start = time.monotonic()
    deadline = start + req['timeout']
    kill_at = None
    timed_out = False
    sent = {out_r: 0, err_r: 0}
    trunc = {out_r: False, err_r: False}
    kinds = {out_r: b'O', err_r: b'E'}
    readers = [out_r, err_r]
    offset = 0
    writing = in_w if data else None
    if writing is None:
        os.close(in_w)
    status = None
    child_done_at = None
    while True:
        if status is None:
            waited, st = os.waitpid(pid, os.WNOHANG | os.WUNTRACED)
            if waited == pid and os.WIFSTOPPED(st):
                # Something of the same user stopped the command (SIGSTOP): resume it, so a candidate cannot
                # freeze the judge it runs under until the outside watchdog fires.
                try:
                    os.killpg(pid, signal.SIGCONT)
                except OSError:
                    pass
                waited = 0
            if waited == pid:
                status = st
                child_done_at = time.monotonic()
                if not req['keep']:
                    kill_others()
        now = time.monotonic()
        if status is not None and (not readers or (req['keep'] and now - child_done_at > 0.05)):
            break
        if status is None and now >= deadline and not timed_out:
            timed_out = True
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
            kill_at = now + req['grace']
        if status is None and kill_at is not None and now >= kill_at:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            kill_others()
            kill_at = now + 0.5
        waits = [w for w in (deadline, kill_at) if w is not None and w > now]
        wait = min([0.05] + [w - now for w in waits])
        r, w, _ = select.select(readers, [writing] if writing is not None else [], [], max(wait, 0.001))
        if writing is not None and w:
            try:
                offset += os.write(writing, data[offset:offset + 65536])
            except OSError as ex:
                if ex.errno != errno.EAGAIN:
                    offset = len(data)
            if offset >= len(data):
                os.close(writing)
                writing = None
        for fd in r:
            chunk = os.read(fd, 65536)
            if not chunk:
                readers.remove(fd)
                os.close(fd)
                continue
            room = limit - sent[fd]
            if len(chunk) > room:
                trunc[fd] = True
                chunk = chunk[:max(room, 0)]
            if chunk:
                sent[fd] += len(chunk)
                send(kinds[fd], chunk)
    for fd in readers:
        os.close(fd)
    if writing is not None:
        os.close(writing)
    result = {'timed_out': timed_out, 'out_trunc': trunc[out_r], 'err_trunc': trunc[err_r]}
    if os.WIFSIGNALED(status):
        result['signal'] = os.WTERMSIG(status)
    else:
        result['exit'] = os.WEXITSTATUS(status)
    send(b'X', json.dumps(result).encode())


send(b'R', b'{}')
while True:
    header = readn(4)
    if header is None:
        break
    request = json.loads(readn(struct.unpack('>I', header)[0]))
    if request['op'] == 'clean':
        send(b'X', json.dumps({'clean': clean()}).encode())
    else:
        payload = readn(request['stdin']) if request['stdin'] else b''
        run(request, payload)
