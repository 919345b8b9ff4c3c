"""Test set, predictions and score for the extraction task.

- :func:`write_test_set`: the CSV ``input,target`` of a chat source's chats (target = the labels'
  JSON where the chat has them, else empty) — what fine-tuning platforms take as a test file.
- :class:`PredictFlow`: every chat's input (the same user turn the training samples have:
  instruction + chat, or + its summary) sent to any OpenAI-compatible endpoint — typically the
  user's fine-tuned model. Each answer is parsed and validated against the schema; an answer that
  does not parse is a failed item with its reason. The predictions are written in the
  competition's submission layout ``[{"infos": [...], "index": N}]`` (1-based, file order).
  The job is resumable like every other: finished chats are never asked again.
- :func:`score_source`: predictions against a labelled source's labels, per field.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ExportError, InputError
from core.export.atomic import StagedFiles
from core.flows.extract import (
    compose,
    dumps_records,
    make_masker,
    project_instruction,
    project_schema,
    transcript,
)
from core.flows.extract_schema import answer_validator, example_record, validate_answer
from core.flows.scoring import ScoreReport, score
from core.flows.staged import EchoGuardRunner, echo_guard
from core.llm.providers import ProviderSettings
from core.llm.runner import JobItemSpec, Runner, RunSummary, add_items
from core.messages import Message, say
from core.sources.chats.importer import chat_messages, chat_sources, stored_chats
from core.sources.chats.wording import as_message, join_messages
from core.text.echo import EchoRule, count_echoes

log = logging.getLogger("corpusmith.flows.predict")

INPUTS = ("chat", "summary")
PAGE = 500


def _source(store: Any, source_id: int) -> dict:
    found = chat_sources(store, source_id)
    if not found:
        raise InputError(say("chats.predict.source_not_chat", id=source_id))
    return found[0]


def latest_summaries(store: Any, source_id: int) -> dict[str, str]:
    """chat key → its summary, from the newest summary job that has one."""
    out: dict[str, str] = {}
    for job in store.jobs():  # newest first
        if job["kind"] != "chat_summary":
            continue
        after = 0
        while rows := store.done_items(job["id"], after_id=after, limit=PAGE):
            after = rows[-1]["id"]
            for r in rows:
                sid, _, chat = r["key"].partition("/")
                value = (r["output"] or {}).get("value")
                if sid == str(source_id) and chat not in out and isinstance(value, dict):
                    out[chat] = str(value.get("summary") or "").strip()
    return out


@dataclass
class ChatInput:
    key: str
    index: int
    text: str  # the user turn: instruction + chat or summary
    labels: list[dict] | None


def chat_inputs(store: Any, source_id: int, input: str = "chat", lang: str = "zh") -> tuple[list[ChatInput], list[Message]]:
    """Each chat's user turn, in file order, and the chats left out with why (no summary yet)."""
    if input not in INPUTS:
        raise InputError(say("chats.predict.unknown_input", input=input))
    _source(store, source_id)
    instruction = project_instruction(store, lang)
    messages = chat_messages(store, source_id)
    summaries = latest_summaries(store, source_id) if input == "summary" else {}
    out: list[ChatInput] = []
    missing: list[Message] = []
    for c in sorted(stored_chats(store, source_id), key=lambda c: c.index):
        if input == "summary":
            if not summaries.get(c.key):
                missing.append(say("chats.predict.no_summary", index=c.index, title=c.title))
                continue
            text = summaries[c.key]
        else:
            text = transcript(messages.get(c.key, []))
        out.append(ChatInput(c.key, c.index, compose(instruction, text), c.labels))
    return out, missing


def write_test_set(store: Any, source_id: int, out: str | Path, input: str = "chat", lang: str = "zh",
                   mask: str = "surrogate") -> tuple[Path, int, list[Message]]:
    """The CSV test set ``input,target``; returns (path, rows, chats left out with why).
    Personal data is masked like in every export (`mask` "surrogate", "tag" or "off"), with one
    masker per chat so the input and the target agree. Written completely or not at all."""
    rows, missing = chat_inputs(store, source_id, input, lang)
    if not rows:
        raise ExportError(say("chats.predict.no_test_rows", why=_why_none(missing)))
    schema = project_schema(store)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("input", "target"))
    for r in rows:
        records = validate_answer(r.labels, schema)[0] if r.labels is not None else None
        masker = make_masker(mask, source_id, r.key)
        text = r.text
        if masker is not None:
            text = masker.mask_text(text)
            records = masker.mask_obj(records) if records is not None else None
        w.writerow((text, dumps_records(records) if records is not None else ""))
    path = _write_atomic(out, buf.getvalue())
    return path, len(rows), missing


def _why_none(missing: list[Message]) -> Message:
    """Why there is no row: the first chats left out, or that the source has none."""
    return join_messages(missing[:3]) if missing else say("chats.predict.source_empty")


def _write_atomic(out: str | Path, text: str) -> Path:
    path = Path(out).expanduser().absolute()
    if not path.parent.is_dir():
        raise ExportError(say("chats.predict.no_folder", name=path.name, folder=str(path.parent)))
    try:
        with StagedFiles() as staged:
            staged.write_text(path, text)
            staged.commit()
    except OSError as e:
        raise ExportError(say("chats.predict.write_failed", path=str(path), error=str(e.strerror or e))) from e
    return path


# ---- predictions -----------------------------------------------------------------------------------
@dataclass
class PredictResult:
    path: Path | None
    written: int  # chats with a prediction in the file
    filled: int  # chats written with an empty record because their answer failed (fill_empty)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (chat index, reason)
    left_out: list[Message] = field(default_factory=list)  # chats not sent, with why
    problems: int = 0  # predictions whose answer needed fixing against the schema
    echoes: int = 0  # of the failed: answers that only gave back the blank form (not predictions)
    summary: RunSummary | None = None
    score: ScoreReport | None = None  # when the source has labels


