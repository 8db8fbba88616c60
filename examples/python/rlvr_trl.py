"""TRL reward function backed by `rlvr serve`. Standard library only.

    from rlvr_trl import make_reward_func
    trainer = GRPOTrainer(..., reward_funcs=[make_reward_func("math")])                     # GSM8K, MATH-500, NuminaMath
    trainer = GRPOTrainer(..., reward_funcs=[make_reward_func("math", asynchronous=True)])  # TRL that awaits async rewards

TRL calls reward(prompts=..., completions=..., **dataset_columns) with one list per column. The problem of each row:
  - a "problem" column holding a problem object (or its JSON text);
  - a "problem_id" column (a problem of the environment's bundled dataset);
  - with label_field: {label_field: row[label_field]} (plus {prompt_field: prompt} when given);
  - otherwise the math layouts: GSM8K (question, answer "... #### 72"), MATH-500 (problem = the question text,
    answer), NuminaMath (problem, solution with a boxed answer), NeMo-Gym (question, expected_answer).
Items the server could not judge (outcome unscorable or infra_error) return None, which TRL leaves out of the
reward instead of training on a fake 0. asynchronous=True returns an `async def` (GRPOTrainer runs those on its own
event loop, concurrently with the other reward functions); the HTTP call then runs on a worker thread.
"""
from rlvr_client import SKIP_OUTCOMES, RlvrClient, completion_text, math_problem, problem_from, prompt_text


def _rows(n, kwargs):
    columns = {k: v for k, v in kwargs.items() if isinstance(v, (list, tuple)) and len(v) == n}
    return [{k: v[i] for k, v in columns.items()} for i in range(n)]


def _problem(row, prompt, label_field, prompt_field):
    value = row.get("problem")
    if isinstance(value, dict) or (isinstance(value, str) and value.lstrip().startswith("{")):
        return {"problem": problem_from(value)}
    if row.get("problem_id") is not None:
        return {"problem_id": str(row["problem_id"])}
    if label_field and row.get(label_field) is not None:
        return {"problem": problem_from(row[label_field], label_field, prompt_field, prompt)}
    problem = math_problem(row, prompt)
    if problem is None:
        raise ValueError("a row needs a 'problem' object, a 'problem_id', label_field, or a math layout "
                         "(answer / expected_answer / solution); columns: " + ", ".join(sorted(row)))
    return {"problem": problem}


def make_reward_func(env, label_field=None, prompt_field=None, url=None, token=None, name=None, asynchronous=False):
    client = RlvrClient(url=url, token=token)

    def items_for(prompts, completions, kwargs):
        completions = completions or []
        rows = _rows(len(completions), kwargs)
        items = []
        for i, completion in enumerate(completions):
            prompt = prompt_text(prompts[i]) if prompts is not None else None
            item = {"id": str(i), "completion": completion_text(completion)}
            item.update(_problem(rows[i], prompt, label_field, prompt_field))
            items.append(item)
        return items

    def rewards(results):
        return [None if r["outcome"] in SKIP_OUTCOMES else float(r["reward"]) for r in results]

    if asynchronous:
        async def reward_func(prompts=None, completions=None, **kwargs):
            items = items_for(prompts, completions, kwargs)
            return rewards(await client.ascore(items, env=env)) if items else []
    else:
        def reward_func(prompts=None, completions=None, **kwargs):
            items = items_for(prompts, completions, kwargs)
            return rewards(client.score(items, env=env)) if items else []

    reward_func.__name__ = name or "rlvr_" + env.replace("/", "_").replace("-", "_")
    return reward_func
