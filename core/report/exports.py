"""What the last export wrote, kept in the project (meta ``last_export``) for the quality report.

The export writer counts the samples it writes per (source, flow) and hands them here once its
files are in place; the report then says how many of each group's kept samples went out.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from typing import Any

from core.errors import CorpusmithError

log = logging.getLogger("corpusmith.report")

LAST_EXPORT = "last_export"


def export_record(options: Any, report: Any, groups: Counter) -> dict[str, Any]:
    """The record of one export: format, files, time, selection, rows written (repeats and
    the test split included) and the samples written per (source id, flow)."""
    return {
        "format": options.format,
        "files": [str(p) for p in report.files],
        "time": time.time(),
        "include": options.include,
        "kind": options.kind,
        "rows": report.written,
        "train": report.train,
        "test": report.test,
        "repeated": report.repeated,
        "samples": sum(groups.values()),
        "groups": [[sid, flow, n] for (sid, flow), n in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))],
    }


def record_export(store: Any, options: Any, report: Any, groups: Counter) -> bool:
    """Save the record in the project. An export reads a project opened read-only (the window
    exports from a worker thread): the record is then written through a connection of its own.
    The files are written already, so a project that cannot be written to now (busy, read-only)
    costs only the record: logged, and False returned."""
    record = export_record(options, report, groups)
    try:
        if getattr(store, "readonly", False):
            from core.store import Store

            with Store(store.path) as writable:
                writable.set_meta(LAST_EXPORT, record)
        else:
            store.set_meta(LAST_EXPORT, record)
    except (CorpusmithError, sqlite3.Error, OSError) as e:
        log.warning("the export to %s was not recorded in the project: %s", record["files"], e)
        return False
    return True


def last_export(store: Any) -> dict[str, Any] | None:
    """The record of the last export, or None (nothing exported since the record was kept)."""
    record = store.get_meta(LAST_EXPORT)
    return record if isinstance(record, dict) else None


def exported_by_group(record: dict[str, Any] | None) -> dict[tuple[int | None, str], int]:
    """(source id, flow) → samples the export wrote."""
    out: dict[tuple[int | None, str], int] = {}
    for entry in (record or {}).get("groups") or []:
        try:
            sid, flow, n = entry
        except (TypeError, ValueError):
            continue
        key = (sid if isinstance(sid, int) else None, str(flow or ""))
        out[key] = out.get(key, 0) + int(n)
    return out
