"""The Bilibili crawler against the real local fake server (tests/fake_bilibili.py): completeness,
resume, re-crawl, refusals, errors, guest truncation, politeness, secrets."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from fake_bilibili import FakeBilibili

from core.messages import render
from core.sources.bilibili import crawl as crawl_module
from core.sources.bilibili.client import ANONYMOUS_LIMITS, Politeness
from core.sources.bilibili.crawl import crawl_comments, crawl_videos, state_key
from core.store import Store


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


@pytest.fixture
def every_event(monkeypatch):
    """Progress events after every stored page (the UI gets them at most every 0.25 s)."""
    monkeypatch.setattr(crawl_module, "PROGRESS_INTERVAL", 0.0)


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def en(message) -> str:
    """A reason or notice as the English reader sees it (core keeps them as message codes)."""
    return render(message, "en")


def fast(**kw) -> Politeness:
    kw.setdefault("backoff_base", 0.01)
    kw.setdefault("backoff_max", 0.05)
    kw.setdefault("timeout", 5.0)
    return Politeness(**kw)


class Events:
    def __init__(self):
        self.notices: list[str] = []
        self.progress: list = []
        self.done: list = []
        self.started: list = []

    def on_video(self, index, total, video):
        self.started.append((index, total, video.bvid))

    def on_notice(self, video, message):
        self.notices.append(en(message))

    def on_progress(self, p):
        self.progress.append(p)

    def on_video_done(self, report):
        self.done.append(report)


async def crawl(store, fake, video, *, cookies="login", events=None, **kw):
    policy = kw.pop("politeness", None) or fast(max_attempts=kw.pop("max_attempts", 5))
    return await crawl_comments(
        store, video if isinstance(video, str) else video.bvid, api_base=fake.api_base,
        min_interval=kw.pop("min_interval", 0.0), concurrency=kw.pop("concurrency", 3),
        cookies={"SESSDATA": fake.sessdata} if cookies == "login" else cookies,
        events=events, politeness=policy, **kw)


def stored(store, source_id) -> dict[int, dict]:
    items = list(store.raw_items(source_id, "comment"))
    keys = [int(i["key"]) for i in items]
    assert len(keys) == len(set(keys)), "a comment was stored twice"
    return {int(i["key"]): i for i in items}


def no_page_twice(fake) -> None:
    twice = {k: n for k, n in fake.page_requests.items() if n > 1}
    assert not twice, f"pages asked for more than once: {twice}"


# ---- completeness -----------------------------------------------------------------------------
async def test_every_comment_is_stored_exactly_once(store, fake):
    fake.page_size = 7  # many root-list pages
    v = fake.add_video(roots=40, replies=400, deep=45, seed=11, deleted=0.05, title="完整性测试")
    ev = Events()
    rep = await crawl(store, fake, v, events=ev)
    assert rep.status == "complete", rep.reason
    got = stored(store, rep.source_id)
    assert set(got) == v.visible_ids()
    assert rep.new_comments == rep.stored == rep.expected == v.all_count()
    no_page_twice(fake)
    # threads longer than the 3-reply preview were paged to the end
    long_threads = [r for r in v.visible_roots() if len(v.visible_replies(r.rpid)) > 3]
    assert len(long_threads) >= 3
    paged = {k[2] for k in fake.page_requests if k[0] == "reply"}
    assert {r.rpid for r in long_threads} <= paged
    assert not paged - {r.rpid for r in long_threads}, "a thread within its preview was paged"
    # the deep chain (45 replies answering each other) and the pinned comment are there
    assert v.pinned in got
    # the raw item: parent links and the fields the dialogues need
    all_c = v.all_comments()
    for rpid, item in got.items():
        c = all_c[rpid]
        assert item["parent_key"] == (str(c.parent) if c.parent else None)
        d = item["data"]
        assert (d["root"], d["parent"], d["mid"], d["name"], d["text"], d["time"], d["like"]) == (
            c.root, c.parent, c.mid, c.uname, c.message, c.ctime, c.like)
        assert ("rcount" in d) == (c.root == 0)
        assert d.get("emotes", []) == c.emotes
    # replies whose parent was deleted keep pointing at it (the dialogues hang them under the root)
    assert any(all_c[i].parent and all_c[all_c[i].parent].deleted for i in got)
    src = next(s for s in store.sources() if s["id"] == rep.source_id)
    assert src["kind"] == "bilibili" and src["name"] == "完整性测试"
    assert src["origin"] == f"https://www.bilibili.com/video/{v.bvid}"
    assert src["settings"] == {"aid": v.aid, "bvid": v.bvid}
    assert store.get_meta(state_key(rep.source_id))["complete"] is True
    # progress: pages, totals, an ETA once the total is known
    assert ev.progress and ev.progress[-1].stored == v.all_count()
    assert ev.progress[-1].expected == v.all_count()
    assert any(p.eta_seconds is not None for p in ev.progress)


async def test_mode_and_signed_path_are_used(store, fake):
    v = fake.add_video(roots=5, replies=10, seed=2)
    await crawl(store, fake, v)
    mains = [p for _t, e, p, _li in fake.request_log if e == "main"]
    assert mains and all(p["mode"] == "2" and "w_rid" in p and "wts" in p for p in mains)
    assert fake.bad_signatures == 0


# ---- resume and re-crawl ----------------------------------------------------------------------
async def test_cancelled_crawl_resumes_where_it_stopped(store, fake, every_event):
    fake.page_size = 5
    fake.latency = 0.005
    v = fake.add_video(roots=30, replies=300, seed=5, deleted=0.0)
    cancel = asyncio.Event()

    class CancelAfter(Events):
        def on_progress(self, p):
            super().on_progress(p)
            if p.pages >= 8:
                cancel.set()

    first = await crawl(store, fake, v, events=CancelAfter(), cancel=cancel)
    assert first.status == "cancelled" and "continues" in en(first.reason)
    n1 = len(stored(store, first.source_id))
    assert 0 < n1 < v.all_count()
    state = store.get_meta(state_key(first.source_id))
    assert state["main"]["pages"] >= 1 and not state["complete"]
    calls_first = sum(fake.page_requests.values())

    second = await crawl(store, fake, v)
    assert second.status == "complete", second.reason
    assert second.source_id == first.source_id
    assert set(stored(store, second.source_id)) == v.visible_ids()
    assert second.new_comments == v.all_count() - n1
    no_page_twice(fake)  # across both runs: nothing whose answer was stored was asked again
    assert fake.page_requests[("main", v.aid, "")] == 1  # the root list continued from its cursor
    assert len([s for s in store.sources() if s["kind"] == "bilibili"]) == 1
    assert sum(fake.page_requests.values()) - calls_first == second.pages


async def test_crawl_that_failed_midway_resumes(store, fake, every_event):
    fake.page_size = 5
    v = fake.add_video(roots=25, replies=200, seed=6, deleted=0.0)

    class RefuseLater(Events):
        def on_progress(self, p):
            if p.pages >= 4:
                fake.refuse[v.aid] = "412"

    first = await crawl(store, fake, v, events=RefuseLater(), max_attempts=2)
    assert first.status == "failed" and "keeps refusing" in en(first.reason) and "saved" in en(first.reason)
    assert 0 < first.stored < v.all_count()
    fake.refuse.clear()
    second = await crawl(store, fake, v)
    assert second.status == "complete"
    assert set(stored(store, second.source_id)) == v.visible_ids()
    no_page_twice(fake)


@pytest.mark.parametrize("chunk", [500, 3])
async def test_recrawl_adds_only_new_comments(store, fake, monkeypatch, chunk):
    monkeypatch.setattr(crawl_module, "THREAD_CHUNK", chunk)  # 3: the done-threads log spans many entries
    v = fake.add_video(roots=20, replies=150, seed=7, deleted=0.0)
    quiet_root = v.add_root("没人回复的评论")
    first = await crawl(store, fake, v)
    assert first.status == "complete"
    # nothing new: one pass over the root list, no thread paged again
    fake.reset_counters()
    again = await crawl(store, fake, v)
    assert again.status == "complete" and again.new_comments == 0
    assert fake.calls["reply"] == 0
    # new comments: roots, replies at the end of a long thread, a first reply to a quiet root
    threads = sorted(v.visible_roots(), key=lambda r: -len(v.visible_replies(r.rpid)))
    long_root = threads[0]
    added = [v.add_root("新的评论") for _ in range(3)]
    added += [v.add_reply(long_root.rpid) for _ in range(4)]
    added += [v.add_reply(quiet_root.rpid, message="终于有人回复了")]
    added += [v.add_reply(added[0].rpid) for _ in range(5)]  # a new root with a 5-reply thread
    fake.reset_counters()
    third = await crawl(store, fake, v)
    assert third.status == "complete", third.reason
    assert third.new_comments == len(added)
    assert set(stored(store, third.source_id)) == v.visible_ids()
    # only threads that grew beyond their preview were paged, from near their end
    paged = {(k[2], k[3]) for k in fake.page_requests if k[0] == "reply"}
    assert {root for root, _pn in paged} == {long_root.rpid, added[0].rpid}
    known = len(v.visible_replies(long_root.rpid)) - 4
    assert min(pn for root, pn in paged if root == long_root.rpid) >= max(1, (known - 10) // 20 + 1)
    state = store.get_meta(state_key(third.source_id))
    assert state["passes"] == 3
    chunks = [store.get_meta(crawl_module.threads_key(third.source_id, i)) for i in range(state["thread_chunks"])]
    assert all(0 < len(c) <= chunk for c in chunks)
    merged = {k: n for c in chunks for k, n in c.items()}
    assert merged[str(long_root.rpid)] == len(v.visible_replies(long_root.rpid))
    assert merged[str(quiet_root.rpid)] == 1


# ---- refusals and errors ----------------------------------------------------------------------
async def test_backoff_on_412_and_352_then_success(store, fake):
    v = fake.add_video(roots=10, replies=120, seed=8)
    fake.inject("412", "412-html", endpoint="main")
    fake.inject("-352", "412", endpoint="reply")
    fake.inject("-412", endpoint="view")
    ev = Events()
    rep = await crawl(store, fake, v, events=ev)
    assert rep.status == "complete", rep.reason
    assert set(stored(store, rep.source_id)) == v.visible_ids()
    assert rep.retries >= 5 and fake.refused == 5
    waits = [n for n in ev.notices if "waiting" in n]
    assert len(waits) >= 5
    assert any("HTTP 412" in n for n in waits) and any("-352" in n for n in waits)


async def test_persistent_refusal_fails_in_plain_words_and_others_continue(store, fake):
    bad = fake.add_video(roots=5, replies=20, seed=9)
    good = fake.add_video(roots=6, replies=30, seed=10)
    fake.refuse[bad.aid] = "412"
    ev = Events()
    t0 = time.monotonic()
    batch = await crawl_videos(store, [bad.bvid, good.bvid], api_base=fake.api_base, min_interval=0,
                               cookies={"SESSDATA": fake.sessdata}, events=ev,
                               politeness=fast(max_attempts=3))
    assert time.monotonic() - t0 < 5
    r_bad, r_good = batch.videos
    assert r_bad.status == "failed"
    assert "keeps refusing" in en(r_bad.reason) and "after 3 attempts" in en(r_bad.reason)
    assert "Wait a while" in en(r_bad.reason) and "fewer at once" in en(r_bad.reason)
    assert fake.calls["main"] == 3 + 1  # bounded: 3 attempts for the bad video, 1 page for the good one
    assert r_good.status == "complete"
    assert [r.video.bvid for r in ev.done] == [bad.bvid, good.bvid]
    assert [s[:2] for s in ev.started] == [(0, 2), (1, 2)]
    # no source was made for the video that never answered
    assert [s["settings"]["aid"] for s in store.sources()] == [good.aid]


async def test_risk_control_refusal_says_so(store, fake):
    v = fake.add_video(roots=3, replies=5, seed=1)
    fake.refuse[v.aid] = "-352"
    rep = await crawl(store, fake, v, cookies=None, max_attempts=2)
    assert rep.status == "failed" and "-352" in en(rep.reason) and "login cookies" in en(rep.reason)


async def test_closed_and_missing_videos(store, fake):
    closed = fake.add_video(roots=3, replies=5, seed=1)
    closed.closed = True
    batch = await crawl_videos(store, f"{closed.bvid}\nav987654321\n", api_base=fake.api_base, min_interval=0,
                               politeness=fast())
    r_closed, r_missing = batch.videos
    assert r_closed.status == "failed" and "comments of this video" in en(r_closed.reason)
    assert "closed" in en(r_closed.reason) and "12002" in en(r_closed.reason)
    assert r_missing.status == "failed" and en(r_missing.reason).startswith("No such video")
    assert "-404" in en(r_missing.reason)
    assert store.sources() == []


async def test_deleted_thread_is_skipped_with_a_notice(store, fake):
    v = fake.add_video(roots=8, replies=120, seed=12, deleted=0.0)
    gone = max(v.visible_roots(), key=lambda r: len(v.visible_replies(r.rpid)))
    v.deleted_threads.add(gone.rpid)
    ev = Events()
    rep = await crawl(store, fake, v, events=ev)
    assert rep.deleted_threads == 1
    assert rep.status in ("complete", "incomplete") and rep.status != "failed"
    assert any(f"Comment {gone.rpid} was deleted" in n for n in ev.notices)


async def test_short_link_is_followed(store, fake):
    v = fake.add_video(roots=4, replies=6, seed=3)
    link = fake.add_short_link("Ab3dE9x", v)
    batch = await crawl_videos(store, [link, "https://b23.tv/NoSuchCode"], api_base=fake.api_base,
                               min_interval=0, politeness=fast(), short_base=fake.short_base,
                               cookies={"SESSDATA": fake.sessdata})
    ok, missing = batch.videos
    assert ok.status == "complete" and ok.video.bvid == v.bvid and ok.video.aid == v.aid
    assert store.sources()[0]["settings"] == {"aid": v.aid, "bvid": v.bvid}
    assert missing.status == "failed" and "does not exist" in en(missing.reason)


async def test_signing_keys_are_refreshed_once(store, fake, every_event):
    v = fake.add_video(roots=45, replies=20, seed=4)
    fake.page_size = 10

    class Rotate(Events):
        rotated = False

        def on_progress(self, p):
            if not self.rotated:
                self.rotated = True
                fake.rotate_keys()  # the keys the client holds are stale from now on

    rep = await crawl(store, fake, v, events=Rotate())
    assert rep.status == "complete"
    assert fake.bad_signatures == 1 and fake.calls["nav"] == 2
    # a bad signature answered as "code 0 with only a v_voucher" is handled the same way
    fake.voucher_on_bad_signature = True
    fake.reset_counters()
    v.add_root("再来一条")
    rep = await crawl(store, fake, v, events=Rotate())
    assert rep.status == "complete" and rep.new_comments == 1
    assert fake.bad_signatures == 1


# ---- visitors and cookies ---------------------------------------------------------------------
async def test_guest_truncation_is_reported_as_incomplete(store, fake):
    fake.guest_limit = 3
    v = fake.add_video(roots=30, replies=60, seed=13)
    batch = await crawl_videos(store, [v.bvid], api_base=fake.api_base, min_interval=0, politeness=fast())
    rep = batch.videos[0]
    assert batch.logged_in is False and ANONYMOUS_LIMITS in batch.notes
    assert rep.status == "incomplete"
    assert rep.stored < rep.expected == v.all_count()
    assert f"Only {rep.stored} of the {v.all_count()} comments" in en(rep.reason)
    assert "login cookies (SESSDATA)" in en(rep.reason)
    # the same reason in Chinese, numbers as they are
    zh = render(rep.reason, "zh")
    assert f"只抓到了 {rep.stored} 条（B 站列出 {v.all_count()} 条）" in zh and "SESSDATA" in zh
    assert rep.line("zh").startswith(f"{v.bvid}") and "：不完整 — " in rep.line("zh")
    assert any(e == "spi" for _t, e, _p, _li in fake.request_log)  # a visitor gets a guest id
    # with login cookies the same video completes, adding the rest
    rep2 = await crawl(store, fake, v)
    assert rep2.status == "complete" and rep2.stored == v.all_count()
    assert rep2.new_comments == v.all_count() - rep.stored


async def test_expired_cookies_are_noticed(store, fake):
    v = fake.add_video(roots=3, replies=3, seed=14)
    batch = await crawl_videos(store, [v.bvid], api_base=fake.api_base, min_interval=0, politeness=fast(),
                               cookies="SESSDATA=expired-session-value")
    assert batch.logged_in is False
    assert any("not accepted" in en(n) for n in batch.notes)


async def test_cookies_never_reach_logs_reports_or_the_project(tmp_path, fake):
    csrf = "bili-jct-csrf-token-5f2e"
    v = fake.add_video(roots=6, replies=50, seed=15)
    missing_aid = 424242
    fake.inject("412", endpoint="main")
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Capture(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    ev = Events()
    path = tmp_path / "secret.corpus"
    try:
        with Store.create(path) as st:
            batch = await crawl_videos(st, [v.bvid, f"av{missing_aid}"], api_base=fake.api_base, min_interval=0,
                                       politeness=fast(), events=ev,
                                       cookies=f"SESSDATA={fake.sessdata}; bili_jct={csrf}; buvid3=buvid-value-77")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert batch.logged_in is True and batch.videos[0].status == "complete"
    assert all(li for _t, _e, _p, li in fake.request_log)  # the cookie was sent on every request
    assert records and any("GET" in r for r in records)
    text = "\n".join(records + ev.notices + [render(n, lang) for n in batch.notes for lang in ("en", "zh")]
                     + [render(r.reason, lang) for r in batch.videos for lang in ("en", "zh")]
                     + [r.line(lang) for r in batch.videos for lang in ("en", "zh")])
    for secret in (fake.sessdata, "buvid-value-77", csrf):
        assert secret not in text
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (fake.sessdata, "buvid-value-77", csrf):
        assert secret.encode() not in blob
    # the CSRF token is not needed for reading and is never sent
    assert csrf not in str(fake.request_log)


# ---- politeness -------------------------------------------------------------------------------
async def test_min_interval_and_concurrency_are_respected(store, fake):
    fake.latency = 0.03
    v = fake.add_video(roots=8, replies=60, seed=16)
    rep = await crawl(store, fake, v, min_interval=0.06, concurrency=2)
    assert rep.status == "complete"
    times = sorted(fake.request_times)
    assert len(times) >= 8
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.06 * 0.9, gaps
    assert fake.max_in_flight <= 2
    # without an interval the bound on requests in flight still holds
    fake.reset_counters()
    fake.latency = 0.05
    w = fake.add_video(roots=10, replies=200, seed=17)
    rep = await crawl(store, fake, w, concurrency=3)
    assert rep.status == "complete" and fake.max_in_flight <= 3


async def test_headers_are_browser_like(store, fake):
    """The fake answers 412 to requests without a browser User-Agent and a bilibili Referer."""
    v = fake.add_video(roots=3, replies=3, seed=18)
    rep = await crawl(store, fake, v)
    assert rep.status == "complete" and fake.refused == 0


async def test_a_fake_with_two_servers_is_independent():
    with FakeBilibili() as a, FakeBilibili() as b:
        assert a.port != b.port


async def test_cancel_while_threads_are_queued_returns_at_once(store, fake, every_event):
    fake.latency = 0.01
    v = fake.add_video(roots=12, replies=600, seed=19, deleted=0.0)  # one root-list page, many threads
    cancel = asyncio.Event()

    class CancelAfter(Events):
        def on_progress(self, p):
            if p.pages >= 3:
                cancel.set()

    t0 = time.monotonic()
    rep = await crawl(store, fake, v, events=CancelAfter(), cancel=cancel, concurrency=1)
    assert rep.status == "cancelled"
    assert time.monotonic() - t0 < 2.0
    state = store.get_meta(state_key(rep.source_id))
    assert state["main"]["done"] and len(state["pending"]) >= 3
    rep = await crawl(store, fake, v)
    assert rep.status == "complete" and set(stored(store, rep.source_id)) == v.visible_ids()
    no_page_twice(fake)
