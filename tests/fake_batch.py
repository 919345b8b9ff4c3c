"""A real, local OpenAI-compatible Batch API (beside the chat API of tests/fake_openai.py) for
tests and benches. The official ``openai`` SDK's ``files`` and ``batches`` calls work against it:

- ``POST /v1/files`` (multipart: ``file``, ``purpose=batch``) → a file object;
  ``GET /v1/files/{id}`` and ``GET /v1/files/{id}/content`` (the JSONL as it is);
- ``POST /v1/batches`` ``{input_file_id, endpoint, completion_window, metadata}`` → a batch;
  ``GET /v1/batches/{id}``, ``GET /v1/batches`` (a list, newest first),
  ``POST /v1/batches/{id}/cancel``.

A batch moves through the real statuses: ``validating`` → ``in_progress`` → ``finalizing`` →
``completed``; or ``failed`` (validation: too many lines or bytes, a duplicate ``custom_id``,
two models in one file, a line that is not a chat request); or ``expired`` (the window ran out:
the lines not run yet come back in the error file as ``batch_expired``); or ``cancelling`` →
``cancelled``. Each ``GET /v1/batches/{id}`` moves it ``steps_per_poll`` statuses on (0 holds it
where it is). Lines run when the batch leaves ``in_progress``: each is answered as the chat
endpoint would (the ``reply`` knob, the failures queued with ``inject``), the answers go to the
output file **in shuffled order**, the failures to the error file with their
``response.status_code`` and body. ``request_counts`` says total / completed / failed.

Knobs (plain attributes):
    steps_per_poll   statuses a batch moves on per GET (default 3: validating → completed in one)
    max_lines        lines one input file may hold (SiliconFlow: 5,000), else the batch fails
    max_bytes        bytes one input file may hold
    fail_every       every Nth line run (over the server's life) gets a 500 error line
    fail_line        ``f(custom_id, body) -> status or None``: an error line with that status
    expire_next      the next N batches expire; ``expire_keep`` (a share) of their lines ran before
    fail_next        the next N batches fail validation
    shuffle          output lines in random order (default True; ``seed`` for the order)

Counters: ``uploads``, ``batches_created``, ``polls``, ``downloads``, ``cancels``,
``lines_run`` and ``lines_answered`` (Counters by custom_id: a line answered twice shows here),
and the chat endpoint's own (``calls``: realtime requests).
"""

from __future__ import annotations

import collections
import email.parser
import email.policy
import hashlib
import json
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fake_openai import (
    Failure,
    FakeOpenAI,
    _error_body,
    _Handler,
    _Server,
    count_tokens,
    first_user_message,
    last_user_message,
)

ENDPOINT = "/v1/chat/completions"
EXPIRED_MESSAGE = "This request could not be executed before the completion window expired."
_FAILURE_STATUS = {"429": 429, "429-date": 429, "429-ms": 429, "quota": 429, "400": 400, "401": 401, "403": 403,
                   "404-model": 404, "500": 500, "502": 502, "503": 503, "hang": 504, "drop": 502}
_NEXT = {"validating": "in_progress", "in_progress": "finalizing", "finalizing": "completed",
         "cancelling": "cancelled"}
FINISHED = ("completed", "expired", "failed", "cancelled")


