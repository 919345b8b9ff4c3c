"""Chats → structured-extraction samples (the competition flow).

A sample is an ``sft`` pair: the user turn is the *instruction* (the task, editable, kept in
``meta["instruction"]`` so the Alpaca export can write it as ``instruction`` and the rest as
``input``) followed by the chat (or its summary); the assistant turn is the JSON list of records.

- **Labelled chats** (competition ``infos``) become samples the moment they are imported
  (:func:`label_samples`), no LLM needed.
- **Summary pass** (optional, job kind ``chat_summary``): one item per chat asking for
  ``{"summary"}``. A labelled chat's sample then takes the summary as its input (the transcript
  stays in ``meta["chat"]``); an unlabelled chat is extracted from its summary.
- **Extraction** (job kind ``chat_extract``): one item per unlabelled chat; the answer must parse
  (:func:`~core.flows.extract_schema.check_answer`) or the item fails with the reason — it is
  never replaced by an empty template. The parsed records are normalised against the schema;
  what had to be fixed (missing keys, wrong types, values outside the allowed set) is listed in
  the sample's ``reason`` and ``meta["problems"]``.

Jobs are found again by their parameters, so running the flow again continues where it stopped:
done items are skipped and the response cache answers the rest of what was paid for. Masking
(``mask`` "tag" or "surrogate") is applied to the chat before anything is sent; one
deterministic :class:`~core.text.masking.Masker` per chat keeps its input and output consistent.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from core.errors import InputError
from core.flows.extract_schema import (
    BUILTIN_SCHEMA,
    ExtractionSchema,
    answer_validator,
    example_record,
    load_schema,
    validate_answer,
)
from core.flows.staged import FlowEvents, StagedFlow
from core.llm.parse import json_validator
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, RunSummary, add_items
from core.llm.templates import LANGS, Template, project_template, render, validate_template
from core.messages import Message, say
from core.model import Sample
from core.sources.chats.importer import chat_messages, stored_chats
from core.sources.chats.labels import is_blank
from core.sources.chats.model import ChatFile, ChatMessage
from core.sources.chats.sessions import render_transcript
from core.sources.chats.wording import encoded, join_messages
from core.text.echo import EchoRule
from core.text.reasoning import keep_reasoning

log = logging.getLogger("corpusmith.flows.extract")

SCHEMA_META = "chat_extract:schema"  # project meta: the schema's JSON text
INSTRUCTION_META = "chat_extract:instruction:{lang}"  # project meta: the sample instruction
MASK_MODES = ("off", "tag", "surrogate")
STAGES = ("summary", "extract")
PAGE = 500

DEFAULT_INSTRUCTIONS = {
    "zh": "请从下面的群聊记录中提取每一位客户的信息，输出 JSON 数组，每位客户一个对象。没有提到的信息，"
          "单值字段填空字符串，列表字段填空列表。字段如下：\n{fields}",
    "en": "Extract every customer's record from the chat log below as a JSON array, one object per "
          "customer. A field the log does not mention is \"\" (single values) or [] (lists). Fields:\n{fields}",
}


# ---- project settings: schema and instruction ---------------------------------------------------
def project_schema(store: Any) -> ExtractionSchema:
    """The project's schema (edited in the app), else the built-in competition schema."""
    text = store.get_meta(SCHEMA_META)
    if isinstance(text, str) and text.strip():
        try:
            return load_schema(text)
        except InputError:
            log.warning("the project's extraction schema no longer loads; using the built-in one")
    return BUILTIN_SCHEMA


def save_project_schema(store: Any, text: str) -> ExtractionSchema:
    """Check and keep the schema text; raises InputError (saying what is wrong) if it is not valid."""
    schema = load_schema(text)
    store.set_meta(SCHEMA_META, schema.to_json())
    return schema


def reset_project_schema(store: Any) -> None:
    store.delete_meta(SCHEMA_META)


