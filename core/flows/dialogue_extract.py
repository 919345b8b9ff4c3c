"""Dialogue extraction from prose with the LLM, feeding the script builders.

For novels where the heuristic quote attribution (:class:`~core.sources.documents.script.ScriptParser`,
novel mode) leaves many lines unattributed: one job (kind ``dialogue_extract``), one item per
chunk of each document's raw text (cut at sentence boundaries, ``chunk_size`` characters at
most, no overlap; key ``f"{source_id}:{index}"``) asking for ``[{"speaker", "line"}]`` in order.

**Validation.** The answer must be a JSON array of objects with string ``speaker`` and ``line``
(``{"lines": [...]}`` is accepted too: JSON mode makes some providers wrap the array). Every line
must occur in its chunk — compared after Unicode NFKC normalisation with all whitespace removed,
and with the quotes around the line (“”「」『』‘’"') allowed to be dropped. Per line:

- not in the chunk → rejected as **invented** (:data:`INVENTED`);
- empty text, empty speaker, ``未知``/``unknown`` speaker, a narrator (``旁白`` …) → rejected with
  that reason;
- otherwise accepted, and stored as the chunk's *own* text of that span (verbatim; the model's
  copy only locates it).

The rest of a chunk's lines are kept when some are rejected; when *every* line is rejected and
at least one was invented, the answer is invalid: the model is asked again with the reason, and
after the re-asks the item fails with it. (The check needs the item's chunk, which a runner
validator is not given: :class:`_KeyedRunner` passes the item key through a context variable.)
An empty array is a valid answer: the chunk has no dialogue.

**Storage.** Accepted lines become raw items of the document source, kind :data:`LINE_KIND`
(``"llm_line"``), key ``f"{job_id}:{chunk:06d}:{n:04d}"`` (``n`` = order in the chunk), data
``{"job_id", "job_item", "chunk", "order", "speaker", "line", "line_no", "offset", "made"}``
(``made`` is the digest of the run's provenance, kept once in the project meta under
``made:<digest>``). Rejected lines are kept likewise (kind :data:`REJECTED_KIND`) with their
reason, so they can be shown. Lines are written the moment an item finishes; at the start and
end of every run the lines of every done item are written again if missing (keys make that
idempotent), so a crash loses nothing and a rerun pays nothing twice.

**Builders.** :func:`extracted_script` turns the stored lines into a
:class:`~core.sources.documents.script.Script` (one :class:`Scene` per chunk that has lines);
:func:`llm_script_qa` and :func:`llm_script_dialogues` make character-QA and whole-scene samples
from it with the same rules as :func:`core.flows.script.script_qa` /
:func:`~core.flows.script.script_dialogues` (their helpers are reused; only the loop over a
script's scenes is repeated here, because those functions parse the document text themselves —
see :func:`_qa_samples`). The samples carry ``meta["made"]``, the LLM provenance of their lines.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import logging
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from core.errors import InputError
from core.flows import staged
from core.flows.novel import DocChunk, _document_scope, document_chunks
from core.flows.script import (
    DialogueOptions,
    ScriptQAOptions,
    ScriptReport,
    _not_found,
    _options_hash,
    check_template,
    dialogue_parts,
    document_sources,
    qa_pairs,
    rebuild_samples,
)
from core.flows.staged import EchoGuardRunner, FlowEvents, StagedFlow
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import Message, code_of, say
from core.model import Sample
from core.sources.documents.script import (
    DEFAULT_NARRATORS,
    CharacterRow,
    Scene,
    Script,
    ScriptLine,
    ScriptOptions,
    ScriptParser,
    _join,
)
from core.text.echo import EchoRule

log = logging.getLogger("corpusmith.flows.dialogue_extract")

JOB_KIND = "dialogue_extract"
STAGE = "extract"
LINE_KIND = "llm_line"  # raw item kind of an accepted line
REJECTED_KIND = "llm_line_rejected"  # raw item kind of a rejected line (with its reason)
MADE_META = "made:{digest}"  # project meta: a run's provenance, by digest
PAGE = 500
MIN_CHUNK_SIZE = 50
MAX_CHUNK_SIZE = 100_000
MAX_EXAMPLES = 50  # rejected lines listed on a result (all are counted)

# Why a line is rejected: stored encoded (job items, results), rendered in the reader's language.
INVENTED = say("dialogue_extract.line.invented").encode()
EMPTY_LINE = say("dialogue_extract.line.empty").encode()
EMPTY_SPEAKER = say("dialogue_extract.line.no_speaker").encode()
UNKNOWN_SPEAKER = say("dialogue_extract.line.unknown_speaker").encode()
NARRATION = say("dialogue_extract.line.narration").encode()
# a reason with a parameter, counted under its kind (the counts group by kind, not by speaker)
_REASON_KIND = {"dialogue_extract.line.narration_by": NARRATION}
UNKNOWN_NAMES = frozenset({"未知", "不明", "未知人物", "unknown", "?", "？", "n/a", "none", "narrator?"})
NARRATOR_NAMES = frozenset(n.casefold() for n in (*DEFAULT_NARRATORS, "叙述", "叙述者", "旁白者", "narration"))
QUOTES = "“”「」『』‘’\"'﹁﹂﹃﹄"  # quotation marks around a line: the model may leave them out

_CURRENT_KEY: contextvars.ContextVar[str | None] = contextvars.ContextVar("dialogue_extract_item", default=None)


# ---- matching lines against their chunk ----------------------------------------------------------
def _normalized(text: str) -> tuple[str, list[int]]:
    """`text` NFKC-normalised without any whitespace, and for each of its characters the index
    of the original character it came from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for c in unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch:
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def strip_quotes(line: str) -> str:
    """The line without whitespace and quotation marks around it."""
    return line.strip().strip(QUOTES).strip()


