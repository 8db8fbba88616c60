"""Drives Rlvr episodes the way OpenEnv and NeMo-Gym clients do, with the standard library only.

Written from the public protocol sources, not copied from them:
- OpenEnv (meta-pytorch/OpenEnv @ 685de411e5f77286b0fd94798d42c4467cf8a1bc):
  src/openenv/core/env_server/http_server.py (routes /reset /step /state /health /schema /metadata, the /ws loop
  and its error codes), src/openenv/core/env_server/types.py (WSResetMessage {"type": "reset", "data"},
  WSStepMessage, WSStateMessage, WSCloseMessage; WSObservationResponse {"type": "observation", "data":
  {"observation", "reward", "done"}}; WSErrorResponse codes such as CAPACITY_REACHED), src/openenv/core/env_client.py
  (EnvClient: connects to <base>/ws, sends {"type": "reset", "data": kwargs}, {"type": "step", "data": action},
  {"type": "state"}, {"type": "close"}, raises on {"type": "error"}).
- NeMo-Gym (NVIDIA-NeMo/Gym @ 07d6b0d07b22fcf530b4c211dae2ee23100428e4): nemo_gym/base_resources_server.py
  (/seed_session, /verify), responses_api_agents/simple_agent/app.py (cookies from /seed_session go with every tool
  call POST /<tool name> whose JSON body is the call's arguments, and with /verify).

Usage: python3 -I episode_client.py  (env: RLVR_URL, RLVR_MODE = ctf | agent, RLVR_PROBLEM; for ctf also
RLVR_SOLUTION = path of the solve script, RLVR_CAPACITY, RLVR_IDLE_SECONDS; for agent RLVR_BUGGY and RLVR_FIXED,
two programs). Prints one JSON object of findings; exits non-zero on a failed check.
"""
import base64
import http.client
import json
import os
import socket
import struct
import sys
import time
import urllib.parse

URL = urllib.parse.urlsplit(os.environ["RLVR_URL"])
HOST, PORT = URL.hostname, URL.port
MODE = os.environ.get("RLVR_MODE", "ctf")
ENV = "cyber/ctf" if MODE == "ctf" else "code/agent"
PROBLEM = os.environ["RLVR_PROBLEM"]
SOLUTION = open(os.environ["RLVR_SOLUTION"], encoding="utf-8").read() if MODE == "ctf" else ""
CAPACITY = int(os.environ.get("RLVR_CAPACITY", "2"))
IDLE = float(os.environ.get("RLVR_IDLE_SECONDS", "2"))
findings = {}


def check(condition, message):
    if not condition:
        print(json.dumps(findings, indent=1), file=sys.stderr)
        raise SystemExit("check failed: " + message)


