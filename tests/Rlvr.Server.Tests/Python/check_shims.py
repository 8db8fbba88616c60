"""Calls every Python shim against a running server and prints what they returned as JSON.

Usage: python3 check_shims.py EXAMPLES_DIR   (RLVR_URL, RLVR_TOKEN_FILE, RLVR_ENV, RLVR_LABEL_FIELD set by the caller)
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import rlvr_client  # noqa: E402
import rlvr_trl  # noqa: E402
import rlvr_verl  # noqa: E402
import rlvr_verifiers  # noqa: E402

out = {}
trl = rlvr_trl.make_reward_func(env="test/number", label_field="answer")
out["trl_name"] = trl.__name__
out["trl"] = trl(
    prompts=["p1", "p2", "p3"],
    completions=["so 7", [{"role": "assistant", "content": "maybe 3"}], "1"],
    answer=["7", "4", "broken"],
)
math = rlvr_trl.make_reward_func(env="math", label_field="answer", prompt_field="question")
out["trl_math"] = math(
    prompts=[[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 1/2 + 1/4?"}], "What is 3*3?"],
    completions=[[{"role": "assistant", "content": "That is \\boxed{\\frac{3}{4}}"}], "\\boxed{10}"],
    answer=["0.75", "9"],
)
out["verifiers_math"] = rlvr_verifiers.make_rubric_func("math", prompt_field="question")(
    completion="\\boxed{2^{10}}", answer="1024", prompt=[{"role": "user", "content": "What is 2^10?"}], state={})
out["verl_correct"] = rlvr_verl.compute_score("test/number", "it is 5", "5", {"index": 1})
out["verl_unscorable"] = rlvr_verl.compute_score("test/number", "1", '{"answer": "broken"}', {"index": 2})
verifiers = rlvr_verifiers.make_rubric_func("test/number")
state = {}
out["verifiers"] = verifiers(completion=[{"role": "assistant", "content": "2"}], answer="2", state=state)
out["verifiers_state"] = state
try:
    rlvr_client.RlvrClient().score([{"id": "x", "problem": {"answer": 1}, "completion": "1"}], env="test/number")
    out["error"] = None
except rlvr_client.RlvrError as e:
    out["error"] = {"status": e.status, "field": e.field}
print(json.dumps(out))
