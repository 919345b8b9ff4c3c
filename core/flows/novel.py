"""Novel → writing instructions ("reverse instructions").

Each document source's text is cut at sentence boundaries into chunks of at most
``chunk_size`` characters (:func:`~core.text.chunking.chunk_spans`, no overlap — the chunks
are the answers, so no text may appear twice). This is the document's *raw* text cut with the
flow's own size, not the project's stored chunks (those were cut at import with another size).

One job (kind ``novel_summary``), one item per chunk (key ``f"{source_id}:{index}"``) asking for
``{"summary": "..."}``: one sentence of at most ``max_chars`` characters describing what the
chosen style asks for (plot / theme and characters / outline). Each finished item becomes an
``sft`` sample at once:

- user turn: the instruction (editable; by default
  ``你是一个熟读各类小说的专家，请你根据要求写一段800字左右的小说。``), a blank line, the summary —
  with ``meta["instruction"]`` set, so the Alpaca export writes ``instruction`` and ``input``
  columns;
- assistant turn: the original chunk, exactly as it stands in the document (the LLM never
  rewrites it).

An over-long summary is kept, and the sample says so in its reason
(``"summary 63 characters > 50"``).

**Previous-chunk context** (``previous=True``): an item's prompt holds the summary of the
chunk before it, so the chunks of one document are summarised *in order*: the stage runs in
waves, each wave asking for the next chunk of every document whose previous chunk is done
(documents run concurrently; one request at a time within a document). An item's prompt is
stored when it is queued, so a cancelled or crashed run continues where it stopped; a failed
item holds back the rest of its document until it is retried (``retry_failed``) — those chunks
are listed in :attr:`NovelResult.waiting`. The alternative (a first pass without context, a
second with it) would have cost every chunk twice.

Jobs are found again by their parameters (source, chunk size, length cap, style, previous,
language, template hash, instruction), so running again continues where it stopped and pays
nothing twice; a changed instruction makes a new job whose prompts are the same, so the
response cache answers them for free. At the start and end of a run every done item is given
its sample if a crash left it without one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from core.errors import InputError
from core.flows import staged
from core.flows.staged import FlowEvents, StagedFlow
from core.llm.limits import RateLimiter
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import say
from core.model import Sample
from core.text.chunking import chunk_spans
from core.text.echo import EchoRule

log = logging.getLogger("corpusmith.flows.novel")

JOB_KIND = "novel_summary"
STAGE = "summaries"
PAGE = 500
MIN_CHUNK_SIZE = 20
MAX_CHUNK_SIZE = 100_000
MIN_MAX_CHARS = 5

DEFAULT_INSTRUCTION_ZH = "你是一个熟读各类小说的专家，请你根据要求写一段{n}字左右的小说。"
DEFAULT_INSTRUCTION_EN = ("You are an expert who has read novels of every kind. Following the request, "
                          "write a passage of a novel of about {n} characters.")
DEFAULT_INSTRUCTIONS = {"zh": DEFAULT_INSTRUCTION_ZH, "en": DEFAULT_INSTRUCTION_EN}

# What the summary describes ({{style}} in the template), per language.
SUMMARY_STYLES: dict[str, dict[str, str]] = {
    "plot": {"zh": "情节概要（发生了什么事、谁做了什么）",
             "en": "plot summary (what happens, who does what)"},
    "theme": {"zh": "主题与人物（写了哪些人物，表现了什么主题或情感）",
              "en": "theme and characters (who appears, and what theme or feeling the passage conveys)"},
    "outline": {"zh": "写作提纲（交代场景、人物和情节走向，就像动笔前列的提纲）",
                "en": "writing outline (setting, characters and where the plot goes, as a writer notes "
                      "before writing the passage)"},
}


# ---- chunks of the documents' raw text (shared with the dialogue extraction) --------------------
@dataclass
class DocChunk:
    source_id: int
    doc: str  # the source's name
    index: int  # 0-based, in the document
    text: str  # exactly the document's text[start:start + len(text)]
    start: int  # offset in the document's text
    first_line: int  # 1-based line of the document where the chunk starts

    @property
    def key(self) -> str:
        return f"{self.source_id}:{self.index}"


def _document_scope(store: Any, source_id: int | None) -> tuple[list[dict], str | None]:
    """(document sources in scope, problem or None)."""
    from core.flows.script import document_sources

    try:
        return document_sources(store, source_id), None
    except InputError as e:
        return [], str(e)


def document_chunks(store: Any, source_id: int | None, size: int) -> list[DocChunk]:
    """Every document source's stored text (or one source's) cut at sentence boundaries into
    chunks of at most `size` characters, without overlap, in source order. Blocking."""
    from core.flows.script import document_text

    sources, problem = _document_scope(store, source_id)
    if problem:
        raise InputError(problem)
    out: list[DocChunk] = []
    for src in sources:
        try:
            text = document_text(store, src["id"])[0]
        except InputError:
            continue  # a source without stored text has no chunks (validate() says so)
        line, at = 1, 0
        for i, (a, b) in enumerate(chunk_spans(text, size, 0)):
            line += text.count("\n", at, a)
            at = a
            out.append(DocChunk(src["id"], src["name"], i, text[a:b], a, line))
    return out


def compose(instruction: str, text: str) -> str:
    """The user turn: instruction, a blank line, the input."""
    return f"{instruction}\n\n{text}" if instruction else text


def one_line(text: str) -> str:
    """Whitespace runs (line breaks too) made one space, ends trimmed."""
    return " ".join(text.split())


# ---- options, result, validation ----------------------------------------------------------------
@dataclass
class NovelOptions:
    source_id: int | None = None  # this document source; None = every document of the project
    chunk_size: int = 800  # characters per chunk at most (cut at sentence boundaries)
    max_chars: int = 50  # the longest a summary should be (longer ones are kept, with a reason)
    style: str = "plot"  # "plot", "theme" or "outline" (SUMMARY_STYLES)
    previous: bool = False  # give the previous chunk's summary as context (chunks then run in order)
    instruction: str = ""  # "" = DEFAULT_INSTRUCTIONS[lang]; "{n}" is replaced by chunk_size
    lang: str = "zh"


@dataclass
class NovelResult:
    chunks: int  # chunks in scope
    summarized: int  # done items of the job (all runs so far)
    too_long: int  # of which the summary is longer than max_chars (sample kept with a reason)
    samples: int  # samples written by this run (including ones restored after a crash)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason)
    echoes: int = 0  # failed items whose answer only echoed the prompt (core/text/echo.py)
    waiting: list[str] = field(default_factory=list)  # previous=True: chunks held back by a failed one
    cancelled: bool = False
    cost: float = 0.0
    calls: int = 0
    cached: int = 0
    job_id: int | None = None


def _check_summary(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "the answer must be a JSON object {\"summary\": \"...\"}"
    if "summary" not in value:
        return "the answer is missing the field “summary”"
    if not isinstance(value["summary"], str) or not value["summary"].strip():
        return "“summary” must be a non-empty string"
    return None


SUMMARY_VALIDATOR = json_validator(_check_summary)


def too_long_reason(summary: str, max_chars: int) -> str:
    n = len(summary)
    return f"summary {n} characters > {max_chars}" if n > max_chars else ""


# ---- the flow -----------------------------------------------------------------------------------
class NovelFlow(StagedFlow):
    """Novel chunks → one-sentence summaries → (instruction + summary → original chunk) samples.
    See the module docstring. Same control surface as the other flows (run/pause/resume/cancel,
    FlowEvents)."""

    FLOW = "novel"

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: NovelOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self._chunks: dict[str, DocChunk] = {}
        self._source_ids: set[int] = set()
        self._made: dict[str, Any] = {}
        self._instruction = ""
        self._summaries: dict[str, str] = {}  # previous mode: item key → summary of done items
        self._quiet_stage = False

    # ---- inputs ------------------------------------------------------------------------------
    def template(self) -> Template:
        return project_template(self.store, "novel_summary", self.options.lang)

    def _echo_rule(self, stage: str) -> EchoRule:
        return EchoRule.of(self.template())

    def instruction(self) -> str:
        """The sample instruction in effect ({n} filled in with the chunk size)."""
        o = self.options
        text = o.instruction.strip() or DEFAULT_INSTRUCTIONS.get(o.lang, DEFAULT_INSTRUCTION_ZH)
        return text.replace("{n}", str(o.chunk_size))

    def style_text(self) -> str:
        o = self.options
        return SUMMARY_STYLES[o.style].get(o.lang) or SUMMARY_STYLES[o.style]["en"]

    def chunks(self) -> list[DocChunk]:
        """The chunks in scope ([] when there is no document: validate() says why). Blocking."""
        try:
            return document_chunks(self.store, self.options.source_id, self.options.chunk_size)
        except InputError:
            return []

    def validate(self) -> list[str]:
        o = self.options
        problems: list[str] = []
        if o.lang not in LANGS:
            problems.append(say("novel.unknown_lang", lang=o.lang, known=", ".join(LANGS)).render())
        if o.style not in SUMMARY_STYLES:
            problems.append(say("novel.unknown_style", style=o.style, known=", ".join(SUMMARY_STYLES)).render())
        size_ok = isinstance(o.chunk_size, int) and MIN_CHUNK_SIZE <= o.chunk_size <= MAX_CHUNK_SIZE
        if not size_ok:
            problems.append(say("novel.chunk_size_range", least=MIN_CHUNK_SIZE, most=f"{MAX_CHUNK_SIZE:,}",
                                got=repr(o.chunk_size)).render())
        if not isinstance(o.max_chars, int) or o.max_chars < MIN_MAX_CHARS:
            problems.append(say("novel.max_chars_range", least=MIN_MAX_CHARS, got=repr(o.max_chars)).render())
        sources, problem = _document_scope(self.store, o.source_id)
        if problem:
            problems.append(problem)
        elif size_ok and not self.chunks():
            problems.append(say("novel.no_text").render())
        if o.lang in LANGS:
            problems.extend(say("novel.template_problem", lang=o.lang, problem=p).render()
                            for p in validate_template(self.template()))
        return problems

    def preview_messages(self) -> list[dict]:
        """The prompt for the first chunk, as it will be sent ([] without chunks)."""
        chunks = self.chunks()
        return self._messages(self.template(), chunks[0], "") if chunks else []

    def _messages(self, t: Template, c: DocChunk, previous: str) -> list[dict]:
        return render(t, text=c.text, previous=previous, max_chars=self.options.max_chars, style=self.style_text())

    # ---- job ---------------------------------------------------------------------------------
    def _params(self, t: Template) -> dict:
        o = self.options
        return {"source_id": o.source_id, "chunk_size": o.chunk_size, "max_chars": o.max_chars, "style": o.style,
                "previous": o.previous, "lang": o.lang, "template": t.digest(), "instruction": self.instruction()}

    def job_id(self) -> int | None:
        """The job of these options, where it exists."""
        return self._find_job(JOB_KIND, self._params(self.template()))

    def failed_items(self) -> list[tuple[str, int, str, str]]:
        """(stage, item_id, key, reason) of the job's failed items."""
        if self.options.lang not in LANGS or self.options.style not in SUMMARY_STYLES:
            return []
        job = self.job_id()
        if job is None:
            return []
        return [(STAGE, f["id"], f["key"], f["error"]) for f in self.store.failed_items(job)]

    def _job_name(self) -> str:
        o = self.options
        where = "all documents"
        if o.source_id is not None:
            src = next((s for s in self.store.sources() if s["id"] == o.source_id), None)
            where = src["name"] if src else f"source #{o.source_id}"
        return f"Novel summaries · {where} · {o.chunk_size} chars · {o.style} · {o.lang}"

    def _spec(self, t: Template, c: DocChunk, previous: str) -> JobItemSpec:
        meta: dict[str, Any] = {"source_id": c.source_id, "chunk": c.index, "doc": c.doc}
        if self.options.previous:
            meta["previous"] = previous
        return JobItemSpec(c.key, self._messages(t, c, previous), meta)

    def _job_state(self, job_id: int) -> tuple[set[str], dict[str, str]]:
        """(keys of all items, item key → summary of the done ones). Blocking."""
        keys: set[str] = set()
        summaries: dict[str, str] = {}
        after = 0
        while rows := self.store.pending_items(job_id, True, after_id=after, limit=PAGE):  # pending + failed
            keys.update(r["key"] for r in rows)
            after = rows[-1]["id"]
        after = 0
        while rows := self.store.done_items(job_id, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            for r in rows:
                keys.add(r["key"])
                value = (r["output"] or {}).get("value")
                if isinstance(value, dict) and isinstance(value.get("summary"), str):
                    summaries[r["key"]] = one_line(value["summary"])
        return keys, summaries

    # ---- samples -----------------------------------------------------------------------------
    def _sample(self, job_id: int, item_id: int, value: Any, meta: dict) -> Sample | None:
        key = f"{meta.get('source_id')}:{meta.get('chunk')}"
        c = self._chunks.get(key)
        if c is None:  # its source was removed since
            return None
        summary = one_line(str((value or {}).get("summary") or "")) if isinstance(value, dict) else ""
        smeta: dict[str, Any] = {"flow": "novel", "job_id": job_id, "job_item": item_id, "source_id": c.source_id,
                                 "doc": c.doc, "chunk": c.index, "summary": summary,
                                 "instruction": self._instruction, "made": self._made}
        if self.options.previous:
            smeta["previous"] = str(meta.get("previous") or "")
        return Sample.qa(compose(self._instruction, summary), c.text, kind="sft",
                         reason=too_long_reason(summary, self.options.max_chars),
                         source_id=c.source_id if c.source_id in self._source_ids else None, meta=smeta)

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        value = (output or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("summary"), str):
            self._summaries[f"{meta.get('source_id')}:{meta.get('chunk')}"] = one_line(value["summary"])
        sample = self._sample(job_id, item_id, value, meta)
        if sample is None:
            return
        ids = self.store.add_samples([sample])
        self._new_samples += len(ids)
        self._emit("on_samples", ids)

    def _reconcile(self, job_id: int) -> tuple[list[int], int, int]:
        """Give every done item without a sample its sample; returns (new sample ids, done items,
        done items whose summary is too long). Blocking."""
        have = self.store.sample_job_items(job_id)
        created: list[int] = []
        done = too_long = 0
        after = 0
        while rows := self.store.done_items(job_id, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            missing = []
            for r in rows:
                value = (r["output"] or {}).get("value")
                done += 1
                summary = one_line(str(value.get("summary") or "")) if isinstance(value, dict) else ""
                too_long += bool(too_long_reason(summary, self.options.max_chars))
                if r["id"] not in have:
                    s = self._sample(job_id, r["id"], value, (r["input"] or {}).get("meta") or {})
                    if s is not None:
                        missing.append(s)
            if missing:
                created.extend(self.store.add_samples(missing))
        if created:
            log.info("novel job %s: %s sample(s) restored for items stored without one", job_id, len(created))
        return created, done, too_long

    async def _reconcile_and_report(self, job_id: int) -> tuple[int, int]:
        created, done, too_long = await asyncio.to_thread(self._reconcile, job_id)
        if created:
            self._new_samples += len(created)
            self._emit("on_samples", created)
        return done, too_long

    # ---- run ---------------------------------------------------------------------------------
    def _emit(self, name: str, *args: Any) -> None:
        if name == "on_stage" and self._quiet_stage:
            return  # waves: the stage was announced once, with every chunk
        super()._emit(name, *args)

    async def _run(self, retry_failed: bool) -> NovelResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        o = self.options
        t = self.template()
        self._instruction = self.instruction()
        self._made = self.provenance(t, **{**asdict(o), "instruction": self._instruction})
        chunks = await asyncio.to_thread(self.chunks)
        self._chunks = {c.key: c for c in chunks}
        self._source_ids = {s["id"] for s in self.store.sources()}
        params = self._params(t)
        job = self._find_job(JOB_KIND, params)
        if job is None:
            job = self._create_job(JOB_KIND, self._job_name(), params)
        await self._reconcile_and_report(job)  # a crash may have left answers without their samples

        runs: list[RunSummary] = []
        waiting: list[str] = []
        if not o.previous:
            specs = await asyncio.to_thread(lambda: [self._spec(t, c, "") for c in chunks])
            await asyncio.to_thread(add_items, self.store, job, specs)
            del specs
            if await self._gate():
                runs.append(await self._run_stage(STAGE, job, retry_failed, SUMMARY_VALIDATOR))
        else:
            waiting = await self._run_waves(t, job, chunks, retry_failed, runs)

        result = NovelResult(chunks=len(chunks), summarized=0, too_long=0, samples=0, job_id=job)
        result.summarized, result.too_long = await self._reconcile_and_report(job)
        result.samples = self._new_samples
        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed)
        result.cancelled = self._cancelled or any(r.cancelled for r in runs)
        result.waiting = [] if result.cancelled else waiting
        result.cost = sum(r.cost for r in runs)
        result.calls = sum(r.calls for r in runs)
        result.cached = sum(r.cached for r in runs)
        return result

    async def _run_waves(self, t: Template, job: int, chunks: list[DocChunk], retry_failed: bool,
                         runs: list[RunSummary]) -> list[str]:
        """previous=True: queue and run the next chunk of every document whose previous chunk is
        done, wave after wave. Returns the keys of chunks not queued (yet): held back by a failed
        chunk of their document, or by a cancel."""
        by_doc: dict[int, list[DocChunk]] = {}
        for c in chunks:
            by_doc.setdefault(c.source_id, []).append(c)
        keys, self._summaries = await asyncio.to_thread(self._job_state, job)
        self._emit("on_stage", STAGE, len(chunks))
        self._quiet_stage = True
        shared_limiter = "limiter" not in self.runner_options
        if shared_limiter:  # one rpm/tpm budget for the whole run, not a fresh one per wave
            self.runner_options["limiter"] = RateLimiter(self.settings.rpm, self.settings.tpm)
        first = True
        try:
            while not self._cancelled:
                specs = []
                for doc_chunks in by_doc.values():
                    for c in doc_chunks:
                        if c.key in keys:
                            if c.key in self._summaries:
                                continue  # done: look at the next chunk
                            break  # queued (pending or failed): the document waits for it
                        previous = self._summaries.get(doc_chunks[c.index - 1].key, "") if c.index else ""
                        specs.append(self._spec(t, c, previous))
                        keys.add(c.key)
                        break
                if specs:
                    await asyncio.to_thread(add_items, self.store, job, specs)
                counts = self.store.job_counts(job)
                retry = first and retry_failed
                if counts["pending"] + (counts["failed"] if retry else 0) == 0:
                    break
                if not await self._gate():
                    break
                runs.append(await self._run_stage(STAGE, job, retry, SUMMARY_VALIDATOR))
                first = False
                if runs[-1].cancelled or self.store.job_counts(job)["done"] == counts["done"]:
                    break  # cancelled, or nothing finished: no document can go further
        finally:
            self._quiet_stage = False
            if shared_limiter:
                self.runner_options.pop("limiter", None)
        return [c.key for c in chunks if c.key not in keys]


JOB_KINDS = (JOB_KIND,)


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of this flow's jobs (see :func:`core.flows.staged.unfinished_work`)."""
    return staged.unfinished_work(store, JOB_KINDS)
