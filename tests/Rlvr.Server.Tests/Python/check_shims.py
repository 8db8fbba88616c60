"""Calls every Python shim against a running server the way its trainer does, and prints what they returned as JSON.

Usage: python3 check_shims.py EXAMPLES_DIR   (RLVR_URL, RLVR_TOKEN_FILE set by the caller)

- verl loads custom_reward_function.path with importlib.util.spec_from_file_location and exec_module, without
  putting the file's folder on sys.path (verl/utils/import_utils.py load_module, volcengine/verl commit
  b178a3cd56f58b2d502255daba591e92833930a7), and its reward loop awaits coroutine functions
  (verl/experimental/reward_loop/reward_manager/naive.py, inspect.iscoroutinefunction).
- TRL's GRPOTrainer calls reward_func(prompts=, completions=, **columns) and runs `async def` reward functions on its
  own event loop (asyncio.iscoroutinefunction, trl/trainer/grpo_trainer.py); None means "no reward".
- verifiers' Rubric.call_reward_func passes prompt/completion/answer/state/info(/example_id) and, in the current
  API, awaits the result (maybe_await); the legacy API calls it synchronously.
"""
import asyncio
import http.server
import importlib.util
import json
import os
import sys
import threading
import time

examples = sys.argv[1]
spec = importlib.util.spec_from_file_location("custom_module_verl", os.path.join(examples, "rlvr_verl.py"))
rlvr_verl = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rlvr_verl)

import rlvr_client  # noqa: E402  (importable now: rlvr_verl put its own folder on sys.path)
import rlvr_trl  # noqa: E402
import rlvr_verifiers  # noqa: E402

out = {}
trl = rlvr_trl.make_reward_func(env="test/number", label_field="answer")
out["trl_name"] = trl.__name__
out["trl"] = trl(prompts=["p1", "p2", "p3", "p4"],
                 completions=["so 7", [{"role": "assistant", "content": "maybe 3"}], "1", "INFRA"],
                 answer=["7", "4", "broken", "5"])

# Dataset layouts, as TRL passes the columns.
math = rlvr_trl.make_reward_func(env="math")
out["trl_gsm8k"] = math(prompts=["Natalia sold 48 clips..."], completions=["\\boxed{72}"],
                        question=["Natalia sold 48 clips..."], answer=["Natalia sold 48/2 = 24 clips in May.\n#### 72"])
out["trl_math500"] = math(prompts=[[{"role": "user", "content": "Convert (0,3) to polar."}]], completions=["\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}"],
                          problem=["Convert the point $(0,3)$ to polar coordinates."], solution=["..."], answer=["\\left( 3, \\frac{\\pi}{2} \\right)"])
out["trl_numina"] = math(prompts=["p"], completions=["so \\boxed{\\frac{1}{2}}"],
                         problem=["What is 1/2?"], solution=["Half is $\\boxed{\\frac{1}{2}}$."])
out["trl_nemo"] = math(prompts=["p"], completions=["\\boxed{32}"], question=["4*8?"], expected_answer=["32"])
trl_async = rlvr_trl.make_reward_func(env="math", asynchronous=True)
out["trl_async_is_coroutine"] = asyncio.iscoroutinefunction(trl_async)
out["trl_async"] = asyncio.run(trl_async(prompts=["p"], completions=["\\boxed{2}"], question=["1+1"], answer=["2"]))

# verl: a GSM8K row of verl's preprocessed parquet; data_source is not an environment name.
os.environ["RLVR_ENV"] = ""
out["verl_gsm8k"] = rlvr_verl.compute_score("openai/gsm8k", "so the answer is \\boxed{72}", "72", {"split": "train", "index": 3, "question": "Natalia..."})
out["verl_math_async"] = asyncio.run(rlvr_verl.compute_score_async("DigitalLearningGmbH/MATH-lighteval", "\\boxed{\\frac{1}{2}}", "\\frac12", {"split": "train", "index": 9}))
os.environ["RLVR_ENV"] = "test/number"
out["verl_correct"] = rlvr_verl.compute_score("test/number", "it is 5", "{\"answer\": \"5\"}", {"index": 1})
out["verl_unscorable"] = rlvr_verl.compute_score("test/number", "1", '{"answer": "broken"}', {"index": 2})
# Four samples of one prompt: the infra_error one scores the mean of its scored siblings.
verl_group = [rlvr_verl.compute_score("test/number", c, '{"answer": "6"}', {"index": 4}) for c in ["6", "5", "6", "INFRA"]]
out["verl_group"] = verl_group

# verifiers, current API: awaited on the trainer's event loop, which keeps ticking while four slow items score.
verifiers = rlvr_verifiers.make_rubric_func("test/number", prompt_field=None)
out["verifiers_is_coroutine"] = asyncio.iscoroutinefunction(verifiers)


async def verifiers_run():
    ticks = 0
    done = asyncio.Event()

    async def ticker():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    t = asyncio.ensure_future(ticker())
    states = [{} for _ in range(4)]
    rewards = await asyncio.gather(*[
        verifiers(completion=[{"role": "assistant", "content": str(i)}], answer=None, info={"problem": {"answer": "2", "delay_ms": 300}},
                  prompt=[{"role": "user", "content": "q"}], state=states[i], example_id=7) for i in range(4)])
    done.set()
    await t
    return rewards, states, ticks


rewards, states, ticks = asyncio.run(verifiers_run())
out["verifiers"] = rewards
out["verifiers_state"] = states[2]
out["verifiers_ticks"] = ticks
legacy = rlvr_verifiers.make_rubric_func("math", asynchronous=False)
out["verifiers_legacy"] = legacy(completion="\\boxed{2^{10}}", answer="1024", prompt=[{"role": "user", "content": "What is 2^10?"}], state={})

# Errors: a 4xx names its field; an unreachable server raises after retries instead of becoming a reward.
try:
    rlvr_client.RlvrClient().score([{"id": "x", "problem": {"answer": ["1"]}, "completion": "1"}], env="test/number")
    out["error"] = None
except rlvr_client.RlvrError as e:
    out["error"] = {"status": e.status, "field": e.field}
os.environ["RLVR_MAX_RETRIES"] = "2"
try:
    asyncio.run(rlvr_verifiers.make_rubric_func("math", url="http://127.0.0.1:9", token="x")(completion="1", answer="1", state={}))
    out["unreachable"] = "returned"
except rlvr_client.RlvrError as e:
    out["unreachable"] = e.status
os.environ["RLVR_MAX_RETRIES"] = "8"


# 5xx with Retry-After, then success; a big body travels gzip-compressed both ways.
class Flaky(http.server.BaseHTTPRequestHandler):
    calls = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Flaky.calls.append((time.monotonic(), self.headers.get("Content-Encoding"), len(body)))
        if len(Flaky.calls) == 1:
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        import gzip
        payload = gzip.compress(json.dumps({"results": [{"id": "0", "reward": 1.0, "outcome": "scored", "reason": "correct"}]}).encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
threading.Thread(target=server.serve_forever, daemon=True).start()
flaky = rlvr_client.RlvrClient(url=f"http://127.0.0.1:{server.server_address[1]}", token="x")
result = flaky.score([{"id": "0", "problem": {"answer": "1"}, "completion": "x" * 5000}])
server.shutdown()
out["flaky"] = {"reward": result[0]["reward"], "calls": len(Flaky.calls), "waited": round(Flaky.calls[1][0] - Flaky.calls[0][0], 2),
                "encoding": Flaky.calls[1][1], "sent_bytes": Flaky.calls[1][2]}
print(json.dumps(out))
