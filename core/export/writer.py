"""export_samples: select, validate, split and write a dataset file (or a train/test pair)."""

from __future__ import annotations

import csv
import json
import math
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from core.errors import ExportError
from core.export.atomic import StagedFiles
from core.export.formats import (
    CONVERSATION_ROWS,
    CSV_HEADER,
    CSV_REASONING_HEADER,
    FORMAT_LABELS,
    FORMATS,
    LLAMA_FACTORY_FORMATS,
    NAMED_SPEAKER_FORMATS,
    PRETRAIN_FORMATS,
    TEXT_ROWS,
    alpaca_split_row,
    csv_row,
    dataset_info_entry,
    has_history,
)
from core.export.validate import check_pretrain, is_clean, repair_conversation, repair_named
from core.messages import Message, current_language, say
from core.model import KINDS, Sample, Turn
from core.report.exports import record_export
from core.report.gates import flow_of
from core.store import SampleFilter, Store
from core.text.reasoning import REASONING_FIELD, REASONING_MODES, THINKING, sample_reasoning, think_answer

INCLUDES = ("accepted", "non_rejected")
DATASET_INFO = "dataset_info.json"
PROGRESS_EVERY = 1000
_BATCH = 1000  # rows joined into one write
# `datasets` reads JSON Lines in 10 MB chunks and fixes each column's type from the first chunk:
# if no alpaca row there has a history, "history" is typed list<null> and loading fails on the
# first later row that has one. So when the first row with a history comes after this many
# characters, it is moved to the top of the file.
HISTORY_LEAD_CHARS = 1 << 20


@dataclass
class ExportOptions:
    format: str
    out: Path  # the file the user chose, e.g. data/mydata.json
    jsonl: bool = False  # JSON array (default) or JSON Lines; ignored for csv
    include: str = "accepted"  # "accepted" or "non_rejected" (accepted + pending)
    kind: str | None = None  # restrict to one sample kind (sft/dialogue/pretrain)
    test_ratio: float = 0.0  # 0 = no split; else <stem>_train.<ext> and <stem>_test.<ext>
    seed: int = 42
    dataset_info: bool = True  # write/merge LLaMA-Factory's dataset_info.json beside the file
    # Platforms refuse rows whose input plus target exceed a size (one enforces 8000 characters):
    # such rows are listed in the report; "skip" leaves them out of the file. 0 = no check.
    char_cap: int = 8000
    over_cap: str = "keep"  # "keep" (warn) or "skip"
    # A platform's minimum row count is met only on request: the training rows are repeated in
    # order until there are this many, and the report and a <stem>.export.json beside the file
    # say so. 0 = never repeat.
    repeat_to: int = 0
    # Personal data (phone numbers, e-mails, ID and bank card numbers, addresses …) is masked on
    # the way out: "surrogate" (realistic fakes, consistent within a chat), "tag" ([手机号1]) or "off".
    mask: str = "surrogate"
    # A model's reasoning kept on the samples (core/text/reasoning.py): "none" (not written),
    # "think" (before the final answer as <think>\n…\n</think>\n\n, the form LLaMA-Factory's
    # reasoning templates read) or "field" (a separate reasoning_content field, see formats.py).
    reasoning: str = "none"


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    written: int = 0
    train: int = 0  # without a split every written sample counts as training
    test: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (sample id, reason): not written
    repaired: list[tuple[int, str]] = field(default_factory=list)  # (sample id, what): written
    dataset_info: Path | None = None
    notes: list[str] = field(default_factory=list)  # rendered in the language of the export
    over_cap: list[tuple[int, int]] = field(default_factory=list)  # (sample id, characters) over char_cap
    repeated: int = 0  # rows added by repeat_to
    metadata: Path | None = None  # <stem>.export.json, written when rows were repeated
    masked: dict[str, int] = field(default_factory=dict)  # kind → values replaced
    pretrain: bool = False  # the rows are plain text (kind pretrain): a trainer's pre-training stage

    def summary(self, lang: str | None = None) -> str:
        """What was written, repaired, skipped and registered, in the reader's language."""
        lang = lang or current_language()

        def line(message: Message) -> str:
            return message.render(lang)

        if not self.files:
            return line(say("export.nothing_written"))
        if self.test and len(self.files) == 2:
            train, test = self.files
            lines = [line(say("export.wrote_split", n=self.written, folder=str(train.parent), train=self.train,
                              train_file=train.name, test=self.test, test_file=test.name))]
        else:
            lines = [line(say("export.wrote", n=self.written, file=str(self.files[0])))]
        if self.repaired:
            lines.append(line(say("export.repaired_some", n=len(self.repaired),
                                  examples=_examples(self.repaired, lang=lang))))
        if self.skipped:
            lines.append(line(say("export.skipped_some", n=len(self.skipped),
                                  examples=_examples(self.skipped, lang=lang))))
        if self.over_cap:
            examples = _examples([(i, say("export.chars", n=n)) for i, n in self.over_cap], lang=lang)
            lines.append(line(say("export.over_cap_some", n=len(self.over_cap), examples=examples)))
        if any(self.masked.values()):
            from core.text.masking import masked_counts_text

            lines.append(masked_counts_text(self.masked, lang))
        if self.repeated:
            lines.append(line(say("export.repeated", n=self.repeated,
                                  file=self.metadata.name if self.metadata else "")))
        if self.dataset_info:
            names = ", ".join(f.stem for f in self.files)
            lines.append(line(say("export.registered", names=names, path=str(self.dataset_info))))
        lines += self.notes
        return "\n".join(lines)


