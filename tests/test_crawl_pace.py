"""Issue 18 points 3–4 against the local fake server: a pace that recovers after refusals (kept
per client across videos, said in words), and a visitor served the same first page again and
again is noticed after two repeats (the video stops as incomplete with the login advice)."""

from __future__ import annotations

import statistics

import pytest
from fake_bilibili import FakeBilibili
from test_bilibili_cli import env, run  # noqa: F401  (env is a fixture)

from core.messages import render
from core.sources.bilibili import crawl as crawl_module
from core.sources.bilibili.client import Pace, Politeness
from core.sources.bilibili.crawl import crawl_videos
from core.store import Store


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def test_pace_doubles_on_refusal_and_steps_back_to_the_setting():
    pace = Pace(Politeness(min_interval=1.5))
    assert pace.interval == 1.5 and render(pace.said(), "en").startswith("Pace: as set")
    pace.refused(-352)
    assert pace.interval == 3.0 and pace.state == "slowed"
    assert render(pace.said(), "zh").startswith("放慢：B 站拒绝了请求（代码 -352")
    for _ in range(5):
        pace.refused(412)
    assert pace.factor == 8.0  # bounded
    pace.succeeded()
    assert pace.factor == 7.0 and pace.state == "recovering"
    assert render(pace.said(), "zh").startswith("恢复中")
    for _ in range(20):
        pace.succeeded()
    assert pace.interval == 1.5 and pace.state == "steady"  # never faster than the setting
    said = render(pace.said(), "en")
    assert "back to the setting" in said and "6 requests" in said and "HTTP 412" in said


async def test_refusals_in_one_video_do_not_slow_the_next(store, fake, monkeypatch):
    """One client for both videos: after the first video's refusals the second runs at the user's
    interval again (the old client stayed at 8× for the rest of the run)."""
    monkeypatch.setattr(crawl_module, "PROGRESS_INTERVAL", 0.0)
    interval = 0.04
    a = fake.add_video(roots=20, replies=500, seed=31, deleted=0.0)
    b = fake.add_video(roots=20, replies=500, seed=32, deleted=0.0)
    fake.refuse_every = 4
    fake.inject("-352", "412", "-352", endpoint="reply")  # three in a row: 8× the interval, then down
    paces: list[str] = []
    started: dict[str, float] = {}

    class Events:
        def on_video(self, index, total, video):
            if index == 1:
                fake.refuse_every = None  # the site calms down
                started["b"] = len(fake.request_times)

        def on_progress(self, p):
            paces.append(render(p.pace, "en"))

    batch = await crawl_videos(store, [a.bvid, b.bvid], api_base=fake.api_base, min_interval=interval,
                               concurrency=3, cookies={"SESSDATA": fake.sessdata}, events=Events(),
                               politeness=Politeness(backoff_base=0.01, backoff_max=0.05, timeout=5.0, jitter=0.0))
    first, second = batch.videos
    assert first.status == "complete" and second.status == "complete"
    assert first.slowdowns >= 3 and second.slowdowns == 0
    assert first.stored == a.all_count() and second.stored == b.all_count()
    times = sorted(fake.request_times[started["b"]:])
    gaps = [y - x for x, y in zip(times, times[1:], strict=False)]
    assert len(gaps) >= 10
    assert statistics.median(gaps) < interval * 1.5, gaps  # not 8 × 0.04 s
    assert any(p.startswith(("Slowed down", "Recovering")) for p in paces)
    assert paces[-1].startswith("Pace: back to the setting")


def test_visitor_served_page_one_again_stops_after_two_repeats(fake, env, tmp_path):  # noqa: F811
    fake.guest_repeat = True  # any cursor gets the first page again, the cursor moving on
    v = fake.add_video(roots=200, replies=60, seed=33, deleted=0.0)  # 10 root-list pages
    project = tmp_path / "v.corpus"
    r = run(env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base,
            "--min-interval", "0")
    assert r.returncode == 3, r.stderr  # incomplete
    assert ": incomplete — " in r.stdout and "login cookies (SESSDATA)" in r.stdout
    # page 1, then two repeats: 2 wasted requests (the old crawler walked all 10 pages)
    assert fake.calls["main"] == 3
    repeats = fake.calls["main"] - 1
    assert repeats <= 5
    page_one = {c.rpid for c in v.roots_by_time()[0][:20]}
    with Store(project) as st:
        src = st.sources()[0]
        rpids = {int(i["key"]) for i in st.raw_items(src["id"], "comment")}
    assert page_one <= rpids and len(rpids) < v.all_count()
    # each thread of page 1 paged once, never again for the repeats
    assert all(n == 1 for k, n in fake.page_requests.items() if k[0] == "reply")

    # logged in, the same project gets the whole video: the list is walked from its start
    env["MY_BILI_COOKIES"] = f"SESSDATA={fake.sessdata}"
    r = run(env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base,
            "--min-interval", "0", "--cookies-env", "MY_BILI_COOKIES")
    assert r.returncode == 0, r.stdout + r.stderr
    with Store(project) as st:
        src = st.sources()[0]
        rpids = {int(i["key"]) for i in st.raw_items(src["id"], "comment")}
    assert rpids == v.visible_ids()


def test_crawl_tab_shows_the_pace_and_why(qtbot, tmp_path, fake, qt_run):
    from core.messages import set_language
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    set_language("zh")
    try:
        w = MainWindow(AppSettings())
        qtbot.addWidget(w)
        w.show()
        assert w.open_project(tmp_path / "pace.corpus", create=True)
        page = w.crawl
        video = fake.add_video(roots=8, replies=120, seed=34)
        fake.sessdata = None  # everything open to a visitor on this server
        fake.inject("-352", endpoint="reply")
        page.interval.setValue(0.0)
        page.urls.setPlainText(video.bvid)
        report = qt_run(page.crawl(api_base=fake.api_base))
        assert report is not None and report.videos[0].slowdowns == 1
        # back at the set pace, and the label says a refusal happened and which
        assert page.pace.text().startswith("速度：已恢复到设定的")
        assert "代码 -352，触发风控" in page.pace.text()
    finally:
        set_language(None)
