"""A reward function for a `verifiers` Rubric, backed by `rlvr serve`. Standard library only.

    import verifiers as vf
    from rlvr_verifiers import make_rubric_func
    rubric = vf.Rubric(funcs=[make_rubric_func("math", label_field="answer", prompt_field="question")], weights=[1.0])

verifiers calls func(completion=..., answer=..., prompt=..., state=..., info=...). The problem is info["problem"]
when present, else the answer wrapped as {label_field: answer} (or parsed when it is a JSON object), plus the
prompt's last user message in prompt_field when given.
verifiers needs a float, so unscorable and infra_error return 0.0; the outcome is recorded in state["rlvr"] so a
rollout filter can drop them.
"""
from rlvr_client import SKIP_OUTCOMES, RlvrClient, completion_text, problem_from, prompt_text


def make_rubric_func(env, label_field="answer", prompt_field=None, url=None, token=None):
    client = RlvrClient(url=url, token=token)

    def rlvr_reward(completion, answer=None, prompt=None, state=None, info=None, **kwargs):
        problem = (info or {}).get("problem") or problem_from(answer, label_field, prompt_field, prompt_text(prompt))
        result = client.score([{"id": "0", "problem": problem, "completion": completion_text(completion)}], env=env)[0]
        if isinstance(state, dict):
            state["rlvr"] = {"outcome": result["outcome"], "reason": result["reason"]}
        return 0.0 if result["outcome"] in SKIP_OUTCOMES else float(result["reward"])

    rlvr_reward.__name__ = "rlvr_" + env.replace("/", "_").replace("-", "_")
    return rlvr_reward
