"""Crawl a video's comments into the project: resumable, incremental, polite.

For each video: ``/x/web-interface/view`` (title, comment count; a missing video fails here),
then the cursor-paginated root list ``/x/v2/reply/wbi/main`` (signed, time order, followed
until ``cursor.is_end``), and for every root whose reply count is larger than the preview it came
with, its sub-replies page by page (``/x/v2/reply/reply``, ``pn``/``ps``). Root pages and thread
pages run concurrently (bounded by the client), one request at a time per thread.

Storage: each comment is a raw item of kind ``comment`` (key = rpid, parent_key = parent rpid;
data ``{rpid, root, parent, mid, name, text, time, like, rcount (roots), emotes (when any)}``),
written by page together with the crawl state in one transaction
(:meth:`Store.add_raw_items_with_meta`, meta key ``crawl:<source_id>``). The state holds the root
list's next offset and the threads still being paged (next page, count); the threads done (with
the reply count they were complete at) are a log of small chunks ``crawl:<source_id>:threads:<n>``
written in the same transaction — only the last chunk changes, so a page's commit stays small
however many threads a video has. So:

- a cancelled or crashed crawl continues where it stopped: the root list from its saved offset,
  the threads from their next page; a comment is never stored twice (INSERT OR IGNORE by rpid),
  and no page whose answer was stored is asked for again;
- crawling a finished video again walks the root list once more (20 roots a request), stores the
  new roots and pages only threads whose reply count grew, starting near where they ended.

The source is found again by its aid (kind ``bilibili``, settings ``{"aid", "bvid"}``); it is
created when the first page is stored, so a missing video or closed comments leave nothing behind.

Anonymous crawls are often truncated by the site (see ``ANONYMOUS_LIMITS``): the result is
compared with ``cursor.all_count`` (or ``/x/v2/reply/count``) and reported as incomplete.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.errors import CorpusmithError
from core.messages import Message, render, say
from core.sources.bilibili.client import (
    ANONYMOUS_LIMITS,
    WEB_DM_PARAMS,
    BilibiliError,
    BiliClient,
    Cancelled,
    CommentDeleted,
    Politeness,
)
from core.sources.bilibili.ids import LineError, VideoRef, message_of, parse_inputs, parse_video

log = logging.getLogger("corpusmith.bilibili")

SOURCE_KIND = "bilibili"
ITEM_KIND = "comment"
MODE_TIME = 2  # root list in time order: its cursor is stable while new comments arrive
PAGE_SIZE = 20  # sub-replies per page (the site serves at most 20)
STATE_VERSION = 1
PROGRESS_INTERVAL = 0.25
# A logged-in crawl counts as complete when it has this share of what the site lists (the count
# includes folded and deleted comments nobody can read). A visitor's must have all of it.
COMPLETE_SHARE = 0.95
# A visitor is often served the first page again whatever the cursor says; after this many such
# pages in a row the root list stops (each further request would be wasted, and risks a ban).
REPEATS_TO_STOP = 2


THREAD_CHUNK = 500  # done threads per meta entry of the log


def state_key(source_id: int) -> str:
    return f"crawl:{source_id}"


def threads_key(source_id: int, chunk: int) -> str:
    """The done-threads log: chunk `chunk` of {root rpid: reply count it was complete at}."""
    return f"crawl:{source_id}:threads:{chunk}"


# ---- reports and events -------------------------------------------------------------------------
@dataclass
class CrawlProgress:
    video: VideoRef
    title: str
    source_id: int | None
    pages: int  # answers stored by this run (root-list and thread pages)
    requests: int  # HTTP requests of this run for this video (retries and key refreshes included)
    new_comments: int  # stored by this run
    stored: int  # comments of this video in the project
    expected: int | None  # the count the site reports (None until known)
    threads_done: int  # threads paged to the end by this run
    threads_waiting: int  # threads known still to page
    elapsed: float
    rate: float  # new comments per second, this run
    eta_seconds: float | None  # None while the total or the rate is unknown
    pace: Message | None = None  # the client's current pace and why (Pace.said())


@dataclass
class CrawlReport:
    video: VideoRef
    status: str = "failed"  # "complete" | "incomplete" | "failed" | "cancelled"
    # why, for anything but complete: a message (rendered where it is shown); "" when complete
    reason: Message | str = ""
    title: str = ""
    source_id: int | None = None
    new_comments: int = 0
    stored: int = 0
    expected: int | None = None
    pages: int = 0
    requests: int = 0
    retries: int = 0
    deleted_threads: int = 0  # threads deleted between the root list and their replies
    slowdowns: int = 0  # refusals that slowed the pace down during this video
    repeat_pages: int = 0  # root-list pages that only repeated roots already fetched by this run
    logged_in: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "complete"

    def said(self) -> Message:
        """One line for a log or the CLI, as a message."""
        video = (self.video.bvid or self.video.text) + (f" “{self.title}”" if self.title else "")
        if self.expected is not None:
            counts = say("crawl.counts_listed", new=self.new_comments, stored=self.stored, expected=self.expected,
                         requests=self.requests, seconds=self.elapsed)
        else:
            counts = say("crawl.counts", new=self.new_comments, stored=self.stored, requests=self.requests,
                         seconds=self.elapsed)
        if self.status == "complete":
            return say("crawl.video_complete", video=video, counts=counts)
        if self.status == "failed" and not self.stored:
            return say("crawl.video_failed", video=video, reason=self.reason)
        if self.status == "incomplete":
            return say("crawl.video_incomplete", video=video, counts=counts, reason=self.reason)
        if self.status == "cancelled":
            return say("crawl.video_cancelled", video=video, counts=counts, reason=self.reason)
        return say("crawl.video_failed_partway", video=video, counts=counts, reason=self.reason)

    def line(self, lang: str | None = None) -> str:
        """One line for a log or the CLI, in `lang` (default: the current language)."""
        return render(self.said(), lang)


def status_message(status: str) -> Message | str:
    """A crawl status in words ("complete" → 完成 / complete)."""
    words = {"complete": say("crawl.status_complete"), "incomplete": say("crawl.status_incomplete"),
             "failed": say("crawl.status_failed"), "cancelled": say("crawl.status_cancelled")}
    return words.get(status, status)


@dataclass
class CrawlBatchReport:
    videos: list[CrawlReport] = field(default_factory=list)
    invalid: list[LineError] = field(default_factory=list)  # lines rejected before anything was fetched
    notes: list[Message] = field(default_factory=list)  # about the whole run (login state …)
    logged_in: bool | None = None
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for v in self.videos if v.status == status)

    @property
    def failed(self) -> list[CrawlReport]:
        return [v for v in self.videos if v.status == "failed"]

    @property
    def new_comments(self) -> int:
        return sum(v.new_comments for v in self.videos)


class CrawlEvents(Protocol):
    """What a UI or the CLI hears. Any method may be missing; all run on the event loop's thread;
    an exception in one is logged and ignored."""

    def on_video(self, index: int, total: int, video: VideoRef) -> None: ...  # about to crawl it

    def on_progress(self, progress: CrawlProgress) -> None: ...  # at most every 0.25 s, and at the end

    def on_notice(self, video: VideoRef | None, message: Message) -> None: ...  # waits, login state …

    def on_video_done(self, report: CrawlReport) -> None: ...


def _emit(events: Any, name: str, *args: Any) -> None:
    fn = getattr(events, name, None) if events is not None else None
    if fn is None:
        return
    try:
        fn(*args)
    except Exception:  # a listener's bug must not stop the crawl
        log.exception("crawl event %s raised", name)


# ---- comments -----------------------------------------------------------------------------------
def comment_item(c: Mapping[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
    """A comment of the API → (key, parent_key, data) for the store."""
    rpid = int(c["rpid"])
    root = int(c.get("root") or 0)
    parent = int(c.get("parent") or 0)
    member = c.get("member") or {}
    content = c.get("content") or {}
    data: dict[str, Any] = {
        "rpid": rpid, "root": root, "parent": parent,
        "mid": int(c.get("mid") or member.get("mid") or 0),
        "name": str(member.get("uname") or ""),
        "text": str(content.get("message") or ""),
        "time": int(c.get("ctime") or 0),
        "like": int(c.get("like") or 0),
    }
    if root == 0:
        data["rcount"] = int(c.get("rcount") or 0)
    emotes = content.get("emote")
    if isinstance(emotes, Mapping) and emotes:
        data["emotes"] = list(emotes)
    return str(rpid), (str(parent) if parent else None), data


def find_source(store: Any, aid: int) -> dict[str, Any] | None:
    for s in store.sources():
        if s["kind"] == SOURCE_KIND and int((s.get("settings") or {}).get("aid") or 0) == aid:
            return s
    return None


def _new_state(aid: int) -> dict[str, Any]:
    return {"v": STATE_VERSION, "aid": aid, "mode": MODE_TIME,
            "main": {"offset": "", "done": False, "pages": 0},
            "pending": {}, "thread_chunks": 0, "all_count": None, "passes": 1, "complete": False}


# ---- one video ----------------------------------------------------------------------------------
class _VideoCrawl:
    def __init__(self, store: Any, client: BiliClient, ref: VideoRef, events: Any, cancel: asyncio.Event | None):
        self.store = store
        self.client = client
        self.ref = ref
        self.events = events
        self.cancel = cancel
        self.report = CrawlReport(video=ref)
        self.title = ""
        self.source_id: int | None = None
        self.state: dict[str, Any] = {}
        self.threads: dict[str, int] = {}  # root rpid → reply count its thread was complete at
        self._chunk: dict[str, int] = {}  # the last chunk of the done-threads log
        self._chunk_no = 0
        self._dirty_chunks: dict[int, dict[str, int]] = {}  # changed since the last commit
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.room = asyncio.Event()
        self.max_pending = max(50, client.policy.concurrency * 20)
        self.stalled: Message | None = None  # why the root list stopped before its end, if it did
        self.draining = False  # the root list is done; waiting for the threads
        self.view_count: int | None = None
        self.stored = 0
        self.threads_done = 0
        self.t0 = time.monotonic()
        self.req0 = client.requests
        self.retry0 = client.retries
        self.slowdown0 = client.pace.slowdowns
        self.roots_seen: set[int] = set()  # root rpids the root list served this run
        self._last_emit = 0.0

    # ---- state and storage ----------------------------------------------------------------
    def _load_state(self, aid: int) -> None:
        src = find_source(self.store, aid)
        state = None
        if src is not None:
            self.source_id = src["id"]
            state = self.store.get_meta(state_key(src["id"]))
            self.stored = self.store.count_raw_items(src["id"], ITEM_KIND)
        if (not isinstance(state, dict) or state.get("v") != STATE_VERSION or state.get("aid") != aid
                or not self.stored):  # no state, another video's (a reused source id), or no comments
            self.state = _new_state(aid)
            return
        # the done threads: a log of chunks, later entries winning (a thread can grow)
        logged = 0
        for i in range(int(state.get("thread_chunks") or 0)):
            chunk = self.store.get_meta(threads_key(self.source_id, i)) or {}
            logged += len(chunk)
            self.threads.update(chunk)
            self._chunk_no, self._chunk = i, dict(chunk)
        self.state = state
        if state["main"]["done"] and not state["pending"]:
            # the last crawl got to the end: a new pass over the root list finds what is new
            state["main"] = {"offset": "", "done": False, "pages": 0}
            state["passes"] = int(state.get("passes") or 1) + 1
            state["complete"] = False
            if logged > len(self.threads) + THREAD_CHUNK:
                self._compact()

    def _compact(self) -> None:
        """Rewrite the done-threads log without its overridden entries (with the state, at once)."""
        assert self.source_id is not None
        items = list(self.threads.items())
        chunks = [dict(items[i:i + THREAD_CHUNK]) for i in range(0, len(items), THREAD_CHUNK)] or [{}]
        self.state["thread_chunks"] = len(chunks)
        meta: dict[str, Any] = {threads_key(self.source_id, i): c for i, c in enumerate(chunks)}
        meta[state_key(self.source_id)] = self.state
        self.store.add_raw_items_with_meta(self.source_id, ITEM_KIND, [], meta)
        self._chunk_no, self._chunk = len(chunks) - 1, dict(chunks[-1])
        self._dirty_chunks = {}

    def _thread_done(self, rpid: str, count: int) -> None:
        """Record a complete thread (saved with the next commit)."""
        self.threads[rpid] = count
        if len(self._chunk) >= THREAD_CHUNK and rpid not in self._chunk:
            self._chunk_no += 1
            self._chunk = {}
        self._chunk[rpid] = count
        self._dirty_chunks[self._chunk_no] = self._chunk
        self.state["thread_chunks"] = self._chunk_no + 1

    def _commit(self, items: list[tuple[str, str | None, dict]], *, page: bool = True) -> None:
        if self.source_id is None:
            self.source_id = self.store.add_source(
                SOURCE_KIND, self.title or self.ref.bvid, self.ref.url,
                {"aid": self.ref.aid, "bvid": self.ref.bvid})
            self.report.source_id = self.source_id
        self.state["updated"] = time.time()
        meta: dict[str, Any] = {state_key(self.source_id): self.state}
        for n, chunk in self._dirty_chunks.items():  # the last chunk (or two) of the done-threads log
            meta[threads_key(self.source_id, n)] = chunk
        self._dirty_chunks = {}
        new = self.store.add_raw_items_with_meta(self.source_id, ITEM_KIND, items, meta)
        self.report.new_comments += new
        self.stored += new
        self.report.pages += page
        self._progress()

    # ---- progress -------------------------------------------------------------------------
    def _expected(self) -> int | None:
        c = self.state.get("all_count")
        return int(c) if c is not None else self.view_count

    def snapshot(self) -> CrawlProgress:
        elapsed = time.monotonic() - self.t0
        new = self.report.new_comments
        rate = new / elapsed if elapsed > 0 else 0.0
        expected = self._expected()
        eta = None
        if expected is not None and rate > 0:
            eta = max(0, expected - self.stored) / rate
        return CrawlProgress(
            video=self.ref, title=self.title, source_id=self.source_id, pages=self.report.pages,
            requests=self.client.requests - self.req0, new_comments=new, stored=self.stored,
            expected=expected, threads_done=self.threads_done, threads_waiting=len(self.state.get("pending", {})),
            elapsed=elapsed, rate=rate, eta_seconds=eta, pace=self.client.pace.said())

    def _progress(self, force: bool = False) -> None:
        if self.events is None:
            return
        now = time.monotonic()
        if force or now - self._last_emit >= PROGRESS_INTERVAL:
            self._last_emit = now
            _emit(self.events, "on_progress", self.snapshot())

    # ---- waiting --------------------------------------------------------------------------
    async def _wait_room(self) -> None:
        """Backpressure: the root list waits while many threads are still to page (keeps the
        saved state small and the threads close behind the list)."""
        while len(self.state["pending"]) >= self.max_pending:
            self.room.clear()
            if self.cancel is None:
                await self.room.wait()
                continue
            waits = [asyncio.ensure_future(self.room.wait()), asyncio.ensure_future(self.cancel.wait())]
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for w in waits:
                    w.cancel()
            if self.cancel.is_set():
                raise Cancelled()

    # ---- the root list --------------------------------------------------------------------
    def _thread_start(self, root: Mapping[str, Any]) -> int | None:
        """The first page to fetch of this root's thread, or None when nothing is to fetch."""
        rpid = str(root["rpid"])
        rcount = int(root.get("rcount") or 0)
        st = self.state
        if rpid in st["pending"]:
            return None
        known = self.threads.get(rpid)
        if known is None:
            preview = len(root.get("replies") or [])
            if rcount <= preview:
                if rcount > 0:
                    self._thread_done(rpid, rcount)  # the preview is the whole thread
                return None
            return 1
        if rcount > int(known):
            # new replies come at the end (time order); start half a page early in case some of
            # the older ones were deleted since (what is stored already is not stored again)
            return max(0, int(known) - PAGE_SIZE // 2) // PAGE_SIZE + 1
        return None

    async def _root_list(self) -> None:
        st = self.state
        main = st["main"]
        empty_pages = 0
        repeats = 0
        while not main["done"]:
            await self._wait_room()
            offset = main["offset"]
            params = {"oid": self.ref.aid, "type": 1, "mode": st.get("mode", MODE_TIME),
                      "pagination_str": json.dumps({"offset": offset}, separators=(",", ":")),
                      "plat": 1, "web_location": 1315875, **WEB_DM_PARAMS}
            _code, data = await self.client.get("/x/v2/reply/wbi/main", params, signed=True,
                                                what=self.ref.bvid, expect="cursor")
            cursor = data.get("cursor") or {}
            roots: list[Mapping[str, Any]] = []
            top = data.get("top") or {}
            if isinstance(top, Mapping) and isinstance(top.get("upper"), Mapping):
                roots.append(top["upper"])
            roots.extend(r for r in (data.get("top_replies") or []) if isinstance(r, Mapping))
            replies = [r for r in (data.get("replies") or []) if isinstance(r, Mapping)]
            roots.extend(replies)
            # a page of only roots this run has already seen is the site repeating itself
            # (pinned comments left out: they come with any page)
            ids = {int(r["rpid"]) for r in replies if "rpid" in r}
            repeated = bool(ids) and ids <= self.roots_seen
            self.roots_seen |= ids
            repeats = repeats + 1 if repeated else 0
            self.report.repeat_pages += repeated
            if cursor.get("all_count") is not None:
                st["all_count"] = int(cursor["all_count"])
            items: list[tuple[str, str | None, dict]] = []
            new_threads: list[str] = []
            seen: set[int] = set()
            for root in roots:
                if "rpid" not in root or int(root["rpid"]) in seen:
                    continue
                seen.add(int(root["rpid"]))
                items.append(comment_item(root))
                items.extend(comment_item(s) for s in (root.get("replies") or []) if isinstance(s, Mapping))
                pn = self._thread_start(root)
                if pn is not None:
                    rpid = str(root["rpid"])
                    st["pending"][rpid] = [pn, int(root.get("rcount") or 0)]
                    new_threads.append(rpid)
            next_offset = str(((cursor.get("pagination_reply") or {}).get("next_offset")) or "")
            empty_pages = 0 if replies else empty_pages + 1
            main["pages"] += 1
            if cursor.get("is_end"):
                main["done"] = True
            elif not next_offset or next_offset == offset:
                main["done"] = True
                self.stalled = say("crawl.stalled_no_next")
            elif empty_pages >= 2:
                main["done"] = True
                self.stalled = say("crawl.stalled_empty")
            elif repeats >= REPEATS_TO_STOP:
                # done, not resumed from here: the cursor moved on while the pages did not, so a
                # later (logged-in) crawl must walk the list from its start
                main["done"] = True
                self.stalled = say("crawl.stalled_repeats", n=repeats)
            else:
                main["offset"] = next_offset
            self._commit(items)
            for rpid in new_threads:
                self.queue.put_nowait(rpid)

    # ---- threads --------------------------------------------------------------------------
    async def _worker(self) -> None:
        while True:
            rpid = await self.queue.get()
            try:
                if rpid is None:
                    return
                await self._thread(rpid)
            finally:
                self.queue.task_done()

    async def _thread(self, rpid: str) -> None:
        st = self.state
        pn, count = st["pending"][rpid]
        pn = int(pn)
        while True:
            try:
                _code, data = await self.client.get(
                    "/x/v2/reply/reply", {"oid": self.ref.aid, "type": 1, "root": rpid, "pn": pn, "ps": PAGE_SIZE},
                    what=say("crawl.what_comment", rpid=rpid, bvid=self.ref.bvid), expect="page")
            except CommentDeleted:
                self.report.deleted_threads += 1
                del st["pending"][rpid]
                self._thread_done(rpid, int(count))
                _emit(self.events, "on_notice", self.ref, say("crawl.thread_deleted", rpid=rpid))
                self._commit([], page=False)
                self.room.set()
                return
            page = data.get("page") or {}
            replies = [r for r in (data.get("replies") or []) if isinstance(r, Mapping) and "rpid" in r]
            count = int(page.get("count") or 0)
            size = int(page.get("size") or PAGE_SIZE) or PAGE_SIZE
            num = int(page.get("num") or pn)
            last_page = max(1, math.ceil(count / size))
            done = not replies or num * size >= count or pn >= last_page + 1
            if done:
                del st["pending"][rpid]
                self._thread_done(rpid, count)
            else:
                pn += 1
                st["pending"][rpid] = [pn, count]
            self._commit([comment_item(r) for r in replies])
            if done:
                self.threads_done += 1
                self.room.set()
                return

    # ---- the whole video ------------------------------------------------------------------
    async def run(self) -> CrawlReport:
        r = self.report
        client = self.client
        try:
            if not self.ref.resolved:
                self.ref = await client.resolve_short_link(self.ref)
                r.video = self.ref
            client.referer = self.ref.url
            _code, view = await client.get("/x/web-interface/view", {"aid": self.ref.aid}, what=self.ref.bvid)
            view = view or {}
            self.title = r.title = str(view.get("title") or "")
            with contextlib.suppress(TypeError, ValueError):
                self.view_count = int((view.get("stat") or {}).get("reply"))
            self._load_state(self.ref.aid)
            r.source_id = self.source_id
            await self._crawl()
            await self._finish()
        except Cancelled:
            r.status = "cancelled"
            r.reason = say("crawl.cancelled_saved")
        except Exception as e:
            r.status = "failed"
            if isinstance(e, CorpusmithError):
                r.reason = message_of(e)
            else:  # a bug or an answer of a shape never seen: this video fails, the others go on
                log.exception("crawling %s failed", self.ref.label)
                r.reason = say("crawl.unexpected", kind=type(e).__name__, error=str(e))
            if self.stored and self.state.get("main"):
                r.reason = say("crawl.failed_kept", reason=r.reason)
        finally:
            r.logged_in = bool(client.logged_in)
            r.stored = self.stored
            r.expected = self._expected() if self.state else self.view_count
            r.requests = client.requests - self.req0
            r.retries = client.retries - self.retry0
            r.slowdowns = client.pace.slowdowns - self.slowdown0
            r.elapsed = time.monotonic() - self.t0
            self._progress(force=True)
        return r

    async def _crawl(self) -> None:
        for rpid in list(self.state["pending"]):
            self.queue.put_nowait(rpid)
        workers = [asyncio.ensure_future(self._worker()) for _ in range(self.client.policy.concurrency)]
        producer = asyncio.ensure_future(self._root_list_then_drain())
        tasks = [producer, *workers]
        try:
            while True:
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                errors = [t.exception() for t in done if not t.cancelled() and t.exception() is not None]
                if errors:
                    real = [e for e in errors if not isinstance(e, Cancelled)]
                    if not real:  # the user cancelled: let requests in flight finish and be stored
                        for _ in workers:
                            self.queue.put_nowait(None)
                        # a producer only waiting for the threads to drain has nothing in flight
                        busy = [t for t in tasks if not t.done() and not (t is producer and self.draining)]
                        if busy:
                            await asyncio.wait(busy, timeout=self.client.policy.timeout + 5)
                    raise real[0] if real else errors[0]
                if producer in done:
                    return
                tasks = [t for t in tasks if t not in done]
        finally:
            for t in [producer, *workers]:
                if not t.done():
                    t.cancel()
            await asyncio.gather(producer, *workers, return_exceptions=True)

    async def _root_list_then_drain(self) -> None:
        await self._root_list()
        self.draining = True
        await self.queue.join()

    async def _finish(self) -> None:
        st = self.state
        r = self.report
        if st.get("all_count") is None and self.source_id is not None:
            with contextlib.suppress(BilibiliError):
                _code, data = await self.client.get("/x/v2/reply/count", {"oid": self.ref.aid, "type": 1},
                                                    what=self.ref.bvid)
                if isinstance(data, Mapping) and data.get("count") is not None:
                    st["all_count"] = int(data["count"])
        expected = self._expected()
        logged_in = bool(self.client.logged_in)
        short = expected is not None and (self.stored < expected if not logged_in
                                          else self.stored < expected * COMPLETE_SHARE - 2)
        if self.stalled or short:
            r.status = "incomplete"
            got = say("crawl.got_of", stored=self.stored, expected=expected) if expected is not None \
                else say("crawl.got", stored=self.stored)
            if not logged_in:
                r.reason = say("crawl.incomplete_visitor", got=got)
            elif self.stalled:
                r.reason = say("crawl.incomplete_stalled", got=got, why=self.stalled)
            else:
                r.reason = say("crawl.incomplete_hidden", got=got)
        else:
            r.status = "complete"
        st["complete"] = r.status == "complete"
        if self.source_id is not None:
            self._commit([], page=False)


# ---- entry points -------------------------------------------------------------------------------
def _policy(concurrency: int, min_interval: float, politeness: Politeness | None) -> Politeness:
    """`politeness` (or the defaults) with this concurrency and interval (the caller's object is
    not changed)."""
    p = dataclasses.replace(politeness or Politeness(), concurrency=concurrency, min_interval=min_interval)
    p.check()
    return p


async def _start(client: BiliClient, events: Any, notes: list[Message]) -> None:
    """Keys and login state; a visitor gets a guest id and the note on anonymous limits."""
    await client.nav()
    if client.has_login_cookies and not client.logged_in:
        notes.append(say("crawl.cookies_expired"))
    elif client.logged_in:
        notes.append(say("crawl.logged_in_as", name=client.uname) if client.uname else say("crawl.logged_in"))
    if not client.logged_in:
        notes.append(ANONYMOUS_LIMITS)
        await client.guest_id()
    for n in notes:
        _emit(events, "on_notice", None, n)


async def crawl_comments(store: Any, video: VideoRef | str, *, api_base: str | None = None,
                         concurrency: int = 3, min_interval: float = 1.0,
                         cookies: str | Mapping[str, str] | None = None, events: CrawlEvents | None = None,
                         cancel: asyncio.Event | None = None, politeness: Politeness | None = None,
                         short_base: str | None = None, client: BiliClient | None = None) -> CrawlReport:
    """Crawl one video's comments into `store` (see the module doc). Never raises for what the
    site answers: the report says complete / incomplete / failed / cancelled and why. An invalid
    `video` string raises InputError before anything is fetched. With `client` (an open
    :class:`BiliClient` whose ``nav()`` was called), that client's settings are used and the
    connection arguments here are ignored."""
    ref = parse_video(video) if isinstance(video, str) else video
    if client is not None:
        return await _VideoCrawl(store, client, ref, events, cancel).run()
    policy = _policy(concurrency, min_interval, politeness)
    async with BiliClient(api_base, cookies=cookies, politeness=policy, short_base=short_base, cancel=cancel,
                          on_notice=lambda m: _emit(events, "on_notice", ref, m)) as c:
        try:
            await _start(c, events, [])
        except Cancelled:
            return CrawlReport(video=ref, status="cancelled", reason=say("crawl.cancelled_before_start"))
        except CorpusmithError as e:
            return CrawlReport(video=ref, status="failed", reason=message_of(e))
        return await _VideoCrawl(store, c, ref, events, cancel).run()


async def crawl_videos(store: Any, inputs: str | Iterable[str | VideoRef], *, api_base: str | None = None,
                       concurrency: int = 3, min_interval: float = 1.0,
                       cookies: str | Mapping[str, str] | None = None, events: CrawlEvents | None = None,
                       cancel: asyncio.Event | None = None, politeness: Politeness | None = None,
                       short_base: str | None = None) -> CrawlBatchReport:
    """Crawl several videos, one after another through one polite client. `inputs` is text (one
    video per line) or a list of lines / VideoRefs. Invalid lines are reported in
    ``report.invalid`` and skipped; a video that fails is reported and the others continue."""
    batch = CrawlBatchReport()
    refs: list[VideoRef] = []
    if isinstance(inputs, str):
        refs, batch.invalid = parse_inputs(inputs)
    else:
        lines: list[str] = []
        for x in inputs:
            if isinstance(x, VideoRef):
                refs.append(x)
            else:
                lines.append(x)
        if lines:
            more, batch.invalid = parse_inputs(lines)
            refs.extend(more)
    if not refs:
        return batch
    policy = _policy(concurrency, min_interval, politeness)
    current: list[VideoRef | None] = [None]
    async with BiliClient(api_base, cookies=cookies, politeness=policy, short_base=short_base, cancel=cancel,
                          on_notice=lambda m: _emit(events, "on_notice", current[0], m)) as client:
        try:
            await _start(client, events, batch.notes)
        except (Cancelled, CorpusmithError) as e:
            cancelled = isinstance(e, Cancelled)
            reason = say("crawl.cancelled_before_start") if cancelled else message_of(e)
            batch.cancelled = cancelled
            batch.videos = [CrawlReport(video=r, status="cancelled" if cancelled else "failed", reason=reason)
                            for r in refs]
            for rep in batch.videos:
                _emit(events, "on_video_done", rep)
            return batch
        batch.logged_in = bool(client.logged_in)
        for i, ref in enumerate(refs):
            if cancel is not None and cancel.is_set():
                rep = CrawlReport(video=ref, status="cancelled", reason=say("crawl.cancelled_before_video"))
            else:
                current[0] = ref
                _emit(events, "on_video", i, len(refs), ref)
                rep = await _VideoCrawl(store, client, ref, events, cancel).run()
            batch.videos.append(rep)
            _emit(events, "on_video_done", rep)
        batch.cancelled = bool(cancel is not None and cancel.is_set())
    return batch