def default_instruction(schema: ExtractionSchema, lang: str = "zh") -> str:
    fields = "、".join(f.name for f in schema.fields) if lang == "zh" else ", ".join(f.name for f in schema.fields)
    return DEFAULT_INSTRUCTIONS.get(lang, DEFAULT_INSTRUCTIONS["en"]).format(fields=fields)


def project_instruction(store: Any, lang: str = "zh") -> str:
    text = store.get_meta(INSTRUCTION_META.format(lang=lang))
    if isinstance(text, str) and text.strip():
        return text.strip()
    return default_instruction(project_schema(store), lang)


def save_project_instruction(store: Any, text: str, lang: str = "zh") -> None:
    if not text.strip():
        raise InputError(say("chats.extract.instruction_empty"))
    store.set_meta(INSTRUCTION_META.format(lang=lang), text.strip())


def compose(instruction: str, text: str) -> str:
    """The user turn: instruction, a blank line, the input."""
    return f"{instruction}\n\n{text}" if instruction else text


def dumps_records(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False)


def make_masker(mode: str, source_id: int, chat_key: str) -> Any:
    """One deterministic masker per chat (None when masking is off)."""
    if mode == "off":
        return None
    from core.text.masking import Masker

    return Masker(mode, seed=f"{source_id}/{chat_key}")


def transcript(messages: list[ChatMessage], masker: Any = None) -> str:
    text = render_transcript(messages)
    return masker.mask_text(text) if masker is not None else text


# ---- labelled chats: samples at import ----------------------------------------------------------


def _label_sample(source_id: int, chat_key: str, index: int, labels: Any, text: str, instruction: str,
                  schema: ExtractionSchema) -> Sample:
    records, problems = validate_answer(labels, schema)
    meta = {"flow": "extract", "chat": chat_key, "index": index, "instruction": instruction,
            "labelled": True, "made": {"flow": "extract", "from": "imported labels", "schema": schema.digest()}}
    if problems:
        meta["problems"] = [m.encode() for m in problems]
    status, reason = "pending", encoded(join_messages(problems))
    if not text.strip():
        status, reason = "rejected", say("chats.extract.empty_chat").encode()
    return Sample.qa(compose(instruction, text), dumps_records(records), kind="sft", source_id=source_id,
                     status=status, reason=reason, meta=meta)


class LabelSamples:
    """A ``make_samples`` for :func:`~core.sources.chats.importer.store_chats`: one extraction
    sample per labelled chat, the chat transcript as input and its labels as output. Its
    ``prepare`` runs first and turns labels the schema cannot use into a problem of that record
    (the chat still imports, unlabelled), so one bad record never stops a file."""

    def __init__(self, store: Any, lang: str = "zh"):
        self.schema = project_schema(store)
        self.instruction = project_instruction(store, lang)

    def prepare(self, chat_file: ChatFile) -> None:
        for c in chat_file.chats:
            if c.labels is None:
                continue
            try:
                validate_answer(c.labels, self.schema)
            except ValueError as e:
                chat_file.problems.append(say("chats.at_record", n=c.index, problem=say(
                    "chats.extract.bad_labels", error=e.args[0] if e.args else str(e))))
                c.labels = None

    def __call__(self, source_id: int, chat_file: ChatFile) -> list[Sample]:
        return [_label_sample(source_id, c.key, c.index, c.labels, render_transcript(c.messages), self.instruction,
                              self.schema)
                for c in chat_file.chats if c.labels is not None]


def label_samples(store: Any, lang: str = "zh") -> LabelSamples:
    return LabelSamples(store, lang)


# ---- the flow ------------------------------------------------------------------------------------
@dataclass
class ExtractOptions:
    source_id: int | None = None  # chats of this source; None = every chat source
    summarize: bool = False  # run the summary pass first
    summarize_over: int = 0  # only chats whose transcript is longer than this (0 = every chat)
    extract: bool = True  # run the extraction of unlabelled chats (off: summaries only)
    mask: str = "off"  # "off", "tag" or "surrogate": what the LLM sees
    lang: str = "zh"


