"""A real, local OpenAI-compatible HTTP server for tests and benches.

It speaks the OpenAI wire format closely enough for the official ``openai`` SDK:

- ``POST /v1/chat/completions`` — a ``chat.completion`` JSON body, or with ``"stream": true``
  server-sent events (``data: {chunk}`` lines, then ``data: [DONE]``, chunked encoding);
- ``POST /v1/embeddings`` — float lists or ``encoding_format: "base64"`` (the SDK's default);
- ``GET /v1/models`` — the ``models`` knob as a model list;
- errors as ``{"error": {"message", "type", "param", "code"}}``: 401 for a wrong key, 404 for
  an unknown model (``model_not_found``) or path, 400 for a bad body.

Knobs (plain attributes, safe to set from a test while requests are running):
    latency          seconds each chat/embedding request waits before answering (default 0)
    reply            ``f(messages) -> str`` (or ``{"content": .., "reasoning_content": ..}``);
                     the default answers ``{"echo": <last user message>, "n": <its length>}``
    api_key          the expected key (``None`` accepts any)
    models           model ids the server knows; requests for others get 404 model_not_found
    listed_models    what ``GET /models`` lists (None: ``models``), for providers that list less
    hang_seconds     how long a ``"hang"`` failure sleeps (released at ``stop()``)
    reject_json_mode answer 400 when a request carries ``response_format`` (like servers
                     that do not support JSON mode)
    thinking         a reasoning model: every reply also carries ``thought(messages)`` as
                     "reasoning_content" (DeepSeek-R1: a field of the message), "reasoning" (the
                     field some gateways name so), "think" (``<think>\n…\n</think>\n\n`` before
                     the content) or "think-unopened" (``…\n</think>\n\n`` before it: the chat
                     template opened the block); None (default): no reasoning
    thought          ``f(messages) -> str``, the reasoning of a thinking reply (default: :func:`default_thought`)

A weak model that echoes its prompt (its JSON example, the blank form, its instructions) is a
``reply``: ``fake.reply = weak_model("example", otherwise=good, weak_if=lambda msgs: ...)``.

Failures are scripted with :meth:`FakeOpenAI.inject` — a FIFO queue, global or for one prompt
(the last user message). Each entry is consumed by one chat request:
    "429" / "429:2.5"        rate limited, optional ``Retry-After`` seconds
    "429-date:2"             ``Retry-After`` as an HTTP date about 2 s ahead
    "429-ms:1500"            ``retry-after-ms`` header only
    "quota"                  429 ``insufficient_quota`` (retrying does not help)
    "400", "401", "403", "404-model", "500", "502", "503"
    "hang" / "hang:5"        never answer in time (sleep, then try to answer)
    "drop"                   close the connection without an answer
    "malformed"              200 with prose that holds no JSON
    "fenced", "prose", "trailing-comma"   200 with the normal reply wrapped in a code fence,
                             in prose, or with a trailing comma (a tolerant parser copes)
    "empty"                  200 with empty content

Counters (read any time; :meth:`reset_counters` clears them):
    calls, calls_by_prompt (Counter), times_by_prompt, request_times (monotonic, at arrival),
    in_flight, max_in_flight, embedding_calls, models_calls, bodies (recent request bodies)

Use in tests: import the fixture into ``tests/conftest.py`` (``tests/`` is on ``sys.path``
under pytest's default import mode), then ask for it by name::

    # tests/conftest.py
    from fake_openai import fake_openai  # noqa: F401  (re-exported fixture)

    # tests/test_something.py
    async def test_x(fake_openai):
        fake_openai.latency = 0.05
        fake_openai.inject("503", prompt="q1")
        client = openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key=fake_openai.api_key)
        ...
        assert fake_openai.calls_by_prompt["q1"] == 2

Run standalone (benches; prints ``PORT <n>`` and serves until killed)::

    python tests/fake_openai.py --latency 0.1 [--port 0] [--key sk-...]

A standalone server also answers ``GET /_fake/stats`` (counters and request times as JSON),
``POST /_fake/reset`` and ``POST /_fake/config`` (``{"latency": 0.1}``, ``{"reply": "judge"}``) for the
bench; ``--reply judge`` answers every chat request as the LLM judge does (:func:`judge_reply`).
"""

