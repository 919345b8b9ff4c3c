"""What every LLM flow shares: jobs run in stages by a :class:`~core.llm.runner.Runner`, one
control surface (run / pause / resume / cancel) and one event protocol for the UI and the CLI.

A flow subclasses :class:`StagedFlow`, implements ``_run(retry_failed)`` (its stages, each via
:meth:`StagedFlow._run_stage`) and ``_item_arrived(stage, job_id, item_id, output, meta)`` (what
a finished item becomes, usually a sample written at once)."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from core.llm.providers import ProviderSettings, normalize_base_url
from core.llm.runner import JobItemSpec, ProgressSnapshot, Runner, RunSummary, _ItemFailed
from core.messages import say
from core.text.echo import Echo, EchoRule
from core.text.reasoning import keep_reasoning

log = logging.getLogger("corpusmith.flows")


class FlowEvents(Protocol):
    """What a UI or the CLI hears from a run. Any method may be missing; all are called on the
    event loop's thread."""

    def on_stage(self, stage: str, total: int) -> None: ...

    def on_progress(self, stage: str, snapshot: ProgressSnapshot) -> None: ...

    def on_samples(self, sample_ids: list[int]) -> None: ...  # new (or updated) samples just written

    def on_failed(self, stage: str, key: str, reason: str) -> None: ...

    def on_style_progress(self, accepted: int, attempted: int) -> None: ...  # style flow: live acceptance


class _StageEvents:
    """Runner events of one stage, passed on to the flow."""

    def __init__(self, flow: StagedFlow, stage: str, job_id: int):
        self.flow, self.stage, self.job_id = flow, stage, job_id

    def on_progress(self, snapshot: ProgressSnapshot) -> None:
        self.flow._emit("on_progress", self.stage, snapshot)

    def on_item_failed(self, item_id: int, key: str, error: str) -> None:
        self.flow._emit("on_failed", self.stage, key, error)

    def on_item_done(self, item_id: int, key: str, output: dict, meta: dict) -> None:
        self.flow._item_arrived(self.stage, self.job_id, item_id, output, meta)


# ---- echoes of the prompt ----------------------------------------------------------------------
@dataclass
class _EchoProbe:
    """The item being answered (its prompt) and whether its latest answer was an echo."""

    messages: list[dict]
    last: Echo | None = None
    tries: int = 0


# each worker is its own task, and the validator runs inside it: the probe is the worker's own
_PROBE: contextvars.ContextVar[_EchoProbe | None] = contextvars.ContextVar("echo_probe", default=None)


def echo_guard(validate: Any, rule: EchoRule) -> Any:
    """`validate` (a runner validator), then: an answer that only echoes the prompt (its example,
    a blank record, its instructions — see core/text/echo.py) is invalid. The model is re-asked
    with the reason like for any invalid answer; when the re-asks are spent the item fails, and
    :class:`EchoGuardRunner` stores the echo as its reason."""

    def guarded(text: str) -> tuple[Any, str | None]:
        value, err = validate(text)
        probe = _PROBE.get()
        if probe is not None:
            probe.tries += 1
            probe.last = None
        if err is not None:
            return value, err
        echo = rule.find(value, probe.messages if probe is not None else None)
        if echo is None:
            return value, None
        if probe is not None:
            probe.last = echo
        return None, echo.for_model()

    return guarded


class EchoGuardRunner(Runner):
    """A Runner that shows its validator the prompt being answered, and stores an item that
    failed for echoing the prompt with a coded reason (counted as an echo in the run's summary)."""

    async def _answer_item(self, spec: JobItemSpec, ctx: Any) -> tuple[dict, int, int]:
        probe = _EchoProbe(list(spec.messages))
        token = _PROBE.set(probe)
        try:
            return await super()._answer_item(spec, ctx)
        except _ItemFailed as f:
            echo = probe.last
            # the re-asks are spent and the last answer was an echo: the runner's "no valid answer
            # after n tries: <what the model was told>" becomes the echo's own coded reason
            if echo is not None and f.reason.params.get("error") == echo.for_model():
                raise _ItemFailed(say("echo.item_failed", n=probe.tries, why=echo.message())) from None
            raise
        finally:
            _PROBE.reset(token)