@dataclass
class ExtractResult:
    chats: int  # chats in scope
    labelled: int  # of which labelled (their samples came with the import)
    summarized: int  # chats with a done summary
    extracted: int  # done extraction items
    samples: int  # samples written or updated by this run
    with_problems: int  # extraction samples whose answer needed fixing (reason set)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, key, reason)
    echoes: int = 0  # failed items whose answer only echoed the prompt (core/text/echo.py)
    cancelled: bool = False
    cost: float = 0.0
    calls: int = 0
    cached: int = 0
    empty_labelled: int = 0  # chats in scope whose labels are empty: unlabelled, sent to the model


@dataclass
class _ChatUnit:
    source_id: int
    key: str  # chat key in its source
    index: int
    labelled: bool
    text: str  # transcript (masked when masking is on)
    labels: Any = None
    empty_labels: bool = False  # the record's labels were empty: unlabelled, the model extracts it

    @property
    def item_key(self) -> str:
        return f"{self.source_id}/{self.key}"


def _check_summary(value: Any) -> Message | None:
    if isinstance(value, dict) and isinstance(value.get("summary"), str) and value["summary"].strip():
        return None
    return say("chats.extract.summary_shape")


SUMMARY_VALIDATOR = json_validator(_check_summary)


class ExtractFlow(StagedFlow):
    """Chats → (summaries →) extraction samples. See the module docstring. Same control surface
    as :class:`~core.flows.qa.QAFlow` (run/pause/resume/cancel, FlowEvents)."""

    FLOW = "extract"
    STAGES = STAGES

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, options: ExtractOptions,
                 events: FlowEvents | None = None, *, runner_options: dict | None = None):
        super().__init__(store, client, settings, events, runner_options)
        self.options = options
        self._label_sample_ids: dict[str, int] = {}
        self._earlier: dict[str, list[tuple[int, str]]] = {}
        self._labels: dict[str, Any] = {}
        self._made: dict[str, Any] = {}

    # ---- inputs ------------------------------------------------------------------------------
    def schema(self) -> ExtractionSchema:
        return project_schema(self.store)

    def instruction(self) -> str:
        return project_instruction(self.store, self.options.lang)

    def templates(self) -> tuple[Template, Template]:
        lang = self.options.lang
        return project_template(self.store, "chat_summary", lang), project_template(self.store, "chat_extract", lang)

    def _echo_rule(self, stage: str) -> EchoRule:
        """Summaries that repeat the template's example; extractions that give back the blank form."""
        summary, extract = self.templates()
        if stage == "summary":
            return EchoRule.of(summary)
        return EchoRule.of(extract, example_record=example_record(self.schema()))

    def units(self) -> list[_ChatUnit]:
        """Every chat in scope with its transcript (masked as the options say). Blocking."""
        out: list[_ChatUnit] = []
        chats = stored_chats(self.store, self.options.source_id)
        by_source: dict[int, dict[str, list[ChatMessage]]] = {}
        for c in chats:
            if c.source_id not in by_source:
                by_source[c.source_id] = chat_messages(self.store, c.source_id)
            messages = by_source[c.source_id].get(c.key, [])
            masker = make_masker(self.options.mask, c.source_id, c.key)
            # stored_chats reads empty labels ([], "[]" …) as None: those chats go to the model
            out.append(_ChatUnit(c.source_id, c.key, c.index, c.labels is not None, transcript(messages, masker),
                                 c.labels, c.empty_labels and c.labels is None))
        return out

    def validate(self) -> list[str]:
        """What stops a run, each rendered in the current language (the window and the CLI set it)."""
        o = self.options
        problems: list[Message] = []
        if o.lang not in LANGS:
            problems.append(say("chats.extract.unknown_lang", lang=o.lang, choices=", ".join(LANGS)))
        if o.mask not in MASK_MODES:
            problems.append(say("chats.extract.unknown_mask", mask=o.mask, choices=", ".join(MASK_MODES)))
        if not isinstance(o.summarize_over, int) or o.summarize_over < 0:
            problems.append(say("chats.extract.bad_summarize_over", value=repr(o.summarize_over)))
        if not o.summarize and not o.extract:
            problems.append(say("chats.extract.nothing_to_do"))
        sources = {s["id"]: s for s in self.store.sources()}
        if o.source_id is not None and (o.source_id not in sources or sources[o.source_id]["kind"] != "chat"):
            problems.append(say("chats.not_chat_source", id=o.source_id))
        elif not stored_chats(self.store, o.source_id):
            problems.append(say("chats.no_chats"))
        if o.lang in LANGS:
            for t in self.templates():
                problems.extend(say("chats.extract.template_problem", name=t.name, lang=t.lang, problem=p)
                                for p in validate_template(t))
        return [m.render() for m in problems]

    def preview_messages(self) -> list[dict]:
        units = self.units()
        if not units:
            return []
        st, et = self.templates()
        u = next((x for x in units if not x.labelled), units[0])
        if self.options.summarize:
            return render(st, chat=u.text, fields=self._fields_text())
        return render(et, chat=u.text, schema=self.schema().prompt_example())

    def _fields_text(self) -> str:
        return "\n".join(f"- {f.name}" + (f"（{f.description}）" if f.description else "")
                         for f in self.schema().fields)

    # ---- jobs --------------------------------------------------------------------------------
    def _summary_params(self, st: Template) -> dict:
        o = self.options
        return {"source_id": o.source_id, "lang": o.lang, "template": st.digest(), "mask": o.mask,
                "fields": self._fields_text()}

    def _extract_params(self, et: Template, summary_job: int | None) -> dict:
        o = self.options
        return {"source_id": o.source_id, "lang": o.lang, "template": et.digest(), "mask": o.mask,
                "schema": self.schema().digest(), "summary_job": summary_job,
                "summarize_over": o.summarize_over if summary_job is not None else 0}

    def _jobs(self) -> tuple[int | None, int | None]:
        st, et = self.templates()
        sjob = self._find_job("chat_summary", self._summary_params(st)) if self.options.summarize else None
        ejob = self._find_job("chat_extract", self._extract_params(et, sjob))
        return sjob, ejob

    def _summaries(self, sjob: int | None) -> dict[str, str]:
        """item key → summary text, of the summary job's done items."""
        out: dict[str, str] = {}
        if sjob is None:
            return out
        after = 0
        while rows := self.store.done_items(sjob, after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            for r in rows:
                value = (r["output"] or {}).get("value")
                if isinstance(value, dict) and isinstance(value.get("summary"), str):
                    out[r["key"]] = value["summary"].strip()
        return out

    # ---- samples -----------------------------------------------------------------------------
    def _extract_sample(self, job_id: int, item_id: int, value: Any, meta: dict) -> Sample:
        records, problems = validate_answer(value, self.schema())
        instruction = str(meta.get("instruction") or "")
        smeta: dict[str, Any] = {"flow": "extract", "job_id": job_id, "job_item": item_id,
                                 "chat": meta.get("chat"), "index": meta.get("index"),
                                 "instruction": instruction, "made": self._made}
        if meta.get("summary"):
            smeta["chat_text"] = meta.get("chat_text", "")
        if problems:
            smeta["problems"] = [m.encode() for m in problems]
        return Sample.qa(compose(instruction, str(meta.get("input") or "")), dumps_records(records), kind="sft",
                         source_id=meta.get("source_id"), reason=encoded(join_messages(problems)), meta=smeta)

    def _labelled_sample_ids(self) -> dict[str, int]:
        """item key ("source/chat") → id of the labelled chat's sample (made at import)."""
        from core.store import SampleFilter

        out: dict[str, int] = {}
        sources = [s["id"] for s in self.store.sources() if s["kind"] == "chat"
                   and (self.options.source_id is None or s["id"] == self.options.source_id)]
        for sid in sources:
            for s in self.store.iter_samples(SampleFilter(source_id=sid, kind="sft")):
                if s.meta.get("flow") == "extract" and s.meta.get("labelled"):
                    out[f"{sid}/{s.meta.get('chat')}"] = s.id
        return out

    def _apply_summary(self, item_key: str, summary: str, unit_text: str) -> bool:
        """Give a labelled chat's sample the summary as input; True if it changed. The output is
        rebuilt from the chat's own labels whenever the masking mode differs from the one the
        sample was made with (a later run with other masking never masks masked values again, and
        "off" brings the real values back); otherwise it is left as it is. A sample the user edited,
        accepted or rejected is never rewritten: the user's version stands."""
        sample_id = self._label_sample_ids.get(item_key)
        s = self.store.get_sample(sample_id) if sample_id is not None else None
        if s is None or len(s.turns) < 2:
            return False
        if self.store.touched_among([s.id]):
            log.info("labelled sample #%s was changed by the user: the summary is not applied", s.id)
            return False
        mode = self.options.mask
        new_user = compose(str(s.meta.get("instruction") or ""), summary)
        remask = s.meta.get("masked", "off") != mode
        if s.turns[0].text == new_user and s.meta.get("chat_text") == unit_text and not remask:
            return False
        s.meta["chat_text"] = unit_text
        s.meta["summary"] = True
        s.turns[0].text = new_user
        if remask and item_key in self._labels:
            records, _ = validate_answer(self._labels[item_key], self.schema())
            if mode != "off":  # the summary was made from the masked chat: mask the labels alike
                source_id, chat_key = item_key.split("/", 1)
                masker = make_masker(mode, int(source_id), chat_key)
                # tags are numbered in first-seen order: see the chat first, as the summary did
                masker.mask_text(render_transcript(chat_messages(self.store, int(source_id), chat_key).get(chat_key, [])))
                records = masker.mask_obj(records)
            s.turns[1].text = dumps_records(records)
            s.meta["masked"] = mode
        self.store.update_sample(s, by_user=False)  # the flow's own update: still the flow's sample
        return True

    def _earlier_extractions(self, ejob: int) -> dict[str, list[tuple[int, str]]]:
        """item key → (sample id, status) of extraction samples other runs (other settings: masking,
        summaries, schema …) made for the chat. Blocking."""
        from core.store import SampleFilter

        out: dict[str, list[tuple[int, str]]] = {}
        for src in self.store.sources():
            if src["kind"] != "chat" or (self.options.source_id not in (None, src["id"])):
                continue
            for s in self.store.iter_samples(SampleFilter(source_id=src["id"], kind="sft")):
                m = s.meta
                key = f"{src['id']}/{m.get('chat')}"
                # a sample made at import from empty labels (before they were read as unlabelled)
                # is an earlier extraction of a chat the model now extracts
                stale_label = m.get("labelled") and key not in self._labels and len(s.turns) > 1 \
                    and is_blank(s.turns[-1].text)
                if m.get("flow") == "extract" and (not m.get("labelled") or stale_label) \
                        and m.get("job_id") != ejob and s.status != "rejected":
                    out.setdefault(key, []).append((s.id, s.status))
        return out

    def _supersede(self, sample: Sample) -> None:
        """One extraction per chat: a newer one rejects the earlier untouched pending ones (with the
        reason); an accepted earlier one, or one the user edited, stays, and the new one says so."""
        earlier = self._earlier.pop(f"{sample.source_id}/{sample.meta.get('chat')}", [])
        users = self.store.touched_among(i for i, _status in earlier)
        pending = [i for i, status in earlier if status == "pending" and i not in users]
        if pending:  # the flow's own decision: the samples stay untouched (by_user=False)
            self.store.set_status(pending, "rejected", say("chats.extract.superseded", id=sample.id).encode(),
                                  by_user=False)
        accepted = [i for i, status in earlier if status == "accepted"]
        edited = [i for i, status in earlier if status == "pending" and i in users]
        if accepted:
            note = say("chats.extract.already_accepted", id=accepted[0])
            sample.reason = encoded(join_messages([sample.reason, note]))
            self.store.update_sample(sample, by_user=False)
        elif edited:
            said = say("rebuild.extract_edited_kept", id=edited[0])
            sample.reason = encoded(join_messages([sample.reason, said]))
            self.store.update_sample(sample, by_user=False)

    def _add_extract_samples(self, samples: list[Sample]) -> list[int]:
        ids = self.store.add_samples(samples)
        for s in samples:
            self._supersede(s)
        return ids

    def _item_arrived(self, stage: str, job_id: int, item_id: int, output: dict, meta: dict) -> None:
        value = (output or {}).get("value")
        if stage == "extract":
            ids = self._add_extract_samples([keep_reasoning(self._extract_sample(job_id, item_id, value, meta),
                                                            output)])
            self._new_samples += len(ids)
            self._emit("on_samples", ids)
        elif meta.get("labelled") and isinstance(value, dict):
            key = f"{meta.get('source_id')}/{meta.get('chat')}"
            if self._apply_summary(key, str(value.get("summary") or "").strip(), str(meta.get("chat_text") or "")):
                self._new_samples += 1
                self._emit("on_samples", [self._label_sample_ids[key]])

    def _reconcile(self, ejob: int | None, sjob: int | None, units: dict[str, _ChatUnit]) -> list[int]:
        """Samples for done extraction items that have none; summaries for labelled samples that
        missed theirs (a crash between storing an answer and writing its sample). Blocking."""
        touched: list[int] = []
        if sjob is not None:
            for key, summary in self._summaries(sjob).items():
                u = units.get(key)
                if u is not None and u.labelled and self._apply_summary(key, summary, u.text):
                    touched.append(self._label_sample_ids[key])
        if ejob is not None:
            have = self.store.sample_job_items(ejob)
            after = 0
            while rows := self.store.done_items(ejob, after_id=after, limit=PAGE):
                after = rows[-1]["id"]
                missing = [keep_reasoning(self._extract_sample(ejob, r["id"], (r["output"] or {}).get("value"),
                                                               (r["input"] or {}).get("meta") or {}), r["output"])
                           for r in rows if r["id"] not in have]
                if missing:
                    touched.extend(self._add_extract_samples(missing))
        return touched

    async def _reconcile_and_report(self, ejob: int | None, sjob: int | None, units: dict[str, _ChatUnit]) -> None:
        touched = await asyncio.to_thread(self._reconcile, ejob, sjob, units)
        if touched:
            self._new_samples += len(touched)
            self._emit("on_samples", touched)

    # ---- run ---------------------------------------------------------------------------------
    def _summary_specs(self, st: Template, units: list[_ChatUnit]) -> list[JobItemSpec]:
        fields = self._fields_text()
        over = self.options.summarize_over
        return [JobItemSpec(u.item_key, render(st, chat=u.text, fields=fields),
                            {"source_id": u.source_id, "chat": u.key, "index": u.index,
                             "labelled": u.labelled, "chat_text": u.text})
                for u in units if len(u.text) > over and u.text.strip()]

    def _extract_specs(self, et: Template, units: list[_ChatUnit], summaries: dict[str, str]) -> list[JobItemSpec]:
        schema_text = self.schema().prompt_example()
        instruction = self.instruction()
        summarized = self.options.summarize
        over = self.options.summarize_over
        specs = []
        for u in units:
            if u.labelled or not u.text.strip():
                continue  # empty chats: nothing to send (reported as failures by _run)
            text = u.text
            meta: dict[str, Any] = {"source_id": u.source_id, "chat": u.key, "index": u.index,
                                    "instruction": instruction}
            if summarized and len(u.text) > over:
                if u.item_key not in summaries:
                    continue  # its summary failed or is not done: that failure is shown, nothing to send
                text = summaries[u.item_key]
                meta.update(summary=True, chat_text=u.text)
            meta["input"] = text
            specs.append(JobItemSpec(u.item_key, render(et, chat=text, schema=schema_text), meta))
        return specs

    async def _run(self, retry_failed: bool) -> ExtractResult:
        problems = await asyncio.to_thread(self.validate)
        if problems:
            raise InputError(" ".join(problems))
        o = self.options
        st, et = self.templates()
        self._made = self.provenance(st if o.summarize else None, et, schema=self.schema().digest(), **asdict(o))
        units = await asyncio.to_thread(self.units)
        by_key = {u.item_key: u for u in units}
        self._labels = {u.item_key: u.labels for u in units if u.labelled}
        self._label_sample_ids = await asyncio.to_thread(self._labelled_sample_ids)
        result = ExtractResult(chats=len(units), labelled=sum(u.labelled for u in units), summarized=0,
                               extracted=0, samples=0, with_problems=0,
                               empty_labelled=sum(u.empty_labels for u in units))
        summaries_run: list[RunSummary] = []

        sjob = None
        if o.summarize:
            sparams = self._summary_params(st)
            sjob = self._find_job("chat_summary", sparams)
            if sjob is None:
                sjob = self._create_job("chat_summary", self._job_name("summary"), sparams)
            specs = await asyncio.to_thread(self._summary_specs, st, units)
            await asyncio.to_thread(add_items, self.store, sjob, specs)
            await self._reconcile_and_report(None, sjob, by_key)
            if await self._gate():
                summaries_run.append(await self._run_stage("summary", sjob, retry_failed, SUMMARY_VALIDATOR))

        ejob = None
        if o.extract and not self._cancelled:
            eparams = self._extract_params(et, sjob)
            ejob = self._find_job("chat_extract", eparams)
            summaries = await asyncio.to_thread(self._summaries, sjob)
            specs = await asyncio.to_thread(self._extract_specs, et, units, summaries)
            if specs or ejob is not None:
                if ejob is None:
                    ejob = self._create_job("chat_extract", self._job_name("extract"), eparams)
                self._earlier = await asyncio.to_thread(self._earlier_extractions, ejob)
                await asyncio.to_thread(add_items, self.store, ejob, specs)
                await self._reconcile_and_report(ejob, None, by_key)
                validator = answer_validator(self.schema())
                if await self._gate():
                    summaries_run.append(await self._run_stage("extract", ejob, retry_failed, validator))

        await self._reconcile_and_report(ejob, sjob, by_key)
        result.summarized = len(await asyncio.to_thread(self._summaries, sjob))
        if ejob is not None:
            result.extracted = self.store.job_counts(ejob).get("done", 0)
            result.with_problems = await asyncio.to_thread(self._count_with_problems, ejob)
        result.samples = self._new_samples
        failed = await asyncio.to_thread(self.failed_items)
        result.failed = [(stage, key, reason) for stage, _, key, reason in failed]
        result.echoes = self.echoes(result.failed)
        if o.extract:
            result.failed += [("extract", u.item_key, say("chats.extract.empty_chat").encode()) for u in units
                              if not u.labelled and not u.text.strip()]
        result.cancelled = self._cancelled or any(s.cancelled for s in summaries_run)
        result.cost = sum(s.cost for s in summaries_run)
        result.calls = sum(s.calls for s in summaries_run)
        result.cached = sum(s.cached for s in summaries_run)
        return result

    def _count_with_problems(self, ejob: int) -> int:
        return self.store.count_job_samples(ejob, with_reason=True)

    def _job_name(self, stage: str) -> str:
        o = self.options
        where = self._source_name(o.source_id, "all chats")
        return f"Chat {stage} · {where} · {o.lang}"