def _examples(items: list[tuple[int, str | Message]], n: int = 3, lang: str | None = None) -> str:
    """"#3: why; #7: why (and 5 more)" in the reader's language."""
    lang = lang or current_language()
    shown = [say("export.example", id=i, why=why).render(lang) for i, why in items[:n]]
    text = ("；" if lang == "zh" else "; ").join(shown)
    if len(items) > n:
        text += ("" if lang == "zh" else " ") + say("export.examples_more", n=len(items) - n).render(lang)
    return text


def export_samples(
    store: Store | str | os.PathLike,
    options: ExportOptions,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Write the selected samples in one format; see ExportOptions and ExportReport.

    `store` may be a project path: it is then opened read-only and closed afterwards (the UI
    calls this from a worker thread). Raises ExportError, with nothing written, when the
    options or the selection cannot give a usable file. Either every output file (and
    dataset_info.json) is replaced complete, or none is touched.
    """
    _check_options(options)
    if isinstance(store, Store):
        return _export(store, options, progress)
    with Store(store, readonly=True) as opened:
        return _export(opened, options, progress)


# ---- options and paths ------------------------------------------------------------------------


def _check_options(o: ExportOptions) -> None:
    if o.format not in FORMATS:
        raise ExportError(say("export.unknown_format", format=repr(o.format), formats=", ".join(FORMATS)))
    if o.include not in INCLUDES:
        raise ExportError(say("export.unknown_scope", scope=repr(o.include)))
    if o.kind is not None and o.kind not in KINDS:
        raise ExportError(say("export.unknown_kind", kind=repr(o.kind), kinds=", ".join(KINDS)))
    try:
        ratio = float(o.test_ratio)
    except (TypeError, ValueError):
        ratio = math.nan
    if not 0.0 <= ratio < 1.0:
        raise ExportError(say("export.bad_ratio", ratio=repr(o.test_ratio)))
    if not str(o.out).strip():
        raise ExportError(say("export.no_output"))
    if not isinstance(o.char_cap, int) or o.char_cap < 0:
        raise ExportError(say("export.bad_char_cap", value=repr(o.char_cap)))
    if o.mask not in ("surrogate", "tag", "off"):
        raise ExportError(say("export.unknown_mask", value=repr(o.mask)))
    if o.over_cap not in ("keep", "skip"):
        raise ExportError(say("export.unknown_over_cap", value=repr(o.over_cap)))
    if not isinstance(o.repeat_to, int) or not 0 <= o.repeat_to <= 10_000_000:
        raise ExportError(say("export.bad_repeat_to", value=repr(o.repeat_to)))
    if o.reasoning not in REASONING_MODES:
        raise ExportError(say("reasoning.unknown_mode", value=repr(o.reasoning)))


def _suffix(o: ExportOptions) -> str:
    return ".csv" if o.format == "csv" else (".jsonl" if o.jsonl else ".json")


def _output_base(o: ExportOptions) -> Path:
    """The user's file with the format's suffix: a file-type suffix ("mydata.txt") is replaced,
    anything else ("qwen-v1.5") is kept and the suffix appended."""
    out = Path(o.out).expanduser().absolute()
    if out.is_dir():
        raise ExportError(say("export.out_is_folder", path=str(out), example=str(out / ("data" + _suffix(o)))))
    s = out.suffix
    if s[1:].isalpha() and s[1:].isascii():
        return out.with_suffix(_suffix(o))
    return out.with_name(out.name + _suffix(o))


def _check_folder(base: Path) -> None:
    folder = base.parent
    if not folder.exists():  # `--out data/my.json` in a fresh folder: make data/
        try:
            folder.mkdir(parents=True)
        except OSError as e:
            raise ExportError(say("export.folder_create_failed", name=base.name, folder=str(folder),
                                  error=str(e.strerror or e))) from e
    if not folder.is_dir():
        raise ExportError(say("export.folder_is_file", name=base.name, folder=str(folder)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(say("export.folder_not_writable", name=base.name, folder=str(folder)))


def _read_dataset_info(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ExportError(say("export.dataset_info_unreadable", path=str(path), error=str(e))) from e
    if not isinstance(data, dict):
        raise ExportError(say("export.dataset_info_not_object", path=str(path)))
    return data


def _csv_row(sid: int, system: str, turns: list, reasoning: str | None = None) -> tuple[str, ...]:
    row = csv_row(system, turns)
    return row if reasoning is None else (*row, reasoning)


def _with_thought(turns: list[Turn], thought: str) -> list[Turn]:
    """The turns with the reasoning before the final answer, as LLaMA-Factory's reasoning
    templates read it (a new list: the sample's own turns are left as they are)."""
    last = max((i for i, t in enumerate(turns) if t.role == "assistant"), default=-1)
    if last < 0:
        return turns
    out = list(turns)
    out[last] = Turn(out[last].role, think_answer(thought, out[last].text), out[last].name)
    return out


def _chat_seed(s: Sample) -> str:
    chat = s.meta.get("chat")
    return f"{s.source_id}/{chat}" if chat is not None else f"sample/{s.id}"


def _sample_texts(s: Sample, thinking: bool = False) -> list[str]:
    # (the instruction is the start of the first user turn: checking the turns covers it)
    texts = [s.system, *[t.text for t in s.turns]]
    if thinking:  # the reasoning is written too: its personal data is masked like the answer's
        texts.append(sample_reasoning(s))
    return texts


def _chat_values(store: Store, read: SampleFilter, skip_rejected: bool,
                 thinking: bool = False) -> dict[str, list[tuple[str, str]]]:
    """Every personal value detected in each chat's selected samples (chat seed → (kind, text)),
    read before writing: a value found in one session of a chat (after a cue word) is then also
    masked in the chat's other sessions, where it may stand without one. Only projects with chat
    sources have samples that share a chat."""
    from core.sources.chats.importer import chat_sources
    from core.text.masking import find_pii, may_contain_pii

    if not chat_sources(store):
        return {}
    values: dict[str, dict[tuple[str, str], None]] = {}
    for s in store.iter_samples(read):
        if s.meta.get("chat") is None or (skip_rejected and s.status == "rejected"):
            continue
        for text in _sample_texts(s, thinking):
            if text and may_contain_pii(text):
                found = values.setdefault(_chat_seed(s), {})
                for hit in find_pii(text):
                    found[(hit.kind, hit.text)] = None
    return {seed: list(found) for seed, found in values.items() if found}


def _mask_sample(s: Sample, mode: str, totals: dict[str, int],
                 chat_values: dict[str, list[tuple[str, str]]] | None = None, thinking: bool = False) -> Any:
    """Mask the sample's texts in place (it is a copy read for this export). One masker per chat
    (or per sample), seeded by it, so a value has the same replacement in the input and the
    output of a chat, and in every export; it knows the values found anywhere in the chat
    (``chat_values``) so none of them stays in clear. Returns the masker (None: nothing to mask)."""
    from core.text.masking import Masker, may_contain_pii

    seed = _chat_seed(s)
    known = (chat_values or {}).get(seed)
    if not known and not may_contain_pii("".join(_sample_texts(s, thinking))):
        return None  # most samples: nothing to look at, no masker to build
    masker = Masker(mode, seed=seed)
    if known:
        masker.learn_values(known)
    if s.system:
        s.system = masker.mask_text(s.system)
    for t in s.turns:
        t.text = masker.mask_text(t.text)
    if s.meta.get("instruction"):
        s.meta["instruction"] = masker.mask_text(s.meta["instruction"])
    if thinking and sample_reasoning(s):
        s.meta[THINKING] = masker.mask_text(sample_reasoning(s))
    for kind, n in masker.counts().items():
        if n:
            totals[kind] = totals.get(kind, 0) + n
    return masker


@dataclass
class MaskingPreview:
    """What an export with masking would replace, before anything is written."""

    samples: int = 0  # selected samples holding personal data
    counts: dict[str, int] = field(default_factory=dict)  # kind → occurrences replaced
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, original, replacement)

    def lines(self, lang: str | None = None) -> list[str]:
        """For the export page only: the originals are real personal data, never log them."""
        from core.messages import render, say
        from core.text.masking import masked_counts_list

        if not any(self.counts.values()):
            return [render(say("masking.preview_none"), lang)]
        what = masked_counts_list(self.counts, lang)
        out = [render(say("masking.preview_head", samples=self.samples, what=what), lang),
               render(say("masking.preview_pairs", n=len(self.pairs)), lang)]
        out += [render(say("masking.preview_pair", kind=render(say(f"masking.name.{kind}"), lang), original=original,
                           replacement=replacement), lang) for kind, original, replacement in self.pairs]
        return out


def masking_preview(store: Store | str | os.PathLike, options: ExportOptions, max_pairs: int = 40) -> MaskingPreview:
    """Mask the samples the export would write (same selection, same maskers, nothing written):
    counts per kind, and the first ``max_pairs`` distinct values with their replacements."""
    if not isinstance(store, Store):
        with Store(store, readonly=True) as opened:
            return masking_preview(opened, options, max_pairs)
    preview = MaskingPreview()
    if options.mask == "off":
        return preview
    statuses = ("accepted",) if options.include == "accepted" else ("accepted", "pending")
    read = SampleFilter(kind=options.kind, statuses=statuses if len(statuses) == 1 else None)
    skip_rejected = len(statuses) > 1
    thinking = options.reasoning != "none"
    chat_values = _chat_values(store, read, skip_rejected, thinking)
    seen: set[tuple[str, str]] = set()
    for s in store.iter_samples(read):
        if skip_rejected and s.status == "rejected":
            continue
        masker = _mask_sample(s, options.mask, preview.counts, chat_values, thinking)
        if masker is None or not any(masker.counts().values()):
            continue
        preview.samples += 1
        for entry in masker.hits:
            if entry.part or (entry.kind, entry.original) in seen or len(preview.pairs) >= max_pairs:
                continue
            seen.add((entry.kind, entry.original))
            preview.pairs.append((entry.kind, entry.original, entry.replacement))
    return preview


def _repeat_rows(sink: _Sink, rows: list[str], target: int) -> int:
    """Append copies of `rows`, in order, until the sink holds `target` rows; returns how many."""
    added = 0
    while sink.count + len(sink.rows) < target:
        sink.rows.append(rows[added % len(rows)])
        added += 1
        if len(sink.rows) >= _BATCH:
            sink.flush()
    return added


def _test_count(n: int, ratio: float) -> int:
    if ratio <= 0 or n < 2:
        return 0
    return min(n - 1, max(1, round(n * ratio)))


# ---- writing ----------------------------------------------------------------------------------


class _ListWriter:
    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


class _Sink:
    """One output file being written. The export loop appends rows to `rows`; flush() writes
    them in one go (a row at a time would cost more than building it)."""

    def __init__(self, f: TextIO, style: str, watch_history: bool, header: tuple[str, ...] = CSV_HEADER) -> None:
        self.f = f
        self.style = style  # "json", "jsonl" or "csv"
        self.rows: list = []
        self.count = 0  # rows taken by flush(), including a held lead row
        self.written = 0
        self.watch_history = watch_history
        self.chars = 0
        self.lead: str | None = None  # a row to move to the top, see HISTORY_LEAD_CHARS
        if style == "json":
            f.write("[\n")
        elif style == "csv":
            # The csv writer writes into a list (cheap), and each batch goes to the file at once.
            self.parts: list[str] = []
            self.csv = csv.writer(_ListWriter(self.parts), lineterminator="\n")
            self.csv.writerow(header)

    def flush(self) -> None:
        rows = self.rows
        if not rows:
            return
        self.rows = []
        self.count += len(rows)
        if self.watch_history:
            rows = self._hold_lead(rows)
        if self.style == "csv":
            self.csv.writerows(rows)
            self.f.write("".join(self.parts))
            self.parts.clear()
        elif self.style == "jsonl":
            self.f.write("\n".join(rows) + "\n")
        elif rows:
            text = ",\n".join(rows)
            self.f.write(",\n" + text if self.written else text)
        self.written += len(rows)

    def _hold_lead(self, rows: list[str]) -> list[str]:
        for i, row in enumerate(rows):
            if has_history(row):
                self.watch_history = False
                if self.chars + sum(map(len, rows[:i])) > HISTORY_LEAD_CHARS:
                    self.lead = row
                    return rows[:i] + rows[i + 1 :]
                return rows
        self.chars += sum(map(len, rows))
        return rows

    def finish(self) -> None:
        self.flush()
        if self.style == "csv" and self.parts:  # the header, when no row came
            self.f.write("".join(self.parts))
        elif self.style == "json":
            self.f.write("\n]\n" if self.written else "]\n")


def _export(store: Store, o: ExportOptions, progress: Callable[[int, int], None] | None) -> ExportReport:
    fmt = o.format
    statuses = ("accepted",) if o.include == "accepted" else ("accepted", "pending")
    selection = SampleFilter(kind=o.kind, statuses=statuses)
    total = store.count(selection)
    if total == 0:
        if o.include == "accepted":
            # the hint names the control of whoever renders it (the window's choice, the CLI's --all)
            if o.kind:
                raise ExportError(say("export.none_accepted_kind", project=store.name, kind=o.kind))
            raise ExportError(say("export.none_accepted", project=store.name))
        if o.kind:
            raise ExportError(say("export.none_selected_kind", project=store.name, kind=o.kind))
        raise ExportError(say("export.none_selected", project=store.name))

    if o.kind:
        n_pretrain = total if o.kind == "pretrain" else 0
    else:
        n_pretrain = store.count(SampleFilter(kind="pretrain", statuses=statuses))
    not_kind = None
    left_out_pretrain = 0
    if 0 < n_pretrain < total:
        # "All kinds" means the conversations: one file cannot hold both plain text and
        # conversations, and the text is exported on its own (kind pretrain).
        not_kind, left_out_pretrain = "pretrain", n_pretrain
        selection = SampleFilter(not_kind=not_kind, statuses=statuses)
        total -= n_pretrain
        n_pretrain = 0
    pretrain = n_pretrain > 0
    if pretrain and fmt not in PRETRAIN_FORMATS:
        raise ExportError(say("export.pretrain_format", format=FORMAT_LABELS[fmt]))

    base = _output_base(o)
    _check_folder(base)
    ratio = float(o.test_ratio)
    test_ids: set[int] = set()
    if ratio > 0:
        targets = {
            "train": base.with_name(f"{base.stem}_train{base.suffix}"),
            "test": base.with_name(f"{base.stem}_test{base.suffix}"),
        }
        ids = store.query_ids(selection).tolist()
        test_ids = set(random.Random(o.seed).sample(ids, _test_count(len(ids), ratio)))
    else:
        targets = {"all": base}

    info_path = base.parent / DATASET_INFO if o.dataset_info and fmt in LLAMA_FACTORY_FORMATS else None
    for t in targets.values():
        if t == info_path or t.name == DATASET_INFO:
            raise ExportError(say("export.reserved_name", name=t.name))
        if t.exists() and t.resolve() == store.path.resolve():
            raise ExportError(say("export.is_project", path=str(t)))
    if info_path is not None:
        _read_dataset_info(info_path)  # refuse a broken one before doing any work

    report = ExportReport()
    notes = report.notes
    if left_out_pretrain:
        notes.append(say("export.note.pretrain_left_out", n=left_out_pretrain).render())
    if fmt in ("xtuner", "aquila"):
        notes.append(say("export.note.no_dataset_info", format=fmt).render())
    if fmt == "csv" and o.jsonl:
        notes.append(say("export.note.csv_jsonl").render())

    conv_row = CONVERSATION_ROWS.get(fmt) or _csv_row
    repair = repair_named if fmt in NAMED_SPEAKER_FORMATS else repair_conversation  # names need no role order
    text_row = TEXT_ROWS.get(fmt)
    style = "csv" if fmt == "csv" else ("jsonl" if o.jsonl else "json")
    watch_history = fmt == "alpaca" and style == "jsonl" and not pretrain
    # One status or none in the query: SQLite walks the id index for these. For "non-rejected"
    # the rejected rows are skipped here (an IN over two statuses makes every batch re-sort).
    read = SampleFilter(kind=o.kind, not_kind=not_kind, statuses=statuses if len(statuses) == 1 else None)
    skip_rejected = len(statuses) > 1
    skipped, repaired = report.skipped, report.repaired
    split_instruction = fmt == "alpaca"
    cap, skip_over, over_cap = o.char_cap, o.over_cap == "skip", report.over_cap
    keep: list[str] | None = [] if o.repeat_to else None  # training rows, for repeat_to
    mask_mode, masked = o.mask, report.masked
    # the reasoning kept on the samples, written on request (pre-training text has none)
    thinking, think, as_field = not pretrain and o.reasoning != "none", o.reasoning == "think", o.reasoning == "field"
    if pretrain and o.reasoning != "none":
        notes.append(say("reasoning.pretrain").render())
    with_reasoning = 0
    chat_values = _chat_values(store, read, skip_rejected, thinking) if mask_mode != "off" else {}
    exported: Counter = Counter()  # samples written per (source, flow): the quality report's "exported"

    try:
        with StagedFiles() as staged:
            header = CSV_REASONING_HEADER if as_field else CSV_HEADER
            sinks = {name: _Sink(staged.open(t), style, watch_history, header) for name, t in targets.items()}
            main = sinks.get("all") or sinks["train"]
            test = sinks.get("test")
            if progress:
                progress(0, total)
            done = 0
            main_rows, test_rows = main.rows, (test.rows if test is not None else None)
            for s in store.iter_samples(read):
                if skip_rejected and s.status == "rejected":
                    continue
                done += 1
                if done % PROGRESS_EVERY == 0:
                    for sink in sinks.values():
                        sink.flush()
                    main_rows, test_rows = main.rows, (test.rows if test is not None else None)
                    if progress:
                        progress(done, total)
                if mask_mode != "off":
                    _mask_sample(s, mask_mode, masked, chat_values, thinking)
                thought = sample_reasoning(s) if thinking else ""
                if pretrain:
                    c = check_pretrain(s)
                    if c.skip:
                        skipped.append((s.id, c.skip))
                        continue
                    row = text_row(s.id, c.text)
                else:
                    turns = s.turns
                    if not is_clean(turns):
                        c = repair(turns)
                        if c.skip:
                            skipped.append((s.id, c.skip))
                            continue
                        if c.repaired:
                            repaired.append((s.id, c.repaired))
                        turns = c.turns
                    system = s.system
                    if system and system.isspace():
                        system = ""
                    if think and thought:
                        turns = _with_thought(turns, thought)
                    extra = thought if as_field else None  # (a field export: every row has the field)
                    instruction = s.meta.get("instruction") if split_instruction else None
                    if instruction and len(turns) == 2 and turns[0].text.startswith(instruction):
                        row = alpaca_split_row(system, instruction, turns[0].text[len(instruction):].strip(),
                                               turns[1].text, extra)
                    else:
                        row = conv_row(s.id, system, turns, extra)
                # (the reasoning written is part of the row's length)
                if cap and (chars := s.n_chars + len(thought)) > cap:
                    over_cap.append((s.id, chars))
                    if skip_over:
                        skipped.append((s.id, say("export.skip.over_cap", chars=chars, cap=cap).render()))
                        continue
                with_reasoning += bool(thought)
                exported[(s.source_id, flow_of(s.meta))] += 1
                if test_ids and s.id in test_ids:
                    test_rows.append(row)
                else:
                    main_rows.append(row)
                    if keep is not None:
                        keep.append(row)

            if thinking:
                if not with_reasoning:
                    said = say("reasoning.none_exported")
                elif think:
                    said = say("reasoning.exported_think", n=with_reasoning)
                else:
                    said = say("reasoning.exported_field", n=with_reasoning, field=REASONING_FIELD)
                notes.append(said.render())
            if keep and main.count + len(main.rows) < o.repeat_to:
                report.repeated = _repeat_rows(main, keep, o.repeat_to)
            for sink in sinks.values():
                sink.flush()
            if not any(sink.count for sink in sinks.values()):
                raise ExportError(say("export.none_writable", n=done, examples=_examples(skipped)))
            written: dict[str, Path] = {}
            for name, sink in sinks.items():
                sink.finish()
                if not sink.count:
                    staged.drop(targets[name])
                    why = say("export.split_why.one_sample") if done < 2 else say("export.split_why.all_skipped")
                    split = say("export.split.train") if name == "train" else say("export.split.test")
                    notes.append(say("export.note.split_empty", split=split, why=why, file=targets[name].name).render())
                    continue
                if sink.lead is not None:
                    staged.prepend(targets[name], sink.lead + "\n")
                    notes.append(say("export.note.history_moved", file=targets[name].name).render())
                written[name] = targets[name]

            if report.repeated:
                report.metadata = base.with_name(f"{base.stem}.export.json")
                staged.write_text(report.metadata, json.dumps({
                    "repeated_rows": {"unique": len(keep), "written": o.repeat_to, "added": report.repeated,
                                      "why": "rows repeated on request to reach a platform's minimum row count"},
                    "format": fmt, "file": (written.get("all") or written.get("train")).name,
                }, ensure_ascii=False, indent=2) + "\n")
            if info_path is not None:
                info = _read_dataset_info(info_path)
                for path in written.values():
                    info[path.stem] = dataset_info_entry(fmt, path.name, pretrain)
                staged.write_text(info_path, json.dumps(info, ensure_ascii=False, indent=2) + "\n")
                report.dataset_info = info_path
            staged.commit()
    except OSError as e:
        where = e.filename or base
        raise ExportError(say("export.write_failed", path=str(where), error=str(e.strerror or e))) from e

    report.files = list(written.values())
    report.train = (sinks.get("all") or sinks["train"]).count
    report.test = test.count if test is not None else 0
    report.written = report.train + report.test
    report.pretrain = pretrain
    record_export(store, o, report, exported)
    if progress:
        progress(total, total)
    return report
