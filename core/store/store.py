"""Store: the only code that writes SQL. Every write is one immediate transaction."""

from __future__ import annotations

import hashlib
import json
import os
import time
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.messages import say
from core.model import KINDS, STATUSES, Sample, Turn
from core.store.batches import BatchesMixin
from core.store.chunks import ChunksMixin
from core.store.db import open_connection, transaction
from core.store.jobs import JobsMixin
from core.store.questions import QuestionsMixin

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(obj: Any) -> str:
    return _ENCODER.encode(obj)


@dataclass
class SampleFilter:
    """What the Review table and exports select. None means "any"."""

    source_id: int | None = None
    kind: str | None = None
    statuses: tuple[str, ...] | None = None
    text: str = ""
    ids: Sequence[int] | None = None
    not_kind: str | None = None  # every kind but this one
    touched: bool | None = None  # True: only samples the user edited, accepted or rejected; False: only the others
    # the LLM judge's score (meta.judge.score, core/flows/judge.py): judged True / False, and its range
    judged: bool | None = None
    min_score: int | None = None
    max_score: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        args: list[Any] = []
        if self.source_id is not None:
            parts.append("s.source_id = ?")
            args.append(self.source_id)
        if self.kind:
            parts.append("s.kind = ?")
            args.append(self.kind)
        if self.not_kind:
            parts.append("s.kind != ?")
            args.append(self.not_kind)
        if self.statuses:
            parts.append(f"s.status IN ({','.join('?' * len(self.statuses))})")
            args.extend(self.statuses)
        if self.text.strip():
            pattern = "%" + self.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace(
                "_", "\\_"
            ) + "%"
            parts.append("(s.turns LIKE ? ESCAPE '\\' OR s.system LIKE ? ESCAPE '\\')")
            args.extend([pattern, pattern])
        if self.ids is not None:
            parts.append("s.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(list(self.ids)))
        if self.touched is not None:
            parts.append("s.touched_at IS NOT NULL" if self.touched else "s.touched_at IS NULL")
        if self.judged is not None:
            parts.append(f"{_SCORE} IS {'NOT ' if self.judged else ''}NULL")
        for bound, op in ((self.min_score, ">="), (self.max_score, "<=")):
            if bound is not None:
                parts.append(f"{_SCORE} {op} ?")
                args.append(int(bound))
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


_SCORE = "json_extract(s.meta, '$.judge.score')"  # the LLM judge's score, 1-5 (NULL: not judged)


# Columns the Review table may sort by, mapped to SQL (a whitelist: never format user text in).
SORT_COLUMNS = {
    "id": "s.id",
    "source": "src.name",
    "kind": "s.kind",
    "status": "s.status",
    "preview": "s.preview",
    "answer": "s.answer",
    "n_turns": "s.n_turns",
    "n_chars": "s.n_chars",
    "reason": "s.reason",
    "score": _SCORE,
}

ROW_COLUMNS = ("id", "source", "kind", "status", "preview", "answer", "n_turns", "n_chars", "reason", "score")
_ROW_SQL = (
    "SELECT s.id, COALESCE(src.name, ''), s.kind, s.status, s.preview, s.answer, s.n_turns, "
    f"s.n_chars, s.reason, {_SCORE} FROM samples s LEFT JOIN sources src ON src.id = s.source_id"
)
_SAMPLE_SQL = (
    "SELECT s.id, s.source_id, s.kind, s.status, s.reason, s.system, s.turns, s.meta, "
    "s.created_at, s.updated_at FROM samples s"
)


def _sample_from_row(r: Sequence[Any]) -> Sample:
    return Sample(
        id=r[0],
        source_id=r[1],
        kind=r[2],
        status=r[3],
        reason=r[4],
        system=r[5],
        turns=[Turn.from_dict(t) for t in json.loads(r[6])],
        meta=json.loads(r[7]),
        created_at=r[8],
        updated_at=r[9],
    )


def _sample_values(s: Sample) -> tuple:
    return (
        s.source_id,
        s.kind,
        s.status,
        s.reason,
        s.system,
        _dumps([t.to_dict() for t in s.turns]),
        _dumps(s.meta),
        s.preview(120),
        s.answer_preview(120),
        len(s.turns),
        s.n_chars,
        s.content_hash(),
    )


def _row_digest(kind: str, status: str, reason: str, system: str, turns: str, meta: str) -> bytes:
    """Identity of a sample's stored content (everything a person sees or exports), to tell a
    rebuilt sample that is exactly the earlier one."""
    h = hashlib.blake2b(digest_size=16)
    for part in (kind, status, reason, system, turns, meta):
        h.update(part.encode())
        h.update(b"\x1f")
    return h.digest()


def _check_field(name: str) -> None:
    if not name.replace("_", "a").isalnum() or not name.isascii():
        raise ValueError(f"bad field name {name!r}")


@dataclass
class ReplaceReport:
    """What rebuilding one scope (a generator's samples of one source) did: see
    :meth:`Store.replace_untouched`."""

    kept: int = 0  # samples of the scope the user edited, accepted or rejected: left as they are
    replaced: int = 0  # untouched samples of the earlier build removed
    added: int = 0  # new samples written
    unchanged: int = 0  # new samples exactly equal to an untouched earlier one: that one stays (same id)
    held: int = 0  # new samples not written: the user's sample of the same place (edited or deleted) stands
    ids: list[int] = field(default_factory=list)  # ids of the added samples

    def add(self, other: ReplaceReport) -> None:
        self.kept += other.kept
        self.replaced += other.replaced
        self.added += other.added
        self.unchanged += other.unchanged
        self.held += other.held
        self.ids.extend(other.ids)


class Store(JobsMixin, QuestionsMixin, ChunksMixin, BatchesMixin):
    """One open project file."""

    def __init__(self, path: str | os.PathLike, *, create: bool = False, readonly: bool = False):
        self.path = Path(path).expanduser().absolute()
        self.readonly = readonly
        self._conn, self._lock = open_connection(self.path, create=create, readonly=readonly)

    @classmethod
    def create(cls, path: str | os.PathLike) -> Store:
        return cls(path, create=True)

    @property
    def name(self) -> str:
        return self.path.stem

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self):
        return transaction(self._conn, self._lock)

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    # ---- project settings (never secrets) -------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        rows = self._q("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_meta(self, key: str, value: Any) -> None:
        with self._tx() as c:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, _dumps(value)))

    def delete_meta(self, key: str) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM meta WHERE key = ?", (key,))

    # ---- sources -------------------------------------------------------------------------
    def add_source(self, kind: str, name: str, origin: str = "", settings: dict | None = None) -> int:
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO sources (kind, name, origin, settings, created_at) VALUES (?,?,?,?,?)",
                (kind, name, origin, _dumps(settings or {}), time.time()),
            )
            return int(cur.lastrowid)

    def sources(self) -> list[dict[str, Any]]:
        rows = self._q("SELECT id, kind, name, origin, settings, created_at FROM sources ORDER BY id")
        return [
            {"id": r[0], "kind": r[1], "name": r[2], "origin": r[3], "settings": json.loads(r[4]),
             "created_at": r[5]}
            for r in rows
        ]

    def delete_source(self, source_id: int) -> None:
        """Remove a source and its raw items; its samples stay (their source becomes none)."""
        with self._tx() as c:
            c.execute("DELETE FROM sources WHERE id = ?", (source_id,))

    # ---- raw items -----------------------------------------------------------------------
    def add_raw_items(self, source_id: int, kind: str, items: Iterable[tuple[str, str | None, dict]]) -> int:
        """Store (key, parent_key, data) items in one transaction. A key already stored for this
        source and kind is left as it is, so a resumed crawl or import never duplicates.
        Returns how many were new."""
        now = time.time()
        with self._tx() as c:
            before = c.total_changes
            c.executemany(
                "INSERT OR IGNORE INTO raw_items (source_id, kind, key, parent_key, data, created_at) "
                "VALUES (?,?,?,?,?,?)",
                ((source_id, kind, k, pk, _dumps(d), now) for k, pk, d in items),
            )
            return c.total_changes - before

    @staticmethod
    def _raw_where(source_id: int | None, kind: str | None, use_index: bool) -> tuple[str, list[Any]]:
        # Without the index (a unary + on the columns) SQLite walks the rowid range: reading in
        # id batches is then constant time per batch, where the (source_id, kind, key) index made
        # every batch re-scan and re-sort the whole source (1M items took ~1 min).
        col = "" if use_index else "+"
        parts, args = [], []
        if source_id is not None:
            parts.append(f"{col}source_id = ?")
            args.append(source_id)
        if kind is not None:
            parts.append(f"{col}kind = ?")
            args.append(kind)
        return (" WHERE " + " AND ".join(parts)) if parts else "", args

    def raw_items(self, source_id: int | None = None, kind: str | None = None) -> Iterator[dict[str, Any]]:
        """Raw items in insertion order: {id, source_id, kind, key, parent_key, data}."""
        where, args = self._raw_where(source_id, kind, use_index=False)
        last = 0
        while True:
            sep = " AND " if where else " WHERE "
            rows = self._q(
                "SELECT id, source_id, kind, key, parent_key, data FROM raw_items"
                f"{where}{sep}id > ? ORDER BY id LIMIT 2000", [*args, last]
            )
            if not rows:
                return
            for r in rows:
                yield {"id": r[0], "source_id": r[1], "kind": r[2], "key": r[3], "parent_key": r[4],
                       "data": json.loads(r[5])}
            last = rows[-1][0]

    def raw_items_under(self, source_id: int, kind: str, prefix: str, *, parent: str | None = None,
                        limit: int | None = None) -> list[dict[str, Any]]:
        """Raw items whose key starts with `prefix` (e.g. "chat7/" for one chat's messages) and,
        given, whose parent_key is `parent`; in insertion order, at most `limit`. A key range on the
        (source_id, kind, key) index: one chat of a 100k message source is read without walking
        the others."""
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"
        sql = ("SELECT id, source_id, kind, key, parent_key, data FROM raw_items "
               "WHERE source_id = ? AND kind = ? AND key >= ? AND key < ?")
        args: list[Any] = [source_id, kind, prefix, hi]
        if parent is not None:
            sql += " AND parent_key = ?"
            args.append(parent)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        rows = self._q(sql, args)
        return [{"id": r[0], "source_id": r[1], "kind": r[2], "key": r[3], "parent_key": r[4],
                 "data": json.loads(r[5])} for r in rows]

    def raw_value_counts(self, source_id: int, kind: str, field: str, limit: int = 1000) -> list[tuple[Any, int]]:
        """(value of ``data.<field>``, items) most frequent first: e.g. messages per sender,
        counted by SQLite without loading the items."""
        if not field.replace("_", "a").isalnum() or not field.isascii():
            raise ValueError(f"bad field name {field!r}")
        return [(r[0], int(r[1])) for r in self._q(
            f"SELECT json_extract(data, '$.{field}') AS v, COUNT(*) AS n FROM raw_items "
            "WHERE source_id = ? AND kind = ? GROUP BY v ORDER BY n DESC LIMIT ?", (source_id, kind, limit))]

    def count_raw_items(self, source_id: int | None = None, kind: str | None = None) -> int:
        where, args = self._raw_where(source_id, kind, use_index=True)
        return self._q("SELECT COUNT(*) FROM raw_items" + where, args)[0][0]

    # ---- samples: writes -----------------------------------------------------------------
    def add_samples(self, samples: Iterable[Sample]) -> list[int]:
        """Insert in one transaction; sets and returns the new ids."""
        samples = list(samples)
        try:
            with self._tx() as c:
                self._insert_samples(c, samples)
        except BaseException:
            for s in samples:
                s.id = None  # nothing was stored
            raise
        return [s.id for s in samples]

    @staticmethod
    def _insert_samples(c: Any, samples: list[Sample], values: list[tuple] | None = None) -> None:
        """Insert inside the caller's transaction; sets each sample's id. `values`: the samples'
        :func:`_sample_values` when the caller has them already."""
        now = time.time()
        if values is None:
            values = [_sample_values(s) for s in samples]
        # Ids are given here (the write lock is held, so max + 1 … is ours) and the rows
        # go in with one executemany: a quarter less time than a round trip per row.
        first = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM samples").fetchone()[0]
        rows = []
        for i, (s, v) in enumerate(zip(samples, values, strict=True)):
            s.id = first + i
            rows.append((s.id, *v, s.created_at or now, now))
        c.executemany(
            "INSERT INTO samples (id, source_id, kind, status, reason, system, turns, meta, "
            "preview, answer, n_turns, n_chars, content_hash, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def add_source_with_items(self, kind: str, name: str, origin: str, settings: dict,
                              groups: Iterable[tuple[str, Iterable[tuple[str, str | None, dict]]]],
                              make_samples: Any = None) -> tuple[int, list[int]]:
        """A new source, its raw items (``(item kind, [(key, parent_key, data)])`` groups) and
        the samples ``make_samples(source_id)`` returns, in ONE transaction: an import that fails
        or is killed half-way leaves nothing behind. Returns (source id, sample ids)."""
        now = time.time()
        samples: list[Sample] = []
        try:
            with self._tx() as c:
                cur = c.execute(
                    "INSERT INTO sources (kind, name, origin, settings, created_at) VALUES (?,?,?,?,?)",
                    (kind, name, origin, _dumps(settings or {}), now))
                source_id = int(cur.lastrowid)
                for item_kind, items in groups:
                    c.executemany(
                        "INSERT OR IGNORE INTO raw_items (source_id, kind, key, parent_key, data, created_at) "
                        "VALUES (?,?,?,?,?,?)",
                        ((source_id, item_kind, k, pk, _dumps(d), now) for k, pk, d in items))
                if make_samples is not None:
                    samples = list(make_samples(source_id))
                    self._insert_samples(c, samples)
        except BaseException:
            for s in samples:
                s.id = None
            raise
        return source_id, [s.id for s in samples]

    # A write the user makes (Review, the quality and duplicate filters, the CLI's filter) marks
    # the sample touched (touched_at): rebuilds keep it. A flow correcting its own output passes
    # by_user=False, which leaves the mark as it was.
    def update_sample(self, s: Sample, *, by_user: bool = True) -> None:
        """Save an edited sample (turns, system prompt, status, reason, meta)."""
        if s.id is None:
            raise ValueError("sample has no id; use add_samples")
        s.updated_at = time.time()
        with self._tx() as c:
            if "judge" in s.meta:
                # The judge's verdict is about the text it read: once the system prompt or turns
                # change, it goes (score column, filters, threshold and report follow; the next
                # judge run scores the new text). Read only for judged samples.
                row = c.execute("SELECT content_hash FROM samples WHERE id=?", (s.id,)).fetchone()
                if row is not None and row[0] != s.content_hash():
                    s.meta = {k: v for k, v in s.meta.items() if k != "judge"}
            c.execute(
                "UPDATE samples SET source_id=?, kind=?, status=?, reason=?, system=?, turns=?, "
                "meta=?, preview=?, answer=?, n_turns=?, n_chars=?, content_hash=?, updated_at=?, "
                "touched_at=CASE WHEN ? THEN ? ELSE touched_at END WHERE id=?",
                (*_sample_values(s), s.updated_at, by_user, s.updated_at, s.id),
            )

    def set_status(self, ids: Iterable[int], status: str, reason: str = "", *, by_user: bool = True) -> int:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        ids = list(ids)
        now = time.time()
        with self._tx() as c:
            cur = c.execute(
                "UPDATE samples SET status=?, reason=?, updated_at=?, "
                "touched_at=CASE WHEN ? THEN ? ELSE touched_at END "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (status, reason if status == "rejected" else "", now, by_user, now, json.dumps(ids)),
            )
            return cur.rowcount

    def touched_among(self, ids: Iterable[int]) -> set[int]:
        """Those of `ids` the user has edited, accepted or rejected (flows leave them alone)."""
        rows = self._q("SELECT id FROM samples WHERE id IN (SELECT value FROM json_each(?)) "
                       "AND touched_at IS NOT NULL", (json.dumps(list(ids)),))
        return {int(r[0]) for r in rows}

    @staticmethod
    def _scope_where(source_id: int, scope: Mapping[str, Any], kind: str | None) -> tuple[str, list[Any]]:
        parts, args = ["source_id = ?"], [source_id]
        if kind is not None:
            parts.append("kind = ?")
            args.append(kind)
        for name, value in scope.items():
            _check_field(name)
            if value is None:
                parts.append(f"json_extract(meta, '$.{name}') IS NULL")
            else:
                parts.append(f"json_extract(meta, '$.{name}') = ?")
                args.append(value)
        return " AND ".join(parts), args

    def replace_untouched(self, source_id: int, scope: Mapping[str, Any], samples: Iterable[Sample], *,
                          kind: str | None = None, place: Callable[[dict], Hashable | None] | None = None,
                          batch: int = 5000) -> ReplaceReport:
        """Rebuild one generator's samples of one source, in ONE transaction.

        The scope is the source's samples (of `kind`, if given) whose meta has every ``scope``
        entry (e.g. ``{"gen": "chunk"}``). Of those, the ones the user touched (edited, accepted,
        rejected) stay exactly as they are; the untouched ones are replaced by `samples`, except
        that a new sample equal in every stored field to an untouched one leaves that one in place
        (same id: a rebuild with the same options changes nothing). Not written either: a new
        sample whose place (``place(meta)``, e.g. scene and line whatever the options) a touched
        sample holds; one whose ``meta["gen_key"]`` the user deleted in Review; one with the same
        turns as a touched one (it would be a duplicate of the user's).

        `samples` may be a generator: it is consumed inside the transaction, so an exception
        raised while building (or a killed process) leaves every earlier sample as it was."""
        where, args = self._scope_where(source_id, scope, kind)
        report = ReplaceReport()
        written: list[Sample] = []
        try:
            with self._tx() as c:
                held: set[Hashable] = set()  # places of the user's samples
                held_content: set[str] = set()
                for meta, content in c.execute(f"SELECT meta, content_hash FROM samples WHERE {where} "
                                               "AND touched_at IS NOT NULL", args).fetchall():
                    report.kept += 1
                    held_content.add(content)
                    if place is not None and (where_at := place(json.loads(meta))) is not None:
                        held.add(where_at)
                deleted = {r[0] for r in c.execute(
                    "SELECT key FROM raw_items WHERE source_id = ? AND kind = 'deleted_sample'", (source_id,))}
                earlier: dict[bytes, list[int]] = {}
                for row in c.execute(f"SELECT id, kind, status, reason, system, turns, meta FROM samples "
                                     f"WHERE {where} AND touched_at IS NULL", args):
                    earlier.setdefault(_row_digest(*row[1:]), []).append(row[0])
                todo: list[Sample] = []
                values: list[tuple] = []

                def flush() -> None:
                    self._insert_samples(c, todo, values)
                    written.extend(todo)
                    todo.clear()
                    values.clear()

                for s in samples:
                    if s.source_id != source_id:
                        raise ValueError(f"a sample of source {s.source_id} in a rebuild of source {source_id}")
                    v = _sample_values(s)
                    if (s.meta.get("gen_key") in deleted or v[11] in held_content
                            or (place is not None and held and place(s.meta) in held)):
                        report.held += 1
                        continue
                    same = earlier.get(_row_digest(*v[1:7]))
                    if same:
                        s.id = same.pop()
                        report.unchanged += 1
                        continue
                    todo.append(s)
                    values.append(v)
                    if len(todo) >= batch:
                        flush()
                if todo:
                    flush()
                gone = [i for ids in earlier.values() for i in ids]
                report.replaced = c.execute("DELETE FROM samples WHERE id IN (SELECT value FROM json_each(?))",
                                            (json.dumps(gone),)).rowcount
        except BaseException:
            for s in written:
                s.id = None  # nothing was stored
            raise
        report.added = len(written)
        report.ids = [s.id for s in written]
        return report

    def delete_samples(self, ids: Iterable[int]) -> int:
        """Delete for good. A sample a job wrote leaves a mark on its job item, so that the
        job's crash recovery (which recreates missing samples) does not bring it back."""
        ids_json = json.dumps(list(ids))
        with self._tx() as c:
            c.execute(
                "UPDATE job_items SET output = json_set(COALESCE(output, '{}'), '$.sample_deleted', 1) "
                "WHERE id IN (SELECT json_extract(meta, '$.job_item') FROM samples "
                " WHERE id IN (SELECT value FROM json_each(?)) AND json_extract(meta, '$.job_item') IS NOT NULL)",
                (ids_json,),
            )
            # Generators that skip work already done (meta.gen_key) must not redo a deleted one.
            c.execute(
                "INSERT OR IGNORE INTO raw_items (source_id, kind, key, parent_key, data, created_at) "
                "SELECT source_id, 'deleted_sample', json_extract(meta, '$.gen_key'), NULL, '{}', ? "
                "FROM samples WHERE id IN (SELECT value FROM json_each(?)) AND source_id IS NOT NULL "
                "AND json_extract(meta, '$.gen_key') IS NOT NULL",
                (time.time(), ids_json),
            )
            cur = c.execute("DELETE FROM samples WHERE id IN (SELECT value FROM json_each(?))", (ids_json,))
            return cur.rowcount

    def reject_duplicates(self) -> int:
        """Exact duplicates (same roles and texts, whitespace aside) become rejected.

        The first copy (lowest id, preferring one already accepted) stays; the others are
        rejected with a reason naming it, so nothing disappears without a trace.
        """
        with self._tx() as c:
            keep = dict(
                c.execute(
                    "SELECT content_hash, id FROM ("
                    " SELECT content_hash, id, ROW_NUMBER() OVER (PARTITION BY content_hash "
                    "  ORDER BY status != 'accepted', id) AS rn FROM samples"
                    " WHERE status != 'rejected') WHERE rn = 1 AND content_hash IN ("
                    " SELECT content_hash FROM samples WHERE status != 'rejected'"
                    " GROUP BY content_hash HAVING COUNT(*) > 1)"
                ).fetchall()
            )
            n = 0
            now = time.time()
            for h, keep_id in keep.items():
                # asked for in Review: the user's decision, so rebuilds keep these rejections
                cur = c.execute(
                    "UPDATE samples SET status='rejected', reason=?, updated_at=?, touched_at=? "
                    "WHERE content_hash=? AND id != ? AND status != 'rejected'",
                    (say("store.duplicate_of", id=keep_id).encode(), now, now, h, keep_id),
                )
                n += cur.rowcount
            return n

    # ---- samples: reads ------------------------------------------------------------------
    def get_sample(self, sample_id: int) -> Sample | None:
        rows = self._q(_SAMPLE_SQL + " WHERE s.id = ?", (sample_id,))
        return _sample_from_row(rows[0]) if rows else None

    def count(self, flt: SampleFilter | None = None) -> int:
        where, args = (flt or SampleFilter()).where()
        return self._q("SELECT COUNT(*) FROM samples s" + where, args)[0][0]

    def query_ids(self, flt: SampleFilter | None = None, sort: str = "id", descending: bool = False) -> array:
        """Ids of the matching samples in display order (compact: 8 bytes a row)."""
        where, args = (flt or SampleFilter()).where()
        order = SORT_COLUMNS.get(sort, "s.id")
        direction = "DESC" if descending else "ASC"
        join = " LEFT JOIN sources src ON src.id = s.source_id" if order.startswith("src.") else ""
        sql = f"SELECT s.id FROM samples s{join}{where} ORDER BY {order} {direction}, s.id {direction}"
        with self._lock:
            cur = self._conn.execute(sql, args)
            out = array("q")
            while batch := cur.fetchmany(8192):
                out.extend(r[0] for r in batch)
        return out

    def rows(self, ids: Sequence[int]) -> dict[int, tuple]:
        """Table rows (see ROW_COLUMNS) for these ids."""
        rows = self._q(_ROW_SQL + " WHERE s.id IN (SELECT value FROM json_each(?))",
                       (json.dumps(list(ids)),))
        return {r[0]: r for r in rows}

    def iter_samples(self, flt: SampleFilter | None = None, batch: int = 2000) -> Iterator[Sample]:
        """Matching samples in id order, read in batches (constant memory)."""
        where, args = (flt or SampleFilter()).where()
        last = 0
        while True:
            sep = " AND " if where else " WHERE "
            rows = self._q(
                _SAMPLE_SQL + where + sep + "s.id > ? ORDER BY s.id LIMIT ?", [*args, last, batch]
            )
            if not rows:
                return
            for r in rows:
                yield _sample_from_row(r)
            last = rows[-1][0]

    def stats(self) -> dict[str, Any]:
        def grouped(sql: str) -> dict:
            return {k: v for k, v in self._q(sql)}

        return {
            "total": self.count(),
            "by_status": {s: 0 for s in STATUSES}
            | grouped("SELECT status, COUNT(*) FROM samples GROUP BY status"),
            "by_kind": {k: 0 for k in KINDS} | grouped("SELECT kind, COUNT(*) FROM samples GROUP BY kind"),
            "by_source": grouped(
                "SELECT COALESCE(src.name, '(none)'), COUNT(*) FROM samples s "
                "LEFT JOIN sources src ON src.id = s.source_id GROUP BY s.source_id ORDER BY 2 DESC"
            ),
            "chars": dict(
                zip(
                    ("min", "max", "mean"),
                    self._q("SELECT MIN(n_chars), MAX(n_chars), AVG(n_chars) FROM samples")[0], strict=True,
                )
            ),
        }

    def length_histogram(self, bins: int = 20, flt: SampleFilter | None = None) -> tuple[list[int], list[int]]:
        """(bin edges, counts) of sample length in characters; the last bin holds the tail
        above the 99th percentile so one huge sample does not flatten the plot."""
        where, args = (flt or SampleFilter()).where()
        n = self._q("SELECT COUNT(*) FROM samples s" + where, args)[0][0]
        if n == 0:
            return [0, 1], [0]
        p99 = self._q(
            f"SELECT n_chars FROM samples s{where} ORDER BY n_chars LIMIT 1 OFFSET ?",
            [*args, max(0, int(n * 0.99) - 1)],
        )[0][0]
        lo = self._q("SELECT MIN(n_chars) FROM samples s" + where, args)[0][0]
        width = max(1, -(-(p99 - lo + 1) // bins))
        rows = self._q(
            f"SELECT MIN((n_chars - ?) / ?, ?), COUNT(*) FROM samples s{where} GROUP BY 1",
            [lo, width, bins - 1, *args],
        )
        counts = [0] * bins
        for b, c in rows:
            counts[int(b)] = c
        edges = [lo + i * width for i in range(bins + 1)]
        return edges, counts

    def sample_facts(self, batch: int = 20_000) -> Iterator[list[tuple]]:
        """Batches of ``(id, source_id, status, reason, touched, n_chars, flow, made_flow, gen,
        judge_score)`` of every sample, in id order: what the quality report counts, read by
        SQLite without parsing any sample's texts (``touched`` is 1 when the user touched it)."""
        last = 0
        while rows := self._q(
            "SELECT id, source_id, status, reason, touched_at IS NOT NULL, n_chars, json_extract(meta, '$.flow'), "
            "json_extract(meta, '$.made.flow'), json_extract(meta, '$.gen'), json_extract(meta, '$.judge.score') "
            "FROM samples WHERE id > ? ORDER BY id LIMIT ?", (last, batch)):
            yield rows
            last = rows[-1][0]

    # ---- the LLM judge's verdicts (core/flows/judge.py) -----------------------------------
    def set_judgements(self, rows: Iterable[tuple[int, str, dict]]) -> int:
        """Write ``meta["judge"]`` of samples, given as (id, content_hash, verdict), in one
        transaction. A flow's write: status and the user's touched mark stay as they are; a sample
        whose content changed since it was judged (another content_hash) is left alone. Returns
        how many samples were written."""
        now = time.time()
        with self._tx() as c:
            before = c.total_changes
            c.executemany(
                "UPDATE samples SET meta = json_set(meta, '$.judge', json(?)), updated_at = ? "
                "WHERE id = ? AND content_hash = ?",
                ((_dumps(verdict), now, int(sid), content_hash) for sid, content_hash, verdict in rows))
            return c.total_changes - before

    def judgements(self, ids: Iterable[int]) -> dict[int, dict]:
        """``meta["judge"]`` of these samples (those not judged are left out)."""
        rows = self._q("SELECT id, json_extract(meta, '$.judge') FROM samples WHERE id IN "
                       "(SELECT value FROM json_each(?)) AND json_extract(meta, '$.judge') IS NOT NULL",
                       (json.dumps(list(ids)),))
        return {int(r[0]): json.loads(r[1]) for r in rows}

    def done_outputs(self, job_id: int, keys: Iterable[str]) -> dict[str, Any]:
        """key → output of the job's done items among `keys` (the inputs are not read)."""
        rows = self._q("SELECT key, output FROM job_items WHERE job_id = ? AND status = 'done' AND key IN "
                       "(SELECT value FROM json_each(?))", (job_id, json.dumps(list(keys))))
        return {r[0]: json.loads(r[1]) if r[1] else None for r in rows}

    def score_counts(self, flt: SampleFilter | None = None) -> dict[int | None, int]:
        """The judge's score → matching samples (None: not judged)."""
        where, args = (flt or SampleFilter()).where()
        return {(int(k) if k is not None else None): int(n) for k, n in self._q(
            f"SELECT {_SCORE} AS score, COUNT(*) FROM samples s{where} GROUP BY score", args)}

    # ---- samples written by jobs ---------------------------------------------------------
    def count_job_samples(self, job_id: int, *, with_reason: bool = False) -> int:
        """Samples a job wrote (``meta.job_id``); with_reason: only those carrying a reason."""
        extra = " AND reason != ''" if with_reason else ""
        return int(self._q("SELECT COUNT(*) FROM samples WHERE json_extract(meta, '$.job_id') = ?" + extra,
                           (job_id,))[0][0])

    def sample_job_items(self, job_id: int) -> set[int]:
        """The job item ids (``meta.job_item``) of the samples a job wrote (``meta.job_id``), and
        of those whose sample the user deleted since."""
        rows = self._q(
            "SELECT DISTINCT json_extract(meta, '$.job_item') FROM samples "
            "WHERE json_extract(meta, '$.job_id') = ? AND json_extract(meta, '$.job_item') IS NOT NULL "
            "UNION SELECT id FROM job_items WHERE job_id = ? AND json_extract(output, '$.sample_deleted')",
            (job_id, job_id),
        )
        return {int(r[0]) for r in rows}

    # ---- crawls (appended for the Bilibili comment crawler) ------------------------------
    def add_raw_items_with_meta(self, source_id: int, kind: str,
                                items: Iterable[tuple[str, str | None, dict]], meta: dict[str, Any]) -> int:
        """:meth:`add_raw_items` and :meth:`set_meta` of every ``meta`` entry in ONE transaction: a
        crawler's items and its cursor are saved together, so a crash keeps both or neither.
        Returns how many items were new."""
        now = time.time()
        with self._tx() as c:
            before = c.total_changes
            c.executemany(
                "INSERT OR IGNORE INTO raw_items (source_id, kind, key, parent_key, data, created_at) "
                "VALUES (?,?,?,?,?,?)",
                ((source_id, kind, k, pk, _dumps(d), now) for k, pk, d in items),
            )
            added = c.total_changes - before
            c.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          [(k, _dumps(v)) for k, v in meta.items()])
            return added

    def raw_item_values(self, source_id: int, kind: str, fields: Sequence[str] = (), *,
                        keys: Iterable[str] | None = None, batch: int = 50_000) -> Iterator[tuple]:
        """``(key, parent_key, *values)`` of one source's raw items of `kind`, each value being
        ``json_extract(data, '$.<field>')`` computed by SQLite (a JSON list or object comes back
        as JSON text). For reading large sources fast: no JSON parsing or dict per row in Python,
        and batches by id range (constant time each). In insertion order; with `keys`, only those
        items, in no set order."""
        for f in fields:
            if not f.replace("_", "a").isalnum() or not f.isascii():
                raise ValueError(f"bad field name {f!r}")
        cols = "".join(f", json_extract(data, '$.{f}')" for f in fields)
        if keys is not None:
            wanted = list(keys)
            for i in range(0, len(wanted), batch):
                yield from self._q(
                    f"SELECT key, parent_key{cols} FROM raw_items WHERE source_id = ? AND kind = ? "
                    "AND key IN (SELECT value FROM json_each(?))",
                    (source_id, kind, json.dumps(wanted[i:i + batch])))
            return
        lo, hi = self._q("SELECT MIN(id), MAX(id) FROM raw_items WHERE source_id = ? AND kind = ?",
                         (source_id, kind))[0]
        if lo is None:
            return
        for start in range(lo, hi + 1, batch):
            # NOT INDEXED: walk the id range (rowid), not the (source_id, kind, key) index
            yield from self._q(
                f"SELECT key, parent_key{cols} FROM raw_items NOT INDEXED "
                "WHERE id >= ? AND id < ? AND source_id = ? AND kind = ? ORDER BY id",
                (start, start + batch, source_id, kind))
