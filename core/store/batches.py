"""Provider batches (schema: the ``batches`` and ``batch_lines`` tables): the SQL only. What a
batch is and how it is submitted and collected lives in core/llm/batch_session.py.

A batch row is written before the provider creates the batch (with its uploaded input file) and
gets the provider's id the moment it exists, so a closed app finds every batch again. Its lines
(``custom_id`` = the request's response-cache key) say which requests are out: a line is
``sent`` while its batch is open, then ``done`` (its answer is in the response cache), ``error``
(the provider answered it with an error) or ``lost`` (never run: the batch expired, failed or was
cancelled, or the output left it out). Collecting a batch is one transaction."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

_BATCH_COLUMNS = ("id", "endpoint", "model", "batch_id", "input_file_id", "job_id", "stage", "status", "lines",
                  "completed", "failed", "output_file_id", "error_file_id", "collected", "cancel_asked",
                  "tokens_in", "tokens_out", "price_in_per_m", "price_out_per_m", "price_factor", "cost", "error",
                  "created_at", "updated_at")
_SELECT = f"SELECT {', '.join(_BATCH_COLUMNS)} FROM batches"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _batch(r: tuple) -> dict[str, Any]:
    row = dict(zip(_BATCH_COLUMNS, r, strict=True))
    row["collected"] = bool(row["collected"])
    row["cancel_asked"] = bool(row["cancel_asked"])
    return row


class BatchesMixin:
    """Methods of Store for provider batches. Uses Store's `_tx()` and `_q()`."""

    def batch_begin(self, endpoint: str, model: str, custom_ids: list[str], *, input_file_id: str,
                    job_id: int | None = None, stage: str = "", price_in_per_m: float = 0.0,
                    price_out_per_m: float = 0.0, price_factor: float = 0.5) -> int:
        """A batch about to be created at the provider (status ``submitting``) with its lines
        ``sent``; returns the row id. Call :meth:`batch_started` with the provider's id next."""
        now = time.time()
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO batches (endpoint, model, input_file_id, job_id, stage, status, lines, price_in_per_m, "
                "price_out_per_m, price_factor, created_at, updated_at) VALUES (?,?,?,?,?,'submitting',?,?,?,?,?,?)",
                (endpoint, model, input_file_id, job_id, stage, len(custom_ids), float(price_in_per_m),
                 float(price_out_per_m), float(price_factor), now, now))
            row = int(cur.lastrowid)
            c.executemany("INSERT INTO batch_lines (batch, custom_id) VALUES (?, ?)",
                          ((row, k) for k in custom_ids))
            return row

    def batch_started(self, row: int, batch_id: str, status: str) -> None:
        with self._tx() as c:
            c.execute("UPDATE batches SET batch_id=?, status=?, updated_at=? WHERE id=?",
                      (batch_id, status, time.time(), row))

    def batch_abandon(self, row: int) -> None:
        """Forget a batch the provider never created (its lines never went out)."""
        with self._tx() as c:
            c.execute("DELETE FROM batch_lines WHERE batch=?", (row,))
            c.execute("DELETE FROM batches WHERE id=?", (row,))

    def batch(self, row: int) -> dict[str, Any] | None:
        rows = self._q(f"{_SELECT} WHERE id=?", (row,))
        return _batch(rows[0]) if rows else None

    def batches(self, endpoint: str | None = None, *, open_only: bool = False) -> list[dict[str, Any]]:
        """Batches, newest first (of one endpoint; only those not collected yet)."""
        parts, args = [], []
        if endpoint is not None:
            parts.append("endpoint = ?")
            args.append(endpoint)
        if open_only:
            parts.append("collected = 0")
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        return [_batch(r) for r in self._q(f"{_SELECT}{where} ORDER BY id DESC", args)]

    def batch_update(self, row: int, *, status: str, completed: int, failed: int, output_file_id: str | None,
                     error_file_id: str | None, error: str = "") -> None:
        """What the provider says of a batch now."""
        with self._tx() as c:
            c.execute("UPDATE batches SET status=?, completed=?, failed=?, output_file_id=?, error_file_id=?, "
                      "error=CASE WHEN ? != '' THEN ? ELSE error END, updated_at=? WHERE id=?",
                      (status, int(completed), int(failed), output_file_id, error_file_id, error, error,
                       time.time(), row))

    def batch_cancel_asked(self, row: int) -> None:
        with self._tx() as c:
            c.execute("UPDATE batches SET cancel_asked=1, updated_at=? WHERE id=?", (time.time(), row))

    def batch_collect(self, row: int, answers: Iterable[tuple[str, Any, int, int]],
                      errors: Iterable[tuple[str, str, bool]], *, lost_error: str, lost_counts: bool,
                      cost_of: Any) -> dict[str, int] | None:
        """Results of a finished batch, in one transaction: each answer (custom_id, cache record,
        tokens in, tokens out) into the response cache (an answer already there stays) and its line
        ``done``; each error (custom_id, reason, may retry) on its line; lines the results leave
        out are ``lost`` with `lost_error` (an attempt when `lost_counts`). The batch is marked
        collected with its tokens and ``cost_of(tokens_in, tokens_out)``. Returns the counts (None: the
        batch was collected already)."""
        now = time.time()
        done = failed = 0
        tin = tout = 0
        with self._tx() as c:
            if c.execute("SELECT collected FROM batches WHERE id=?", (row,)).fetchone() in (None, (1,)):
                return None  # collected already (another poll was first)
            open_ids = {r[0] for r in c.execute(
                "SELECT custom_id FROM batch_lines WHERE batch=? AND status='sent'", (row,))}
            cache_rows, line_rows = [], []
            for custom_id, response, t_in, t_out in answers:
                if custom_id not in open_ids:
                    continue  # not ours, or a line the output holds twice
                open_ids.discard(custom_id)
                cache_rows.append((custom_id, _dumps(response), int(t_in), int(t_out), now))
                line_rows.append(("done", 1, "", custom_id))
                tin += int(t_in)
                tout += int(t_out)
                done += 1
            for custom_id, reason, retry in errors:
                if custom_id not in open_ids:
                    continue
                open_ids.discard(custom_id)
                line_rows.append(("error", 1 if retry else 0, reason, custom_id))
                failed += 1
            c.executemany("INSERT OR IGNORE INTO llm_cache (key, response, tokens_in, tokens_out, created_at) "
                          "VALUES (?,?,?,?,?)", cache_rows)
            c.executemany(f"UPDATE batch_lines SET status=?, retry=?, error=? WHERE batch={int(row)} AND custom_id=?",
                          line_rows)
            c.execute("UPDATE batch_lines SET status='lost', error=?, counts=? WHERE batch=? AND status='sent'",
                      (lost_error, 1 if lost_counts else 0, row))
            c.execute("UPDATE batches SET collected=1, tokens_in=?, tokens_out=?, cost=?, updated_at=? WHERE id=?",
                      (tin, tout, float(cost_of(tin, tout)), now, row))
        return {"done": done, "failed": failed, "lost": len(open_ids)}

    def batch_open_lines(self, endpoint: str) -> set[str]:
        """custom_ids out in a batch of this endpoint not collected yet (never to be sent again)."""
        return {r[0] for r in self._q(
            "SELECT l.custom_id FROM batch_lines l JOIN batches b ON b.id = l.batch "
            "WHERE b.endpoint = ? AND b.collected = 0", (endpoint,))}

    def batch_line_trouble(self, endpoint: str) -> dict[str, tuple[int, str, bool]]:
        """custom_id → (attempts that came to nothing, the latest reason, may be sent again) of the
        lines of this endpoint's collected batches that brought no answer."""
        out: dict[str, tuple[int, str, bool]] = {}
        for custom_id, counts, error, retry in self._q(
                "SELECT l.custom_id, l.counts, l.error, l.retry FROM batch_lines l JOIN batches b ON b.id = l.batch "
                "WHERE b.endpoint = ? AND b.collected = 1 AND l.status IN ('error', 'lost') ORDER BY b.id",
                (endpoint,)):
            n, _, _ = out.get(custom_id, (0, "", True))
            out[custom_id] = (n + int(counts), error, bool(retry))
        return out

    def batch_forgive(self, endpoint: str) -> int:
        """Earlier lines that brought no answer count no more (a retry of the failed items)."""
        with self._tx() as c:
            return c.execute(
                "UPDATE batch_lines SET counts=0, retry=1 WHERE status IN ('error', 'lost') AND (counts=1 OR retry=0) "
                "AND batch IN (SELECT id FROM batches WHERE endpoint=?)", (endpoint,)).rowcount

    def batch_lines_of(self, row: int) -> dict[str, str]:
        """custom_id → status of a batch's lines."""
        return dict(self._q("SELECT custom_id, status FROM batch_lines WHERE batch=?", (row,)))
