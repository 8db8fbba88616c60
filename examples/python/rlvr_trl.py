"""TRL reward function backed by `rlvr serve`. Standard library only.

    from rlvr_trl import make_reward_func
    reward = make_reward_func(env="math", label_field="answer", prompt_field="question")
    trainer = GRPOTrainer(..., reward_funcs=[reward])

TRL calls reward(prompts=..., completions=..., **dataset_columns). The problem of each row is its "problem"
column (object or JSON string), else its "problem_id" column, else `{label_field: row[label_field]}` (plus
`{prompt_field: prompt text}` when given: math problems carry their question).
Items the server could not judge (outcome unscorable or infra_error) return None, which TRL leaves out of the
reward instead of training on a fake 0.
"""
from rlvr_client import SKIP_OUTCOMES, RlvrClient, completion_text, problem_from, prompt_text


def make_reward_func(env, label_field=None, prompt_field=None, url=None, token=None, name=None):
    client = RlvrClient(url=url, token=token)

    def reward_func(prompts=None, completions=None, **kwargs):
        items = []
        for i, completion in enumerate(completions or []):
            item = {"id": str(i), "completion": completion_text(completion)}
            if kwargs.get("problem") is not None:
                item["problem"] = problem_from(kwargs["problem"][i])
            elif kwargs.get("problem_id") is not None:
                item["problem_id"] = str(kwargs["problem_id"][i])
            elif label_field and kwargs.get(label_field) is not None:
                prompt = prompt_text(prompts[i]) if prompts is not None else None
                item["problem"] = problem_from(kwargs[label_field][i], label_field, prompt_field, prompt)
            else:
                raise ValueError("each row needs a 'problem' or 'problem_id' column, or label_field")
            items.append(item)
        if not items:
            return []
        results = client.score(items, env=env)
        return [None if r["outcome"] in SKIP_OUTCOMES else float(r["reward"]) for r in results]

    reward_func.__name__ = name or "rlvr_" + env.replace("/", "_").replace("-", "_")
    return reward_func