from __future__ import annotations

import argparse
import base64
import collections
import email.utils
import hashlib
import json
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

DEFAULT_KEY = "sk-fake-0123456789abcdefFAKEKEY"
DEFAULT_MODELS = ["fake-model", "fake-model-large", "fake-embedding"]


def default_reply(messages: list[dict]) -> str:
    """Deterministic: a JSON object derived from the last user message."""
    prompt = last_user_message(messages)
    return json.dumps({"echo": prompt, "n": len(prompt)}, ensure_ascii=False)


def default_thought(messages: list[dict]) -> str:
    """Deterministic reasoning for a prompt (the ``thinking`` knob)."""
    return f"让我想一想。这段提示一共 {len(last_user_message(messages))} 个字，先找出关键的一句，再作答。"


THINKING_MODES = ("reasoning_content", "reasoning", "think", "think-unopened")


def last_user_message(messages: list[dict]) -> str:
    for m in reversed(messages or []):
        if m.get("role") == "user":
            content = m.get("content")
            if isinstance(content, list):  # content parts
                return "".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content or "")
    return ""


def first_user_message(messages: list[dict]) -> str:
    for m in messages or []:
        if m.get("role") == "user":
            return str(m.get("content") or "")
    return ""


# ---- a weak model ------------------------------------------------------------------------------
WEAK_MODES = ("example", "blank", "instruction")


def _original_prompt(messages: list[dict]) -> str:
    """The system message and the first user message: the prompt before any re-ask."""
    system = next((str(m.get("content") or "") for m in messages or [] if m.get("role") == "system"), "")
    return f"{system}\n{first_user_message(messages)}"


def prompt_example(messages: list[dict]) -> Any:
    """The answer's example form written in the prompt: its largest JSON object or array."""
    text = _original_prompt(messages)
    decoder = json.JSONDecoder()
    best: tuple[int, Any] = (0, None)
    for i, ch in enumerate(text):
        if ch in "{[":
            try:
                value, end = decoder.raw_decode(text, i)
            except ValueError:
                continue
            if isinstance(value, (dict, list)) and end - i > best[0]:
                best = (end - i, value)
    return best[1]


def instruction_line(messages: list[dict]) -> str:
    """The longest line of the prompt's own instructions: outside the <tag>…</tag> blocks that
    hold the filled-in text, and not a line of JSON."""
    lines, inside = [], False
    for line in _original_prompt(messages).splitlines():
        stripped = line.strip()
        if stripped.startswith("<") and stripped.endswith(">") and not stripped.startswith("</"):
            inside = "</" not in stripped
            continue
        if stripped.startswith("</"):
            inside = False
            continue
        if not inside and stripped and not stripped.startswith(("{", "[", '"')):
            lines.append(stripped)
    return max(lines, key=len) if lines else ""


def _replace_strings(value: Any, with_: str) -> Any:
    if isinstance(value, str):
        return with_
    if isinstance(value, list):
        return [_replace_strings(v, with_) for v in value]
    if isinstance(value, dict):
        return {k: _replace_strings(v, with_) for k, v in value.items()}
    return value


