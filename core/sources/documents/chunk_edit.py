"""A document's chunks, seen and edited by hand before generating: merge two, split one, move the
split point between two, or chunk the whole document again with another size and overlap.

Every edit is two steps: a :class:`ChunkPlan` (what changes, which chunks already have questions,
which samples are affected: nothing written) and :func:`apply_plan` (ONE transaction; refused
when the chunks changed since the plan was made).

Identity: a chunk is a span ``[start, end)`` of the document's text. A chunk whose span is
unchanged keeps its key, so its questions and answers stay paid for. A changed or new chunk gets
a new key, never used before in the source (``settings["next_chunk"]``): the questions job skips
items already done by key, so a reused key would silently keep questions about other text.

The work of a retired chunk (one whose span is gone): its questions stay stored but are no
longer answered (the QA flow asks about the chunks there are); its question and answer items not
done yet are dropped; its samples nobody touched become rejected with the reason
``chunks.source_changed``; the samples the user edited, accepted or rejected stay as they are.
Samples of the topic (aspects) flow that drew on a retired chunk as context are counted and left
alone. The model's questions about a retired chunk in the review list (core/flows/question_review.py)
that the user left as written go with it: a question asked again about the new text must not be
taken for a duplicate of one about text that is gone. Pre-training samples (``script chunk``) are cut from the document text with their own
size, not from these chunks: an edit here does not touch them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import InputError
from core.messages import Message, current_language, say
from core.store.chunks import ChunkEffects, StaleChunks
from core.text.chunking import chunk_spans
from core.text.headings import heading_lines

if TYPE_CHECKING:
    from core.store import Store

SOURCE_CHANGED = say("chunks.source_changed")



@dataclass
class Chunk:
    """One chunk as the chunk view shows it. ``start``/``end`` are offsets in the document text
    (-1 when the chunk's text is not found there: such a chunk can only be re-chunked)."""

    index: int  # 0-based position
    key: str
    text: str
    start: int = -1
    end: int = -1
    page: int | None = None  # PDF: the page it starts on (1-based) …
    page_end: int | None = None  # … and ends on
    heading: str = ""  # the heading it falls under (Markdown "#", or a chapter line)
    questions: int = 0  # finished question items about it: editing it means asking again
    samples: int = 0  # samples made from it

    @property
    def placed(self) -> bool:
        return self.start >= 0


@dataclass
class DocumentChunks:
    source_id: int
    name: str
    text: str
    format: str
    chunks: list[Chunk]
    size: int
    overlap: int
    settings: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] | None = None


