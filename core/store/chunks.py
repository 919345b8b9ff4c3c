"""A document's chunks edited by hand (core/sources/documents/chunk_edit.py holds the rules): what
work hangs on a chunk, and the edit written in ONE transaction. Only the SQL lives here.

Work on a chunk is found by its key: the items of the question jobs are keyed by it, the answer
items by ``f"{chunk}#{i}"``, the samples carry it in ``meta.chunk`` (and the chunks an answer was
retrieved from in ``meta.context``)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

QUESTION_JOB_KINDS = ("qa_questions",)  # jobs whose items are keyed by the chunk key
ANSWER_JOB_KINDS = ("qa_answers",)  # jobs whose items are keyed f"{chunk}#{i}"


class StaleChunks(Exception):
    """The chunks changed between the plan and its application (another window, another edit)."""


@dataclass
class ChunkEffects:
    """What an edit that retires ``keys`` touches (counted at the moment asked)."""

    asked: int = 0  # of the keys, those with a finished question item: their questions are asked again
    reject: int = 0  # untouched samples made from them, not rejected yet: they become rejected
    already_rejected: int = 0  # untouched samples made from them that are rejected already: left as they are
    kept: int = 0  # samples made from them the user edited, accepted or rejected: left as they are
    unfinished: int = 0  # question and answer items about them not done yet: dropped (never asked)
    cited: int = 0  # other samples whose answer drew on them as retrieved context: left as they are
    # the model's questions about them in the review list (core/flows/question_review.py) that the
    # user left as written: dropped with the chunk, so that a question asked again about the new
    # text is not taken for a duplicate of one about text that is gone (edited, added and deleted
    # ones are the user's: they stay)
    review_rows: int = 0


def _keys_json(keys: Sequence[str]) -> str:
    return json.dumps(list(keys))


def _kinds(kinds: Sequence[str]) -> str:
    return ",".join(f"'{k}'" for k in kinds)  # module constants, never user text


def _chunk_samples_where() -> str:
    return "source_id = ? AND json_extract(meta, '$.chunk') IN (SELECT value FROM json_each(?))"


def _review_rows_where() -> str:
    return (f"job_id IN (SELECT id FROM jobs WHERE kind IN ({_kinds(QUESTION_JOB_KINDS)})) "
            "AND chunk IN (SELECT value FROM json_each(?)) AND asked != '' AND text = asked AND deleted = 0")


def _unfinished_ids(c: Any, keys: Sequence[str]) -> list[int]:
    """Ids of the question items keyed by these chunks and of the answer items of their questions
    that are not done."""
    ids = [r[0] for r in c.execute(
        f"SELECT i.id FROM job_items i JOIN jobs j ON j.id = i.job_id WHERE j.kind IN ({_kinds(QUESTION_JOB_KINDS)}) "
        "AND i.status != 'done' AND i.key IN (SELECT value FROM json_each(?))", (_keys_json(keys),)).fetchall()]
    jobs = [r[0] for r in c.execute(f"SELECT id FROM jobs WHERE kind IN ({_kinds(ANSWER_JOB_KINDS)})").fetchall()]
    for job in jobs:
        for key in keys:  # f"{key}#…": a key range on the (job_id, key) index
            ids.extend(r[0] for r in c.execute(
                "SELECT id FROM job_items WHERE job_id = ? AND key >= ? AND key < ? AND status != 'done'",
                (job, key + "#", key + "$")).fetchall())
    return ids


def _effects(c: Any, source_id: int, keys: Sequence[str]) -> ChunkEffects:
    e = ChunkEffects()
    if not keys:
        return e
    kj = _keys_json(keys)
    e.asked = c.execute(
        f"SELECT COUNT(DISTINCT i.key) FROM job_items i JOIN jobs j ON j.id = i.job_id "
        f"WHERE j.kind IN ({_kinds(QUESTION_JOB_KINDS)}) AND i.status = 'done' "
        "AND i.key IN (SELECT value FROM json_each(?))", (kj,)).fetchone()[0]
    for touched, rejected, n in c.execute(
            f"SELECT touched_at IS NOT NULL, status = 'rejected', COUNT(*) FROM samples WHERE {_chunk_samples_where()} "
            "GROUP BY 1, 2", (source_id, kj)).fetchall():
        if touched:
            e.kept += n
        elif rejected:
            e.already_rejected += n
        else:
            e.reject += n
    e.unfinished = len(_unfinished_ids(c, keys))
    e.cited = c.execute(
        "SELECT COUNT(*) FROM samples s WHERE json_extract(s.meta, '$.context') IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM json_each(s.meta, '$.context') x WHERE x.value IN (SELECT value FROM json_each(?))) "
        "AND NOT (COALESCE(s.source_id, -1) = ? AND COALESCE(json_extract(s.meta, '$.chunk'), '') "
        "IN (SELECT value FROM json_each(?)))", (kj, source_id, kj)).fetchone()[0]
    e.review_rows = c.execute(f"SELECT COUNT(*) FROM questions WHERE {_review_rows_where()}", (kj,)).fetchone()[0]
    return e


class ChunksMixin:
    """Methods of Store for editing a document's chunks. Uses Store's `_tx()`, `_q()`, `_lock`, `_conn`."""

    def chunk_usage(self, source_id: int, keys: Sequence[str]) -> dict[str, tuple[int, int]]:
        """key → (finished question items, samples made from it) for the keys that have any."""
        kj = _keys_json(keys)
        out: dict[str, list[int]] = {}
        for key, n in self._q(
                f"SELECT i.key, COUNT(*) FROM job_items i JOIN jobs j ON j.id = i.job_id "
                f"WHERE j.kind IN ({_kinds(QUESTION_JOB_KINDS)}) AND i.status = 'done' "
                "AND i.key IN (SELECT value FROM json_each(?)) GROUP BY i.key", (kj,)):
            out.setdefault(key, [0, 0])[0] = int(n)
        for key, n in self._q(f"SELECT json_extract(meta, '$.chunk'), COUNT(*) FROM samples "
                              f"WHERE {_chunk_samples_where()} GROUP BY 1", (source_id, kj)):
            out.setdefault(key, [0, 0])[1] = int(n)
        return {k: (v[0], v[1]) for k, v in out.items()}

    def chunk_effects(self, source_id: int, keys: Sequence[str]) -> ChunkEffects:
        """What retiring these chunks of the source would touch (see :class:`ChunkEffects`)."""
        with self._lock:
            return _effects(self._conn, source_id, keys)

    def replace_chunks(self, source_id: int, before: Sequence[str], items: Sequence[tuple[str, str | None, dict]],
                       retired: Sequence[str], reason: str, settings: dict[str, Any]) -> ChunkEffects:
        """In ONE transaction: the source's chunks become ``items`` ((key, parent_key, data), in
        order); the untouched samples made from a ``retired`` chunk that are not rejected yet
        become rejected with ``reason`` (a flow's write: touched_at stays as it was); the question
        and answer items about a retired chunk that are not done are dropped, and so are the model's
        questions about it in the review list that the user left as written; ``settings`` entries
        are merged into the source's settings. Raises :class:`StaleChunks` (nothing written) when
        the source's chunk keys, in order, are no longer ``before``. Returns what was done."""
        now = time.time()
        with self._tx() as c:
            current = [r[0] for r in c.execute(
                "SELECT key FROM raw_items WHERE source_id = ? AND kind = 'chunk' ORDER BY id", (source_id,))]
            if current != list(before):
                raise StaleChunks(source_id)
            done = _effects(c, source_id, retired)
            if retired:
                c.execute(f"UPDATE samples SET status = 'rejected', reason = ?, updated_at = ? "
                          f"WHERE {_chunk_samples_where()} AND touched_at IS NULL AND status != 'rejected'",
                          (reason, now, source_id, _keys_json(retired)))
                c.execute("DELETE FROM job_items WHERE id IN (SELECT value FROM json_each(?))",
                          (json.dumps(_unfinished_ids(c, retired)),))
                c.execute(f"DELETE FROM questions WHERE {_review_rows_where()}", (_keys_json(retired),))
            c.execute("DELETE FROM raw_items WHERE source_id = ? AND kind = 'chunk'", (source_id,))
            c.executemany(
                "INSERT INTO raw_items (source_id, kind, key, parent_key, data, created_at) VALUES (?,?,?,?,?,?)",
                ((source_id, "chunk", k, pk, json.dumps(d, ensure_ascii=False, separators=(",", ":")), now)
                 for k, pk, d in items))
            row = c.execute("SELECT settings FROM sources WHERE id = ?", (source_id,)).fetchone()
            merged = {**json.loads(row[0] if row else "{}"), **settings}
            c.execute("UPDATE sources SET settings = ? WHERE id = ?",
                      (json.dumps(merged, ensure_ascii=False, separators=(",", ":")), source_id))
        return done