class FakeBatch(FakeOpenAI):
    """FakeOpenAI with the Batch API. ``start()`` binds 127.0.0.1 on a free port."""

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.steps_per_poll = 3
        self.max_lines = 50_000
        self.max_bytes = 100 * 1024 * 1024
        self.fail_every = 0
        self.fail_line: Callable[[str, dict], int | None] | None = None
        self.expire_next = 0
        self.expire_keep = 0.5
        self.fail_next = 0
        self.shuffle = True
        self.seed = 1234
        self.files: dict[str, dict] = {}
        self.batches: dict[str, dict] = {}
        self._ids = 0
        # the files' and batches' own lock (a line's answer takes the chat endpoint's lock)
        self._batch_lock = threading.RLock()

    def start(self) -> FakeBatch:
        handler = type("Handler", (_BatchHandler,), {"fake": self})
        self._httpd = _Server(("127.0.0.1", self._port), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-batch", daemon=True)
        self._thread.start()
        return self

    def __enter__(self) -> FakeBatch:
        return self.start()

    def reset_counters(self) -> None:
        super().reset_counters()
        self.uploads = self.batches_created = self.polls = self.downloads = self.cancels = 0
        self.lines_run: collections.Counter[str] = collections.Counter()
        self.lines_answered: collections.Counter[str] = collections.Counter()
        self._line_seq = 0

    # ---- state ---------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        with self._batch_lock:
            self._ids += 1
            return f"{prefix}{self._ids:06d}{hashlib.md5(str(self._ids).encode()).hexdigest()[:8]}"

    def _add_file(self, content: bytes, filename: str, purpose: str) -> dict:
        fid = self._new_id("file-")
        f = {"id": fid, "object": "file", "bytes": len(content), "created_at": int(time.time()),
             "filename": filename, "purpose": purpose, "status": "processed", "status_details": None,
             "expires_at": None}
        self.files[fid] = {"meta": f, "content": content}
        return f

    def open_batches(self) -> list[dict]:
        return [b["obj"] for b in self.batches.values() if b["obj"]["status"] not in FINISHED]

    def finish_all(self) -> None:
        """Move every batch to its end now (as many polls would)."""
        with self._batch_lock:
            for b in self.batches.values():
                while b["obj"]["status"] not in FINISHED:
                    self._step(b)

    def _step(self, b: dict) -> None:
        """One status further (under the batch lock)."""
        obj = b["obj"]
        status = obj["status"]
        now = int(time.time())
        if status == "validating":
            problem = self._validate(b)
            if problem is not None:
                obj.update(status="failed", failed_at=now,
                           errors={"object": "list", "data": [{"code": problem[0], "message": problem[1],
                                                               "param": None, "line": problem[2]}]})
                return
            obj.update(status="in_progress", in_progress_at=now)
        elif status == "in_progress":
            if b["expire"]:
                keep = int(len(b["lines"]) * self.expire_keep)
                self._run_lines(b, b["lines"][:keep])
                b["errors"].extend(_expired(line) for line in b["lines"][keep:])
                obj.update(status="expired", expired_at=now)
                self._write_files(b)
                return
            self._run_lines(b, b["lines"])
            obj.update(status="finalizing", finalizing_at=now)
        elif status == "finalizing":
            obj.update(status="completed", completed_at=now)
            self._write_files(b)
        elif status == "cancelling":
            obj.update(status="cancelled", cancelled_at=now)
            self._write_files(b)

    def _validate(self, b: dict) -> tuple[str, str, int | None] | None:
        content = self.files[b["obj"]["input_file_id"]]["content"]
        if self.fail_next > 0:
            self.fail_next -= 1
            return "server_error", "The batch could not be validated; try again.", None
        if len(content) > self.max_bytes:
            return "file_too_large", f"The input file is larger than the {self.max_bytes} bytes maximum.", None
        lines, seen, models = [], set(), set()
        for n, raw in enumerate(content.decode("utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except ValueError:
                return "invalid_json_line", f"Line {n} is not valid JSON.", n
            cid = line.get("custom_id")
            if not isinstance(cid, str) or not cid:
                return "missing_required_parameter", f"Line {n} has no custom_id.", n
            if cid in seen:
                return "duplicate_custom_id", f"The custom_id {cid} is used more than once.", n
            seen.add(cid)
            if line.get("method") != "POST" or line.get("url") != b["obj"]["endpoint"]:
                return "invalid_url", f"Line {n} must be a POST to {b['obj']['endpoint']}.", n
            body = line.get("body")
            if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
                return "invalid_request", f"Line {n} has no messages.", n
            models.add(body.get("model"))
            if len(models) > 1:
                return "mismatched_model", "All requests of a batch must use the same model.", n
            lines.append(line)
        if len(lines) > self.max_lines:
            return "too_many_requests", f"The batch holds {len(lines)} requests; at most {self.max_lines}.", None
        if not lines:
            return "empty_file", "The input file has no requests.", None
        b["lines"] = lines
        b["obj"]["request_counts"]["total"] = len(lines)
        return None

    def _run_lines(self, b: dict, lines: list[dict]) -> None:
        counts = b["obj"]["request_counts"]
        for line in lines:
            cid = line["custom_id"]
            self.lines_run[cid] += 1
            self._line_seq += 1
            status, body = self._answer_line(line["body"], cid)
            entry = {"id": f"batch_req_{self._line_seq:08d}", "custom_id": cid,
                     "response": {"status_code": status, "request_id": f"req_{self._line_seq:08d}", "body": body},
                     "error": None}
            if status == 200:
                self.lines_answered[cid] += 1
                b["output"].append(entry)
                counts["completed"] += 1
            else:
                b["errors"].append(entry)
                counts["failed"] += 1

    def _answer_line(self, body: dict, cid: str) -> tuple[int, dict]:
        messages = body["messages"]
        if body.get("model") not in self.models:
            return 404, _error_body(f"The model `{body.get('model')}` does not exist or you do not have access "
                                    "to it.", "invalid_request_error", "model_not_found")
        status = self.fail_line(cid, body) if self.fail_line is not None else None
        if status is None and self.fail_every and self._line_seq % self.fail_every == 0:
            status = 500
        if status is not None:
            return status, _error_body("The server had an error while processing your request.", "server_error",
                                       None)
        failure = self._next_failure(last_user_message(messages), first_user_message(messages))
        out = self.reply(messages)
        content, reasoning = (str(out.get("content") or ""), out.get("reasoning_content")) if isinstance(out, dict) \
            else (str(out), None)
        if failure is not None:
            status = _FAILURE_STATUS.get(failure.kind)
            if status is not None:
                code = "insufficient_quota" if failure.kind == "quota" else None
                return status, _error_body(f"injected {failure.kind}", "server_error" if status >= 500
                                           else "invalid_request_error", code)
            content = _changed(failure, content)
        prompt_tokens = sum(count_tokens(str(m.get("content") or "")) + 4 for m in messages)
        completion_tokens = count_tokens(content) + (count_tokens(reasoning) if reasoning else 0)
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        if reasoning is not None:
            message["reasoning_content"] = reasoning
        return 200, {"id": f"chatcmpl-batch{self._line_seq:08d}", "object": "chat.completion",
                     "created": int(time.time()), "model": body["model"], "system_fingerprint": "fp_fake",
                     "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                               "total_tokens": prompt_tokens + completion_tokens}}

    def _write_files(self, b: dict) -> None:
        obj = b["obj"]
        out = list(b["output"])
        if self.shuffle:
            random.Random(self.seed + len(self.batches)).shuffle(out)
        if out:
            obj["output_file_id"] = self._add_file(_jsonl(out), f"{obj['id']}_output.jsonl", "batch_output")["id"]
        if b["errors"]:
            obj["error_file_id"] = self._add_file(_jsonl(b["errors"]), f"{obj['id']}_error.jsonl",
                                                  "batch_output")["id"]


def _jsonl(entries: list[dict]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8")


def _expired(line: dict) -> dict:
    return {"id": f"batch_req_exp_{line['custom_id'][:12]}", "custom_id": line["custom_id"], "response": None,
            "error": {"code": "batch_expired", "message": EXPIRED_MESSAGE}}


def _changed(f: Failure, content: str) -> str:
    if f.kind == "malformed":
        return "Sorry, I can only answer in plain words today."
    if f.kind == "fenced":
        return f"```json\n{content}\n```"
    if f.kind == "prose":
        return f"Sure! Here is the JSON you asked for:\n{content}\nLet me know if you need more."
    if f.kind == "trailing-comma":
        return content[:-1] + ",}" if content.endswith("}") else content + ","
    if f.kind == "empty":
        return ""
    raise ValueError(f"unknown failure kind {f.kind!r}")


class _BatchHandler(_Handler):
    fake: FakeBatch

    def _path(self) -> str:
        return self.path.split("?")[0].rstrip("/")

    def do_GET(self) -> None:  # noqa: N802
        path = self._path()
        if not path.startswith(("/v1/files", "/v1/batches")):
            super().do_GET()
            return
        if not self._check_key():
            return
        fake = self.fake
        parts = path.split("/")[2:]  # files|batches, id, (content)
        with fake._batch_lock:
            if parts[0] == "files" and len(parts) >= 2:
                f = fake.files.get(parts[1])
                if f is None:
                    self._send_json(404, _error_body(f"No such File object: {parts[1]}", "invalid_request_error",
                                                     None, "id"))
                elif len(parts) == 3 and parts[2] == "content":
                    fake.downloads += 1
                    self._send_bytes(f["content"])
                else:
                    self._send_json(200, f["meta"])
                return
            if parts[0] == "batches" and len(parts) == 1:
                data = [b["obj"] for b in reversed(fake.batches.values())]
                self._send_json(200, {"object": "list", "data": data, "first_id": data[0]["id"] if data else None,
                                      "last_id": data[-1]["id"] if data else None, "has_more": False})
                return
            if parts[0] == "batches" and len(parts) == 2:
                b = fake.batches.get(parts[1])
                if b is None:
                    self._send_json(404, _error_body(f"No batch found with id '{parts[1]}'.",
                                                     "invalid_request_error", None))
                    return
                fake.polls += 1
                for _ in range(fake.steps_per_poll):
                    if b["obj"]["status"] in FINISHED:
                        break
                    fake._step(b)
                self._send_json(200, b["obj"])
                return
        self._send_json(404, _error_body(f"Invalid URL (GET {self.path})", "invalid_request_error", None))

    def do_POST(self) -> None:  # noqa: N802
        path = self._path()
        if path != "/v1/files" and not path.startswith("/v1/batches"):
            super().do_POST()
            return
        raw = self._read_body()
        if not self._check_key():
            return
        if path == "/v1/files":
            self._upload(raw)
        elif path == "/v1/batches":
            self._create(raw)
        elif path.endswith("/cancel"):
            self._cancel(path.split("/")[3])
        else:
            self._send_json(404, _error_body(f"Invalid URL (POST {self.path})", "invalid_request_error", None))

    def _upload(self, raw: bytes) -> None:
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/form-data"):
            self._send_json(400, _error_body("Expected multipart/form-data", "invalid_request_error", None))
            return
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + raw)
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (part.get_filename(), part.get_payload(decode=True) or b"")
        if "file" not in fields:
            self._send_json(400, _error_body("Missing file", "invalid_request_error", None, "file"))
            return
        purpose = fields.get("purpose", (None, b""))[1].decode()
        if purpose != "batch":
            self._send_json(400, _error_body(f"Invalid purpose {purpose!r}", "invalid_request_error", None, "purpose"))
            return
        filename, content = fields["file"]
        with self.fake._batch_lock:
            self.fake.uploads += 1
            self._send_json(200, self.fake._add_file(content, filename or "upload.jsonl", purpose))

    def _create(self, raw: bytes) -> None:
        fake = self.fake
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send_json(400, _error_body("We could not parse the JSON body of your request.",
                                             "invalid_request_error", None))
            return
        fid = body.get("input_file_id")
        if body.get("endpoint") != ENDPOINT:
            self._send_json(400, _error_body(f"Unsupported endpoint {body.get('endpoint')!r}", "invalid_request_error",
                                             None, "endpoint"))
            return
        if body.get("completion_window") != "24h":
            self._send_json(400, _error_body("completion_window must be 24h", "invalid_request_error", None,
                                             "completion_window"))
            return
        with fake._batch_lock:
            if fid not in fake.files:
                self._send_json(404, _error_body(f"No such File object: {fid}", "invalid_request_error", None,
                                                 "input_file_id"))
                return
            bid = fake._new_id("batch_")
            now = int(time.time())
            obj = {"id": bid, "object": "batch", "endpoint": ENDPOINT, "errors": None, "input_file_id": fid,
                   "completion_window": "24h", "status": "validating", "output_file_id": None,
                   "error_file_id": None, "created_at": now, "in_progress_at": None, "expires_at": now + 86400,
                   "finalizing_at": None, "completed_at": None, "failed_at": None, "expired_at": None,
                   "cancelling_at": None, "cancelled_at": None,
                   "request_counts": {"total": 0, "completed": 0, "failed": 0},
                   "metadata": body.get("metadata")}
            expire = fake.expire_next > 0
            if expire:
                fake.expire_next -= 1
            fake.batches[bid] = {"obj": obj, "lines": [], "output": [], "errors": [], "expire": expire}
            fake.batches_created += 1
            self._send_json(200, obj)

    def _cancel(self, bid: str) -> None:
        fake = self.fake
        with fake._batch_lock:
            b = fake.batches.get(bid)
            if b is None:
                self._send_json(404, _error_body(f"No batch found with id '{bid}'.", "invalid_request_error", None))
                return
            fake.cancels += 1
            if b["obj"]["status"] in ("validating", "in_progress"):
                b["obj"].update(status="cancelling", cancelling_at=int(time.time()))
            self._send_json(200, b["obj"])

    def _send_bytes(self, data: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True


@pytest.fixture
def fake_batch():
    """A started FakeBatch (key ``DEFAULT_KEY``); stopped after the test."""
    server = FakeBatch().start()
    try:
        yield server
    finally:
        server.stop()