@dataclass
class LineVerdict:
    order: int  # index in the model's list
    speaker: str  # as the model wrote it, trimmed
    line: str  # accepted: the chunk's own text of the span; rejected: the model's line
    reason: str = ""  # "" = accepted
    start: int = -1  # accepted: offset of the span in the chunk
    end: int = -1


def _entries(value: Any) -> list | None:
    """The list of line objects in an answer: a bare array, or an object wrapping one."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for name in ("lines", "dialogue", "dialogues", "result", "data"):
            if isinstance(value.get(name), list):
                return value[name]
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
        if "speaker" in value and "line" in value:  # one line, not wrapped (JSON mode)
            return [value]
        if not lists and all(v in (None, "", []) for v in value.values()):
            return []  # JSON mode forces an object: {} (or {"lines": null}) for a chunk without speech
    return None


def check_shape(value: Any) -> str | None:
    entries = _entries(value)
    if entries is None:
        return 'the answer must be a JSON array of {"speaker": "...", "line": "..."} objects'
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            return f"entry {i} of the array must be an object {{\"speaker\", \"line\"}}"
        for name in ("speaker", "line"):
            if name not in e:
                return f"entry {i} is missing the field “{name}”"
            if not isinstance(e[name], str):
                return f"“{name}” of entry {i} must be a string"
    return None


def judge_lines(value: Any, chunk: str) -> list[LineVerdict]:
    """Each line of a (shape-checked) answer, accepted or rejected with the reason. Lines are
    looked for in order: from the end of the previous accepted line first, then anywhere."""
    norm, where = _normalized(chunk)
    out: list[LineVerdict] = []
    pos = 0
    for i, e in enumerate(_entries(value) or []):
        speaker = one_name(str(e.get("speaker") or ""))
        raw = str(e.get("line") or "")
        v = LineVerdict(i, speaker, raw.strip())
        target = _normalized(strip_quotes(raw))[0]
        if not target:
            v.reason = EMPTY_LINE
        elif not speaker:
            v.reason = EMPTY_SPEAKER
        elif speaker.casefold() in UNKNOWN_NAMES:
            v.reason = UNKNOWN_SPEAKER
        elif speaker.casefold() in NARRATOR_NAMES:
            v.reason = say("dialogue_extract.line.narration_by", speaker=speaker).encode()
        else:
            at = norm.find(target, pos)
            if at < 0:
                at = norm.find(target)
            if at < 0:
                v.reason = INVENTED
            else:
                v.start, v.end = where[at], where[at + len(target) - 1] + 1
                v.line = chunk[v.start:v.end]
                pos = at + len(target)
        out.append(v)
    return out


def one_name(name: str) -> str:
    return " ".join(name.split()).strip(QUOTES + "：:").strip()


def _invalid_reason(verdicts: list[LineVerdict]) -> Message | None:
    """Why an answer is not usable: every line rejected, at least one invented."""
    if not verdicts or any(not v.reason for v in verdicts):
        return None
    invented = [v for v in verdicts if v.reason == INVENTED]
    if not invented:
        return None
    example = invented[0].line[:40]
    others = len(verdicts) - len(invented)
    if others:
        return say("dialogue_extract.all_rejected_others", n=len(invented), example=example, others=others)
    return say("dialogue_extract.all_rejected", n=len(invented), example=example)


class _KeyedRunner(EchoGuardRunner):
    """A Runner that makes the item being answered known to the validator (through a context
    variable: each worker is its own task, and the validator runs inside it)."""

    async def _process(self, row: dict) -> None:
        token = _CURRENT_KEY.set(row.get("key"))
        try:
            await super()._process(row)
        finally:
            _CURRENT_KEY.reset(token)


def _joined(text: str) -> str:
    """A span over several source lines as one speech (joined as the script parser joins)."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for p in parts:
        out = _join(out, p)
    return out


