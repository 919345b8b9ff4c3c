"""The first record of an export, exactly as the file will hold it, before anything is written.

The preview is not rebuilt beside the writer (it would drift): it *is* the writer. The export
runs into a private temporary folder on a view of the project whose pass over the samples
stops after the first few, and the first record is read back from the file it wrote. Rows come
out in sample order, so the first row of that short file is the first row of the real one —
with the masking, repairs, skips, length limit and train/test split of the real export, which
see the same samples (the split is drawn from every selected id; a chat's personal data is
collected from the whole chat, as the writer does).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from core.errors import ExportError
from core.export.formats import has_history
from core.export.writer import ExportOptions, _check_options, _export
from core.model import Sample
from core.store import SampleFilter, Store

FIRST_TRY = 64  # samples read for a preview at first; more only when none of them gives a row
_GROWTH = 8


class _FirstSamples:
    """The project as the writer sees it, except that the writer's main pass over the samples
    stops after `limit` of them. Earlier passes (the scan for each chat's personal data, made
    before writing) read everything, so the masking of the first row is that of the full export."""

    def __init__(self, store: Store, limit: int, full_passes: int) -> None:
        self._store = store
        self._limit = limit
        self._full_passes = full_passes

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def iter_samples(self, flt: SampleFilter | None = None, batch: int = 2000) -> Iterator[Sample]:
        if self._full_passes:
            self._full_passes -= 1
            return self._store.iter_samples(flt, batch)
        return islice(self._store.iter_samples(flt, min(batch, self._limit)), self._limit)


def preview_first_record(
    store: Store | str | os.PathLike,
    options: ExportOptions,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """The text of the first record `export_samples(store, options)` would write: a JSON object
    (JSON array or JSON Lines), or for CSV the header line and the first row. With a train/test
    split, the first record of the training file. Raises ExportError as the export would
    (nothing to export, a format that cannot hold the selection …). `progress` is passed to the
    writer (raising from it stops the preview)."""
    if not isinstance(store, Store):
        with Store(store, readonly=True) as opened:
            return preview_first_record(opened, options, progress)
    _check_options(options)
    statuses = ("accepted",) if options.include == "accepted" else ("accepted", "pending")
    selection = SampleFilter(kind=options.kind, statuses=statuses)
    total = store.count(selection)
    full_passes = 1 if options.mask != "off" and _has_chats(store) else 0
    limit = FIRST_TRY
    with tempfile.TemporaryDirectory(prefix="corpusmith-preview-") as folder:
        # dataset_info and repeated rows only add files or rows after the data: the first row is the same
        quiet = replace(options, out=Path(folder) / "preview", dataset_info=False, repeat_to=0)
        while True:
            whole = limit >= total
            view = store if whole else _FirstSamples(store, limit, full_passes)
            try:
                report = _export(view, quiet, progress)  # type: ignore[arg-type]
            except ExportError:
                if whole:
                    raise
                limit = total  # e.g. every sample read so far was skipped: ask the whole selection
                continue
            if not whole and not report.train:  # the first samples all went to the test file
                limit *= _GROWTH
                continue
            first = first_record(report.files[0])
            if whole or not _lead_may_move(options, first, report.files[0], store, selection):
                return first
            limit *= _GROWTH


def _has_chats(store: Store) -> bool:
    from core.sources.chats.importer import chat_sources

    return bool(chat_sources(store))


def _lead_may_move(options: ExportOptions, first: str, path: Path, store: Store,
                   selection: SampleFilter) -> bool:
    """Whether a later row could still be moved to the top of the real file: alpaca JSON Lines
    puts the first row with a history first when it comes late (writer.HISTORY_LEAD_CHARS). If
    the short file holds a row with a history, the writer decided on it just as it will on the
    full file; if none does and some selected sample has more than one exchange, read further."""
    if options.format != "alpaca" or not options.jsonl or not first.startswith('{"instruction"'):
        return False
    with open(path, encoding="utf-8", newline="") as f:
        if any(has_history(line.rstrip("\n")) for line in f):
            return False
    longest = store.query_ids(selection, sort="n_turns", descending=True)[:1]
    sample = store.get_sample(longest[0]) if len(longest) else None
    return sample is not None and len(sample.turns) > 2


def first_record(path: Path) -> str:
    """The first record of an exported file as it stands in the file (reads only the start)."""
    with open(path, encoding="utf-8", newline="") as f:
        if path.suffix == ".csv":
            return _first_csv_record(f)
        line = f.readline()
        if path.suffix == ".json":  # "[\n", then one row a line, each but the last followed by ","
            line = f.readline()
            line = line.rstrip("\n")
            return line[:-1] if line.endswith(",") else line
        return line.rstrip("\n")


def _first_csv_record(f) -> str:
    """The header line and the first row (a quoted field may hold line breaks)."""
    taken: list[str] = []

    def lines() -> Iterator[str]:
        for line in f:
            taken.append(line)
            yield line

    reader = csv.reader(lines())
    next(reader, None)
    next(reader, None)
    return "".join(taken).rstrip("\n")
