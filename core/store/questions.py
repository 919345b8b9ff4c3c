"""The questions table (schema 3): a run's questions as the user reviews them between the
questions and the answers stage. The rules (what may change, what a row's status is) live in
core/flows/question_review.py; this is only the SQL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

_COLUMNS = "q.id, q.job_id, q.key, q.chunk, q.asked, q.text, q.deleted, q.accepted, q.updated_at, j.kind"


def _row(r: tuple) -> dict[str, Any]:
    return {"id": r[0], "job_id": r[1], "key": r[2], "chunk": r[3], "asked": r[4], "text": r[5],
            "deleted": bool(r[6]), "accepted": bool(r[7]), "updated_at": r[8], "job_kind": r[9]}


class QuestionsMixin:
    """Methods of Store for the questions table. Uses Store's `_tx()` and `_q()`."""

    def question_rows(self, job_id: int) -> list[dict[str, Any]]:
        """Every question row of a questions job (deleted ones too), in id order."""
        rows = self._q(f"SELECT {_COLUMNS} FROM questions q JOIN jobs j ON j.id = q.job_id "
                       "WHERE q.job_id = ? ORDER BY q.id", (job_id,))
        return [_row(r) for r in rows]

    def question(self, question_id: int) -> dict[str, Any] | None:
        rows = self._q(f"SELECT {_COLUMNS} FROM questions q JOIN jobs j ON j.id = q.job_id WHERE q.id = ?",
                       (question_id,))
        return _row(rows[0]) if rows else None

    def question_job_ids(self) -> list[int]:
        """The questions jobs that have rows, newest first."""
        return [int(r[0]) for r in self._q("SELECT DISTINCT job_id FROM questions ORDER BY job_id DESC")]

    def add_model_questions(self, job_id: int, rows: Iterable[tuple[str, str, str]]) -> int:
        """(key, chunk, text) of questions the model wrote; a key already stored is left alone
        (the user's edit or deletion stands). Returns how many were new."""
        now = time.time()
        with self._tx() as c:
            before = c.total_changes
            c.executemany("INSERT OR IGNORE INTO questions (job_id, key, chunk, asked, text, updated_at) "
                          "VALUES (?,?,?,?,?,?)", ((job_id, k, ch, t, t, now) for k, ch, t in rows))
            return c.total_changes - before

    def add_user_question(self, job_id: int, chunk: str, text: str) -> int:
        """A question the user added to a chunk (or aspect); its answer item's key is chunk#u<id>."""
        now = time.time()
        with self._tx() as c:
            cur = c.execute("INSERT INTO questions (job_id, key, chunk, asked, text, accepted, updated_at) "
                            "VALUES (?, ?, ?, '', ?, 1, ?)", (job_id, f"{chunk}#new-{uuid.uuid4().hex}", chunk, text, now))
            qid = int(cur.lastrowid)
            c.execute("UPDATE questions SET key = ? WHERE id = ?", (f"{chunk}#u{qid}", qid))
            return qid

    def update_question(self, question_id: int, *, text: str | None = None, deleted: bool | None = None,
                        accepted: bool | None = None) -> None:
        sets, args = ["updated_at = ?"], [time.time()]
        for name, value in (("text", text), ("deleted", deleted), ("accepted", accepted)):
            if value is not None:
                sets.append(f"{name} = ?")
                args.append(int(value) if isinstance(value, bool) else value)
        with self._tx() as c:
            c.execute(f"UPDATE questions SET {', '.join(sets)} WHERE id = ?", (*args, question_id))

    def accept_questions(self, job_id: int) -> int:
        """Every question of the job still standing counts as accepted; returns how many changed."""
        with self._tx() as c:
            return c.execute("UPDATE questions SET accepted = 1, updated_at = ? "
                             "WHERE job_id = ? AND deleted = 0 AND accepted = 0", (time.time(), job_id)).rowcount

    # ---- the answer items of a questions job's questions ------------------------------------
    def answer_item_states(self, questions_job: int, answers_kind: str) -> dict[str, set[str]]:
        """key → statuses of the items with that key in every answers job built on this
        questions job (there is one per answers option set and model)."""
        out: dict[str, set[str]] = {}
        for key, status in self._q(
                "SELECT i.key, i.status FROM job_items i JOIN jobs j ON j.id = i.job_id "
                "WHERE j.kind = ? AND json_extract(j.params, '$.questions_job') = ?", (answers_kind, questions_job)):
            out.setdefault(key, set()).add(status)
        return out

    def drop_open_answer_items(self, questions_job: int, answers_kind: str, key: str) -> int:
        """Remove the not yet answered (pending or failed) items of this key from the answers jobs
        built on this questions job, so the next run asks the question as it now reads — or not
        at all. Done items are never touched."""
        with self._tx() as c:
            return c.execute(
                "DELETE FROM job_items WHERE key = ? AND status != 'done' AND job_id IN "
                "(SELECT id FROM jobs WHERE kind = ? AND json_extract(params, '$.questions_job') = ?)",
                (key, answers_kind, questions_job)).rowcount