class PredictFlow:
    """Send each chat's input to the endpoint in `settings`; write the submission file."""

    def __init__(self, store: Any, client: Any, settings: ProviderSettings, source_id: int, *,
                 input: str = "chat", lang: str = "zh", mask: str = "off", events: Any = None,
                 runner_options: dict | None = None):
        self.store, self.client, self.settings = store, client, settings
        self.source_id, self.input, self.lang = source_id, input, lang
        # "tag"/"surrogate": the endpoint sees masked chats; its answers are unmasked (the same
        # deterministic masker per chat) before they are written, so the file has the real values
        self.mask = mask
        self.events = events
        self.runner_options = dict(runner_options or {})
        self.runner: Runner | None = None

    def _params(self) -> dict:
        params = {"source_id": self.source_id, "base_url": self.settings.base_url, "model": self.settings.model,
                  "input": self.input, "instruction": project_instruction(self.store, self.lang)}
        if self.mask != "off":
            params["mask"] = self.mask
        return params

    def _masker(self, row: ChatInput) -> Any:
        """The chat's masker, having seen its input (so tags are numbered as when it was sent)."""
        masker = make_masker(self.mask, self.source_id, row.key)
        if masker is not None:
            masker.mask_text(row.text)
        return masker

    def job_id(self, create: bool = False) -> int | None:
        params = self._params()
        for j in self.store.jobs():
            if j["kind"] == "predict" and j["params"] == params:
                return j["id"]
        if not create:
            return None
        name = f"Predict · source #{self.source_id} · {self.settings.model}"
        return self.store.create_job("predict", name, params)

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    # (an off-peak run's guard pauses it while peak prices are on: core/llm/offpeak.py)
    def pause(self) -> None:
        if self.runner is not None:
            self.runner.pause()

    def resume(self) -> None:
        if self.runner is not None:
            self.runner.resume()

    @property
    def paused(self) -> bool:
        return self.runner is not None and self.runner.paused

    async def run(self, out: str | Path, *, retry_failed: bool = False, fill_empty: bool = False) -> PredictResult:
        # reading chats, queueing items and writing the file run in a thread: the app stays live
        rows, missing = await asyncio.to_thread(chat_inputs, self.store, self.source_id, self.input, self.lang)
        if not rows:
            raise InputError(say("chats.predict.nothing", why=_why_none(missing)))
        job = self.job_id(create=True)
        def prompt(r: ChatInput) -> str:
            masker = make_masker(self.mask, self.source_id, r.key)
            return masker.mask_text(r.text) if masker is not None else r.text

        await asyncio.to_thread(add_items, self.store, job, [
            JobItemSpec(r.key, [{"role": "user", "content": prompt(r)}], {"index": r.index}) for r in rows])
        schema = project_schema(self.store)
        # an answer of blank records (every field empty) is no prediction: re-asked, then failed
        blank_form = EchoRule(example_record=example_record(schema))
        self.runner = EchoGuardRunner(self.store, self.client, self.settings, events=self.events,
                                      validate=echo_guard(answer_validator(schema), blank_form),
                                      **self.runner_options)
        try:
            summary = await self.runner.run(job, retry_failed=retry_failed)
        finally:
            self.runner = None
        result = await asyncio.to_thread(self.write, job, rows, out, fill_empty=fill_empty)
        result.summary = summary
        result.left_out = missing
        return result

    def write(self, job: int, rows: list[ChatInput], out: str | Path, *, fill_empty: bool = False) -> PredictResult:
        """The submission file from the job's done items (in file order)."""
        schema = project_schema(self.store)
        done: dict[str, Any] = {}
        after = 0
        while items := self.store.done_items(job, after_id=after, limit=PAGE):
            after = items[-1]["id"]
            done.update((r["key"], (r["output"] or {}).get("value")) for r in items)
        errors = {f["key"]: f["error"] for f in self.store.failed_items(job)}
        entries: list[dict] = []
        result = PredictResult(path=None, written=0, filled=0)
        predictions: dict[int, list[dict]] = {}
        for r in rows:
            if r.key in done:
                records, problems = validate_answer(done[r.key], schema)
                result.problems += bool(problems)
                if self.mask != "off":
                    records = self._masker(r).unmask_obj(records)
            else:
                result.failed.append((r.index, errors.get(r.key) or say("chats.predict.not_answered").encode()))
                if not fill_empty:
                    continue
                records = [schema.empty_record()]
                result.filled += 1
            entries.append({"infos": records, "index": r.index})
            predictions[r.index] = records
        if not entries:
            raise ExportError(say("chats.predict.all_failed", why=join_messages(
                say("chats.predict.chat_failed", index=i, why=as_message(why)) for i, why in result.failed[:3])))
        result.echoes = count_echoes(why for _, why in result.failed)
        result.path = _write_atomic(out, json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
        result.written = len(entries) - result.filled
        labels = {r.index: r.labels for r in rows if r.labels is not None}
        if labels:
            result.score = score({i: p for i, p in predictions.items() if i in labels}, labels, schema)
        return result


def score_files(predictions: str | Path, labels: str | Path, store: Any = None) -> ScoreReport:
    """Score a submission file against a labels file (the project's schema if a store is given)."""
    from core.flows.extract_schema import BUILTIN_SCHEMA
    from core.flows.scoring import load_labels, load_predictions

    schema = project_schema(store) if store is not None else BUILTIN_SCHEMA
    return score(load_predictions(predictions), load_labels(labels), schema)
