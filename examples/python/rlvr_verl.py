"""verl custom reward function backed by `rlvr serve`. Standard library only.

In the verl config:
    custom_reward_function.path=examples/python/rlvr_verl.py
    custom_reward_function.name=compute_score
and export RLVR_ENV (environment name, default: data_source), RLVR_LABEL_FIELD (problem field that receives a
plain ground_truth, e.g. answer), RLVR_PROMPT_FIELD (problem field filled from extra_info of the same name, e.g.
question: verl's GSM8K preprocessing keeps it there), RLVR_URL, RLVR_TOKEN_FILE.

ground_truth is the problem: a dict, a JSON object string, or a plain value wrapped as {RLVR_LABEL_FIELD: value}.
verl has no "skip", so unscorable and infra_error items return score 0.0 with "scored": 0.0 in the returned dict;
filter or log on it (verl collects the extra keys into reward_extra_info).
"""
import os

from rlvr_client import SKIP_OUTCOMES, RlvrClient, problem_from

_client = None


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    global _client
    if _client is None:
        _client = RlvrClient()
    env = os.environ.get("RLVR_ENV") or data_source
    prompt_field = os.environ.get("RLVR_PROMPT_FIELD")
    prompt = (extra_info or {}).get(prompt_field) if prompt_field else None
    problem = problem_from(ground_truth, os.environ.get("RLVR_LABEL_FIELD"), prompt_field, prompt)
    item_id = str((extra_info or {}).get("index", "0"))
    result = _client.score([{"id": item_id, "problem": problem, "completion": solution_str}], env=env)[0]
    scored = result["outcome"] not in SKIP_OUTCOMES
    return {"score": float(result["reward"]) if scored else 0.0, "scored": 1.0 if scored else 0.0}
