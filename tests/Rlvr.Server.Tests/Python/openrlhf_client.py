"""OpenRLHF's reward path against `rlvr serve`, in our own words, with torch replaced by standins/torch.py.

Speaks the client side exactly as OpenRLHF does:
- v0.11.0 (commit 3c3be6234e0cb353e76bb8019947db9dfe99fca7), openrlhf/utils/agent.py
  SingleTurnAgentExecutor.execute / _fetch_rewards_via_http: one POST per sample of
  {"query": [prompt + response], "prompts": [prompt], "labels": [label]}, five tries one second apart, a 180 s
  timeout; the response's "rewards" (a list) becomes output["reward"]; then
  openrlhf/trainer/ppo_utils/samples_generator.py builds torch.tensor([reward_val]) per sample and
  experience_maker.py compute_advantages_and_returns concatenates them, reshapes to (-1, n_samples_per_prompt)
  and takes std/mean per group (group_norm).
- v0.7.0 (commit a4c7764ea0dddaed960f52eef181dfcc3c402bf9), openrlhf/utils/remote_rm_utils.py remote_rm_fn:
  one POST of the whole batch, torch.tensor(response["rewards"]).

Usage: python3 openrlhf_client.py STANDINS_DIR URL   (URL is the full remote_rm_url; prints JSON)
"""
import concurrent.futures
import json
import sys
import time
import urllib.request

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402  (the stand-in)

URL = sys.argv[2]
N = 4  # n_samples_per_prompt


def post(url, data, try_max_times=5):
    for _ in range(try_max_times):
        try:
            request = urllib.request.Request(url, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"}, method="POST")
            with urllib.request.urlopen(request, timeout=180) as response:
                return json.loads(response.read())
        except Exception as e:  # OpenRLHF logs and retries every error alike
            print(f"Request error, please check: {e}", file=sys.stderr)
        time.sleep(1)
    raise RuntimeError(f"Request error for {try_max_times} times, returning None. Please check the API server.")


TEMPLATE = "<|im_start|>user\n{q}<|im_end|>\n<|im_start|>assistant\n"
# Two prompts, four samples each: GSM8K-style labels, one an int column value. "INFRA" makes the test
# environment throw, so that sample ends as infra_error on the server.
PROMPTS = [(TEMPLATE.format(q="What is 3+4?"), "7"), (TEMPLATE.format(q="What is 6*7?"), 42)]
RESPONSES = [["so 7", "it is 7", "maybe 8", "INFRA 7"], ["42", "41", "42", "40"]]


def sample(i, j):
    prompt, label = PROMPTS[i]
    # The detokenised query differs from the prompt in whitespace, as tokenizers' clean-up does.
    query = prompt.replace("\n", " \n", 1) + RESPONSES[i][j]
    info = post(URL, {"query": [query], "prompts": [prompt], "labels": [label]})
    reward_val, score_val = info.get("rewards"), info.get("scores")
    return {
        "rewards": torch.tensor([reward_val]),
        "scores": torch.tensor([score_val]),
        "info": {k: torch.tensor([v]) for k, v in (info.get("extra_logs") or {}).items()},
        "index": i * N + j,
    }


out = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
    experiences = list(pool.map(lambda ij: sample(*ij), [(i, j) for i in range(2) for j in range(N)]))
experiences.sort(key=lambda e: e["index"])
raw = torch.cat([e["rewards"] for e in experiences], dim=0)
out["dtype"] = raw.dtype
rewards = raw.reshape(-1, N)
try:
    normalized = (rewards - rewards.mean(-1, keepdim=True)) / (rewards.std(-1, keepdim=True) + 1e-9)
    out["advantages"] = normalized.tolist()
    out["rewards"] = rewards.tolist()
except RuntimeError as e:
    out["error"] = str(e)
out["infra_error"] = [e["info"]["infra_error"].item() for e in experiences]

# v0.7: the whole batch in one request.
queries = [PROMPTS[i][0] + RESPONSES[i][j] for i in range(2) for j in range(N)]
scores = post(URL, {"query": queries, "prompts": [PROMPTS[i][0] for i in range(2) for _ in range(N)], "labels": [PROMPTS[i][1] for i in range(2) for _ in range(N)]})["rewards"]
legacy = torch.tensor(scores)
out["legacy_dtype"] = legacy.dtype
out["legacy_means"] = legacy.reshape(-1, N).mean(-1).tolist()
print(json.dumps(out))