def weak_model(mode: str = "example", *, otherwise: Callable[[list[dict]], Any] | None = None,
               weak_if: Callable[[list[dict]], bool] | None = None) -> Callable[[list[dict]], Any]:
    """A reply function (for the ``reply`` knob) of a weak model that echoes its prompt, as small
    local models do. For the prompts `weak_if` picks (default: all; re-asks included, so it never
    learns), the answer is:
        "example"      the prompt's own JSON example, as written (the blank form for extraction)
        "blank"        that example with every string emptied (every field of a record empty)
        "instruction"  that example with every string replaced by a line of the instructions
    Other prompts go to `otherwise` (default: :func:`default_reply`)."""
    if mode not in WEAK_MODES:
        raise ValueError(f"unknown weak-model mode {mode!r}; one of {WEAK_MODES}")
    good = otherwise or default_reply

    def reply(messages: list[dict]) -> Any:
        if weak_if is not None and not weak_if(messages):
            return good(messages)
        example = prompt_example(messages)
        if example is None:
            return instruction_line(messages)  # a plain-text prompt: its instructions
        if mode == "blank":
            example = _replace_strings(example, "")
        elif mode == "instruction":
            example = _replace_strings(example, instruction_line(messages))
        return json.dumps(example, ensure_ascii=False)

    return reply


# ---- the LLM judge -----------------------------------------------------------------------------
_SCORE_MARK = re.compile(r"\[score ([1-5])\]")


def judge_reply(messages: list[dict]) -> str:
    """A judge's verdict (core/flows/judge.py) ``{"score", "reason"}``: the score of a "[score N]"
    mark in the prompt (a test's sample carries it), else one derived from a hash of the prompt;
    the reason in Chinese when the prompt asks for Chinese (the zh rubrics say “中文”)."""
    prompt = _original_prompt(messages)
    m = _SCORE_MARK.search(prompt)
    score = int(m.group(1)) if m else 1 + int(hashlib.md5(prompt.encode()).hexdigest()[:8], 16) % 5
    reason = f"回答基本切题，值 {score} 分。" if "中文" in prompt else f"The answer is mostly on point, worth {score}."
    return json.dumps({"score": score, "reason": reason}, ensure_ascii=False)


REPLIES = {"default": default_reply, "judge": judge_reply}  # named replies for a standalone server


def count_tokens(text: str) -> int:
    """Rough and deterministic: CJK characters one token each, other text four chars a token."""
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk + (len(text) - cjk + 3) // 4


@dataclass
class Failure:
    kind: str
    arg: float | None = None

    @classmethod
    def parse(cls, spec: str | Failure) -> Failure:
        if isinstance(spec, Failure):
            return spec
        kind, _, arg = str(spec).partition(":")
        return cls(kind, float(arg) if arg else None)


