"""The job runner: many chat requests, persisted item by item, resumable, cached, polite.

A job is a list of items in the project file (``job_items``); each holds the messages to send.
:class:`Runner` works through the job's pending items with ``settings.concurrency`` workers,
an RPM/TPM limiter, a per-request timeout, and retries with exponential backoff and jitter that
honour ``Retry-After``. Each answer is committed the moment it arrives (response cache first,
then the item), so quitting or crashing loses nothing that was paid for: the next run skips
finished items and answers the interrupted ones from the cache when it can. Cancel (and Ctrl+C,
which cancels ``run()``) is graceful: no new request starts, the requests already sent get a few
seconds (``cancel_grace``) to bring their answers, which are stored; a second cancel is immediate.

Structured answers: with a ``validate`` callable (see core/llm/parse.py) each answer is
parsed and checked; an invalid one is re-asked up to ``max_reasks`` times with the reason,
then the item fails with that reason (and stays retryable). No item is ever dropped: when
``run()`` returns, every item is done, failed with a reason, or pending because of cancel.

Progress goes out through :class:`RunnerEvents` (plain callbacks on the event loop thread).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import openai
from openai.types.chat import ChatCompletion

from core.llm.client import describe_error, is_retryable, parse_retry_after
from core.llm.limits import RateLimiter, Ticket, estimate_message_tokens
from core.llm.offpeak import now as wall_clock
from core.llm.providers import ProviderSettings, normalize_base_url
from core.llm.secrets import redact, register_secret
from core.messages import Message, render, say
from core.text.reasoning import split_reasoning

log = logging.getLogger("corpusmith.llm")

# The re-ask is for the model, in English whatever the user's language: its wording is part of
# the cache key, so a language switch must not make the same answer be paid for twice.
REASK = "Your answer was not valid: {error}; reply with JSON only."
PAGE = 256  # items read from the project file at a time
# Workers start this far apart. Building a request costs ~1.5 ms of CPU, so 64 workers starting
# together hold the event loop for ~100 ms (and their answers come back together): a frozen
# window under qasync. Spread over ~0.13 s, the waves never form; the cost is paid once a run.
RAMP_STEP = 0.002
# Cancel lets the requests already sent finish for this long: their answers are being paid for,
# and most arrive within seconds. A second cancel (or the deadline) abandons the rest.
CANCEL_GRACE = 5.0


# ---- data -----------------------------------------------------------------------------------
@dataclass
class JobItemSpec:
    """One prompt of a job. `meta` is stored with the item and handed back with its result."""

    key: str
    messages: list[dict]
    meta: dict = field(default_factory=dict)

    def to_input(self) -> dict[str, Any]:
        return {"messages": self.messages, "meta": self.meta}

    @classmethod
    def from_input(cls, key: str, data: dict[str, Any]) -> JobItemSpec:
        return cls(key=key, messages=list(data.get("messages") or []), meta=dict(data.get("meta") or {}))


def add_items(store: Any, job_id: int, specs: Iterable[JobItemSpec]) -> int:
    """Queue specs as job items (keys already there are left alone); returns how many were new."""
    return store.add_job_items(job_id, ((s.key, s.to_input()) for s in specs))


@dataclass
class ProgressSnapshot:
    """Where a run stands. Item counts are for the whole job (`pending` excludes the items in
    flight, so total = done + failed + in_flight + pending); calls, cache hits, tokens and cost
    are this run's, and tokens/cost count paid calls only."""

    job_id: int
    total: int
    done: int
    failed: int
    in_flight: int
    pending: int
    cached: int
    calls: int
    retries: int
    tokens_in: int
    tokens_out: int
    cost: float
    elapsed: float
    eta_seconds: float | None
    paused: bool = False


@dataclass
class RunSummary:
    job_id: int
    done: int  # the job's items, at the end of the run
    failed: int
    pending: int
    done_now: int  # items finished by this run
    failed_now: int
    cached: int  # responses served from the cache (cost nothing)
    calls: int  # requests sent to the provider (retries and re-asks included)
    retries: int
    reasks: int
    tokens_in: int  # paid tokens of this run
    tokens_out: int
    cost: float
    elapsed: float
    cancelled: bool
    status: str
    waiting: int = 0  # items left pending for a batch of the provider (batch mode)


