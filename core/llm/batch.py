"""The OpenAI-compatible Batch API's files, as plain functions (no network, no project): request
lines in, input files split by the provider's limits out, result lines read back.

Wire shape (see /work/shared/formats/batch_and_training.md): an input line is
``{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": <the realtime request>}``;
a result line (output or error file, in any order) is ``{"id", "custom_id", "response":
{"status_code", "request_id", "body"}, "error"}``. ``custom_id`` is the request's response-cache
key, so a collected answer lands where the realtime runner would have put it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import openai
from openai.types.chat import ChatCompletion

from core.llm.client import describe_error, is_retryable
from core.llm.providers import BatchTerms, ProviderSettings
from core.llm.runner import cached_response
from core.messages import Message, say

ENDPOINT = "/v1/chat/completions"
# the provider's batch statuses: still running, and over (its files can be read)
RUNNING = ("validating", "in_progress", "finalizing", "cancelling")
FINISHED = ("completed", "expired", "failed", "cancelled")
SUBMITTING = "submitting"  # ours: written, the provider's id not known yet


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One line of an input file (with its newline)."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def split_lines(lines: Iterable[tuple[str, str, bytes]], terms: BatchTerms) -> list[tuple[str, list[str], bytes]]:
    """(model, custom_id, line) → input files as (model, custom_ids, content): one model a file
    (some providers require it), at most ``terms.max_lines`` lines and ``terms.max_bytes`` bytes
    each. A line larger than the byte limit still goes alone in its file (the provider says no)."""
    by_model: dict[str, list[tuple[str, bytes]]] = {}
    for model, custom_id, line in lines:
        by_model.setdefault(model, []).append((custom_id, line))
    files: list[tuple[str, list[str], bytes]] = []
    max_lines = max(1, int(terms.max_lines))
    max_bytes = max(1, int(terms.max_bytes))
    for model, entries in by_model.items():
        ids: list[str] = []
        parts: list[bytes] = []
        size = 0
        for custom_id, line in entries:
            if ids and (len(ids) >= max_lines or size + len(line) > max_bytes):
                files.append((model, ids, b"".join(parts)))
                ids, parts, size = [], [], 0
            ids.append(custom_id)
            parts.append(line)
            size += len(line)
        if ids:
            files.append((model, ids, b"".join(parts)))
    return files


def result_lines(text: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a result file (blank or broken lines skipped: their requests count as
    not answered and are sent again)."""
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("custom_id"), str):
            yield obj


@dataclass
class LineResult:
    custom_id: str
    response: dict[str, Any] | None = None  # the cache record of an answer
    tokens_in: int = 0
    tokens_out: int = 0
    reason: Message | None = None  # why it brought no answer
    retry: bool = True  # it may be sent again


def _status_error(status: int, body: Any) -> openai.APIStatusError:
    """The error the realtime client would have raised for this status and body, so a batch line
    is described (and judged retryable) exactly as a realtime request."""
    request = httpx2.Request("POST", "https://batch.invalid" + ENDPOINT)
    err = body.get("error") if isinstance(body, dict) else None
    message = (err.get("message") if isinstance(err, dict) else None) or f"status {status}"
    return openai.APIStatusError(str(message), response=httpx2.Response(status, request=request), body=body)


def read_result(obj: dict[str, Any], settings: ProviderSettings) -> LineResult:
    """What one result line brings: an answer (its cache record and tokens), or why not."""
    out = LineResult(str(obj["custom_id"]))
    response = obj.get("response") if isinstance(obj.get("response"), dict) else None
    error = obj.get("error") if isinstance(obj.get("error"), dict) else None
    status = response.get("status_code") if response else None
    if response is not None and status == 200 and error is None:
        try:
            completion = ChatCompletion.model_validate(response.get("body"))
        except ValueError:
            completion = None
        if completion is None or not completion.choices:
            out.reason, out.retry = say("llm.no_choices"), False
            return out
        out.response, out.tokens_in, out.tokens_out = cached_response(completion, [])
        return out
    if error is not None and (response is None or status is None):
        code = str(error.get("code") or "")
        said = str(error.get("message") or code)
        if code == "batch_expired":
            out.reason = say("batch.line_expired")
        else:
            out.reason = say("batch.line_error", kind=code or "?", said=said[:300])
        return out
    if isinstance(status, int):
        e = _status_error(status, response.get("body") if response else None)
        out.reason, out.retry = describe_error(e, settings), is_retryable(e)
        return out
    out.reason = say("batch.line_missing")
    return out


def batch_error(batch: Any) -> Message | None:
    """Why the provider failed a batch (its first error), or None."""
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    if not errors:
        return None
    first = errors[0]
    said = str(getattr(first, "message", "") or getattr(first, "code", "") or "")
    return say("batch.batch_failed", said=said[:300])
