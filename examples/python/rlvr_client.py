"""Minimal client for `rlvr serve` (POST /v1/score). Standard library only.

Configuration comes from arguments or the environment:
  RLVR_URL         server address (default http://127.0.0.1:8000)
  RLVR_TOKEN_FILE  file holding the bearer token, when the server was started with --token
  RLVR_TIMEOUT     seconds to wait for one request (default 600)
"""
import json
import os
import time
import urllib.error
import urllib.request

SKIP_OUTCOMES = ("unscorable", "infra_error")


class RlvrError(RuntimeError):
    """The server rejected a request (4xx/5xx other than 429); carries the field it named."""

    def __init__(self, status, field, message):
        super().__init__(f"rlvr server answered {status}: {field}: {message}")
        self.status, self.field, self.message = status, field, message


class RlvrClient:
    def __init__(self, url=None, token=None, timeout=None, max_retries=20):
        self.url = (url or os.environ.get("RLVR_URL") or "http://127.0.0.1:8000").rstrip("/")
        if token is None and os.environ.get("RLVR_TOKEN_FILE"):
            with open(os.environ["RLVR_TOKEN_FILE"], encoding="utf-8") as f:
                token = f.read().strip()
        self.token = token
        self.timeout = float(timeout or os.environ.get("RLVR_TIMEOUT") or 600)
        self.max_retries = max_retries

    def post(self, path, body):
        """POSTs JSON; retries 429 after the server's Retry-After; raises RlvrError on other errors."""
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        for attempt in range(self.max_retries + 1):
            request = urllib.request.Request(self.url + path, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as e:
                if e.code == 429 and attempt < self.max_retries:
                    time.sleep(float(e.headers.get("Retry-After") or 1))
                    continue
                try:
                    error = json.loads(e.read().decode("utf-8")).get("error", {})
                except ValueError:
                    error = {}
                raise RlvrError(e.code, error.get("field", "$"), error.get("message", e.reason)) from None
        raise RlvrError(429, "$", "queue still full after retries")

    def score(self, items, env=None):
        """Scores [{"id", "problem" | "problem_id", "completion"}]; returns the result objects in order."""
        body = {"items": items}
        if env:
            body["env"] = env
        return self.post("/v1/score", body)["results"]


def completion_text(completion):
    """TRL/verifiers completions are strings or lists of chat messages; the server takes both, keep text simple."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return completion.get("content") or ""
    return [dict(m) for m in completion]


def prompt_text(prompt):
    """The text of a prompt: a string, or the last user message of a chat prompt."""
    if prompt is None or isinstance(prompt, str):
        return prompt
    users = [m.get("content") for m in prompt if isinstance(m, dict) and m.get("role") == "user"]
    return users[-1] if users else None


def problem_from(label, label_field=None, prompt_field=None, prompt=None):
    """A problem object from a dataset label: a dict, a JSON object string, or a plain value for `label_field`
    (plus the prompt in `prompt_field`, for environments whose problems carry the question, e.g. math)."""
    if isinstance(label, dict):
        return label
    if isinstance(label, str) and label.lstrip().startswith("{"):
        return json.loads(label)
    if label_field:
        problem = {label_field: label if isinstance(label, str) else json.dumps(label)}
        if prompt_field:
            if prompt is None:
                raise ValueError(f"prompt_field '{prompt_field}' needs the prompt")
            problem[prompt_field] = prompt
        return problem
    raise ValueError("label is not a problem object; pass label_field to wrap plain labels")