class RunnerEvents(Protocol):
    """What a UI (or a CLI) hears from a run. All are called on the event loop's thread; any
    method may be left out of an implementation."""

    def on_item_done(self, item_id: int, key: str, output: dict, meta: dict) -> None: ...

    # `error` is stored text (core.messages encoded): show it with core.messages.render
    def on_item_failed(self, item_id: int, key: str, error: str) -> None: ...

    def on_progress(self, snapshot: ProgressSnapshot) -> None: ...


@dataclass
class _Answer:
    content: str
    reasoning: str | None
    finish_reason: str | None
    tokens_in: int
    tokens_out: int
    cached: bool
    cache_key: str


@dataclass
class _ItemContext:
    calls: int = 0  # requests sent for this item
    keys: list[str] = field(default_factory=list)  # cache keys of the answers it used


class ItemDeferred(Exception):
    """Raised by a batch session (core/llm/batch_session.py) instead of an answer: the request
    goes into a provider batch, or already waits in one. The item stays pending."""


class _ItemFailed(Exception):
    def __init__(self, reason: Message):
        super().__init__(reason)
        self.reason = reason


def cache_key(settings: ProviderSettings, messages: list[dict], response_format: dict | None) -> str:
    """sha256 of what decides an answer: endpoint, model, messages and parameters."""
    payload = {
        "base_url": normalize_base_url(settings.base_url),
        "model": settings.model,
        "messages": messages,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "response_format": response_format,
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def estimate_cost(items: Iterable[Any], settings: ProviderSettings, *,
                  tokens_out_per_item: int | None = None) -> tuple[int, int, float]:
    """(tokens_in, tokens_out, money) before a run. Items are JobItemSpecs, message lists or
    dicts with "messages". Output is counted at max_tokens per item unless told otherwise, so
    the figure is an upper bound."""
    tin = n = 0
    for it in items:
        messages = it.messages if isinstance(it, JobItemSpec) else (
            it.get("messages", []) if isinstance(it, dict) else it)
        tin += estimate_message_tokens(messages)
        n += 1
    tout = n * (settings.max_tokens if tokens_out_per_item is None else tokens_out_per_item)
    return tin, tout, settings.cost(tin, tout)


def cached_response(resp: Any, messages: list[dict]) -> tuple[dict[str, Any], int, int]:
    """(what the response cache keeps, tokens in, tokens out) of a chat completion with at
    least one choice — one form for an answer sent now and one collected from a provider batch."""
    choice = resp.choices[0]
    msg = choice.message
    content = msg.content or ""
    extra = getattr(msg, "model_extra", None) or {}
    reasoning = extra.get("reasoning_content") or extra.get("reasoning") or None
    usage = getattr(resp, "usage", None)
    if usage is not None and usage.prompt_tokens is not None:
        tin, tout = int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)
    else:  # some local servers send no usage: estimate
        tin = estimate_message_tokens(messages)
        tout = estimate_message_tokens([{"content": content + (reasoning or "")}]) - 3
    response = {"content": content, "reasoning": reasoning, "finish_reason": choice.finish_reason,
                "model": getattr(resp, "model", None)}
    return response, tin, tout


def _mentions_response_format(e: BaseException) -> bool:
    text = f"{getattr(e, 'message', '')} {getattr(e, 'body', '')}".lower()
    return "response_format" in text or "json_object" in text or "json mode" in text