@dataclass
class ChunkPlan:
    """An edit not applied yet: the chunks after it and what it touches."""

    source_id: int
    action: Message  # what the edit is, said
    before: list[str]  # the chunk keys now, in order (the plan is refused if they change)
    after: list[tuple[str | None, int, int]]  # (kept key or None for a new chunk, start, end), in order
    retired: list[str]  # keys of the chunks that go
    effects: ChunkEffects
    settings: dict[str, Any] = field(default_factory=dict)  # merged into the source's settings
    warnings: list[Message] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for k, _, _ in self.after if k is None)

    @property
    def changed(self) -> bool:
        return bool(self.retired) or bool(self.added)

    def said(self) -> list[Message]:
        """The plan in lines: what changes, then what that does to questions and samples."""
        e = self.effects
        lines = [self.action]
        if not self.changed:
            return [*lines, say("chunks.plan.nothing")]
        lines.append(say("chunks.plan.counts", n=len(self.retired), added=self.added,
                         kept=len(self.after) - self.added, total=len(self.after)))
        if e.asked:
            lines.append(say("chunks.plan.reask", n=e.asked, added=self.added))
        else:
            lines.append(say("chunks.plan.no_questions"))
        if e.reject:
            lines.append(say("chunks.plan.reject", n=e.reject))
        if e.already_rejected:
            lines.append(say("chunks.plan.already_rejected", n=e.already_rejected))
        if e.kept:
            lines.append(say("chunks.plan.kept", n=e.kept))
        if e.unfinished:
            lines.append(say("chunks.plan.unfinished", n=e.unfinished))
        if e.cited:
            lines.append(say("chunks.plan.cited", n=e.cited))
        if e.review_rows:
            lines.append(say("chunks.plan.review_rows", n=e.review_rows))
        return [*lines, *self.warnings]

    def text(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        return "\n".join(m.render(lang) for m in self.said())


@dataclass
class ChunkEditResult:
    source_id: int
    chunks: int  # chunks after the edit
    kept: int  # chunks that kept their key
    added: int  # new chunks (new keys)
    retired: int
    effects: ChunkEffects  # what was done, counted inside the transaction

    def said(self) -> Message:
        e = self.effects
        return say("chunks.applied", n=self.retired, added=self.added, total=self.chunks, rejected=e.reject,
                   kept=e.kept, dropped=e.unfinished)


# ---- reading ---------------------------------------------------------------------------------------
def _source(store: Store, source_id: int) -> dict[str, Any]:
    for s in store.sources():
        if s["id"] == source_id:
            if s["kind"] != "document":
                raise InputError(say("chunks.not_document", id=source_id, name=s["name"]))
            return s
    raise InputError(say("chunks.no_source", id=source_id))


def headings(text: str) -> list[tuple[int, str]]:
    """(offset, title) of the heading lines of a text, in order."""
    return [(start, title) for start, _, title in heading_lines(text)]


def _heading_at(heads: list[tuple[int, str]], offsets: list[int], a: int, b: int) -> str:
    """The heading [a, b) falls under: the last one at or before its start, else the first inside."""
    i = bisect.bisect_right(offsets, a)
    if i:
        return heads[i - 1][1]
    return heads[0][1] if heads and heads[0][0] < b else ""


def _locate(text: str, items: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The span of each stored chunk in the text: its recorded start/end when they hold its text,
    else found after the previous chunk's start (chunks are slices of the text, in order; the
    overlap makes the next one start before the previous one ends). (-1, -1) when not found."""
    spans = []
    prev = 0
    for d in items:
        t = d.get("text", "")
        a, b = d.get("start"), d.get("end")
        if not (isinstance(a, int) and isinstance(b, int) and text[a:b] == t and t):
            a = text.find(t, prev) if t else -1
            if a < 0 and t:
                a = text.find(t)
            b = a + len(t) if a >= 0 else -1
        spans.append((a, b))
        if a >= 0:
            prev = a + 1
    return spans


def document_chunks(store: Store, source_id: int) -> DocumentChunks:
    """A document source's chunks in order, each with its span, page (PDF), heading and how much
    work hangs on it. Blocking (reads the whole document): run it in a thread from a window."""
    src = _source(store, source_id)
    docs = [r["data"] for r in store.raw_items(source_id, "document")]
    text = "\n\n".join(d.get("text", "") for d in docs)
    data = docs[0] if docs else {}
    starts = data.get("page_starts") if len(docs) == 1 else None
    rows = list(store.raw_items(source_id, "chunk"))
    spans = _locate(text, [r["data"] for r in rows])
    usage = store.chunk_usage(source_id, [r["key"] for r in rows])
    heads = headings(text)
    head_offsets = [h[0] for h in heads]
    chunks = []
    for i, (r, (a, b)) in enumerate(zip(rows, spans, strict=True)):
        d = r["data"]
        c = Chunk(index=i, key=r["key"], text=d.get("text", ""), start=a, end=b)
        if a >= 0:
            if starts:
                c.page = bisect.bisect_right(starts, a)
                c.page_end = bisect.bisect_right(starts, max(a, b - 1))
            c.heading = _heading_at(heads, head_offsets, a, b)
        else:
            c.page, c.page_end = d.get("page"), d.get("page_end")
        c.questions, c.samples = usage.get(r["key"], (0, 0))
        chunks.append(c)
    st = src["settings"]
    return DocumentChunks(source_id=source_id, name=src["name"], text=text, format=st.get("format") or "text",
                          chunks=chunks, size=int(st.get("chunk_size") or 0), overlap=int(st.get("overlap") or 0),
                          settings=st, page_starts=starts)


# ---- planning --------------------------------------------------------------------------------------
def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) without whitespace at either end (a == b when nothing is left)."""
    piece = text[a:b]
    left = len(piece) - len(piece.lstrip())
    if left == len(piece):
        return b, b
    return a + left, b - (len(piece) - len(piece.rstrip()))


def _chunk(doc: DocumentChunks, index: int, *, placed: bool = True) -> Chunk:
    n = len(doc.chunks)
    if not isinstance(index, int) or not 0 <= index < n:
        raise InputError(say("chunks.bad_index", number=index + 1 if isinstance(index, int) else index, total=n))
    c = doc.chunks[index]
    if placed and not c.placed:
        raise InputError(say("chunks.unplaced", number=index + 1))
    return c


def _plan(store: Store, doc: DocumentChunks, action: Message, new: list[tuple[int, int]],
          settings: dict[str, Any] | None = None, warnings: list[Message] | None = None) -> ChunkPlan:
    """The plan that makes ``new`` (spans, in order) the document's chunks."""
    free = {}
    for c in doc.chunks:
        if c.placed:
            free.setdefault((c.start, c.end), []).append(c.key)
    after: list[tuple[str | None, int, int]] = []
    kept: set[str] = set()
    for a, b in new:
        same = free.get((a, b))
        if same:
            key = same.pop(0)
            kept.add(key)
            after.append((key, a, b))
        else:
            after.append((None, a, b))
    retired = [c.key for c in doc.chunks if c.key not in kept]
    return ChunkPlan(source_id=doc.source_id, action=action, before=[c.key for c in doc.chunks], after=after,
                     retired=retired, effects=store.chunk_effects(doc.source_id, retired),
                     settings=dict(settings or {}), warnings=list(warnings or []))


def _spans(doc: DocumentChunks) -> list[tuple[int, int]]:
    """The spans now; a chunk whose text is not in the document can only be re-chunked."""
    for c in doc.chunks:
        if not c.placed:
            raise InputError(say("chunks.unplaced", number=c.index + 1))
    return [(c.start, c.end) for c in doc.chunks]


def _too_long(doc: DocumentChunks, a: int, b: int) -> list[Message]:
    if doc.size and b - a > doc.size:
        return [say("chunks.plan.longer", chars=b - a, size=doc.size)]
    return []


def plan_merge(store: Store, source_id: int, index: int) -> ChunkPlan:
    """Merge chunk ``index`` with the next one (0-based)."""
    doc = document_chunks(store, source_id)
    c = _chunk(doc, index)
    if index + 1 >= len(doc.chunks):
        raise InputError(say("chunks.no_next", number=index + 1))
    d = _chunk(doc, index + 1)
    a, b = c.start, max(c.end, d.end)
    spans = _spans(doc)
    spans[index:index + 2] = [(a, b)]
    return _plan(store, doc, say("chunks.plan.merge", number=index + 1, next=index + 2), spans,
                 warnings=_too_long(doc, a, b))


def plan_split(store: Store, source_id: int, index: int, at: int) -> ChunkPlan:
    """Split chunk ``index`` in two at ``at`` characters from its start (whitespace at the cut
    goes to neither side)."""
    doc = document_chunks(store, source_id)
    c = _chunk(doc, index)
    if not isinstance(at, int) or not 0 < at < c.end - c.start:
        raise InputError(say("chunks.split_outside", number=index + 1, at=at, chars=c.end - c.start))
    # a chunk has no whitespace at its ends, so neither side is empty once trimmed
    left, right = _trim(doc.text, c.start, c.start + at), _trim(doc.text, c.start + at, c.end)
    spans = _spans(doc)
    spans[index:index + 1] = [left, right]
    return _plan(store, doc, say("chunks.plan.split", number=index + 1, at=at), spans)


def plan_move(store: Store, source_id: int, index: int, to: int) -> ChunkPlan:
    """Move the split point between chunk ``index`` and the next one: chunk ``index`` then ends
    ``to`` characters after its start and the next one starts there (so these two no longer
    overlap). ``to`` may lie beyond the chunk's end, inside the next one."""
    doc = document_chunks(store, source_id)
    c = _chunk(doc, index)
    if index + 1 >= len(doc.chunks):
        raise InputError(say("chunks.no_next", number=index + 1))
    d = _chunk(doc, index + 1)
    end = max(c.end, d.end)
    if not isinstance(to, int) or not 0 < to < end - c.start:
        raise InputError(say("chunks.move_outside", number=index + 1, at=to, chars=end - c.start))
    left, right = _trim(doc.text, c.start, c.start + to), _trim(doc.text, c.start + to, end)
    spans = _spans(doc)
    spans[index:index + 2] = [left, right]
    warnings = _too_long(doc, *left) + _too_long(doc, *right)
    return _plan(store, doc, say("chunks.plan.move", number=index + 1, next=index + 2, at=to), spans,
                 warnings=warnings)


def plan_rechunk(store: Store, source_id: int, size: int, overlap: int) -> ChunkPlan:
    """Chunk the whole document again (:func:`~core.text.chunking.chunk_spans`); chunks that come
    out with the same span as now keep their key."""
    chunk_spans("", size, overlap)  # a bad size/overlap: its own error, before anything is read
    doc = document_chunks(store, source_id)
    if not doc.text.strip():  # chunks stored without their document: nothing to cut them from again
        raise InputError(say("chunks.no_text", name=doc.name))
    spans = chunk_spans(doc.text, size, overlap)
    return _plan(store, doc, say("chunks.plan.rechunk", size=size, overlap=overlap, before=len(doc.chunks),
                                 after=len(spans)), spans, settings={"chunk_size": size, "overlap": overlap})


# ---- applying --------------------------------------------------------------------------------------
def _next_number(doc_keys: list[str], source_id: int, settings: dict[str, Any]) -> int:
    """The first chunk number never used in this source: the recorded counter, or past every
    key there is (sources from before edits have keys f"{source_id}:0" … in order)."""
    n = int(settings.get("next_chunk") or 0)
    for k in doc_keys:
        head, _, tail = k.partition(":")
        if head == str(source_id) and tail.isdigit():
            n = max(n, int(tail) + 1)
    return max(n, len(doc_keys))


def apply_plan(store: Store, plan: ChunkPlan) -> ChunkEditResult:
    """Write the plan in ONE transaction (see the module docstring). Raises :class:`InputError`
    (``chunks.stale``; nothing written) when the chunks changed since the plan was made."""
    doc = document_chunks(store, plan.source_id)
    if [c.key for c in doc.chunks] != plan.before:
        raise InputError(say("chunks.stale", name=doc.name))
    number = _next_number(plan.before, plan.source_id, doc.settings)
    items: list[tuple[str, str | None, dict]] = []
    starts = doc.page_starts
    for i, (key, a, b) in enumerate(plan.after):
        if key is None:
            key = f"{plan.source_id}:{number}"
            number += 1
        d: dict[str, Any] = {"text": doc.text[a:b], "index": i, "doc": doc.name, "start": a, "end": b}
        if starts:
            d["page"] = bisect.bisect_right(starts, a)
            d["page_end"] = bisect.bisect_right(starts, max(a, b - 1))
        items.append((key, doc.name, d))
    settings = {**plan.settings, "next_chunk": number}
    try:
        done = store.replace_chunks(plan.source_id, plan.before, items, plan.retired if plan.changed else [],
                                    SOURCE_CHANGED.encode(), settings)
    except StaleChunks:
        raise InputError(say("chunks.stale", name=doc.name)) from None
    return ChunkEditResult(source_id=plan.source_id, chunks=len(items), kept=len(items) - plan.added,
                           added=plan.added, retired=len(plan.retired), effects=done)
