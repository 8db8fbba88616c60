"""Client for `rlvr serve` (POST /v1/score). Standard library only (Python 3.8+).

Configuration comes from arguments or the environment:
  RLVR_URL         server address (default http://127.0.0.1:8000)
  RLVR_TOKEN_FILE  file holding the bearer token, when the server was started with --token
  RLVR_TIMEOUT     seconds to wait for one request (default 600)
  RLVR_MAX_RETRIES retries of connection errors, 429 and 5xx (default 8, backoff 0.5 s doubling up to 30 s)

One keep-alive connection per thread (asyncio callers share a thread pool, so they reuse connections too);
request bodies over 1 KiB are gzip-compressed and answers are accepted gzip-compressed; connection errors,
429 and 5xx are retried with exponential backoff, honouring the server's Retry-After.
"""
import asyncio
import gzip
import http.client
import json
import os
import random
import re
import threading
import time
import urllib.parse

SKIP_OUTCOMES = ("unscorable", "infra_error")
_GZIP_ABOVE = 1024


class RlvrError(RuntimeError):
    """The server rejected a request (a 4xx other than 429, or a 5xx after every retry); carries the field it named."""

    def __init__(self, status, field, message):
        super().__init__(f"rlvr server answered {status}: {field}: {message}")
        self.status, self.field, self.message = status, field, message


class RlvrClient:
    def __init__(self, url=None, token=None, timeout=None, max_retries=None, backoff=0.5, max_backoff=30.0):
        self.url = (url or os.environ.get("RLVR_URL") or "http://127.0.0.1:8000").rstrip("/")
        if token is None and os.environ.get("RLVR_TOKEN_FILE"):
            with open(os.environ["RLVR_TOKEN_FILE"], encoding="utf-8") as f:
                token = f.read().strip()
        self.token = token
        self.timeout = float(timeout or os.environ.get("RLVR_TIMEOUT") or 600)
        if max_retries is None:
            max_retries = int(os.environ.get("RLVR_MAX_RETRIES") or 8)
        self.max_retries, self.backoff, self.max_backoff = max_retries, backoff, max_backoff
        parsed = urllib.parse.urlsplit(self.url)
        self._https = parsed.scheme == "https"
        self._host, self._base = parsed.netloc, parsed.path.rstrip("/")
        self._local = threading.local()

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = self._local.conn = cls(self._host, timeout=self.timeout)
        return conn

    def _drop_connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _delay(self, attempt, retry_after):
        if retry_after:
            try:
                return min(float(retry_after), self.max_backoff)
            except ValueError:
                pass  # an HTTP date: fall back to our own backoff
        return min(self.backoff * (2 ** attempt), self.max_backoff) * (0.5 + random.random() / 2)

    def post(self, path, body):
        """POSTs JSON and returns the parsed answer; retries connection errors, 429 and 5xx; raises RlvrError otherwise."""
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip", "Connection": "keep-alive"}
        if len(data) > _GZIP_ABOVE:
            data = gzip.compress(data, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        last = None
        for attempt in range(self.max_retries + 1):
            try:
                conn = self._connection()
                conn.request("POST", self._base + path, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                if response.getheader("Content-Encoding") == "gzip":
                    payload = gzip.decompress(payload)
                if response.getheader("Connection", "").lower() == "close":
                    self._drop_connection()
            except (OSError, http.client.HTTPException) as e:  # refused, reset, timed out, half-closed keep-alive
                self._drop_connection()
                last = RlvrError(0, "$", f"connection error: {e}")
                if attempt < self.max_retries:
                    time.sleep(self._delay(attempt, None))
                    continue
                raise last from None
            if response.status == 200:
                return json.loads(payload.decode("utf-8"))
            try:
                error = json.loads(payload.decode("utf-8")).get("error", {})
            except ValueError:
                error = {}
            last = RlvrError(response.status, error.get("field", "$"), error.get("message", response.reason))
            if (response.status == 429 or response.status >= 500) and attempt < self.max_retries:
                time.sleep(self._delay(attempt, response.getheader("Retry-After")))
                continue
            raise last
        raise last

    def score(self, items, env=None):
        """Scores [{"id", "problem" | "problem_id", "completion", "group"?}]; returns the result objects in order."""
        body = {"items": items}
        if env:
            body["env"] = env
        return self.post("/v1/score", body)["results"]

    async def ascore(self, items, env=None):
        """score() without blocking the event loop: the request runs on a worker thread (with its own connection)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.score, items, env)


def completion_text(completion):
    """TRL/verifiers completions are strings or lists of chat messages; the server takes both."""
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


def last_boxed(text):
    """The content of the last \\boxed{...} of a worked solution (NuminaMath, MATH), braces balanced; None if none."""
    start = text.rfind("\\boxed")
    if start < 0:
        return None
    i = text.find("{", start)
    if i < 0:
        return None
    depth, j = 0, i
    while j < len(text):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j]
        j += 1
    return None


def _answer_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return str(value)


def math_problem(row, prompt=None):
    """A `math` problem {"question", "answer"} from the common dataset layouts, or None when the row has none:
    GSM8K (question, answer "... #### 72"), MATH-500 (problem, answer), NuminaMath (problem, solution with a boxed
    answer), verl's preprocessed parquet (reward_model.ground_truth, extra_info.question), NeMo-Gym math tasks
    (question, expected_answer)."""
    get = row.get
    answer = None
    if isinstance(get("reward_model"), dict) and get("reward_model").get("ground_truth") is not None:
        answer = get("reward_model")["ground_truth"]
    elif get("expected_answer") is not None:
        answer = get("expected_answer")
    elif get("answer") is not None:
        answer = get("answer")
        if isinstance(answer, str) and "####" in answer:
            answer = answer.split("####")[-1].strip().replace(",", "")
    elif isinstance(get("solution"), str):
        answer = last_boxed(get("solution"))
    if answer is None:
        return None
    extra = get("extra_info") if isinstance(get("extra_info"), dict) else {}
    question = get("question") or (get("problem") if isinstance(get("problem"), str) else None) or extra.get("question") or prompt or ""
    return {"question": question, "answer": _answer_text(answer)}


def problem_from(label, label_field=None, prompt_field=None, prompt=None):
    """A problem object from a dataset label: a dict, a JSON object string, or a plain value for `label_field`
    (plus the prompt in `prompt_field`, for environments whose problems carry the question, e.g. math)."""
    if isinstance(label, dict):
        return label
    if isinstance(label, str) and label.lstrip().startswith("{"):
        return json.loads(label)
    if label_field:
        problem = {label_field: _answer_text(label)}
        if prompt_field:
            problem[prompt_field] = prompt if prompt is not None else ""
        return problem
    raise ValueError("label is not a problem object; pass label_field to wrap plain labels")


def group_of(*parts):
    """The group of a sample: the samples of one prompt share it (the server answers their scored mean as baseline)."""
    return json.dumps(list(parts), sort_keys=True, default=str)


def skip_value(result):
    """What a trainer without a skip should train a non-scored result with: the server's group baseline, else 0.0."""
    return float(result.get("baseline", 0.0))
