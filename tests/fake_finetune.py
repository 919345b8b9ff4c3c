"""A real, local HTTP server of the OpenAI fine-tuning API shape, for tests.

- ``POST /v1/files`` (multipart: ``file``, ``purpose``) → a file object ``{"id": "file-…", …}``;
- ``POST /v1/fine_tuning/jobs`` ``{training_file, model, hyperparameters?, suffix?, validation_file?}``
  → a job in ``validating_files``; 400 for an unknown file, 404 ``model_not_found`` for an unknown model;
- ``GET /v1/fine_tuning/jobs/{id}`` → the job; each look moves it one step along ``steps``
  (default: validating_files → queued → running → running → succeeded), logging an event a step;
- ``GET /v1/fine_tuning/jobs/{id}/events?limit=`` → ``{"object": "list", "data": [newest first], "has_more"}``;
- ``POST /v1/fine_tuning/jobs/{id}/cancel`` → ``cancelled`` (400 once the job has finished).

Knobs: ``api_key`` (None accepts any), ``models``, ``steps`` (the statuses a job walks through),
``failure`` (``{"code", "message", "param"}``: a job ends ``failed`` with this error instead of
succeeding; a training file whose lines are not JSON of {"messages": …} fails validation on its
own, as the real service does). Counters: ``uploads`` (purpose, filename, bytes), ``created``
(request bodies), ``looks``, ``cancels``.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

DEFAULT_KEY = "sk-finetune-test-0123456789"
DEFAULT_STEPS = ("validating_files", "queued", "running", "running", "succeeded")


def _error(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


class FakeFinetune:
    def __init__(self, *, api_key: str | None = DEFAULT_KEY):
        self.api_key = api_key
        self.models = {"gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"}
        self.steps: tuple[str, ...] = DEFAULT_STEPS
        self.failure: dict[str, Any] | None = None
        self.files: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.uploads: list[tuple[str, str, int]] = []
        self.created: list[dict[str, Any]] = []
        self.looks = 0
        self.cancels = 0
        self._lock = threading.Lock()
        self._seq = 0
        self._server: ThreadingHTTPServer | None = None

    # ---- lifecycle --------------------------------------------------------------------------
    def start(self) -> FakeFinetune:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    # ---- the service ------------------------------------------------------------------------
    def _next_id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}-fake{self._seq:06d}"

    def _event(self, job_id: str, message: str, level: str = "info") -> None:
        events = self.events.setdefault(job_id, [])
        events.append({"object": "fine_tuning.job.event", "id": f"ftevent-{job_id[-6:]}-{len(events) + 1:03d}",
                       "created_at": int(time.time()) + len(events), "level": level, "message": message,
                       "data": None, "type": "message"})

    def _file_ok(self, file_id: str) -> bool:
        for line in self.files[file_id]["content"].decode("utf-8", "replace").splitlines():
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                return False
            if not isinstance(row, dict) or not isinstance(row.get("messages"), list):
                return False
        return True

    def advance(self, job: dict[str, Any]) -> None:
        """One look at a running job moves it one step."""
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return
        step = job["_step"] + 1
        job["_step"] = step
        if job["status"] == "validating_files" and not self._file_ok(job["training_file"]):
            self._fail(job, {"code": "invalid_training_file", "param": "training_file",
                             "message": f"The job failed due to an invalid training file. Invalid file format. "
                                        f"Example {1} is not a valid JSON object with messages."})
            return
        status = self.steps[min(step, len(self.steps) - 1)]
        if status == "succeeded" and self.failure is not None:
            self._fail(job, self.failure)
            return
        job["status"] = status
        if status == "running":
            self._event(job["id"], f"Step {step}/{len(self.steps)}: training loss={1.0 / step:.3f}")
        elif status == "succeeded":
            job["fine_tuned_model"] = f"ft:{job['model']}:fake-org:{job.get('suffix') or 'custom'}:{job['id'][-6:]}"
            job["finished_at"] = int(time.time())
            job["trained_tokens"] = 1234
            self._event(job["id"], "The job has successfully completed")
        else:
            self._event(job["id"], f"Job status: {status}")

    def _fail(self, job: dict[str, Any], error: dict[str, Any]) -> None:
        job["status"] = "failed"
        job["error"] = {"code": error.get("code"), "message": error.get("message"), "param": error.get("param")}
        job["finished_at"] = int(time.time())
        self._event(job["id"], f"The job failed: {error.get('message')}", "error")


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if not k.startswith("_")}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeFinetune
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, obj: Any) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _authorized(self) -> bool:
        key = self.fake.api_key
        if key is None or self.headers.get("Authorization", "") == f"Bearer {key}":
            return True
        self._send(401, _error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"))
        return False

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if not self._authorized():
            return
        fake = self.fake
        path = self.path.split("?")[0]
        with fake._lock:
            if path == "/v1/files":
                self._upload(body)
                return
            if path == "/v1/fine_tuning/jobs":
                self._create(json.loads(body or b"{}"))
                return
            m = re.fullmatch(r"/v1/fine_tuning/jobs/([^/]+)/cancel", path)
            if m and m.group(1) in fake.jobs:
                job = fake.jobs[m.group(1)]
                fake.cancels += 1
                if job["status"] in ("succeeded", "failed", "cancelled"):
                    self._send(400, _error(f"Job {job['id']} has already {job['status']}.",
                                           "invalid_request_error", "invalid_cancel"))
                    return
                job["status"] = "cancelled"
                job["finished_at"] = int(time.time())
                fake._event(job["id"], "Job was cancelled")
                self._send(200, _public(job))
                return
        self._send(404, _error(f"Unknown request URL: POST {path}", "invalid_request_error", "unknown_url"))

    def _upload(self, body: bytes) -> None:
        fake = self.fake
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers.get("Content-Type", "").encode() + b"\r\n\r\n" + body)
        parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
        if "file" not in parts or "purpose" not in parts:
            self._send(400, _error("file and purpose are required", "invalid_request_error", None))
            return
        content = parts["file"].get_payload(decode=True) or b""
        purpose = parts["purpose"].get_content().strip()
        filename = parts["file"].get_filename() or "upload.jsonl"
        file_id = fake._next_id("file")
        fake.files[file_id] = {"content": content, "purpose": purpose, "filename": filename}
        fake.uploads.append((purpose, filename, len(content)))
        self._send(200, {"id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
                         "filename": filename, "purpose": purpose, "status": "processed"})

    def _create(self, body: dict[str, Any]) -> None:
        fake = self.fake
        fake.created.append(body)
        file_id = body.get("training_file")
        if file_id not in fake.files:
            self._send(400, _error(f"Invalid file ID: {file_id}", "invalid_request_error", "invalid_file_id",
                                   "training_file"))
            return
        if fake.files[file_id]["purpose"] != "fine-tune":
            self._send(400, _error(f"File {file_id} is not for fine-tuning.", "invalid_request_error",
                                   "invalid_file_purpose", "training_file"))
            return
        if body.get("model") not in fake.models:
            self._send(404, _error(f"The model {body.get('model')!r} does not exist or cannot be fine-tuned.",
                                   "invalid_request_error", "model_not_found", "model"))
            return
        job_id = fake._next_id("ftjob")
        hyper = {"n_epochs": "auto", "batch_size": "auto", "learning_rate_multiplier": "auto",
                 **(body.get("hyperparameters") or {})}
        job = {"object": "fine_tuning.job", "id": job_id, "model": body["model"], "created_at": int(time.time()),
               "finished_at": None, "fine_tuned_model": None, "organization_id": "org-fake", "result_files": [],
               "status": "validating_files", "validation_file": body.get("validation_file"),
               "training_file": file_id, "hyperparameters": hyper, "trained_tokens": None, "error": None,
               "seed": 42, "suffix": body.get("suffix"), "_step": 0}
        fake.jobs[job_id] = job
        fake._event(job_id, f"Validating training file: {file_id}")
        self._send(200, _public(job))

    def do_GET(self) -> None:  # noqa: N802
        if not self._authorized():
            return
        fake = self.fake
        path, _, query = self.path.partition("?")
        with fake._lock:
            m = re.fullmatch(r"/v1/fine_tuning/jobs/([^/]+)(/events)?", path)
            if m and m.group(1) in fake.jobs:
                job = fake.jobs[m.group(1)]
                if m.group(2):
                    limit = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("limit", 20))
                    events = list(reversed(fake.events.get(job["id"], [])))[:limit]
                    self._send(200, {"object": "list", "data": events,
                                     "has_more": len(fake.events.get(job["id"], [])) > limit})
                    return
                fake.looks += 1
                fake.advance(job)
                self._send(200, _public(job))
                return
        self._send(404, _error(f"Unknown request URL: GET {path}", "invalid_request_error", "unknown_url"))


@pytest.fixture(name="fake_finetune")
def fake_finetune_fixture():
    server = FakeFinetune().start()
    try:
        yield server
    finally:
        server.stop()