# ---- options, result ---------------------------------------------------------------------------
@dataclass
class DialogueExtractOptions:
    source_id: int | None = None  # this document source; None = every document
    chunk_size: int = 1500  # characters per chunk at most (cut at sentence boundaries)
    lang: str = "zh"


@dataclass
class DialogueExtractResult:
    chunks: int  # chunks in scope
    extracted: int  # done items of the job (all runs so far)
    lines: int  # accepted lines of the job
    speakers: dict[str, int] = field(default_factory=dict)  # accepted lines per speaker
    rejected: int = 0  # rejected lines of done items
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    rejected_examples: list[tuple[str, str, str, str]] = field(default_factory=list)  # (key, speaker, line, reason)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason)
    echoes: int = 0  # failed items whose answer only echoed the prompt (core/text/echo.py)
    cancelled: bool = False
    cost: float = 0.0
    calls: int = 0
    cached: int = 0
    job_id: int | None = None


# ---- the flow -----------------------------------------------------------------------------------
class DialogueExtractFlow(StagedFlow):
    """Document chunks → the LLM's ``[{"speaker", "line"}]`` → validated lines stored as raw
    items (:data:`LINE_KIND`). See the module docstring."""

    runner_class = _KeyedRunner  # the validator needs the item's chunk

    FLOW = "dialogue_extract"

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: DialogueExtractOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self._chunks: dict[str, DocChunk] = {}
        self._made_digest = ""

    # ---- inputs ------------------------------------------------------------------------------
    def template(self) -> Template:
        return project_template(self.store, "dialogue_extract", self.options.lang)

    def _echo_rule(self, stage: str) -> EchoRule:
        return EchoRule.of(self.template())

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
            problems.append(say("dialogue_extract.unknown_lang", lang=o.lang, known=", ".join(LANGS)).render())
        size_ok = isinstance(o.chunk_size, int) and MIN_CHUNK_SIZE <= o.chunk_size <= MAX_CHUNK_SIZE
        if not size_ok:
            problems.append(say("dialogue_extract.chunk_size_range", least=MIN_CHUNK_SIZE, most=f"{MAX_CHUNK_SIZE:,}",
                                got=repr(o.chunk_size)).render())
        _, problem = _document_scope(self.store, o.source_id)
        if problem:
            problems.append(problem)
        elif size_ok and not self.chunks():
            problems.append(say("dialogue_extract.no_text").render())
        if o.lang in LANGS:
            problems.extend(say("dialogue_extract.template_problem", lang=o.lang, problem=p).render()
                            for p in validate_template(self.template()))
        return problems

    def preview_messages(self) -> list[dict]:
        chunks = self.chunks()
        return render(self.template(), text=chunks[0].text) if chunks else []

    # ---- job ---------------------------------------------------------------------------------
    def _params(self, t: Template) -> dict:
        o = self.options
        return {"source_id": o.source_id, "chunk_size": o.chunk_size, "lang": o.lang, "template": t.digest()}

    def job_id(self) -> int | None:
        return self._find_job(JOB_KIND, self._params(self.template()))

    def failed_items(self) -> list[tuple[str, int, str, str]]:
        if self.options.lang not in LANGS:
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
        return f"Dialogue extraction · {where} · {o.chunk_size} chars · {o.lang}"

    def _validator(self):
        chunks = self._chunks

        def check(value: Any) -> str | None:
            err = check_shape(value)
            if err:
                return err
            key = _CURRENT_KEY.get()
            c = chunks.get(key) if key is not None else None
            return _invalid_reason(judge_lines(value, c.text)) if c is not None else None

        return json_validator(check)

    # ---- lines -------------------------------------------------------------------------------
    def _line_items(self, job_id: int, item_id: int, c: DocChunk, verdicts: list[LineVerdict]
                    ) -> tuple[list[tuple[str, str, dict]], list[tuple[str, str, dict]]]:
        parent = f"{job_id}:{c.index}"
        kept, rejected = [], []
        for v in verdicts:
            key = f"{job_id}:{c.index:06d}:{v.order:04d}"
            data: dict[str, Any] = {"job_id": job_id, "job_item": item_id, "chunk": c.index, "order": v.order,
                                    "speaker": v.speaker, "line": v.line, "made": self._made_digest}
            if v.reason:
                data["reason"] = v.reason
                rejected.append((key, parent, data))
            else:
                data["offset"] = c.start + v.start
                data["line_no"] = c.first_line + c.text.count("\n", 0, v.start)
                kept.append((key, parent, data))
        return kept, rejected

    def _store_lines(self, job_id: int, item_id: int, c: DocChunk, verdicts: list[LineVerdict]) -> int:
        """Write a done item's lines (keys already there are left alone); returns how many were new."""
        kept, rejected = self._line_items(job_id, item_id, c, verdicts)
        n = self.store.add_raw_items(c.source_id, LINE_KIND, kept) if kept else 0
        if rejected:
            self.store.add_raw_items(c.source_id, REJECTED_KIND, rejected)
        return n

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        c = self._chunks.get(f"{meta.get('source_id')}:{meta.get('chunk')}")
        if c is None:
            return
        verdicts = judge_lines((output or {}).get("value"), c.text)
        reason = _invalid_reason(verdicts)
        if reason is not None:  # the validator could not see the chunk (should not happen): fail it here
            self.store.fail_item(item_id, reason.encode())
            self._emit("on_failed", stage, c.key, reason.encode())
            return
        self._store_lines(job_id, item_id, c, verdicts)

    def _reconcile(self, job_id: int, result: DialogueExtractResult | None = None) -> int:
        """Write the lines of every done item again where missing, and count them on `result`.
        Returns how many lines were new. Blocking."""
        new = 0
        after = 0
        while rows := self.store.done_items(job_id, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            for r in rows:
                c = self._chunks.get(r["key"])
                if c is None:
                    continue
                verdicts = judge_lines((r["output"] or {}).get("value"), c.text)
                new += self._store_lines(job_id, r["id"], c, verdicts)
                if result is None:
                    continue
                result.extracted += 1
                for v in verdicts:
                    if v.reason:
                        result.rejected += 1
                        why = _REASON_KIND.get(code_of(v.reason) or "", v.reason)
                        result.rejected_by_reason[why] = result.rejected_by_reason.get(why, 0) + 1
                        if len(result.rejected_examples) < MAX_EXAMPLES:
                            result.rejected_examples.append((c.key, v.speaker, v.line, v.reason))
                    else:
                        result.lines += 1
                        result.speakers[v.speaker] = result.speakers.get(v.speaker, 0) + 1
        if new:
            log.info("dialogue job %s: %s line(s) restored for items stored without them", job_id, new)
        return new

    # ---- run ---------------------------------------------------------------------------------
    async def _run(self, retry_failed: bool) -> DialogueExtractResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        t = self.template()
        made = self.provenance(t, **asdict(self.options))
        self._made_digest = save_made(self.store, made)
        chunks = await asyncio.to_thread(self.chunks)
        self._chunks = {c.key: c for c in chunks}
        params = self._params(t)
        job = self._find_job(JOB_KIND, params)
        if job is None:
            job = self._create_job(JOB_KIND, self._job_name(), params)
        await asyncio.to_thread(self._reconcile, job)
        specs = [JobItemSpec(c.key, render(t, text=c.text), {"source_id": c.source_id, "chunk": c.index,
                                                             "doc": c.doc}) for c in chunks]
        await asyncio.to_thread(add_items, self.store, job, specs)
        del specs
        runs: list[RunSummary] = []
        if await self._gate():
            runs.append(await self._run_stage(STAGE, job, retry_failed, self._validator()))
        result = DialogueExtractResult(chunks=len(chunks), extracted=0, lines=0, job_id=job)
        await asyncio.to_thread(self._reconcile, job, result)
        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed)
        result.cancelled = self._cancelled or any(r.cancelled for r in runs)
        result.cost = sum(r.cost for r in runs)
        result.calls = sum(r.calls for r in runs)
        result.cached = sum(r.cached for r in runs)
        return result