# ---- the runner -----------------------------------------------------------------------------
class Runner:
    """Runs one job at a time. `client` is an AsyncOpenAI (kept open) or a callable returning
    one (sync or async; the runner closes what it made). See the module docstring."""

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, *,
                 events: RunnerEvents | None = None,
                 validate: Callable[[str], tuple[Any, str | Message | None]] | None = None,
                 max_reasks: int = 2, max_retries: int = 5,
                 limiter: RateLimiter | None = None,
                 json_mode: bool | None = None,
                 backoff_base: float = 1.0, backoff_max: float = 60.0, max_retry_after: float = 300.0,
                 progress_interval: float = 0.1, cancel_grace: float = CANCEL_GRACE, batch: Any = None):
        self.store = store
        # batch mode (a core.llm.batch_session.BatchSession): a request the cache cannot answer is
        # written into a provider batch instead of being sent, and run() collects and submits
        self.batch = batch
        self.settings = settings
        self.events = events
        self.validate = validate
        self.max_reasks = max(0, int(max_reasks))
        self.max_retries = max(0, int(max_retries))
        self.limiter = limiter or RateLimiter(settings.rpm, settings.tpm)
        # response_format json_object only for structured answers (OpenAI refuses it unless the
        # prompt mentions JSON) and only where the provider takes it
        self.json_mode = (validate is not None and settings.use_json_mode()) if json_mode is None else json_mode
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.progress_interval = progress_interval
        self.cancel_grace = max(0.0, float(cancel_grace))
        self._client_source = client
        self._client: Any = None
        self._resume_evt = asyncio.Event()
        self._resume_evt.set()
        self._cancelled = False
        self._running = False
        self._tasks: list[asyncio.Task] = []
        self._sending: set[asyncio.Task] = set()  # workers waiting for an answer they asked for
        self._hard_cancel: asyncio.TimerHandle | None = None
        self._job_id = 0
        self._reset_stats()

    # ---- control (call on the loop's thread) ---------------------------------------------
    def pause(self) -> None:
        """Start no new request until resume(); requests in flight finish and are stored."""
        if self._resume_evt.is_set():
            self._resume_evt.clear()
            self._pause_started = time.monotonic()
            self._set_status("paused")
            self._emit(force=True)

    def resume(self) -> None:
        if not self._resume_evt.is_set():
            self._paused_total += time.monotonic() - self._pause_started
            self._resume_evt.set()
            self._set_status("running")
            self._emit(force=True)

    def cancel(self) -> None:
        """Stop: no new request from now on; requests already sent get `cancel_grace` seconds
        to bring their answers, which are stored like any other (they are paid for). A second
        cancel() abandons them at once. Unfinished items stay pending for the next run.

        Called before a scheduled run() got going, it makes that run stop at once."""
        if self._cancelled:
            self._abandon()
            return
        self._cancelled = True
        self._resume_evt.set()
        sending = self._sending
        for t in self._tasks:
            if t not in sending:  # idle, waiting for the limiter or a backoff: nothing to keep
                t.cancel()
        if sending:
            log.info("cancel: waiting up to %.0f s for %s answer(s) already asked for",
                     self.cancel_grace, len(sending))
            with contextlib.suppress(RuntimeError):  # no loop running: nothing is in flight
                self._hard_cancel = asyncio.get_running_loop().call_later(self.cancel_grace, self._abandon)

    def _abandon(self) -> None:
        """Cancel every task of the run now (the second cancel, or the grace is over)."""
        self._cancelled = True
        self._resume_evt.set()
        if self._hard_cancel is not None:
            self._hard_cancel.cancel()
            self._hard_cancel = None
        for t in self._tasks:
            t.cancel()

    @property
    def cancelling(self) -> bool:
        """Cancelled, and waiting for answers already asked for."""
        return self._cancelled and self._running

    @property
    def paused(self) -> bool:
        return not self._resume_evt.is_set()

    @property
    def running(self) -> bool:
        return self._running

    # ---- run -----------------------------------------------------------------------------
    async def run(self, job_id: int, *, retry_failed: bool = False) -> RunSummary:
        """Work through the job's pending items (and failed ones, with retry_failed). In batch
        mode the batch session runs the passes (collect, answer from the cache, submit, wait)."""
        if self.batch is not None:
            return await self.batch.run(self, job_id, retry_failed=retry_failed)
        return await self._run_pass(job_id, retry_failed=retry_failed)

    async def _run_pass(self, job_id: int, *, retry_failed: bool = False) -> RunSummary:
        if self._running:
            raise RuntimeError("this runner is already running a job")
        self._running = True
        self._job_id = job_id
        self._resume_evt.set()
        self._reset_stats()
        try:
            counts = self.store.job_counts(job_id)
            owned = await self._open_client()
        except BaseException:
            self._running = False
            raise
        self._done, self._failed, self._pending = counts["done"], counts["failed"], counts["pending"]
        if retry_failed:
            self._pending += self._failed
            self._failed = 0
        self._t0 = time.monotonic()
        self._set_status("running")
        log.info("job %s: %s items to do, concurrency %s", job_id, self._pending, self.settings.concurrency)
        queue: asyncio.Queue = asyncio.Queue(maxsize=max(2, 2 * self.settings.concurrency))
        n_workers = max(1, int(self.settings.concurrency))
        workers = [asyncio.create_task(self._worker(queue, i * RAMP_STEP), name=f"llm-worker-{i}")
                   for i in range(n_workers)]
        producer = asyncio.create_task(self._produce(queue, retry_failed, n_workers), name="llm-producer")
        ticker = asyncio.create_task(self._tick(), name="llm-ticker")
        self._tasks = [producer, *workers]
        self._sending = set()
        error: BaseException | None = None
        try:
            self._emit(force=True)
            done, _ = await asyncio.wait(self._tasks, return_when=asyncio.FIRST_EXCEPTION)
            for t in done:
                if not t.cancelled() and t.exception() is not None:
                    error = t.exception()
                    break
        except asyncio.CancelledError:
            # run() itself was cancelled (Ctrl+C in the CLI, a page closing): the same graceful
            # stop as cancel(); cancelling run() again abandons the answers still on their way
            await self._drain_after_outer_cancel()
            raise
        finally:
            if self._hard_cancel is not None:
                self._hard_cancel.cancel()
                self._hard_cancel = None
            for t in (*self._tasks, ticker):
                t.cancel()
            await asyncio.gather(*self._tasks, ticker, return_exceptions=True)
            self._tasks = []
            self._running = False
            if owned:
                try:
                    await self._client.close()
                except Exception:  # closing a broken client must not hide the real outcome
                    log.debug("closing the client failed", exc_info=True)
            self._client = None
            summary = self._finish(error)
            self._cancelled = False  # (a cancel() that came before this run started did stop it)
        if error is not None:
            raise error
        return summary

    async def _drain_after_outer_cancel(self) -> None:
        self.cancel()
        pending = [t for t in self._tasks if not t.done()]
        if not pending:
            return
        try:
            await asyncio.wait(pending, timeout=self.cancel_grace)
        except asyncio.CancelledError:
            pass  # cancelled again: the finally of run() abandons the rest
        self._abandon()

    def _finish(self, error: BaseException | None) -> RunSummary:
        try:
            counts = self.store.job_counts(self._job_id)
        except Exception:
            counts = {"done": self._done, "failed": self._failed, "pending": self._pending}
        if self._cancelled or error is not None:
            status = "cancelled"
        elif counts["pending"] == 0:
            status = "done"
        else:
            status = "paused"
        self._set_status(status)
        self._done, self._failed, self._pending = counts["done"], counts["failed"], counts["pending"]
        self._emit(force=True)
        summary = RunSummary(
            job_id=self._job_id, done=counts["done"], failed=counts["failed"], pending=counts["pending"],
            done_now=self._done_now, failed_now=self._failed_now, cached=self._cached, calls=self._calls,
            retries=self._retries, reasks=self._reasks, tokens_in=self._tokens_in,
            tokens_out=self._tokens_out, cost=self._cost,
            elapsed=time.monotonic() - self._t0, cancelled=self._cancelled, status=status, waiting=self._waiting,
        )
        log.info("job %s %s: %s done, %s failed, %s pending; %s calls, %s cached, %s retries",
                 self._job_id, status, summary.done, summary.failed, summary.pending, summary.calls,
                 summary.cached, summary.retries)
        return summary

    async def _open_client(self) -> bool:
        src = self._client_source
        if isinstance(src, openai.AsyncOpenAI) or not callable(src):
            self._client = src
            owned = False
        else:
            made = src()
            self._client = await made if inspect.isawaitable(made) else made
            owned = True
        register_secret(getattr(self._client, "api_key", None))
        return owned

    async def _produce(self, queue: asyncio.Queue, include_failed: bool, n_workers: int) -> None:
        after = 0
        while not self._cancelled:
            rows = self.store.pending_items(self._job_id, include_failed, after_id=after, limit=PAGE)
            if not rows:
                break
            for row in rows:
                await queue.put(row)
            after = rows[-1]["id"]
        for _ in range(n_workers):
            await queue.put(None)

    async def _worker(self, queue: asyncio.Queue, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        while not self._cancelled:  # (a worker whose answer came in after cancel() stops here)
            row = await queue.get()
            if row is None or self._cancelled:
                return
            await self._gate()
            await self._process(row)

    async def _gate(self) -> None:
        if not self._resume_evt.is_set():
            self._emit(force=True)
            await self._resume_evt.wait()
        if self._cancelled:
            raise asyncio.CancelledError

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            self._emit()

    # ---- one item ------------------------------------------------------------------------
    async def _process(self, row: dict) -> None:
        item_id, key = row["id"], row["key"]
        spec = JobItemSpec.from_input(key, row["input"])
        self._in_flight += 1
        ctx = _ItemContext()
        try:
            try:
                output, tin, tout = await self._answer_item(spec, ctx)
            finally:
                self._in_flight -= 1
        except _ItemFailed as f:
            reason = redact(f.reason.encode())  # stored coded: it reads in the reader's language later
            # drop the answers that led here, so a retry asks the model again
            self.store.cache_delete(ctx.keys)
            self.store.fail_item(item_id, reason, attempts=ctx.calls)
            self._count(ok=False)
            log.info("item %s (%s) failed: %s", item_id, key, reason)
            self._call_event("on_item_failed", item_id, key, reason)
            self._emit()
            return
        except asyncio.CancelledError:
            raise
        except ItemDeferred:  # its request is in a provider batch: pending until that is collected
            self._waiting += 1
            self._emit()
            return
        except Exception as e:  # a bug in a validator or an odd response: fail the item, loudly
            log.exception("item %s (%s): unexpected error", item_id, key)
            reason = redact(say("llm.internal_error", kind=type(e).__name__, text=str(e)).encode())
            self.store.fail_item(item_id, reason, attempts=ctx.calls)
            self._count(ok=False)
            self._call_event("on_item_failed", item_id, key, reason)
            self._emit()
            return
        self.store.finish_item(item_id, output, tin, tout, attempts=ctx.calls)
        self._count(ok=True)
        self._call_event("on_item_done", item_id, key, output, spec.meta)
        self._emit()

    def _count(self, ok: bool) -> None:
        self._pending -= 1  # (a retry_failed run counts the failed items as pending from its start)
        if ok:
            self._done += 1
            self._done_now += 1
        else:
            self._failed += 1
            self._failed_now += 1

    async def _answer_item(self, spec: JobItemSpec, ctx: _ItemContext) -> tuple[dict, int, int]:
        messages = list(spec.messages)
        if not messages:
            raise _ItemFailed(say("llm.no_messages"))
        tin = tout = 0
        reasks = 0
        while True:
            ans = await self._ask(messages, ctx)
            ctx.keys.append(ans.cache_key)
            tin += ans.tokens_in
            tout += ans.tokens_out
            # the answer and the reasoning apart, whichever shape the model gave them in (a field of
            # the message, <think> blocks in the content): no consumer sees a think block as answer
            answer, thought = split_reasoning(ans.content, ans.reasoning)
            output: dict[str, Any] = {"content": answer}
            if thought:
                output["reasoning"] = thought
            if ans.finish_reason and ans.finish_reason != "stop":
                output["finish_reason"] = ans.finish_reason
            if self.validate is None:
                if not answer.strip():
                    if thought:
                        raise _ItemFailed(say("reasoning.no_answer", finish=str(ans.finish_reason)))
                    raise _ItemFailed(say("llm.empty_answer", finish=str(ans.finish_reason)))
                return output, tin, tout
            if ans.finish_reason == "length":
                raise _ItemFailed(say("llm.cut_off", max_tokens=self.settings.max_tokens))
            value, err = self.validate(answer)
            if err is None:
                output["value"] = value
                return output, tin, tout
            if reasks >= self.max_reasks:
                raise _ItemFailed(say("llm.no_valid_answer", n=reasks + 1, error=err))
            reasks += 1
            self._reasks += 1
            messages = [*messages, {"role": "assistant", "content": ans.content},
                        {"role": "user", "content": REASK.format(error=render(err, "en"))}]

    def _request(self, messages: list[dict]) -> tuple[dict[str, Any], str]:
        s = self.settings
        response_format = {"type": "json_object"} if self.json_mode else None
        body: dict[str, Any] = {"model": s.model, "messages": messages, "temperature": s.temperature,
                                "max_tokens": s.max_tokens}
        if response_format:
            body["response_format"] = response_format
        return body, cache_key(s, messages, response_format)

    async def _ask(self, messages: list[dict], ctx: _ItemContext) -> _Answer:
        """One answer for `messages`: from the cache, or from the provider with retries."""
        body, key = self._request(messages)
        hit = self.store.cache_get(key)
        if hit is not None:
            self._cached += 1
            return self._from_cache(hit, key)
        if self.batch is not None:
            self.batch.defer(body, key)  # raises ItemDeferred (or _ItemFailed); returning: ask now
        attempt = 0
        estimate = estimate_message_tokens(messages) + self.settings.max_tokens
        while True:
            await self._gate()
            ticket = await self.limiter.acquire(estimate)
            await self._gate()
            self._calls += 1
            ctx.calls += 1
            sent_at = wall_clock()  # a call is priced at the rate in effect when it was made
            try:
                resp = await self._send(body)
                answer = self._accept(resp, ticket, key, messages)
                self._cost += self.settings.cost_at(answer.tokens_in, answer.tokens_out, sent_at)
                return answer
            except asyncio.CancelledError:
                raise
            except _ItemFailed:
                raise
            except Exception as e:
                status = getattr(e, "status_code", None)
                # a refused request cost no tokens; a timeout or a server error may have
                self.limiter.settle(ticket, 0 if status is not None and status < 500 else ticket.tokens)
                if ("response_format" in body and isinstance(e, openai.BadRequestError)
                        and _mentions_response_format(e)):
                    if self.json_mode:
                        log.warning("the provider refused response_format; asking without JSON mode")
                    self.json_mode = False  # for this run (concurrent requests land here too)
                    body, key = self._request(messages)
                    hit = self.store.cache_get(key)
                    if hit is not None:
                        self._cached += 1
                        return self._from_cache(hit, key)
                    continue
                reason = describe_error(e, self.settings)
                if not is_retryable(e):
                    raise _ItemFailed(reason) from e
                if self._cancelled:  # no retry after cancel: the item stays pending
                    raise asyncio.CancelledError from e
                attempt += 1
                if attempt > self.max_retries:
                    raise _ItemFailed(say("llm.gave_up", n=attempt, reason=reason)) from e
                delay = self._backoff(attempt, e)
                self._retries += 1
                log.debug("retry %s/%s in %.2f s: %s", attempt, self.max_retries, delay, reason)
                await asyncio.sleep(delay)

    async def _send(self, body: dict[str, Any]) -> Any:
        """One request; while it is out, cancel() lets it finish (see cancel())."""
        task = asyncio.current_task()
        if task is not None:
            self._sending.add(task)
        try:
            async with asyncio.timeout(self.settings.timeout + 1.0):
                # the SDK's documented raw call: the same request, response model and errors as
                # chat.completions.create, without its per-call transform of the parameters
                # (which costs ~0.3-0.8 ms of CPU a request, a lot at 64 in flight)
                return await self._client.post("/chat/completions", body=body, cast_to=ChatCompletion,
                                               options={"timeout": self.settings.timeout})
        finally:
            self._sending.discard(task)

    def _backoff(self, attempt: int, e: BaseException) -> float:
        retry_after = None
        response = getattr(e, "response", None)
        if isinstance(e, openai.APIStatusError) and response is not None:
            retry_after = parse_retry_after(response.headers)
        if retry_after is not None:
            delay = min(retry_after, self.max_retry_after) + random.uniform(0, min(1.0, 0.1 * retry_after))
        else:  # exponential with "equal jitter": half fixed, half random
            base = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
            delay = random.uniform(base / 2, base)
        if getattr(e, "status_code", None) == 429:
            self.limiter.cool_down(delay)  # the whole account is over its limit, not this item
        return delay

    def _accept(self, resp: Any, ticket: Ticket, key: str, messages: list[dict]) -> _Answer:
        choices = getattr(resp, "choices", None) or []
        if not choices:
            self.limiter.settle(ticket, ticket.tokens)
            raise _ItemFailed(say("llm.no_choices"))
        response, tin, tout = cached_response(resp, messages)
        self.limiter.settle(ticket, tin + tout)
        self.store.cache_put(key, response, tin, tout)  # committed now: paid work is never lost
        self._tokens_in += tin
        self._tokens_out += tout
        return _Answer(response["content"], response["reasoning"], response["finish_reason"], tin, tout, False, key)

    @staticmethod
    def _from_cache(hit: dict, key: str) -> _Answer:
        r = hit["response"]
        return _Answer(str(r.get("content") or ""), r.get("reasoning"), r.get("finish_reason"),
                       int(hit["tokens_in"]), int(hit["tokens_out"]), True, key)

    # ---- events and status ---------------------------------------------------------------
    def _reset_stats(self) -> None:
        self._done = self._failed = self._pending = 0
        self._done_now = self._failed_now = 0
        self._in_flight = self._cached = self._calls = self._retries = self._reasks = 0
        self._waiting = 0
        self._tokens_in = self._tokens_out = 0
        self._cost = 0.0  # each call at the price of its hour (time-of-day prices)
        self._t0 = time.monotonic()
        self._last_emit = 0.0
        self._paused_total = 0.0
        self._pause_started = 0.0

    def _set_status(self, status: str) -> None:
        if self._job_id:
            try:
                self.store.set_job_status(self._job_id, status)
            except Exception:
                log.warning("could not record job status %r", status, exc_info=True)

    def snapshot(self) -> ProgressSnapshot:
        now = time.monotonic()
        elapsed = now - self._t0
        active = elapsed - self._paused_total - ((now - self._pause_started) if self.paused else 0.0)
        finished = self._done_now + self._failed_now
        remaining = max(0, self._pending)
        eta = None
        if finished and active > 0:
            eta = remaining / (finished / active) if remaining else 0.0
        waiting = max(0, self._pending - self._in_flight)
        return ProgressSnapshot(
            job_id=self._job_id, total=self._done + self._failed + self._pending, done=self._done,
            failed=self._failed, in_flight=self._in_flight, pending=waiting, cached=self._cached,
            calls=self._calls, retries=self._retries, tokens_in=self._tokens_in, tokens_out=self._tokens_out,
            cost=self._cost, elapsed=elapsed, eta_seconds=eta,
            paused=self.paused,
        )

    def _emit(self, force: bool = False) -> None:
        if self.events is None or getattr(self.events, "on_progress", None) is None:
            return
        now = time.monotonic()
        if not force and now - self._last_emit < self.progress_interval:
            return
        self._last_emit = now
        self._call_event("on_progress", self.snapshot())

    def _call_event(self, name: str, *args: Any) -> None:
        fn = getattr(self.events, name, None) if self.events is not None else None
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:  # a listener's bug must not stop the job
            log.exception("runner event %s raised", name)
