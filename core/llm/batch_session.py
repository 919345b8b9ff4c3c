"""Batch mode: the requests of a run go to the provider's Batch API (half price, done within
24 h) instead of being sent one by one, and come back through the response cache.

A :class:`BatchSession` is handed to every :class:`~core.llm.runner.Runner` of a run
(``runner_options["batch"]``). A runner's ``run()`` then lets the session drive it:

1. **collect** — every batch of this endpoint the project still has open is polled; a finished
   one (completed, expired, failed, cancelled) has its output and error files read, and each
   answer goes into the response cache under its ``custom_id`` (= the request's cache key; the
   lines come in any order). Lines that brought no answer are noted with their reason.
2. **a pass** of the runner: items the cache answers finish exactly as in realtime (the same
   validators, echo checks, re-asks, samples). A request the cache cannot answer is *deferred*
   (:meth:`BatchSession.defer`): written as a batch line, the item left pending. A request
   already out in an open batch is never written again. A line that came back with an error or
   expired goes into the next batch (or is sent in realtime, ``realtime_retry``); the item fails
   with the reason only when ``max_attempts`` lines brought nothing, or at once when the
   provider refused the request for good (a bad request, as in realtime).
3. **submit** — the deferred lines are written as JSONL, split by the provider's limits (lines,
   bytes, one model a file), uploaded, and a batch is created for each file. Each batch is
   stored in the project before it is created and gets the provider's id the moment it exists.
4. With ``wait`` the session polls every ``poll_interval`` seconds until the batches holding
   this pass's lines are over, collects them, and runs the next pass (a re-ask is a new request:
   the next batch); otherwise the run ends with the items pending, and the next run collects.

Stages chain: the next stage of a flow is built from the items done, so a run collects the
questions and submits the answers. The money is counted when a batch is collected, at the
realtime prices of when it was sent times the provider's batch share.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openai

from core.llm.batch import (
    FINISHED,
    SUBMITTING,
    batch_error,
    read_result,
    request_line,
    result_lines,
    split_lines,
)
from core.llm.client import describe_error
from core.llm.providers import BatchTerms, ProviderSettings, normalize_base_url
from core.llm.runner import ItemDeferred, Runner, RunSummary, _ItemFailed, cache_key
from core.llm.secrets import register_secret
from core.messages import Message, decode, say

log = logging.getLogger("corpusmith.llm.batch")

MAX_ATTEMPTS = 3  # lines of one request that may come to nothing before its item fails
ORPHAN_AFTER = 600.0  # seconds: a batch written but never given the provider's id is looked for, then dropped
CANCEL_CHECK = 0.1  # seconds between looks at a cancel while waiting


@dataclass
class BatchReport:
    """What a session did, for a CLI line or a status area."""

    submitted: list[dict] = field(default_factory=list)  # batch rows created
    collected: list[tuple[dict, dict]] = field(default_factory=list)  # (batch row, {done, failed, lost})
    cost: float = 0.0  # of the batches collected
    realtime_cost: float = 0.0  # what their answers would have cost in realtime
    problems: list[Message] = field(default_factory=list)
    unsent: int = 0  # requests a failed upload or batch creation left for the next run (items pending)


def _stored(text: str) -> Message:
    return decode(text) or say("batch.note", text=text)


async def _open(source: Any) -> tuple[Any, bool]:
    """(client, whether we made it) from what a Runner takes."""
    if isinstance(source, openai.AsyncOpenAI) or not callable(source):
        return source, False
    made = source()
    client = await made if inspect.isawaitable(made) else made
    register_secret(getattr(client, "api_key", None))
    return client, True


class BatchSession:
    """Batch mode of one model service in one project, for one run (see the module docstring).

    ``submit=False`` is a realtime run in a project with batches still open: it collects them and
    never sends a request again that waits in one, but sends everything else now. ``events``
    may have ``on_batches(rows)`` (the open batches changed) and ``on_batch_problem(message)``."""

    def __init__(self, store: Any, settings: ProviderSettings, *, submit: bool = True, wait: bool = False,
                 poll_interval: float = 30.0, realtime_retry: bool = False, max_attempts: int = MAX_ATTEMPTS,
                 terms: BatchTerms | None = None, events: Any = None, client: Any = None):
        self.store = store
        self.settings = settings
        self.endpoint = normalize_base_url(settings.base_url)
        self.terms = terms or settings.batch_terms(asked=True) or BatchTerms()
        self.submit = submit
        self.wait = wait
        self.poll_interval = max(0.01, float(poll_interval))
        self.realtime_retry = realtime_retry
        self.max_attempts = max(1, int(max_attempts))
        self.events = events
        self.client_source = client  # for poll()/cancel() outside a run
        self.report = BatchReport()
        self._deferred: dict[str, tuple[str, bytes]] = {}  # custom_id → (model, line) of this pass
        self._waited: set[str] = set()  # custom_ids this pass's items wait for
        self._refresh()

    # ---- what the project knows ------------------------------------------------------------
    def _refresh(self) -> None:
        self._open = self.store.batch_open_lines(self.endpoint)
        self._trouble = self.store.batch_line_trouble(self.endpoint)

    def open_batches(self) -> list[dict]:
        return self.store.batches(self.endpoint, open_only=True)

    def waiting_lines(self) -> int:
        """Requests of this endpoint out in batches not collected yet."""
        return len(self._open)

    def waits(self, messages: list[dict]) -> bool:
        """Whether this prompt's request is out in an open batch (with or without JSON mode:
        the runner may have asked either way), so that an estimate does not count it again."""
        return any(cache_key(self.settings, messages, rf) in self._open for rf in (None, {"type": "json_object"}))

    # ---- the runner's hook -----------------------------------------------------------------
    def defer(self, body: dict[str, Any], key: str) -> None:
        """Called by the runner for a request the cache cannot answer: raises ItemDeferred (the
        request is in a batch, now or already), raises _ItemFailed (its lines are spent, or the
        provider refused it for good), or returns (send it now)."""
        if key in self._open:
            self._waited.add(key)
            raise ItemDeferred(key)
        trouble = self._trouble.get(key)
        if trouble is not None:
            attempts, reason, retry = trouble
            if not retry:
                raise _ItemFailed(_stored(reason))
            if attempts >= self.max_attempts:
                raise _ItemFailed(say("batch.gave_up", n=attempts, reason=_stored(reason)))
            if self.realtime_retry:
                return
        if not self.submit:
            return
        if key not in self._deferred:
            self._deferred[key] = (str(body.get("model") or ""), request_line(key, body))
        self._waited.add(key)
        raise ItemDeferred(key)

    async def run(self, runner: Runner, job_id: int, *, retry_failed: bool = False) -> RunSummary:
        """The runner's run() in batch mode: collect, pass, submit (and with `wait`: poll,
        collect and pass again until nothing of the job waits)."""
        client, owned = await _open(runner._client_source)
        passes: list[RunSummary] = []
        waited = 0.0
        cancelled = False
        try:
            if retry_failed and self.store.batch_forgive(self.endpoint):
                self._refresh()
            await self.collect(client)
            while True:
                self._deferred, self._waited = {}, set()
                summary = await runner._run_pass(job_id, retry_failed=retry_failed and not passes)
                passes.append(summary)
                if self._deferred and not summary.cancelled:
                    await self._submit(client, job_id, self._stage_of(runner, job_id))
                if summary.cancelled or not self.wait or not (self._waited & self._open):
                    break
                t0 = time.monotonic()
                cancelled = not await self._wait_for(client, runner, set(self._waited))
                waited += time.monotonic() - t0
                if cancelled:
                    break
        finally:
            self._deferred = {}
            if owned:
                try:
                    await client.close()
                except Exception:
                    log.debug("closing the batch client failed", exc_info=True)
        return _merged(passes, cancelled, waited)

    @staticmethod
    def _stage_of(runner: Runner, job_id: int) -> str:
        stage = getattr(runner.events, "stage", "")
        if stage:
            return str(stage)
        job = runner.store.job(job_id)
        return str(job["kind"]) if job else ""

    async def _wait_for(self, client: Any, runner: Runner, keys: set[str]) -> bool:
        """Poll until none of `keys` is out in an open batch; False when the run was cancelled
        meanwhile (the batches go on at the provider; the next run collects them)."""
        while keys & self._open:
            deadline = time.monotonic() + self.poll_interval
            while time.monotonic() < deadline:
                if runner._cancelled:
                    runner._cancelled = False  # (run() resets it after a pass; nothing runs now)
                    return False
                await asyncio.sleep(min(CANCEL_CHECK, self.poll_interval))
            await self.collect(client)
        return True

    # ---- submit ----------------------------------------------------------------------------
    async def _submit(self, client: Any, job_id: int | None, stage: str) -> None:
        deferred = [(model, key, line) for key, (model, line) in self._deferred.items() if key not in self._open]
        files = split_lines(deferred, self.terms)
        s = self.settings
        for n, (model, ids, content) in enumerate(files, 1):
            try:
                uploaded = await client.files.create(file=(f"corpusmith-{stage or 'batch'}-{n}.jsonl", content,
                                                           "application/jsonl"), purpose="batch")
            except Exception as e:
                self._problem(say("batch.upload_failed", reason=describe_error(e, s)))
                self.report.unsent += sum(len(rest[1]) for rest in files[n - 1:])
                return  # its items stay pending: the next run writes them again
            row = self.store.batch_begin(self.endpoint, model, ids, input_file_id=uploaded.id, job_id=job_id,
                                         stage=stage, price_in_per_m=s.price_in_per_m,
                                         price_out_per_m=s.price_out_per_m, price_factor=self.terms.price_factor)
            self._open.update(ids)
            try:
                batch = await client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                                    completion_window=self.terms.window,  # type: ignore[arg-type]
                                                    metadata={"corpusmith_batch": str(row)})
            except Exception as e:
                self.store.batch_abandon(row)
                self._open.difference_update(ids)
                self._problem(say("batch.create_failed", reason=describe_error(e, s)))
                self.report.unsent += sum(len(rest[1]) for rest in files[n - 1:])
                return
            self.store.batch_started(row, batch.id, batch.status)  # stored the moment it exists
            log.info("batch %s: %s request(s) of %s submitted", batch.id, len(ids), stage)
            self.report.submitted.append(self.store.batch(row))
        self._changed()

    # ---- collect ---------------------------------------------------------------------------
    async def poll(self) -> BatchReport:
        """Collect what is ready, outside a run (the window on opening a project, 检查进度)."""
        client, owned = await _open(self.client_source)
        try:
            await self.collect(client)
        finally:
            if owned:
                await client.close()
        return self.report

    async def collect(self, client: Any) -> None:
        """Poll every open batch of this endpoint; read the results of those that are over."""
        rows = self.open_batches()
        if not rows:
            return
        for row in rows:
            try:
                if row["status"] == SUBMITTING and not row["batch_id"]:
                    await self._recover(client, row)
                    continue
                batch = await client.batches.retrieve(row["batch_id"])
            except Exception as e:
                self._problem(say("batch.poll_failed", id=row["batch_id"] or row["id"],
                                  reason=describe_error(e, self.settings)))
                continue
            counts = getattr(batch, "request_counts", None)
            failure = batch_error(batch)
            self.store.batch_update(row["id"], status=batch.status, completed=getattr(counts, "completed", 0) or 0,
                                    failed=getattr(counts, "failed", 0) or 0, output_file_id=batch.output_file_id,
                                    error_file_id=batch.error_file_id, error=failure.encode() if failure else "")
            if batch.status in FINISHED:
                await self._read_results(client, self.store.batch(row["id"]), failure)
        self._refresh()
        self._changed()

    async def _read_results(self, client: Any, row: dict, failure: Message | None) -> None:
        answers: list[tuple[str, Any, int, int]] = []
        errors: list[tuple[str, str, bool]] = []
        for file_id in (row["output_file_id"], row["error_file_id"]):
            if not file_id:
                continue
            try:
                text = (await client.files.content(file_id)).text
            except Exception as e:
                self._problem(say("batch.download_failed", id=row["batch_id"], reason=describe_error(e, self.settings)))
                return  # not collected: tried again next time
            for obj in await asyncio.to_thread(lambda t=text: list(result_lines(t))):
                got = read_result(obj, self.settings)
                if got.response is not None:
                    answers.append((got.custom_id, got.response, got.tokens_in, got.tokens_out))
                else:
                    errors.append((got.custom_id, (got.reason or say("batch.line_missing")).encode(), got.retry))
        status = row["status"]
        if status == "cancelled":
            lost = say("batch.line_cancelled")
        elif status == "expired":
            lost = say("batch.line_expired")
        elif status == "failed":
            lost = failure or say("batch.batch_failed", said="")
        else:
            lost = say("batch.line_missing")
        factor = float(row["price_factor"])
        pin, pout = float(row["price_in_per_m"]), float(row["price_out_per_m"])

        def realtime(tin: int, tout: int) -> float:
            return (tin * pin + tout * pout) / 1e6

        # a cancel the user asked for is no failed attempt of its requests
        lost_counts = not (status == "cancelled" and row["cancel_asked"])
        counts = await asyncio.to_thread(
            self.store.batch_collect, row["id"], answers, errors, lost_error=lost.encode(), lost_counts=lost_counts,
            cost_of=lambda tin, tout: factor * realtime(tin, tout))
        if counts is None:
            return  # another poll (the window's, a second run) collected it first
        done = self.store.batch(row["id"])
        self.report.collected.append((done, counts))
        self.report.cost += done["cost"]
        self.report.realtime_cost += realtime(done["tokens_in"], done["tokens_out"])
        log.info("batch %s %s: %s answer(s), %s error(s), %s not run", row["batch_id"], status, counts["done"],
                 counts["failed"], counts["lost"])

    async def _recover(self, client: Any, row: dict) -> None:
        """A batch written but never given the provider's id (the app closed in between): find it
        by its input file, else drop it after a while (its lines never went out)."""
        async for b in await client.batches.list(limit=100):
            if b.input_file_id == row["input_file_id"]:
                self.store.batch_started(row["id"], b.id, b.status)
                return
        if time.time() - row["created_at"] > ORPHAN_AFTER:
            self.store.batch_abandon(row["id"])

    # ---- cancel ----------------------------------------------------------------------------
    async def cancel(self, rows: list[int] | None = None) -> int:
        """Ask the provider to cancel the open batches (these rows only); returns how many it
        took. What they answered before stopping is collected as usual; the rest stays pending."""
        client, owned = await _open(self.client_source)
        n = 0
        try:
            for row in self.open_batches():
                if rows is not None and row["id"] not in rows or not row["batch_id"]:
                    continue
                try:
                    batch = await client.batches.cancel(row["batch_id"])
                except Exception as e:
                    self._problem(say("batch.cancel_failed", id=row["batch_id"], reason=describe_error(e, self.settings)))
                    continue
                self.store.batch_cancel_asked(row["id"])
                counts = getattr(batch, "request_counts", None)
                self.store.batch_update(row["id"], status=batch.status, completed=getattr(counts, "completed", 0) or 0,
                                        failed=getattr(counts, "failed", 0) or 0,
                                        output_file_id=batch.output_file_id, error_file_id=batch.error_file_id)
                n += 1
        finally:
            if owned:
                await client.close()
        self._changed()
        return n

    # ---- events ----------------------------------------------------------------------------
    def _problem(self, message: Message) -> None:
        # the user hears it in their language (report.problems, on_batch_problem): the log keeps a
        # record without putting an English line on the terminal beside it
        log.info("%s", message.render("en"))
        self.report.problems.append(message)
        self._call("on_batch_problem", message)

    def _changed(self) -> None:
        self._call("on_batches", self.open_batches())

    def _call(self, name: str, *args: Any) -> None:
        fn: Callable | None = getattr(self.events, name, None) if self.events is not None else None
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:  # a listener's bug must not stop the run
            log.exception("batch event %s raised", name)


def collect_first(flow: Any) -> BatchSession | None:
    """For a realtime run of `flow` (a StagedFlow, or any flow with store, settings and
    runner_options) in a project whose batches of this service are still open: a session that
    collects them first and never resends what waits in one (None when there are none)."""
    store, settings = getattr(flow, "store", None), getattr(flow, "settings", None)
    if store is None or settings is None or "batch" in getattr(flow, "runner_options", {"batch": None}):
        return None
    if not store.batches(normalize_base_url(settings.base_url), open_only=True):
        return None
    session = BatchSession(store, settings, submit=False)
    flow.runner_options["batch"] = session
    return session


def _merged(passes: list[RunSummary], cancelled: bool, waited: float) -> RunSummary:
    """One summary of a run's passes: the job's counts at the end, this run's sums."""
    last = passes[-1]

    def total(name: str) -> Any:
        return sum(getattr(p, name) for p in passes)

    return RunSummary(
        job_id=last.job_id, done=last.done, failed=last.failed, pending=last.pending,
        done_now=total("done_now"), failed_now=total("failed_now"), cached=total("cached"), calls=total("calls"),
        retries=total("retries"), reasks=total("reasks"), tokens_in=total("tokens_in"),
        tokens_out=total("tokens_out"), cost=total("cost"), elapsed=total("elapsed") + waited,
        cancelled=cancelled or last.cancelled, status="cancelled" if cancelled else last.status,
        waiting=last.waiting)