def save_made(store: Any, made: dict) -> str:
    """Keep a provenance dict once in the project meta; returns its digest."""
    raw = json.dumps(made, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:16]
    key = MADE_META.format(digest=digest)
    if store.get_meta(key) is None:
        store.set_meta(key, made)
    return digest


JOB_KINDS = (JOB_KIND,)


def unfinished_work(store: Any) -> tuple[int, int]:
    """(pending, failed) items of this flow's jobs (see :func:`core.flows.staged.unfinished_work`)."""
    return staged.unfinished_work(store, JOB_KINDS)


# ---- stored lines → Script ----------------------------------------------------------------------
@dataclass
class _Extracted:
    source: dict
    script: Script
    job_id: int
    made: dict[int, dict]  # id(ScriptLine) → provenance of the run that extracted it


def extraction_jobs(store: Any, source_id: int) -> list[int]:
    """The extraction jobs with lines stored for this source, newest first."""
    return sorted((int(v) for v, _ in store.raw_value_counts(source_id, LINE_KIND, "job_id") if v is not None),
                  reverse=True)


def _extract(store: Any, source: dict, job_id: int | None = None,
             aliases: dict[str, str] | None = None) -> _Extracted | None:
    sid = source["id"]
    if job_id is None:
        jobs = extraction_jobs(store, sid)
        if not jobs:
            return None
        job_id = jobs[0]
    rows = store.raw_items_under(sid, LINE_KIND, f"{job_id}:")
    if not rows:
        return None
    parser = ScriptParser(ScriptOptions(aliases=dict(aliases or {})))
    rows.sort(key=lambda r: (r["data"].get("chunk", 0), r["data"].get("order", 0)))
    scenes: list[Scene] = []
    made: dict[int, dict] = {}
    made_cache: dict[str, dict] = {}
    chunk = None
    for r in rows:
        d = r["data"]
        if d.get("chunk") != chunk:
            chunk = d.get("chunk")
            scenes.append(Scene(len(scenes), "", "", int(d.get("line_no") or 1), int(chunk or 0) + 1))
        scene = scenes[-1]
        written = str(d.get("speaker") or "")
        line = ScriptLine(speaker=parser.canonical(written), text=_joined(str(d.get("line") or "")),
                          scene=scene.index, line_no=int(d.get("line_no") or 0), name_as_written=written)
        scene.lines.append(line)
        digest = str(d.get("made") or "")
        if digest not in made_cache:
            found = store.get_meta(MADE_META.format(digest=digest)) if digest else None
            made_cache[digest] = found if isinstance(found, dict) else {"flow": DialogueExtractFlow.FLOW}
        made[id(line)] = made_cache[digest]
    script = Script(scenes=scenes, mode="llm", aliases=dict(aliases or {}))
    return _Extracted(source, script, job_id, made)


