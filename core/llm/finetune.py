"""Fine-tuning at a provider with an OpenAI-shaped API (OpenAI, and the services that copy it):
upload the exported OpenAI-messages file, create the job, poll its status and events, cancel.

    POST /v1/files (purpose=fine-tune) → POST /v1/fine_tuning/jobs {training_file, model,
    hyperparameters?, suffix?, validation_file?} → GET /v1/fine_tuning/jobs/{id} (status:
    validating_files, queued, running, succeeded, failed, cancelled) and …/{id}/events;
    POST …/{id}/cancel.

A job is kept in the project (meta ``finetune_jobs``: id, endpoint, service name, model, status,
events, error — never a key) the moment the provider gives it an id, so closing the app or the
CLI loses nothing: the job runs at the provider, and the next look refreshes it. The key comes
from the keyring each time (core/llm/secrets.py, via the model service).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import openai

from core.errors import CorpusmithError, InputError
from core.llm.client import describe_error, make_client
from core.llm.providers import ProviderSettings
from core.messages import Message, say

STATUSES = ("validating_files", "queued", "running", "succeeded", "failed", "cancelled")
FINAL = ("succeeded", "failed", "cancelled")
JOBS_META = "finetune_jobs"
MAX_EVENTS = 200  # kept per job in the project; a long job logs a line per step
MIN_ROWS = 10  # OpenAI refuses a training file with fewer examples
# The keys OpenAI's fine-tuning file format accepts on a message; anything else (a field export's
# reasoning_content) fails the provider's validation after the upload, so it is refused here first.
MESSAGE_KEYS = frozenset({"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call"})


class FinetuneError(CorpusmithError):
    """The provider refused or could not be reached; the message says which and why."""


@dataclass
class FinetuneJob:
    id: str
    model: str
    base_url: str
    provider: str = ""
    service: str = ""  # the app's model service whose key started it ("" from the CLI without --service)
    training_file: str = ""  # the local file that was uploaded
    file_id: str = ""
    validation_file_id: str = ""
    status: str = ""
    fine_tuned_model: str = ""
    error: str = ""  # the provider's error code and message when the job failed
    created_at: float = 0.0
    updated_at: float = 0.0
    events: list[dict[str, Any]] = field(default_factory=list)  # {id, created_at, level, message}, oldest first

    @property
    def done(self) -> bool:
        return self.status in FINAL

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> FinetuneJob | None:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return None
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError:
            return None

    def status_line(self) -> Message:
        if self.status == "succeeded":
            return say("training.finetune.status.succeeded", id=self.id, model=self.fine_tuned_model or "?")
        if self.status == "failed":
            return say("training.finetune.status.failed", id=self.id, error=self.error or "?")
        return say("training.finetune.status", id=self.id, status=state_name(self.status), model=self.model)


def state_name(status: str) -> Message | str:
    """The status in the reader's words (a status this app does not know is shown as the provider said it)."""
    names = {"validating_files": say("training.finetune.state.validating_files"),
             "queued": say("training.finetune.state.queued"), "running": say("training.finetune.state.running"),
             "succeeded": say("training.finetune.state.succeeded"), "failed": say("training.finetune.state.failed"),
             "cancelled": say("training.finetune.state.cancelled")}
    return names.get(status, status or "?")


def event_line(event: dict[str, Any]) -> str:
    """One event as the provider wrote it, with its local time."""
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(event.get("created_at") or 0))
    return f"{when} [{event.get('level', '')}] {event.get('message', '')}"


# ---- the project's record ----------------------------------------------------------------------
def saved_jobs(store: Any) -> list[FinetuneJob]:
    """The project's jobs, oldest first."""
    raw = store.get_meta(JOBS_META, [])
    return [j for j in (FinetuneJob.from_dict(x) for x in (raw if isinstance(raw, list) else [])) if j]


def save_job(store: Any, job: FinetuneJob) -> None:
    jobs = saved_jobs(store)
    for i, old in enumerate(jobs):
        if old.id == job.id:
            jobs[i] = job
            break
    else:
        jobs.append(job)
    store.set_meta(JOBS_META, [j.to_dict() for j in jobs])


def find_job(store: Any, job_id: str | None = None) -> FinetuneJob | None:
    """The job of this id, or the latest one."""
    jobs = saved_jobs(store)
    if job_id:
        return next((j for j in jobs if j.id == job_id), None)
    return jobs[-1] if jobs else None


