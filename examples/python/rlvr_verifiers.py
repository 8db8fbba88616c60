"""A reward function for a `verifiers` Rubric, backed by `rlvr serve`. Standard library only.

    import verifiers as vf
    from rlvr_verifiers import make_rubric_func
    rubric = vf.Rubric(funcs=[make_rubric_func("math")], weights=[1.0])                        # current API (awaits)
    rubric = vf.Rubric(funcs=[make_rubric_func("math", asynchronous=False)], weights=[1.0])    # legacy API (calls)

verifiers calls func(completion=..., answer=..., prompt=..., state=..., info=..., **more) and, in its current API,
awaits coroutine functions (maybe_await), so the default is an `async def` that never blocks the event loop;
releases that call reward functions synchronously need asynchronous=False.
The problem is info["problem"] when present, else the answer wrapped as {label_field: answer} plus the prompt's
last user message as {prompt_field: ...} (defaults: answer and question, the math layout).
verifiers needs a float. A result the server could not judge (unscorable, or infra_error after the server's own
retries) returns the server's baseline for its group (the mean of the scored rollouts of the same example: advantage
0), never an invented 0, and records {"outcome", "reason"} in state["rlvr"] for a rollout filter. Connection errors
are retried with backoff and, if the server stays unreachable, raised: they are never turned into a reward.
"""
from rlvr_client import SKIP_OUTCOMES, RlvrClient, completion_text, group_of, problem_from, prompt_text, skip_value


def make_rubric_func(env, label_field="answer", prompt_field="question", url=None, token=None, asynchronous=True):
    client = RlvrClient(url=url, token=token)

    def item_for(completion, answer, prompt, info, example_id):
        problem = (info or {}).get("problem") or problem_from(answer, label_field, prompt_field, prompt_text(prompt))
        group = group_of(env, example_id if example_id is not None else [prompt_text(prompt), answer])
        return {"id": "0", "problem": problem, "completion": completion_text(completion), "group": group}

    def reward(result, state):
        if isinstance(state, dict):
            state["rlvr"] = {"outcome": result["outcome"], "reason": result["reason"]}
        return skip_value(result) if result["outcome"] in SKIP_OUTCOMES else float(result["reward"])

    if asynchronous:
        async def rlvr_reward(completion, answer=None, prompt=None, state=None, info=None, example_id=None, **kwargs):
            result = (await client.ascore([item_for(completion, answer, prompt, info, example_id)], env=env))[0]
            return reward(result, state)
    else:
        def rlvr_reward(completion, answer=None, prompt=None, state=None, info=None, example_id=None, **kwargs):
            result = client.score([item_for(completion, answer, prompt, info, example_id)], env=env)[0]
            return reward(result, state)

    rlvr_reward.__name__ = "rlvr_" + env.replace("/", "_").replace("-", "_")
    return rlvr_reward