def call(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
    payload = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if payload is not None else {}
    all_headers.update(headers or {})
    connection.request(method, path, body=payload, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode()
    cookies = response.headers.get_all("Set-Cookie") or []
    connection.close()
    return response.status, (json.loads(text) if text else None), cookies


def live_sandboxes():
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request("GET", "/metrics")
    text = connection.getresponse().read().decode()
    connection.close()
    for line in text.splitlines():
        if line.startswith('rlvr_sandbox_pool{state="live"}'):
            return float(line.split()[-1])
    raise SystemExit("no live sandbox gauge in /metrics")


def wait_for_sandboxes(count, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if live_sandboxes() == count:
            return True
        time.sleep(0.2)
    return live_sandboxes() == count


class WebSocket:
    """A minimal RFC 6455 client: text frames, masked as a client must, no extensions."""

    def __init__(self, path):
        self.sock = socket.create_connection((HOST, PORT), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            head += chunk
        status = head.split(b"\r\n")[0]
        if b" 101 " not in status:
            raise ConnectionError("handshake refused: " + status.decode())

    def send(self, message):
        self.send_text(json.dumps(message))

    def send_text(self, text):
        data = text.encode()
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(data))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("connection closed")
            data += chunk
        return data

    def receive(self):
        """The next text message as JSON, or None when the server closed the connection."""
        message = b""
        while True:
            first, second = self._exact(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(length)
            if opcode == 0x8:
                return None
            if opcode in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return json.loads(message)

    def request(self, message):
        self.send(message)
        return self.receive()

    def close(self):
        self.send({"type": "close"})
        answer = self.receive()  # the server closes after a close message
        self.sock.close()
        return answer

    def drop(self):
        """Goes away without a close frame, as a crashed trainer would."""
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


def flag_from(output):
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.startswith("---")]
    return lines[-1]


def ctf():
    # Discovery endpoints.
    status, health, _ = call("GET", "/health")
    check(status == 200 and health == {"status": "healthy"}, "/health")
    status, metadata, _ = call("GET", "/metadata?env=" + ENV)
    check(status == 200 and metadata["name"] == ENV and metadata["version"], "/metadata")
    status, schema, _ = call("GET", "/schema")
    check(status == 200 and set(schema) == {"action", "observation", "state"}, "/schema")
    check(wait_for_sandboxes(0), "no sandbox before any episode")

    # OpenEnv over HTTP: reset, step with the solve script, state, submit, a step after the end.
    status, reset, _ = call("POST", "/reset", {"env": ENV, "problem_id": PROBLEM})
    check(status == 200 and reset["done"] is False and reset["reward"] is None, "HTTP reset")
    episode = reset["observation"]["episode_id"]
    findings["http_tools"] = sorted(t["function"]["name"] for t in reset["observation"]["tools"])
    status, shell, _ = call("POST", "/step", {"episode_id": episode, "action": {"tool": "shell", "arguments": {"command": SOLUTION}}})
    check(status == 200 and shell["done"] is False, "HTTP shell step")
    flag = flag_from(shell["observation"]["text"])
    findings["http_success_certain"] = shell["observation"]["info"]["success_certain"]
    status, state, _ = call("GET", "/state?episode_id=" + episode)
    check(status == 200 and state["step_count"] == 1, "HTTP state")
    findings["flag_in_reset_or_state"] = flag in json.dumps(reset) or flag in json.dumps(state)
    status, submit, _ = call("POST", "/step", {"episode_id": episode, "action": {"tool": "submit_flag", "arguments": {"flag": flag}}})
    findings["http_reward"], findings["http_done"], findings["http_reason"] = submit["reward"], submit["done"], submit["observation"]["reason"]
    status, after, _ = call("POST", "/step", {"episode_id": episode, "action": {"tool": "shell", "arguments": {"command": "ls"}}})
    findings["http_step_after_end_status"] = status
    status, bad, _ = call("POST", "/step", {"episode_id": episode, "action": {"oops": 1}})
    findings["http_bad_action_status"], findings["http_bad_action_field"] = status, bad["error"]["field"]
    status, closed, _ = call("POST", "/close", {"episode_id": episode})
    check(status == 200 and closed["closed"] is True, "HTTP close")
    check(wait_for_sandboxes(0), "HTTP close released the sandbox")

    # OpenEnv over the WebSocket, as EnvClient speaks it.
    ws = WebSocket("/ws?env=" + urllib.parse.quote(ENV, safe=""))
    answer = ws.request({"type": "reset", "data": {"problem_id": PROBLEM}})
    check(answer["type"] == "observation" and answer["data"]["done"] is False, "WS reset")
    answer = ws.request({"type": "step", "data": {"tool": "shell", "arguments": {"command": SOLUTION}}})
    ws_flag = flag_from(answer["data"]["observation"]["text"])
    findings["ws_fresh_flag"] = ws_flag != flag
    answer = ws.request({"type": "step", "data": {"tool": "submit_flag", "arguments": {"flag": "rlvr{" + "0" * 24 + "}"}}})
    findings["ws_wrong_submit"] = [answer["data"]["reward"], answer["data"]["done"]]
    answer = ws.request({"type": "state"})
    findings["ws_state"] = [answer["type"], answer["data"]["step_count"]]
    findings["ws_flag_in_state"] = ws_flag in json.dumps(answer)
    answer = ws.request({"type": "step", "data": {"tool": "submit_flag", "arguments": {"flag": ws_flag}}})
    findings["ws_reward"], findings["ws_done"] = answer["data"]["reward"], answer["data"]["done"]
    findings["ws_unknown_type"] = ws.request({"type": "dance"})["data"]["code"]
    ws.send_text("{not json")
    findings["ws_bad_json"] = ws.receive()["data"]["code"]
    findings["ws_bad_action"] = ws.request({"type": "step", "data": {}})["data"]["code"]
    findings["ws_close_answer"] = ws.close()
    check(wait_for_sandboxes(0), "WS close released the sandbox")

    # Capacity: CAPACITY sessions hold sandboxes; one more WebSocket gets CAPACITY_REACHED, one more HTTP reset 429.
    held = []
    for _ in range(CAPACITY):
        socket_ = WebSocket("/ws")
        check(socket_.request({"type": "reset", "data": {"env": ENV, "problem_id": PROBLEM}})["type"] == "observation", "reset within capacity")
        held.append(socket_)
    findings["live_at_capacity"] = live_sandboxes()
    extra = WebSocket("/ws")
    refused = extra.receive()
    findings["ws_over_capacity"] = [refused["type"], refused["data"]["code"], refused["data"]["max_sessions"]]
    findings["ws_over_capacity_closed"] = extra.receive() is None
    status, busy, _ = call("POST", "/reset", {"env": ENV, "problem_id": PROBLEM})
    findings["http_over_capacity_status"] = status

    # Disconnect without a close frame: the server notices and releases the sandbox.
    held[0].drop()
    findings["released_after_drop"] = wait_for_sandboxes(CAPACITY - 1)
    for socket_ in held[1:]:
        socket_.close()
    check(wait_for_sandboxes(0), "every sandbox released")

    # Idle timeout: an HTTP episode left alone is closed and its sandbox released.
    status, reset, _ = call("POST", "/reset", {"env": ENV, "problem_id": PROBLEM, "episode_id": "idle-one"})
    check(status == 200, "idle reset")
    findings["released_after_idle"] = wait_for_sandboxes(0, seconds=IDLE * 4 + 10)
    status, gone, _ = call("POST", "/step", {"episode_id": "idle-one", "action": {"tool": "shell", "arguments": {"command": "ls"}}})
    findings["step_after_idle_status"] = status

    # NeMo-Gym: /seed_session sets the cookie; each tool is a route; /verify answers the reward and closes.
    create = {"input": [{"role": "user", "content": "solve it"}]}
    status, seeded, cookies = call("POST", "/seed_session", {"responses_create_params": create, "env": ENV, "problem_id": PROBLEM})
    check(status == 200 and cookies, "seed_session sets a cookie")
    cookie = cookies[0].split(";")[0]
    findings["nemo_tools"] = sorted(t["function"]["name"] for t in seeded["tools"])
    status, output, _ = call("POST", "/shell", {"command": SOLUTION}, {"Cookie": cookie})
    check(status == 200, "NeMo-Gym tool route")
    nemo_flag = flag_from(output["output"])
    status, output, _ = call("POST", "/submit_flag", {"flag": nemo_flag}, {"Cookie": cookie})
    findings["nemo_submit"] = output
    status, unknown, _ = call("POST", "/rm_rf", {}, {"Cookie": cookie})
    findings["nemo_unknown_tool_status"] = status
    response = {"id": "resp", "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "done"}]}]}
    status, verified, _ = call("POST", "/verify", {"responses_create_params": create, "response": response, "env": ENV, "problem_id": PROBLEM}, {"Cookie": cookie})
    findings["nemo_verify"] = [status, verified["reward"], verified["reason"], verified["outcome"]]
    status, _, _ = call("POST", "/shell", {"command": "ls"}, {"Cookie": cookie})
    findings["nemo_tool_after_verify_status"] = status
    findings["released_at_end"] = wait_for_sandboxes(0)

def agent():
    buggy, fixed = os.environ["RLVR_BUGGY"], os.environ["RLVR_FIXED"]
    # OpenEnv over HTTP: a failing run, a passing run, the submission.
    status, reset, _ = call("POST", "/reset", {"env": ENV, "problem_id": PROBLEM})
    check(status == 200, "agent HTTP reset")
    episode = reset["observation"]["episode_id"]
    findings["agent_tools"] = sorted(t["function"]["name"] for t in reset["observation"]["tools"])
    runs = []
    for code in (buggy, fixed):
        status, run, _ = call("POST", "/step", {"episode_id": episode, "action": {"tool": "run_tests", "arguments": {"code": code}}})
        check(status == 200, "agent run_tests")
        info = run["observation"]["info"]
        runs.append([info["public_passed"], info["public_total"], info["success_certain"]])
    findings["agent_http_runs"] = runs
    status, submit, _ = call("POST", "/step", {"episode_id": episode, "action": {"tool": "submit", "arguments": {"code": fixed}}})
    findings["agent_http_submit"] = [submit["reward"], submit["done"]]
    call("POST", "/close", {"episode_id": episode})

    # The WebSocket: the buggy submission scores 0.
    ws = WebSocket("/ws")
    ws.request({"type": "reset", "data": {"env": ENV, "problem_id": PROBLEM}})
    answer = ws.request({"type": "step", "data": {"tool": "submit", "arguments": {"code": buggy}}})
    findings["agent_ws_submit"] = [answer["data"]["reward"], answer["data"]["done"], answer["data"]["observation"]["outcome"]]
    ws.close()

    # NeMo-Gym: seed, run_tests and submit routes, verify.
    create = {"input": [{"role": "user", "content": "write it"}]}
    status, seeded, cookies = call("POST", "/seed_session", {"responses_create_params": create, "env": ENV, "problem_id": PROBLEM})
    cookie = cookies[0].split(";")[0]
    status, output, _ = call("POST", "/run_tests", {"code": fixed}, {"Cookie": cookie})
    findings["agent_nemo_run"] = output["output"]
    call("POST", "/submit", {"code": fixed}, {"Cookie": cookie})
    response = {"id": "resp", "output": []}
    status, verified, _ = call("POST", "/verify", {"responses_create_params": create, "response": response}, {"Cookie": cookie})
    findings["agent_nemo_verify"] = [status, verified["reward"], verified["outcome"]]
    status, health, _ = call("GET", "/healthz")
    findings["agent_sessions_left"] = health["episode_sessions"]


ctf() if MODE == "ctf" else agent()
print(json.dumps(findings))
