"""Job, job-item and LLM-cache tables: what makes a job resumable and a re-run free.

A job is a list of items, each keyed by a stable string (unique within the job). Adding the
same keys again is a no-op, so a flow can rebuild its item list after a crash and the job
carries on. An item is ``pending`` until its answer is stored (``done``) or it gives up with
a reason (``failed``, retryable with :meth:`JobsMixin.reset_failed`). Every write is one short
transaction, committed the moment a response arrives.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

JOB_STATUSES = ("pending", "running", "paused", "done", "cancelled")
ITEM_STATUSES = ("pending", "done", "failed")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JobsMixin:
    """Methods of Store for jobs, job items and the LLM response cache.

    Uses Store's `_tx()` (one write transaction) and `_q(sql, args)` (a read).
    """

    # ---- jobs ----------------------------------------------------------------------------
    def create_job(self, kind: str, name: str = "", params: dict | None = None) -> int:
        now = time.time()
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO jobs (kind, name, params, status, created_at, updated_at) "
                "VALUES (?,?,?,'pending',?,?)",
                (kind, name, _dumps(params or {}), now, now),
            )
            return int(cur.lastrowid)

    def set_job_status(self, job_id: int, status: str) -> None:
        if status not in JOB_STATUSES:
            raise ValueError(f"unknown job status {status!r}")
        with self._tx() as c:
            c.execute("UPDATE jobs SET status=?, updated_at=? WHERE id=?", (status, time.time(), job_id))

    def job(self, job_id: int) -> dict[str, Any] | None:
        rows = self._q(
            "SELECT id, kind, name, params, status, created_at, updated_at FROM jobs WHERE id=?", (job_id,)
        )
        if not rows:
            return None
        r = rows[0]
        return {"id": r[0], "kind": r[1], "name": r[2], "params": json.loads(r[3]), "status": r[4],
                "created_at": r[5], "updated_at": r[6], **self.job_counts(job_id)}

    def jobs(self) -> list[dict[str, Any]]:
        """All jobs, newest first, each with its item counts (pending, done, failed)."""
        rows = self._q(
            "SELECT j.id, j.kind, j.name, j.params, j.status, j.created_at, j.updated_at, "
            "COALESCE(SUM(i.status = 'pending'), 0), COALESCE(SUM(i.status = 'done'), 0), "
            "COALESCE(SUM(i.status = 'failed'), 0) "
            "FROM jobs j LEFT JOIN job_items i ON i.job_id = j.id GROUP BY j.id ORDER BY j.id DESC"
        )
        return [
            {"id": r[0], "kind": r[1], "name": r[2], "params": json.loads(r[3]), "status": r[4],
             "created_at": r[5], "updated_at": r[6], "pending": r[7], "done": r[8], "failed": r[9]}
            for r in rows
        ]

    def job_made_by(self, job_id: int) -> dict[str, str] | None:
        """{model, endpoint} that made a job: recorded in its params ("made_by"), or — for a job
        from before that was recorded — in the provenance (meta.made) of a sample it wrote.
        None when neither says."""
        rows = self._q("SELECT json_extract(params, '$.made_by.model'), "
                       "json_extract(params, '$.made_by.endpoint') FROM jobs WHERE id=?", (job_id,))
        if rows and rows[0][0] is not None:
            return {"model": rows[0][0], "endpoint": rows[0][1] or ""}
        rows = self._q(
            "SELECT json_extract(meta, '$.made.model'), json_extract(meta, '$.made.base_url') FROM samples "
            "WHERE json_extract(meta, '$.job_id') = ? AND json_extract(meta, '$.made.model') IS NOT NULL "
            "LIMIT 1", (job_id,))
        if not rows:
            return None
        # the endpoint as core.llm.providers.normalize_base_url writes it (no import of core.llm here)
        return {"model": rows[0][0], "endpoint": (rows[0][1] or "").strip().rstrip("/")}

    def delete_job(self, job_id: int) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM job_items WHERE job_id=?", (job_id,))
            c.execute("DELETE FROM jobs WHERE id=?", (job_id,))

    # ---- items ---------------------------------------------------------------------------
    def add_job_items(self, job_id: int, items: Iterable[tuple[str, dict]]) -> int:
        """Add (key, input) pairs in one transaction; keys already in the job are left alone.

        Returns how many were new.
        """
        now = time.time()
        with self._tx() as c:
            before = c.total_changes
            c.executemany(
                "INSERT OR IGNORE INTO job_items (job_id, key, input, status, updated_at) "
                "VALUES (?,?,?,'pending',?)",
                ((job_id, str(key), _dumps(inp), now) for key, inp in items),
            )
            return c.total_changes - before

    def pending_items(self, job_id: int, include_failed: bool = False, *, after_id: int = 0,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """Items still to do, in id order: {id, key, input, status, attempts}.

        `after_id`/`limit` page through a large job without loading it all at once.
        """
        statuses = "('pending', 'failed')" if include_failed else "('pending')"
        rows = self._q(
            "SELECT id, key, input, status, attempts FROM job_items "
            f"WHERE job_id=? AND status IN {statuses} AND id > ? ORDER BY id LIMIT ?",
            (job_id, after_id, -1 if limit is None else limit),
        )
        return [{"id": r[0], "key": r[1], "input": json.loads(r[2]), "status": r[3], "attempts": r[4]}
                for r in rows]

    def finish_item(self, item_id: int, output: Any, tokens_in: int = 0, tokens_out: int = 0,
                    attempts: int = 1) -> None:
        """Store an item's answer (committed now). `attempts` = API calls it took this time."""
        with self._tx() as c:
            c.execute(
                "UPDATE job_items SET status='done', output=?, error='', tokens_in=?, tokens_out=?, "
                "attempts=attempts+?, updated_at=? WHERE id=?",
                (_dumps(output), int(tokens_in), int(tokens_out), int(attempts), time.time(), item_id),
            )

    def fail_item(self, item_id: int, error: str, attempts: int = 1) -> None:
        """Mark an item failed with a reason a user can read (never empty)."""
        with self._tx() as c:
            c.execute(
                "UPDATE job_items SET status='failed', error=?, attempts=attempts+?, updated_at=? WHERE id=?",
                (error.strip() or "failed (no reason given)", int(attempts), time.time(), item_id),
            )

    def reset_failed(self, job_id: int) -> int:
        """Failed items go back to pending (their reason is cleared); returns how many."""
        with self._tx() as c:
            cur = c.execute(
                "UPDATE job_items SET status='pending', error='', updated_at=? "
                "WHERE job_id=? AND status='failed'",
                (time.time(), job_id),
            )
            return cur.rowcount

    def job_counts(self, job_id: int) -> dict[str, int]:
        counts = {s: 0 for s in ITEM_STATUSES}
        for status, n in self._q(
            "SELECT status, COUNT(*) FROM job_items WHERE job_id=? GROUP BY status", (job_id,)
        ):
            counts[status] = n
        return counts

    def failed_items(self, job_id: int) -> list[dict[str, Any]]:
        """{id, key, error, attempts, input} of the failed items, in id order."""
        rows = self._q(
            "SELECT id, key, error, attempts, input FROM job_items "
            "WHERE job_id=? AND status='failed' ORDER BY id",
            (job_id,),
        )
        return [{"id": r[0], "key": r[1], "error": r[2], "attempts": r[3], "input": json.loads(r[4])}
                for r in rows]

    def done_items(self, job_id: int, *, after_id: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """{id, key, input, output, tokens_in, tokens_out} of the finished items, in id order."""
        rows = self._q(
            "SELECT id, key, input, output, tokens_in, tokens_out FROM job_items "
            "WHERE job_id=? AND status='done' AND id > ? ORDER BY id LIMIT ?",
            (job_id, after_id, -1 if limit is None else limit),
        )
        return [{"id": r[0], "key": r[1], "input": json.loads(r[2]), "output": json.loads(r[3]),
                 "tokens_in": r[4], "tokens_out": r[5]} for r in rows]

    def job_item(self, item_id: int) -> dict[str, Any] | None:
        rows = self._q(
            "SELECT id, job_id, key, input, status, output, error, attempts, tokens_in, tokens_out "
            "FROM job_items WHERE id=?",
            (item_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return {"id": r[0], "job_id": r[1], "key": r[2], "input": json.loads(r[3]), "status": r[4],
                "output": json.loads(r[5]) if r[5] is not None else None, "error": r[6],
                "attempts": r[7], "tokens_in": r[8], "tokens_out": r[9]}

    def job_tokens(self, job_id: int) -> tuple[int, int]:
        """(tokens_in, tokens_out) stored on the job's finished items."""
        r = self._q(
            "SELECT COALESCE(SUM(tokens_in), 0), COALESCE(SUM(tokens_out), 0) FROM job_items "
            "WHERE job_id=?",
            (job_id,),
        )[0]
        return int(r[0]), int(r[1])

    # ---- LLM response cache --------------------------------------------------------------
    def cache_get(self, key: str) -> dict[str, Any] | None:
        """{response, tokens_in, tokens_out} stored under `key`, or None."""
        rows = self._q("SELECT response, tokens_in, tokens_out FROM llm_cache WHERE key=?", (key,))
        if not rows:
            return None
        r = rows[0]
        return {"response": json.loads(r[0]), "tokens_in": r[1], "tokens_out": r[2]}

    def cache_put(self, key: str, response: Any, tokens_in: int = 0, tokens_out: int = 0) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO llm_cache (key, response, tokens_in, tokens_out, created_at) "
                "VALUES (?,?,?,?,?)",
                (key, _dumps(response), int(tokens_in), int(tokens_out), time.time()),
            )

    def cache_delete(self, keys: Iterable[str]) -> int:
        """Forget these responses (the runner drops the answers of an item that failed, so that
        retrying it asks the model again instead of replaying the same bad answers)."""
        keys = list(keys)
        if not keys:
            return 0
        with self._tx() as c:
            return c.execute(
                "DELETE FROM llm_cache WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(keys),)
            ).rowcount

    def cache_size(self) -> int:
        return self._q("SELECT COUNT(*) FROM llm_cache")[0][0]

    def clear_cache(self) -> int:
        with self._tx() as c:
            return c.execute("DELETE FROM llm_cache").rowcount
