"""verl custom reward function backed by `rlvr serve`. Standard library only.

In the verl config (the file is loaded by path; it finds rlvr_client.py next to itself):
    custom_reward_function.path=/path/to/examples/python/rlvr_verl.py
    custom_reward_function.name=compute_score          # verl's reward managers that call it synchronously
    custom_reward_function.name=compute_score_async    # verl's reward loop, which awaits coroutine functions
Environment: RLVR_ENV (default math), RLVR_URL, RLVR_TOKEN_FILE; RLVR_LABEL_FIELD / RLVR_PROMPT_FIELD only for
non-math environments whose ground_truth is a plain value.

The problem is ground_truth when it is a problem object (a dict or its JSON text); otherwise, for math, verl's
preprocessed parquet layout: {"question": extra_info["question"] (GSM8K keeps it; MATH-lighteval does not, and
the math environment does not need it to judge), "answer": ground_truth}.
verl has no skip. An item the server could not judge (unscorable or infra_error, the latter retried by the server
within its deadline) scores the server's baseline: the mean of the scored samples of the same prompt (same
data_source, extra_info index and ground_truth), so its GRPO advantage is 0; "scored": 0.0 in the returned dict
lands in reward_extra_info for filtering and logs.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rlvr_client import SKIP_OUTCOMES, RlvrClient, group_of, problem_from, skip_value  # noqa: E402

_client = None


def _request(data_source, solution_str, ground_truth, extra_info):
    global _client
    if _client is None:
        _client = RlvrClient()
    extra_info = extra_info if isinstance(extra_info, dict) else {}
    label_field = os.environ.get("RLVR_LABEL_FIELD")
    prompt_field = os.environ.get("RLVR_PROMPT_FIELD")
    if isinstance(ground_truth, dict) or (isinstance(ground_truth, str) and ground_truth.lstrip().startswith("{")):
        problem = problem_from(ground_truth)
    elif label_field:
        problem = problem_from(ground_truth, label_field, prompt_field, extra_info.get(prompt_field) if prompt_field else None)
    else:
        problem = problem_from(ground_truth, "answer", "question", extra_info.get("question") or "")
    item = {"id": str(extra_info.get("index", "0")), "problem": problem, "completion": solution_str,
            "group": group_of(data_source, extra_info.get("index"), ground_truth)}
    return item, os.environ.get("RLVR_ENV") or "math"


def _result(result):
    if result["outcome"] in SKIP_OUTCOMES:
        return {"score": skip_value(result), "scored": 0.0}
    return {"score": float(result["reward"]), "scored": 1.0}


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    item, env = _request(data_source, solution_str, ground_truth, extra_info)
    return _result(_client.score([item], env=env)[0])


async def compute_score_async(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    item, env = _request(data_source, solution_str, ground_truth, extra_info)
    return _result((await _client.ascore([item], env=env))[0])