class FakeOpenAI:
    """The server. ``start()`` binds 127.0.0.1 on a free port; ``stop()`` shuts it down."""

    def __init__(self, *, api_key: str | None = DEFAULT_KEY, latency: float = 0.0, port: int = 0,
                 control: bool = False):
        self.api_key = api_key
        self.latency = latency
        self.reply: Callable[[list[dict]], Any] = default_reply
        self.models = list(DEFAULT_MODELS)
        self.listed_models: list[str] | None = None  # what GET /models shows (None: `models`)
        self.hang_seconds = 30.0
        self.reject_json_mode = False
        self.thinking: str | None = None  # see the module docstring
        self.thought: Callable[[list[dict]], str] = default_thought
        self.control = control  # expose /_fake/* endpoints
        self._port = port
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._queue: collections.deque[Failure] = collections.deque()
        self._by_prompt: dict[str, collections.deque[Failure]] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._seq = 0
        self.reset_counters()

    # ---- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        httpd = _Server(("127.0.0.1", self._port), handler)
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # ---- knobs ---------------------------------------------------------------------------
    def inject(self, *failures: str | Failure, prompt: str | None = None) -> None:
        """Queue failures; each is consumed by one chat request (for `prompt` only, if given)."""
        parsed = [Failure.parse(f) for f in failures]
        with self._lock:
            if prompt is None:
                self._queue.extend(parsed)
            else:
                self._by_prompt.setdefault(prompt, collections.deque()).extend(parsed)

    def clear_failures(self) -> None:
        with self._lock:
            self._queue.clear()
            self._by_prompt.clear()

    def reset_counters(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.calls = 0
            self.calls_by_prompt: collections.Counter[str] = collections.Counter()
            self.times_by_prompt: dict[str, list[float]] = collections.defaultdict(list)
            self.request_times: list[float] = []
            self.in_flight = 0
            self.max_in_flight = 0
            self.embedding_calls = 0
            self.models_calls = 0
            self.bodies: collections.deque[dict] = collections.deque(maxlen=5000)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "calls": self.calls,
                "max_in_flight": self.max_in_flight,
                "in_flight": self.in_flight,
                "embedding_calls": self.embedding_calls,
                "models_calls": self.models_calls,
                "request_times": list(self.request_times),
                "calls_by_prompt": dict(self.calls_by_prompt),
            }

    # ---- used by the handler -------------------------------------------------------------
    def _next_failure(self, *prompts: str) -> Failure | None:
        with self._lock:
            for prompt in prompts:
                q = self._by_prompt.get(prompt)
                if q:
                    return q.popleft()
            if self._queue:
                return self._queue.popleft()
            return None

    def _enter(self, body: dict, prompt: str | None) -> int:
        now = time.monotonic()
        with self._lock:
            self._seq += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if prompt is not None:
                self.calls += 1
                self.calls_by_prompt[prompt] += 1
                self.times_by_prompt[prompt].append(now)
                self.request_times.append(now)
                self.bodies.append(body)
            else:
                self.embedding_calls += 1
            return self._seq

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # 64+ clients connect at once; the default backlog (5) drops SYNs

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def _error_body(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _mask_key(key: str) -> str:
    return key[:3] + "*" * 4 + key[-4:] if len(key) > 8 else "****"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI  # set on the subclass made in start()
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "fake-openai/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence access logs
        pass

    # ---- plumbing ------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", f"req_{hashlib.md5(data).hexdigest()[:16]}")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def _check_key(self) -> bool:
        expected = self.fake.api_key
        if expected is None:
            return True
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            self._send_json(401, _error_body(
                "You didn't provide an API key. You need to provide your API key in an Authorization "
                "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error", None))
            return False
        got = auth[len("Bearer "):]
        if got != expected:
            self._send_json(401, _error_body(
                f"Incorrect API key provided: {_mask_key(got)}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key"))
            return False
        return True

    # ---- routes --------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0].rstrip("/")
        if path == "/_fake/stats" and self.fake.control:
            self._send_json(200, self.fake.stats())
            return
        if path != "/v1/models":
            self._send_json(404, _error_body(f"Invalid URL (GET {self.path})", "invalid_request_error", None))
            return
        if not self._check_key():
            return
        with self.fake._lock:
            self.fake.models_calls += 1
        self._send_json(200, {
            "object": "list",
            "data": [{"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"}
                     for m in (self.fake.models if self.fake.listed_models is None else self.fake.listed_models)],
        })

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?")[0].rstrip("/")
        raw = self._read_body()
        if path.startswith("/_fake/") and self.fake.control:
            self._control(path, raw)
            return
        if path not in ("/v1/chat/completions", "/v1/embeddings"):
            self._send_json(404, _error_body(f"Invalid URL (POST {self.path})", "invalid_request_error", None))
            return
        if not self._check_key():
            return
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError("body is not an object")
        except ValueError as e:
            self._send_json(400, _error_body(f"We could not parse the JSON body of your request. ({e})",
                                             "invalid_request_error", None))
            return
        model = body.get("model")
        if not model:
            self._send_json(400, _error_body("you must provide a model parameter", "invalid_request_error",
                                             None, "model"))
            return
        if model not in self.fake.models:
            self._send_json(404, _error_body(
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found"))
            return
        if path == "/v1/embeddings":
            self._embeddings(body)
        else:
            self._chat(body)

    def _control(self, path: str, raw: bytes) -> None:
        if path == "/_fake/reset":
            self.fake.reset_counters()
            self.fake.clear_failures()
        elif path == "/_fake/config":
            for k, v in json.loads(raw or b"{}").items():
                if k in ("latency", "hang_seconds", "api_key"):
                    setattr(self.fake, k, v)
                elif k == "reply" and v in REPLIES:
                    self.fake.reply = REPLIES[v]
        self._send_json(200, {"ok": True})

    def _embeddings(self, body: dict) -> None:
        inputs = body.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        if not isinstance(inputs, list) or not inputs:
            self._send_json(400, _error_body("'input' must be a string or a list", "invalid_request_error",
                                             None, "input"))
            return
        self.fake._enter(body, None)
        try:
            self.fake._wait(self.fake.latency)
            dims = int(body.get("dimensions") or 8)
            data = []
            tokens = 0
            for i, text in enumerate(inputs):
                text = text if isinstance(text, str) else json.dumps(text)
                tokens += count_tokens(text)
                digest = hashlib.sha256(text.encode()).digest() * (dims // 32 + 1)
                vec = [(b - 128) / 128.0 for b in digest[:dims]]
                if body.get("encoding_format") == "base64":
                    emb: Any = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode()
                else:
                    emb = vec
                data.append({"object": "embedding", "index": i, "embedding": emb})
            self._send_json(200, {"object": "list", "data": data, "model": body["model"],
                                  "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})
        finally:
            self.fake._leave()

    def _chat(self, body: dict) -> None:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            self._send_json(400, _error_body("'messages' must be a non-empty array", "invalid_request_error",
                                             None, "messages"))
            return
        fake = self.fake
        prompt = last_user_message(messages)
        seq = fake._enter(body, prompt)
        try:
            failure = fake._next_failure(prompt, first_user_message(messages))
            fake._wait(fake.latency)
            if fake.reject_json_mode and body.get("response_format"):
                self._send_json(400, _error_body("response_format is not supported by this model",
                                                 "invalid_request_error", None, "response_format"))
                return
            content, reasoning = self._content(messages)
            if failure is not None:
                handled, content = self._apply_failure(failure, content)
                if handled:
                    return
            self._answer(body, seq, content, reasoning, messages)
        finally:
            fake._leave()

    def _content(self, messages: list[dict]) -> tuple[str, str | None]:
        out = self.fake.reply(messages)
        if isinstance(out, dict):
            return self._think(messages, str(out.get("content") or ""), out.get("reasoning_content"))
        return self._think(messages, str(out), None)

    def _think(self, messages: list[dict], content: str, reasoning: str | None) -> tuple[str, str | None]:
        """The `thinking` knob: the reply of a reasoning model."""
        mode = self.fake.thinking
        if mode is None:
            return content, reasoning
        if mode not in THINKING_MODES:
            raise ValueError(f"unknown thinking mode {mode!r}; one of {THINKING_MODES}")
        thought = self.fake.thought(messages)
        if mode == "think":
            return f"<think>\n{thought}\n</think>\n\n{content}", reasoning
        if mode == "think-unopened":
            return f"{thought}\n</think>\n\n{content}", reasoning
        return content, thought

    def _apply_failure(self, f: Failure, content: str) -> tuple[bool, str]:
        """Send an error (returns handled=True) or change the content of a normal answer."""
        k = f.kind
        if k == "429":
            headers = {} if f.arg is None else {"Retry-After": f"{f.arg:g}"}
            self._send_json(429, _error_body("Rate limit reached for requests", "requests",
                                             "rate_limit_exceeded"), headers)
        elif k == "429-date":
            when = email.utils.formatdate(time.time() + (f.arg or 1), usegmt=True)
            self._send_json(429, _error_body("Rate limit reached for requests", "requests",
                                             "rate_limit_exceeded"), {"Retry-After": when})
        elif k == "429-ms":
            self._send_json(429, _error_body("Rate limit reached for requests", "requests",
                                             "rate_limit_exceeded"), {"retry-after-ms": f"{f.arg or 1000:g}"})
        elif k == "quota":
            self._send_json(429, _error_body(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota"))
        elif k in ("400", "403"):
            self._send_json(int(k), _error_body(
                "Invalid request: the prompt was rejected" if k == "400" else "Forbidden in your region",
                "invalid_request_error", None))
        elif k == "401":
            self._send_json(401, _error_body("Incorrect API key provided: sk-****", "invalid_request_error",
                                             "invalid_api_key"))
        elif k == "404-model":
            self._send_json(404, _error_body("The model does not exist or you do not have access to it.",
                                             "invalid_request_error", "model_not_found"))
        elif k in ("500", "502", "503"):
            msg = {"500": "The server had an error while processing your request. Sorry about that!",
                   "502": "Bad gateway.", "503": "The engine is currently overloaded, please try again later."}
            self._send_json(int(k), _error_body(msg[k], "server_error", None))
        elif k == "hang":
            self.fake._wait(f.arg if f.arg is not None else self.fake.hang_seconds)
            return False, content  # answer late (the client has normally given up by then)
        elif k == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif k == "malformed":
            return False, "Sorry, I can only answer in plain words today."
        elif k == "fenced":
            return False, f"```json\n{content}\n```"
        elif k == "prose":
            return False, f"Sure! Here is the JSON you asked for:\n{content}\nLet me know if you need more."
        elif k == "trailing-comma":
            return False, content[:-1] + ",}" if content.endswith("}") else content + ","
        elif k == "empty":
            return False, ""
        else:
            raise ValueError(f"unknown failure kind {k!r}")
        return True, content

    def _answer(self, body: dict, seq: int, content: str, reasoning: str | None, messages: list) -> None:
        prompt_tokens = sum(count_tokens(str(m.get("content") or "")) + 4 for m in messages)
        completion_tokens = count_tokens(content) + (count_tokens(reasoning) if reasoning else 0)
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
        finish = "stop"
        if max_tokens and count_tokens(content) > int(max_tokens) and not body.get("response_format"):
            finish = "length"
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        cid = f"chatcmpl-fake{seq:08d}"
        created = int(time.time())
        if body.get("stream"):
            self._stream(body, cid, created, content, reasoning, finish, usage)
            return
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        if reasoning is not None:
            message["reasoning" if self.fake.thinking == "reasoning" else "reasoning_content"] = reasoning
        self._send_json(200, {
            "id": cid, "object": "chat.completion", "created": created, "model": body["model"],
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": usage,
        })

    def _stream(self, body: dict, cid: str, created: int, content: str, reasoning: str | None,
                finish: str, usage: dict) -> None:
        def chunk(delta: dict, finish_reason: str | None = None, with_usage: bool = False) -> dict:
            c: dict[str, Any] = {"id": cid, "object": "chat.completion.chunk", "created": created,
                                 "model": body["model"], "system_fingerprint": "fp_fake",
                                 "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                              "finish_reason": finish_reason}]}
            if with_usage:
                c["choices"] = []
                c["usage"] = usage
            return c

        events = [chunk({"role": "assistant", "content": ""})]
        if reasoning:
            events.append(chunk({"reasoning_content": reasoning}))
        step = 8
        events += [chunk({"content": content[i:i + step]}) for i in range(0, len(content), step)]
        events.append(chunk({}, finish))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append(chunk({}, with_usage=True))
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for ev in events:
                self._write_chunk(f"data: {json.dumps(ev, ensure_ascii=False)}\n\n".encode())
            self._write_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")


@pytest.fixture
def fake_openai():
    """A started FakeOpenAI (key ``DEFAULT_KEY``, no latency); stopped after the test."""
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Serve a fake OpenAI API until killed.")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--key", default=DEFAULT_KEY)
    ap.add_argument("--reply", choices=sorted(REPLIES), default="default", help="how chat requests are answered")
    args = ap.parse_args(argv)
    server = FakeOpenAI(api_key=args.key, latency=args.latency, port=args.port, control=True)
    server.reply = REPLIES[args.reply]
    server.start()
    print(f"PORT {server.port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