def made_by(settings: ProviderSettings) -> dict[str, str]:
    """The model and endpoint that answer with these settings, as a job records them."""
    return {"model": settings.model, "endpoint": normalize_base_url(settings.base_url)}


@dataclass(frozen=True)
class EarlierModel:
    """A model whose answers the flow's input already has (see StagedFlow.earlier_models)."""

    model: str
    endpoint: str
    answers: int  # done items of its first-stage job(s)


class StagedFlow:
    """`client` is what :class:`Runner` takes: an AsyncOpenAI (left open) or a callable making one
    (a new client per stage, closed after it). `runner_options` go to each Runner (e.g.
    ``max_reasks``, ``backoff_base``)."""

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, events: FlowEvents | None = None,
                 runner_options: dict | None = None):
        self.store = store
        self.client = client
        self.settings = settings
        self.events = events
        self.runner_options = dict(runner_options or {})
        self._runner: Runner | None = None
        self._running = False
        self._cancelled = False
        self._paused = False
        self._resume_evt = asyncio.Event()
        self._resume_evt.set()
        self._new_samples = 0

    # ---- to implement ------------------------------------------------------------------------
    async def _run(self, retry_failed: bool) -> Any:
        raise NotImplementedError

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        """A finished item of `stage` (default: nothing to do)."""

    # ---- control -----------------------------------------------------------------------------
    def pause(self) -> None:
        """No new request until resume(); requests in flight finish and are stored."""
        self._paused = True
        self._resume_evt.clear()
        if self._runner is not None and self._runner.running:
            self._runner.pause()

    def resume(self) -> None:
        self._paused = False
        self._resume_evt.set()
        if self._runner is not None and self._runner.running:
            self._runner.resume()

    def cancel(self) -> None:
        """Stop soon: no new request; answers already asked for get a few seconds to arrive and
        are kept (see Runner.cancel); a second cancel stops at once. Unfinished items stay
        pending for the next run (which continues them)."""
        self._cancelled = True
        self._resume_evt.set()
        if self._runner is not None:
            self._runner.cancel()

    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        return self._paused

    async def _gate(self) -> bool:
        """Wait while paused; False when cancelled."""
        while self._paused and not self._cancelled:
            await self._resume_evt.wait()
        return not self._cancelled

    # ---- run ---------------------------------------------------------------------------------
    async def run(self, retry_failed: bool = False) -> Any:
        """Every stage; raises InputError when the flow's validate() finds problems."""
        if self._running:
            raise RuntimeError("this flow is already running")
        self._running = True
        self._new_samples = 0
        try:
            return await self._run(retry_failed)
        finally:
            self._running = False
            self._runner = None
            self._cancelled = False
            self._paused = False
            self._resume_evt.set()

    FLOW = ""  # the flow's name in a sample's provenance ("qa", "extract", "aspects" …)
    runner_class = EchoGuardRunner  # a flow whose validator needs more than the answer text may subclass it

    def _echo_rule(self, stage: str) -> EchoRule | None:
        """How an answer of `stage` that only echoes its prompt is told (None: not checked)."""
        return None

    def echoes(self, failed: Any) -> int:
        """How many of the (…, reason) failures are echoes of the prompt."""
        from core.text.echo import count_echoes

        return count_echoes(f[-1] for f in failed)

    def provenance(self, *templates: Any, **params: Any) -> dict[str, Any]:
        """How a sample was made — flow, model, endpoint, prompt template versions and the run's
        parameters — stored as ``meta["made"]`` so a dataset can be audited and regenerated."""
        made: dict[str, Any] = {"flow": self.FLOW, "model": self.settings.model,
                                "base_url": self.settings.base_url,
                                "temperature": getattr(self.settings, "temperature", None)}
        if templates:
            made["templates"] = {f"{t.name}:{t.lang}": t.digest() for t in templates if t is not None}
        if params:
            made["params"] = params
        return made

    def _restore_samples(self, job_id: int, make_sample: Any, on_row: Any = None) -> list[int]:
        """Give every done item of the job that has no sample its sample (a crash between storing
        an answer and writing its sample loses nothing; nothing is duplicated either).
        ``make_sample(job_id, item_id, value, meta)`` (the item's reasoning is kept on the sample:
        core.text.reasoning.keep_reasoning); ``on_row(value, meta)`` hears of every done item
        (for counts). Returns the new sample ids. Blocking: run it in a thread."""
        have = self.store.sample_job_items(job_id)
        created: list[int] = []
        after = 0
        while rows := self.store.done_items(job_id, after_id=after, limit=500):
            after = rows[-1]["id"]
            missing = []
            for r in rows:
                value = (r["output"] or {}).get("value")
                meta = (r["input"] or {}).get("meta") or {}
                if on_row is not None:
                    on_row(value, meta)
                if r["id"] not in have:
                    missing.append(keep_reasoning(make_sample(job_id, r["id"], value, meta), r["output"]))
            if missing:
                created.extend(self.store.add_samples(missing))
        if created:
            log.info("%s job %s: %s sample(s) restored for answers stored without one", self.FLOW, job_id,
                     len(created))
        return created

    STAGES: tuple[str, ...] = ()  # the stages' names, in the order _jobs() returns their jobs

    def _jobs(self) -> tuple[int | None, ...]:
        """The job of each stage for the current options, where it exists (None where not)."""
        return ()

    def failed_items(self) -> list[tuple[str, int, str, str]]:
        """(stage, item_id, key, reason) of the failed items of every stage's job."""
        from core.llm.templates import LANGS

        out: list[tuple[str, int, str, str]] = []
        if getattr(getattr(self, "options", None), "lang", "zh") not in LANGS:
            return out  # the templates (and so the jobs) of an unknown language do not exist
        for stage, job in zip(self.STAGES, self._jobs(), strict=True):
            if job is not None:
                out.extend((stage, f["id"], f["key"], f["error"]) for f in self.store.failed_items(job))
        return out

    def _job_keys(self, job_id: int | None) -> set[str]:
        """Keys of all items of a job, whatever their status."""
        keys: set[str] = set()
        if job_id is None:
            return keys
        for fetch in (lambda a: self.store.pending_items(job_id, True, after_id=a, limit=500),
                      lambda a: self.store.done_items(job_id, after_id=a, limit=500)):
            after = 0
            while rows := fetch(after):
                keys.update(r["key"] for r in rows)
                after = rows[-1]["id"]
        return keys

    # ---- estimates: requests a --batch run already submitted ---------------------------------
    def _waits_in_batch(self, messages: list[dict]) -> bool:
        """Whether this prompt's request is out in an open batch (a --batch run collecting): an
        estimate counts it as waiting, not as still to send (it is not sent again, nor paid again)."""
        batch = self.runner_options.get("batch")
        return batch is not None and batch.waits(messages)

    def _keys_waiting(self, job_id: int | None) -> set[str]:
        """Keys of the job's unfinished items whose request is out in an open batch."""
        keys: set[str] = set()
        if job_id is None or self.runner_options.get("batch") is None:
            return keys
        after = 0
        while rows := self.store.pending_items(job_id, True, after_id=after, limit=500):
            after = rows[-1]["id"]
            keys.update(r["key"] for r in rows if self._waits_in_batch((r["input"] or {}).get("messages") or []))
        return keys

    def _source_name(self, source_id: int | None, everything: str = "all documents") -> str:
        """A source's name for job names ("all documents" for None)."""
        if source_id is None:
            return everything
        src = next((s for s in self.store.sources() if s["id"] == source_id), None)
        return src["name"] if src else f"source #{source_id}"

    # ---- which model a job is of ------------------------------------------------------------
    # The model and the endpoint are part of what a job is: the same options with another model
    # are another job, whose samples stand beside the first model's (each sample's meta.made says
    # which made it). The response cache (keyed by endpoint, model and prompt) still answers the
    # same model's prompts for free. A job from before this was recorded has no MADE_BY: it is
    # the job of the model its samples name, or of any model when they name none.
    MADE_BY = "made_by"

    def _made_by(self) -> dict[str, str]:
        return made_by(self.settings)

    def _find_job(self, kind: str, params: dict) -> int | None:
        """The newest job of this kind made with exactly these parameters by this model."""
        asked = getattr(self, "_asked_jobs", None)
        if asked is not None:
            asked.append((kind, params))
        wanted = {**params, self.MADE_BY: self._made_by()}
        legacy = None
        for j in self.store.jobs():  # newest first
            if j["kind"] != kind:
                continue
            if j["params"] == wanted:
                return j["id"]
            if legacy is None and j["params"] == params:
                by = self.store.job_made_by(j["id"])
                if by is None or by == wanted[self.MADE_BY]:
                    legacy = j["id"]
        return legacy

    def _create_job(self, kind: str, name: str, params: dict) -> int:
        """A new job of this model (see _find_job)."""
        return self.store.create_job(kind, name, {**params, self.MADE_BY: self._made_by()})

    def earlier_models(self) -> list[EarlierModel]:
        """Other models (or endpoints) whose answers these same options already have, when this
        model has none yet — what to ask before a run ("generate again with Y?"); empty when
        there is nothing to ask. Blocking (reads the project): run it in a thread."""
        self._asked_jobs: list[tuple[str, dict]] | None = []
        try:
            self._jobs()
            asked = self._asked_jobs
        finally:
            self._asked_jobs = None
        if not asked:
            return []
        kind, params = asked[0]  # the first stage: the work done on the input itself
        if self._find_job(kind, params) is not None:
            return []  # this model has its own job: the run continues it
        mine = self._made_by()
        found: dict[tuple[str, str], int] = {}
        for j in self.store.jobs():
            if j["kind"] != kind or not j["done"]:
                continue
            rest = dict(j["params"])
            by = rest.pop(self.MADE_BY, None) or self.store.job_made_by(j["id"])
            if rest != params or by is None or by == mine:
                continue
            ident = (by["model"], by["endpoint"])
            found[ident] = found.get(ident, 0) + int(j["done"])
        return [EarlierModel(model, endpoint, n) for (model, endpoint), n in found.items()]

    async def _run_stage(self, stage: str, job_id: int, retry_failed: bool, validate: Any) -> RunSummary:
        counts = self.store.job_counts(job_id)
        self._emit("on_stage", stage, sum(counts.values()))
        rule = self._echo_rule(stage) if validate is not None else None
        if rule is not None:
            validate = echo_guard(validate, rule)
        runner = self.runner_class(self.store, self.client, self.settings, events=_StageEvents(self, stage, job_id),
                                   validate=validate, **self.runner_options)
        # no await between the pause check and run(): run() resets the runner's pause state
        if not await self._gate():
            runner.cancel()
        self._runner = runner
        try:
            return await runner.run(job_id, retry_failed=retry_failed)
        finally:
            self._runner = None

    def _emit(self, name: str, *args: Any) -> None:
        fn = getattr(self.events, name, None) if self.events is not None else None
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:  # a listener's bug must not stop the flow
            log.exception("flow event %s raised", name)


def unfinished_work(store: Any, kinds: Any) -> tuple[int, int]:
    """(pending, failed) items of the project's jobs of these kinds: work a quit, crash or cancel
    left for the next run (which continues the same jobs and pays nothing twice)."""
    kinds = set(kinds)
    pending = failed = 0
    for job in store.jobs():
        if job["kind"] in kinds:
            pending += job["pending"]
            failed += job["failed"]
    return pending, failed