def extracted_script(store: Any, source_id: int, job_id: int | None = None,
                     aliases: dict[str, str] | None = None) -> Script:
    """The lines the LLM extracted from a document source (of `job_id`, default the newest
    extraction job that has lines for it) as a :class:`Script`: one :class:`Scene` per chunk with
    lines (``number`` = chunk index + 1), :class:`ScriptLine` ``speaker`` (after `aliases`),
    ``text`` (the chunk's own words, source line breaks joined), ``line_no`` (line of the
    document where the speech starts), ``heuristic`` False; ``mode`` is ``"llm"``. Raises
    InputError when the source has no extracted lines."""
    src = next((s for s in store.sources() if s["id"] == source_id), None)
    if src is None:
        raise InputError(say("dialogue_extract.no_source", id=source_id))
    ex = _extract(store, src, job_id, aliases)
    if ex is None:
        raise InputError(say("dialogue_extract.source_not_extracted", name=src["name"]))
    return ex.script


def _extracted_scripts(store: Any, source_id: int | None, job_id: int | None,
                       aliases: dict[str, str]) -> list[_Extracted]:
    out = []
    for src in document_sources(store, source_id):
        ex = _extract(store, src, job_id, aliases)
        if ex is not None:
            out.append(ex)
    if not out:
        raise InputError(say("dialogue_extract.selected_not_extracted" if source_id is not None
                             else "dialogue_extract.nothing_extracted"))
    return out