# ---- the training file -------------------------------------------------------------------------
def check_training_file(path: Path) -> int:
    """The number of examples, or an InputError: the file must be JSON Lines of {"messages": […]}
    (the OpenAI messages export with JSON Lines) with at least MIN_ROWS lines, its messages holding
    only the keys OpenAI accepts (MESSAGE_KEYS)."""
    if not path.is_file():
        raise InputError(say("training.finetune.no_file", path=str(path)))
    rows = 0
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                raise InputError(say("training.finetune.not_jsonl", path=str(path), line=number)) from None
            if not isinstance(row, dict) or not isinstance(row.get("messages"), list):
                raise InputError(say("training.finetune.not_messages", path=str(path), line=number))
            extra = sorted({k for m in row["messages"] if isinstance(m, dict) for k in m} - MESSAGE_KEYS)
            if extra:
                raise InputError(say("training.finetune.extra_keys", path=str(path), line=number,
                                     keys=", ".join(extra)))
            rows += 1
    if rows < MIN_ROWS:
        raise InputError(say("training.finetune.too_few", path=str(path), n=rows, min=MIN_ROWS))
    return rows


# ---- the provider --------------------------------------------------------------------------------
def _job_error(job: Any) -> str:
    err = getattr(job, "error", None)
    if not err:
        return ""
    code = getattr(err, "code", "") or ""
    message = getattr(err, "message", "") or ""
    return f"{code}: {message}" if code and message else (message or code)


class FinetuneSession:
    """One connection to the provider (the openai SDK; no retries of its own, see client.py)."""

    def __init__(self, settings: ProviderSettings, api_key: str | None):
        self.settings = settings
        self.api_key = api_key
        self.client = make_client(settings, api_key)

    async def close(self) -> None:
        await self.client.close()

    async def __aenter__(self) -> FinetuneSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _error(self, e: BaseException, model: str = "") -> FinetuneError:
        """Why a request failed, naming the model the request was about."""
        settings = self.settings
        if model and model != settings.model:
            settings = ProviderSettings.from_dict({**settings.to_dict(), "model": model})
        return FinetuneError(describe_error(e, settings, [self.api_key]))

    async def _upload(self, path: Path) -> str:
        try:
            with path.open("rb") as f:
                uploaded = await self.client.files.create(file=(path.name, f.read()), purpose="fine-tune")
        except openai.OpenAIError as e:
            raise self._error(e) from e
        return uploaded.id

    async def start(self, path: Path, model: str, *, suffix: str = "", n_epochs: int = 0,
                    validation_path: Path | None = None, service: str = "",
                    on_created: Callable[[FinetuneJob], None] | None = None) -> FinetuneJob:
        """Upload, create the job, and hand it to `on_created` (keep it in the project) at once."""
        check_training_file(path)
        if validation_path is not None:
            check_training_file(validation_path)
        file_id = await self._upload(path)
        validation_id = await self._upload(validation_path) if validation_path is not None else ""
        kwargs: dict[str, Any] = {"training_file": file_id, "model": model}
        if suffix:
            kwargs["suffix"] = suffix
        if n_epochs:
            kwargs["hyperparameters"] = {"n_epochs": int(n_epochs)}
        if validation_id:
            kwargs["validation_file"] = validation_id
        try:
            created = await self.client.fine_tuning.jobs.create(**kwargs)
        except openai.OpenAIError as e:
            raise self._error(e, model) from e
        now = time.time()
        job = FinetuneJob(id=created.id, model=model, base_url=self.settings.base_url, provider=self.settings.provider,
                          service=service, training_file=str(path), file_id=file_id, validation_file_id=validation_id,
                          status=created.status, fine_tuned_model=created.fine_tuned_model or "",
                          error=_job_error(created), created_at=now, updated_at=now)
        if on_created is not None:
            on_created(job)
        return job

    async def refresh(self, job: FinetuneJob) -> list[dict[str, Any]]:
        """Read the job's status and its new events into `job`; returns the new events, oldest first."""
        try:
            current = await self.client.fine_tuning.jobs.retrieve(job.id)
            page = await self.client.fine_tuning.jobs.list_events(job.id, limit=100)
        except openai.OpenAIError as e:
            raise self._error(e) from e
        job.status = current.status
        job.fine_tuned_model = current.fine_tuned_model or ""
        job.error = _job_error(current)
        job.updated_at = time.time()
        seen = {e["id"] for e in job.events}
        new = [{"id": e.id, "created_at": e.created_at, "level": e.level, "message": e.message}
               for e in page.data if e.id not in seen]
        new.sort(key=lambda e: (e["created_at"], e["id"]))  # the API lists newest first
        job.events = (job.events + new)[-MAX_EVENTS:]
        return new

    async def cancel(self, job: FinetuneJob) -> None:
        try:
            current = await self.client.fine_tuning.jobs.cancel(job.id)
        except openai.OpenAIError as e:
            raise self._error(e) from e
        job.status = current.status
        job.updated_at = time.time()

    async def wait(self, job: FinetuneJob, poll_interval: float = 30.0,
                   on_update: Callable[[FinetuneJob, list[dict[str, Any]]], None] | None = None) -> FinetuneJob:
        """Poll until the job is succeeded, failed or cancelled, reporting each look."""
        while True:
            new = await self.refresh(job)
            if on_update is not None:
                on_update(job, new)
            if job.done:
                return job
            await asyncio.sleep(poll_interval)
