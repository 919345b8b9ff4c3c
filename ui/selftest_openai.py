"""Bundle check "openai api": every openai SDK call the app makes, against a tiny OpenAI-wire
server started here (127.0.0.1, a free port, stdlib http.server in a thread).

build.spec leaves out the parts of the openai package the app never reaches (its client imports
each resource lazily, on first use of ``client.<resource>``). This check makes the calls the app
makes — the connection test (models.list, chat.completions.create), the runner's raw chat post,
embeddings (the style flow), a batch (files.create, batches.create/retrieve/list/cancel,
files.content and the result lines read back as the batch code reads them), and a fine-tuning job
through ``FinetuneSession`` (files.create, fine_tuning.jobs.create/retrieve/list_events/cancel) —
and an error reply, so a module the frozen app lacks fails the self-test, not a user.

The SDK calls run on a plain asyncio loop in a worker thread: the self-test calls the bundle
checks from inside the Qt event loop (qasync).
"""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MODEL = "bundle-check"
CREATED = 1767225600  # any fixed time: the SDK only parses it


def _completion(model: str, content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-selftest", "object": "chat.completion", "created": CREATED, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}}


def _error(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class _Api:
    """What the server remembers: uploaded files, batches and fine-tuning jobs, and every request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files: dict[str, dict[str, Any]] = {}  # id → {"purpose", "content"}
        self.batches: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []

    def file(self, raw: bytes, content_type: str) -> tuple[int, Any]:
        """POST /v1/files: a multipart form with the fields purpose and file."""
        boundary = content_type.partition("boundary=")[2].strip('"').encode()
        fields: dict[str, tuple[str, bytes]] = {}
        for part in raw.split(b"--" + boundary) if boundary else ():
            head, sep, body = part.partition(b"\r\n\r\n")
            if not sep or b'name="' not in head:
                continue
            name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
            filename = head.split(b'filename="', 1)[1].split(b'"', 1)[0].decode() if b'filename="' in head else ""
            fields[name] = (filename, body.removesuffix(b"\r\n"))
        if "file" not in fields or "purpose" not in fields:
            return 400, _error(f"a file upload needs the fields file and purpose, got {sorted(fields)}",
                               "invalid_request_error", None)
        filename, content = fields["file"]
        purpose = fields["purpose"][1].decode()
        with self.lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = {"purpose": purpose, "content": content}
        return 200, {"id": file_id, "object": "file", "bytes": len(content), "created_at": CREATED,
                     "filename": filename, "purpose": purpose, "status": "processed"}

    def batch(self, body: dict[str, Any]) -> tuple[int, Any]:
        """POST /v1/batches: the output file answers every line of the input file."""
        source = self.files.get(body.get("input_file_id", ""))
        if source is None or source["purpose"] != "batch":
            return 404, _error("no such batch input file", "invalid_request_error", None)
        lines = [json.loads(x) for x in source["content"].decode("utf-8").splitlines() if x.strip()]
        results = "".join(json.dumps({"id": f"batch_req_{i}", "custom_id": line["custom_id"], "error": None,
                                      "response": {"status_code": 200, "request_id": f"req_{i}",
                                                   "body": _completion(line["body"]["model"], "批量的回答")}},
                                     ensure_ascii=False) + "\n" for i, line in enumerate(lines))
        with self.lock:
            batch_id = f"batch_{len(self.batches) + 1}"
            out_id = f"file-out-{batch_id}"
            self.files[out_id] = {"purpose": "batch_output", "content": results.encode("utf-8")}
            self.batches[batch_id] = {
                "id": batch_id, "object": "batch", "endpoint": body.get("endpoint"), "errors": None,
                "input_file_id": body["input_file_id"], "completion_window": body.get("completion_window"),
                "status": "validating", "created_at": CREATED, "metadata": body.get("metadata"),
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0}, "output_file_id": None,
                "error_file_id": None, "_out": out_id,
            }
        return 200, self._shown(self.batches[batch_id])

    @staticmethod
    def _shown(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def job(self, body: dict[str, Any]) -> tuple[int, Any]:
        """POST /v1/fine_tuning/jobs."""
        training = self.files.get(body.get("training_file", ""))
        if training is None or training["purpose"] != "fine-tune":
            return 400, _error("no such training file", "invalid_request_error", "invalid_training_file")
        with self.lock:
            job_id = f"ftjob-{len(self.jobs) + 1}"
            self.jobs[job_id] = {
                "id": job_id, "object": "fine_tuning.job", "created_at": CREATED, "error": None,
                "fine_tuned_model": None, "finished_at": None, "model": body.get("model"),
                "hyperparameters": {"n_epochs": (body.get("hyperparameters") or {}).get("n_epochs", "auto"),
                                    "batch_size": "auto", "learning_rate_multiplier": "auto"},
                "organization_id": "org-selftest", "result_files": [], "seed": 42, "status": "validating_files",
                "trained_tokens": None, "training_file": body["training_file"],
                "validation_file": body.get("validation_file"), "suffix": body.get("suffix"),
            }
        return 200, self.jobs[job_id]

    def get(self, path: str) -> tuple[int, Any, str]:
        parts = path.strip("/").split("/")[1:]  # below /v1
        if parts == ["models"]:
            return 200, {"object": "list", "data": [{"id": "listed-model", "object": "model", "created": CREATED,
                                                     "owned_by": "selftest"}]}, ""
        if parts == ["batches"]:
            data = [self._shown(b) for b in self.batches.values()]
            return 200, {"object": "list", "data": data, "first_id": data[0]["id"] if data else None,
                         "last_id": data[-1]["id"] if data else None, "has_more": False}, ""
        if len(parts) == 2 and parts[0] == "batches" and parts[1] in self.batches:
            batch = self.batches[parts[1]]
            if batch["status"] not in ("cancelling", "cancelled"):
                n = batch["request_counts"]["total"]
                batch.update(status="completed", output_file_id=batch["_out"],
                             request_counts={"total": n, "completed": n, "failed": 0})
            return 200, self._shown(batch), ""
        if len(parts) == 3 and parts[0] == "files" and parts[2] == "content" and parts[1] in self.files:
            return 200, self.files[parts[1]]["content"], "application/octet-stream"
        if len(parts) >= 3 and parts[:2] == ["fine_tuning", "jobs"] and parts[2] in self.jobs:
            job = self.jobs[parts[2]]
            if parts[3:] == ["events"]:
                events = [{"id": f"ftevent-{i}", "object": "fine_tuning.job.event", "created_at": CREATED + i,
                           "level": "info", "message": text, "type": "message"}
                          for i, text in enumerate(("Validating training file", "Fine-tuning job succeeded"))]
                return 200, {"object": "list", "data": events[::-1], "has_more": False}, ""  # newest first
            if not parts[3:]:
                if job["status"] != "cancelled":
                    job.update(status="succeeded", fine_tuned_model=f"ft:{job['model']}:selftest",
                               finished_at=CREATED + 60, trained_tokens=100)
                return 200, job, ""
        return 404, _error(f"Invalid URL (GET {path})", "invalid_request_error", None), ""

    def post(self, path: str, raw: bytes, content_type: str) -> tuple[int, Any, dict[str, str]]:
        parts = path.strip("/").split("/")[1:]
        if parts == ["files"]:
            return (*self.file(raw, content_type), {})
        body = json.loads(raw or b"{}")
        if parts == ["chat", "completions"]:
            if body.get("model") == "rate-limited":
                return 429, _error("Rate limit reached", "requests", "rate_limit_exceeded"), {"retry-after": "7"}
            return 200, _completion(body["model"], "你好"), {}
        if parts == ["embeddings"]:
            texts = [body["input"]] if isinstance(body["input"], str) else body["input"]
            data = []
            for i, _ in enumerate(texts):
                vec = [float(i + 1), 0.5, -0.25, 0.0]
                emb: Any = vec
                if body.get("encoding_format") == "base64":  # the SDK's default; it decodes it itself
                    emb = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode()
                data.append({"object": "embedding", "index": i, "embedding": emb})
            return 200, {"object": "list", "data": data, "model": body["model"],
                         "usage": {"prompt_tokens": 4, "total_tokens": 4}}, {}
        if parts == ["batches"]:
            return (*self.batch(body), {})
        if len(parts) == 3 and parts[0] == "batches" and parts[2] == "cancel" and parts[1] in self.batches:
            self.batches[parts[1]]["status"] = "cancelling"
            return 200, self._shown(self.batches[parts[1]]), {}
        if parts == ["fine_tuning", "jobs"]:
            return (*self.job(body), {})
        if len(parts) == 4 and parts[:2] == ["fine_tuning", "jobs"] and parts[3] == "cancel" and parts[2] in self.jobs:
            self.jobs[parts[2]]["status"] = "cancelled"
            return 200, self.jobs[parts[2]], {}
        return 404, _error(f"Invalid URL (POST {path})", "invalid_request_error", None), {}


def _handler(api: _Api) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms wait for an ACK

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - no access log on stderr
            pass

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                out = b""
                while size := int(self.rfile.readline().strip().split(b";")[0], 16):
                    out += self.rfile.read(size)
                    self.rfile.readline()
                self.rfile.readline()
                return out
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _send(self, status: int, obj: Any, content_type: str = "", headers: dict[str, str] | None = None) -> None:
            data = obj if isinstance(obj, bytes) else json.dumps(obj, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type or "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            api.calls.append(f"GET {path}")
            status, obj, content_type = api.get(path)
            self._send(status, obj, content_type)

        def do_POST(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            raw = self._body()
            api.calls.append(f"POST {path}")
            status, obj, headers = api.post(path, raw, self.headers.get("Content-Type", ""))
            self._send(status, obj, headers=headers)

    return Handler


def _need(cond: object, what: str) -> None:
    if not cond:
        raise AssertionError(what)


async def _calls(base_url: str, tmp: Path) -> list[str]:
    import openai
    from openai.types.chat import ChatCompletion

    from core.llm.batch import ENDPOINT, read_result, request_line
    from core.llm.client import describe_error, is_retryable, make_client, parse_retry_after, test_connection
    from core.llm.finetune import FinetuneSession
    from core.llm.providers import ProviderSettings

    settings = ProviderSettings(base_url=base_url, model=MODEL, timeout=10.0)
    done: list[str] = []
    ok, said = await test_connection(settings, None)  # models.list, then one chat completion
    _need(ok, f"connection test: {said.render('en')}")
    done.append("connection test")

    client = make_client(settings, None)
    try:
        body = {"model": MODEL, "messages": [{"role": "user", "content": "客栈开了多少年？"}]}
        reply = await client.post("/chat/completions", body=body, cast_to=ChatCompletion)  # the runner's call
        _need(reply.choices[0].message.content == "你好", f"chat completion: {reply!r}")
        try:
            await client.chat.completions.create(model="rate-limited", messages=body["messages"])
            _need(False, "a 429 reply raised nothing")
        except openai.RateLimitError as e:
            _need(parse_retry_after(e.response.headers) == 7.0 and is_retryable(e)  # the runner's backoff
                  and "429" in describe_error(e, settings).render("en"), f"a 429 reply read as {e!r}")
        done.append("chat")

        emb = await client.embeddings.create(model=MODEL, input=["甲", "乙"])  # the style flow's call
        _need([d.embedding[:2] for d in emb.data] == [[1.0, 0.5], [2.0, 0.5]], f"embeddings: {emb.data!r}")
        done.append("embeddings")

        lines = request_line("k1", body) + request_line("k2", body)
        uploaded = await client.files.create(file=("corpusmith-selftest-1.jsonl", lines, "application/jsonl"),
                                             purpose="batch")
        batch = await client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h",
                                            metadata={"corpusmith_batch": "1"})
        listed = [b.id async for b in await client.batches.list(limit=100)]
        _need(batch.id in listed, f"batches.list: {listed}")
        batch = await client.batches.retrieve(batch.id)
        _need(batch.status == "completed" and batch.output_file_id, f"batches.retrieve: {batch!r}")
        text = (await client.files.content(batch.output_file_id)).text
        got = [read_result(json.loads(x), settings) for x in text.splitlines()]
        _need([(g.custom_id, g.response is not None) for g in got] == [("k1", True), ("k2", True)],
              f"batch results: {got}")
        cancelled = await client.batches.cancel(batch.id)
        _need(cancelled.status == "cancelling", f"batches.cancel: {cancelled.status}")
        done.append("batch")
    finally:
        await client.close()

    train = tmp / "selftest-train.jsonl"
    row = {"messages": [{"role": "user", "content": "问"}, {"role": "assistant", "content": "答"}]}
    train.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for _ in range(10)), encoding="utf-8")
    async with FinetuneSession(settings, None) as session:
        job = await session.start(train, "base-model", suffix="selftest", n_epochs=2)
        new = await session.refresh(job)
        _need(job.status == "succeeded" and job.fine_tuned_model and len(new) == 2, f"fine-tuning job: {job}")
        await session.cancel(job)
    done.append("fine-tuning")
    return done


def _run_plain(base_url: str, tmp: Path) -> list[str]:
    """The calls on a plain asyncio loop of their own: asyncio.run() would ask the loop policy,
    which the self-test's qasync has replaced with one that makes Qt loops (main thread only)."""
    with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
        return runner.run(_calls(base_url, tmp))


def check_openai_api(tmp: Path) -> str:
    api = _Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="selftest-openai", daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        with ThreadPoolExecutor(1, thread_name_prefix="selftest-openai-client") as pool:
            done = pool.submit(_run_plain, base_url, tmp).result(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    return f"{', '.join(done)} against a local server ({len(api.calls)} requests)"