# ---- the builders on an extracted script --------------------------------------------------------
# The pairs and dialogues come from core.flows.script (qa_pairs, dialogue_parts): the same rules
# as for a parsed script; only the samples' keys and metadata are this flow's.
def _qa_samples(script: Script, src: dict, target: str, o: ScriptQAOptions, key_prefix: str,
                report: ScriptReport) -> list[tuple[Sample, ScriptLine]]:
    """(sample, its first answer line) for each QA pair of `target` in the script (the pairs
    come from :func:`core.flows.script.qa_pairs`, the rules of script QA)."""
    samples: list[tuple[Sample, ScriptLine]] = []
    for p in qa_pairs(script, src, target, o, report):
        scene, first = p.scene, p.answer_lines[0]
        samples.append((Sample(
            turns=p.turns, kind="sft", system=p.system, source_id=src["id"],
            meta={"gen": "llm_script_qa", "gen_key": f"{key_prefix}:{scene.index}:{p.first_at}",
                  "character": target, "doc": src["name"], "scene": scene.heading, "scene_index": scene.index,
                  "chunk": (scene.number or 1) - 1, "line": first.line_no, "question_line": p.question.line_no,
                  "history": len(p.turns) - 2, "heuristic": False},
        ), first))
    return samples


def _dialogue_samples(script: Script, src: dict, character: str | None, o: DialogueOptions, key_prefix: str,
                      report: ScriptReport) -> list[tuple[Sample, ScriptLine]]:
    """(sample, its first line) for each whole-scene dialogue of the script (the parts come from
    :func:`core.flows.script.dialogue_parts`, the rules of script dialogues)."""
    samples: list[tuple[Sample, ScriptLine]] = []
    for d in dialogue_parts(script, src, character, o, report):
        scene, part = d.scene, d.units
        samples.append((Sample(
            turns=d.turns, kind="dialogue", system=d.system, source_id=src["id"],
            meta={"gen": "llm_script_dialogue", "gen_key": f"{key_prefix}:{scene.index}:{d.window}",
                  "doc": src["name"], "scene": scene.heading, "scene_index": scene.index,
                  "chunk": (scene.number or 1) - 1, "line": part[0].lines[0].line_no,
                  "speakers": sorted({x.speaker for u in part for x in u.lines}),
                  "character": character or "", "heuristic": False},
        ), part[0].lines[0]))
    return samples


