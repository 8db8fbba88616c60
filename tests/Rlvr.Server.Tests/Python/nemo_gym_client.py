"""NeMo-Gym's single-turn rollout flow against `rlvr serve` as a resources server, in our own words.

Follows NVIDIA-NeMo/Gym at commit 07d6b0d07b22fcf530b4c211dae2ee23100428e4:
- responses_api_agents/simple_agent/app.py SimpleAgent.run: POST /seed_session with the run request (keeping
  its cookies), call the model (here: the Responses API object is given), then POST /verify with the run request
  plus "response", raising on any non-2xx status;
- nemo_gym/rollout_collection.py: POST /aggregate_metrics with {"verify_responses": [...]} once rollouts are done;
- with per-rollout observability, paths carry the prefix /ng-rollout/<rollout id>/ (config_types.ROLLOUT_PATH_PREFIX);
- resources_servers/math_with_judge: tasks carry "question" and "expected_answer".

Usage: python3 nemo_gym_client.py BASE_URL   (prints JSON)
"""
import http.cookiejar
import json
import sys
import urllib.request

BASE = sys.argv[1].rstrip("/")
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def post(path, body):
    request = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with opener.open(request, timeout=60) as response:  # urllib raises on non-2xx, as raise_for_status does
        return json.loads(response.read())


def responses_object(text):
    return {"id": "resp_x", "object": "response", "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
         "content": [{"type": "output_text", "text": text, "annotations": []}]}]}


PROMPT = "Solve the following math problem. Make sure to put the answer (and only answer) inside \\boxed{}.\n\n"
TASKS = [
    ({"question": "What is 4 * 8?", "expected_answer": "32"}, ["\\boxed{32}", "\\boxed{33}"]),
    ({"question": "What is half of 3?", "expected_answer": "\\frac{3}{2}"}, ["It is \\boxed{1.5}", "\\boxed{1.5}"]),
    ({"env": "test/number", "expected_answer": 7}, ["7", "INFRA", "8"]),
]

verify_responses = []
for task_index, (task, outputs) in enumerate(TASKS):
    for rollout_index, text in enumerate(outputs):
        run_request = {"responses_create_params": {"input": [{"role": "user", "content": PROMPT + task.get("question", "Give 7")}]},
                       "_ng_task_index": task_index, "_ng_rollout_index": rollout_index, **task}
        prefix = f"/ng-rollout/{task_index}-{rollout_index}"
        seeded = post(prefix + "/seed_session", run_request)
        verified = post(prefix + "/verify", {**run_request, "response": responses_object(text)})
        verify_responses.append({k: v for k, v in verified.items() if k != "response"})

aggregate = post("/aggregate_metrics", {"verify_responses": verify_responses})
print(json.dumps({"seed": seeded, "rewards": [v["reward"] for v in verify_responses],
                  "outcomes": [v["outcome"] for v in verify_responses], "aggregate": aggregate,
                  "reward_types": sorted({type(v["reward"]).__name__ for v in verify_responses})}))
