"""The URL crawl tab against the local fake Bilibili API: per-line checks, per-video rows, the
guest-truncation explanation, cancel, dialogues landing in Review."""

from __future__ import annotations

import asyncio

import pytest
from fake_bilibili import FakeBilibili, bvid_of

from core.messages import set_language
from core.settings import AppSettings
from core.store import SampleFilter
from ui.main_window import MainWindow


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


@pytest.fixture
def window(qtbot, tmp_path):
    # the window speaks Chinese here (no translator installed); core speaks the window's language,
    # as ui/app.py sets it
    set_language("zh")
    try:
        w = MainWindow(AppSettings())
        qtbot.addWidget(w)
        w.show()
        assert w.open_project(tmp_path / "crawl.corpus", create=True)
        w.tabs.setCurrentWidget(w.crawl)
        yield w
    finally:
        set_language(None)


def test_bad_lines_are_flagged_before_anything_is_fetched(window, fake, qt_run):
    page = window.crawl
    page.urls.setPlainText("BV1xx411c7mD\nhttps://example.com/not-a-video\nav170001")
    refs, errors = page.check_urls()
    assert len(refs) == 2 and len(errors) == 1
    assert "✘" in page.url_check.text() and "example.com" in page.url_check.text()
    # core's complaint, in the window's language: which line, what was written, what is wrong
    assert page.url_check.text() == "✘ 第 2 行“https://example.com/not-a-video”：example.com 不是 B 站的网址（应为 bilibili.com 或 b23.tv）"
    assert qt_run(page.crawl(api_base=fake.api_base)) is None
    assert sum(fake.calls.values()) == 0


def test_crawl_rows_then_dialogues_in_review(window, fake, qt_run):
    page = window.crawl
    video = fake.add_video(aid=170001, roots=12, replies=60, seed=3)
    fake.sessdata = None  # nobody logged in: everything is open to a visitor on this server
    page.interval.setValue(0.0)
    page.urls.setPlainText(f"https://www.bilibili.com/video/{bvid_of(video.aid)}?p=2&spm_id_from=x\n")
    report = qt_run(page.crawl(api_base=fake.api_base))
    assert report is not None and len(report.videos) == 1
    rep = report.videos[0]
    assert rep.stored == len(video.visible_ids()) and rep.status in ("complete", "incomplete")
    assert page.videos.rowCount() == 1
    assert page.videos.item(0, 3).text().startswith(f"{rep.new_comments} / {rep.stored}")
    assert page.start_button.isEnabled() and not page.running()

    page.min_turns.setValue(2)
    result = qt_run(page.build_dialogues())
    assert result is not None and result.kept > 0
    assert f"保留：{result.kept} 段" in page.dialogue_result.toPlainText()
    assert "kept:" not in page.dialogue_result.toPlainText()
    qt_run(asyncio.sleep(0.05))
    assert window.review.model.rowCount() == window.store.count(SampleFilter(kind="dialogue")) == result.kept
    sample = window.store.get_sample(window.review.model.sample_id(0))
    assert sample.turns[-1].role == "assistant" and sample.turns[0].name.startswith("用户")


def test_guest_truncation_is_explained(window, fake, qt_run):
    page = window.crawl
    video = fake.add_video(aid=2, roots=40, replies=10, seed=5)
    fake.guest_limit = 3
    page.interval.setValue(0.0)
    page.urls.setPlainText(f"av{video.aid}")
    report = qt_run(page.crawl(api_base=fake.api_base))
    rep = report.videos[0]
    assert rep.status == "incomplete"
    assert page.videos.item(0, 2).text() == "不完整"
    notices = page.notices.toPlainText()
    assert "cookie" in notices.lower()
    # the visitor note and the video's reason, both in Chinese with the numbers as they are
    assert "不登录时，B 站只给访客看一部分评论" in notices
    assert f"不登录只抓到了 {rep.stored} 条（B 站列出 {rep.expected} 条）" in notices
    assert "Without login" not in notices and "Only " not in notices
    assert page.videos.item(0, 2).toolTip().startswith("不登录只抓到了")