def _with_made(pairs: list[tuple[Sample, ScriptLine]], ex: _Extracted) -> list[Sample]:
    """The samples, each with meta "made" (the provenance of the run that extracted its lines:
    a sample's lines all come from one scene, i.e. one chunk, i.e. one answer) and "llm_job"."""
    out = []
    for s, line in pairs:
        s.meta["made"] = ex.made.get(id(line)) or {"flow": DialogueExtractFlow.FLOW}
        s.meta["llm_job"] = ex.job_id
        out.append(s)
    return out


def _speaking(ex: _Extracted, character: str | None, tables: list[tuple[str, list[CharacterRow]]]) -> bool:
    table = ex.script.character_table()
    tables.append((ex.source["name"], table))
    return character is None or any(r.name == character for r in table)


def llm_script_qa(store: Any, source_id: int | None, character: str, options: ScriptQAOptions | None = None,
                  *, job_id: int | None = None) -> ScriptReport:
    """Character QA samples (``sft``) for `character` from the LLM-extracted lines of one document
    source or all (``None``), with the rules of :func:`core.flows.script.script_qa` (one scene per
    chunk). `job_id`: the extraction job whose lines to use (default: each source's newest).
    Samples carry ``meta["made"]``; running again with the same options adds nothing. Raises
    InputError when nothing was extracted or the character never speaks (the message lists who does)."""
    o = options or ScriptQAOptions()
    character = character.strip()
    if not character:
        raise InputError(say("dialogue_extract.no_character"))
    if o.history < 0:
        raise InputError(say("dialogue_extract.history_range", got=o.history))
    check_template(o.system_template)
    target = ScriptParser(o.parser).canonical(character)
    report = ScriptReport(kind="sft")
    key_hash = _options_hash("llm_script_qa", target, o.history, o.merge_consecutive, o.system_template,
                             o.min_question_len, o.min_answer_len, o.speaker_names, o.parser.aliases)
    tables: list[tuple[str, list[CharacterRow]]] = []
    found = False
    for ex in _extracted_scripts(store, source_id, job_id, o.parser.aliases):
        if not _speaking(ex, target, tables):
            continue
        found = True
        sid = ex.source["id"]
        report.source_ids.append(sid)
        report.characters = tables[-1][1]
        samples = _qa_samples(ex.script, ex.source, target, o, f"llm_script_qa:{key_hash}:{ex.job_id}", report)
        rebuild_samples(store, report, sid, {"gen": "llm_script_qa", "character": target}, _with_made(samples, ex))
    if not found:
        raise _not_found(character, tables)
    return report


def llm_script_dialogues(store: Any, source_id: int | None, options: DialogueOptions | None = None,
                         *, job_id: int | None = None) -> ScriptReport:
    """Whole-scene ``dialogue`` samples (one scene per chunk) from the LLM-extracted lines, with
    the rules of :func:`core.flows.script.script_dialogues`. See :func:`llm_script_qa`."""
    o = options or DialogueOptions()
    check_template(o.system_template)
    if o.min_turns < 2:
        raise InputError(say("dialogue_extract.min_turns", got=o.min_turns))
    if o.max_turns and o.max_turns < 2:
        raise InputError(say("dialogue_extract.max_turns", got=o.max_turns))
    parser = ScriptParser(o.parser)
    character = parser.canonical(o.character.strip()) if o.character and o.character.strip() else None
    report = ScriptReport(kind="dialogue")
    key_hash = _options_hash("llm_script_dialogue", character, o.system_template, o.speaker_names, o.min_turns,
                             o.max_turns, o.parser.aliases)
    tables: list[tuple[str, list[CharacterRow]]] = []
    found = character is None
    for ex in _extracted_scripts(store, source_id, job_id, o.parser.aliases):
        if not _speaking(ex, character, tables):
            continue
        found = True
        sid = ex.source["id"]
        report.source_ids.append(sid)
        report.characters = tables[-1][1]
        samples = _dialogue_samples(ex.script, ex.source, character, o,
                                    f"llm_script_dialogue:{key_hash}:{ex.job_id}", report)
        rebuild_samples(store, report, sid, {"gen": "llm_script_dialogue", "character": character or ""},
                        _with_made(samples, ex))
    if not found and character is not None:
        raise _not_found(character, tables)
    return report

