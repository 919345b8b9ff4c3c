"""The window under real use: a dialog opened while a job runs does not stall it; closing,
switching or quitting with work running asks to wait for it or cancel it and never closes the
project under it; a task's failure reaches the log and the user; garbage is collected on the GUI
thread only. Jobs run against the real local fake servers."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time
import weakref

import pytest
from chat_fixtures import write_competition_json
from fake_bilibili import FakeBilibili
from test_documents_fixtures import encrypt_pdf, make_pdf
from test_ui_generate import TEXT, point_at
from ui_windows import healed_server, open_window

from core.settings import AppSettings
from core.store import Store
from ui.app import install_excepthook
from ui.background import MainThreadCollector, install_collector, uninstall_collector
from ui.main_window import MainWindow
from ui.qt import QApplication, QInputDialog, QtCore, QtGui
from ui.widgets.chat_import_dialog import ChatImportDialog

ANSWERS = 16  # TEXT makes 8 chunks, 2 questions each


@pytest.fixture
def server():
    with healed_server() as s:
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "robust.corpus")


def drop(window, paths) -> None:
    """Files dropped on the window, as the desktop delivers them."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p)) for p in paths])
    event = QtGui.QDropEvent(QtCore.QPointF(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                             QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


async def shown(kind, timeout: float = 20):
    """The visible dialog of that class, once it is open (the event loop runs meanwhile)."""
    for _ in range(int(timeout / 0.02)):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, kind) and w.isVisible():
                return w
        await asyncio.sleep(0.02)
    raise AssertionError(f"no {kind.__name__} was shown")


async def start_generation(window, server, tmp_path, latency=0.05):
    page = window.generate
    (tmp_path / "客栈.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "客栈.txt"])
    server.latency = latency
    point_at(page, server, concurrency=2)
    page.run_button.click()  # an @asyncSlot: its task is in the window's registry
    while window.store.count() < 2:
        await asyncio.sleep(0.02)
    assert page.running() and "生成" in window.background.names()


async def until(condition, timeout: float = 30) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def no_stalled_tasks(caplog) -> None:
    assert "Cannot enter into task" not in caplog.text
    assert "never awaited" not in caplog.text


# ---- dialogs while a job runs ------------------------------------------------------------------
def test_pdf_password_prompt_during_a_generation(window, server, tmp_path, qt_run, caplog):
    qt_run(_pdf_password_prompt_during_a_generation(window, server, tmp_path), timeout=90)
    no_stalled_tasks(caplog)


async def _pdf_password_prompt_during_a_generation(window, server, tmp_path):
    pdf = make_pdf(tmp_path / "plain.pdf", [["第一页的文字。林晚在长安开客栈。"], ["第二页的文字。"]])
    locked = encrypt_pdf(pdf, tmp_path / "locked.pdf", "芝麻开门")
    await start_generation(window, server, tmp_path)
    drop(window, [locked])
    prompt = await shown(QInputDialog)
    assert "locked.pdf" in prompt.labelText()
    # with the prompt open, the generation goes on storing answers (a nested event loop froze it)
    before = window.store.count()
    await until(lambda: window.store.count() >= before + 2)
    prompt.setTextValue("芝麻开门")
    prompt.accept()
    await until(lambda: not window.generate.running() and not window.background.busy(), timeout=60)
    assert window.store.count() == ANSWERS  # every item of the job was answered and stored
    assert "完成" in window.generate.stage_label.text()
    names = [s["name"] for s in window.store.sources() if s["kind"] == "document"]
    assert "locked.pdf" in names and window.store.count_raw_items(kind="chunk") > 0


def test_chat_import_preview_during_a_crawl(window, tmp_path, qt_run, caplog):
    with FakeBilibili(latency=0.03) as fake:
        qt_run(_chat_import_preview_during_a_crawl(window, fake, tmp_path), timeout=90)
    no_stalled_tasks(caplog)


async def _chat_import_preview_during_a_crawl(window, fake, tmp_path):
    video = fake.add_video(aid=170001, roots=60, replies=120, seed=3)
    fake.sessdata = None
    page = window.crawl
    page.interval.setValue(0.0)
    page.urls.setPlainText(f"av{video.aid}")
    crawl = asyncio.ensure_future(page.crawl(api_base=fake.api_base))
    await until(lambda: sum(fake.calls.values()) > 2)
    drop(window, [write_competition_json(tmp_path)])
    preview = await shown(ChatImportDialog)
    calls = sum(fake.calls.values())
    await until(lambda: sum(fake.calls.values()) >= calls + 3)  # the crawl goes on meanwhile
    preview.ok_button.click()
    report = await asyncio.wait_for(crawl, 60)
    assert report is not None and report.videos[0].stored == len(video.visible_ids())
    await until(lambda: not window.background.busy())
    assert "已导入 train.json：3 个聊天" in window.chat.import_status.text()


# ---- closing with work running --------------------------------------------------------------------
def test_close_waits_for_a_generation_when_asked_to(window, server, tmp_path, qt_run):
    qt_run(_close_waits(window, server, tmp_path), timeout=90)


async def _close_waits(window, server, tmp_path):
    await start_generation(window, server, tmp_path)
    path = window.store.path
    window.close_project_by_user()
    await until(lambda: window.settle_box is not None)
    assert window.store is not None  # nothing closed yet
    text = window.settle_box.text()
    assert "生成正在进行" in text
    window.settle_box._choices[0].click()  # wait
    await until(lambda: window.store is None, timeout=60)
    with Store(path, readonly=True) as store:  # closed only once the job had stored everything
        assert store.count() == ANSWERS
    assert window.stack.currentWidget() is window.welcome


def test_switching_project_cancels_an_import_and_a_generation(window, server, tmp_path, qt_run):
    qt_run(_switch_cancels(window, server, tmp_path), timeout=90)


async def _switch_cancels(window, server, tmp_path):
    pdf = make_pdf(tmp_path / "plain.pdf", [["第一页的文字。"]])
    locked = encrypt_pdf(pdf, tmp_path / "locked.pdf", "芝麻开门")
    await start_generation(window, server, tmp_path, latency=0.2)
    first = window.store.path
    drop(window, [locked])
    await shown(QInputDialog)
    other = tmp_path / "other.corpus"
    Store(other, create=True).close()
    assert not window.open_project(other)  # not yet: it asks first
    await until(lambda: window.settle_box is not None)
    assert "导入" in window.settle_box.text() and "生成" in window.settle_box.text()
    window.settle_box._choices[1].click()  # cancel it
    await until(lambda: window.store is not None and window.store.path == other.resolve(), timeout=60)
    # the import's question went with it
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()]
    assert not window.generate.running() and not window.background.busy()
    with Store(first, readonly=True) as store:
        kept = store.count()
        assert 2 <= kept < ANSWERS  # the answers that arrived are kept
        assert "locked.pdf" not in [s["name"] for s in store.sources()]


def test_going_back_keeps_everything_running(window, server, tmp_path, qt_run):
    async def go():
        await start_generation(window, server, tmp_path)
        window.close()
        await until(lambda: window.settle_box is not None)
        window.settle_box._choices[2].click()  # back
        await until(lambda: window._settling is None)
        assert window.isVisible() and window.store is not None and window.generate.running()
        await until(lambda: not window.generate.running(), timeout=60)
        assert window.store.count() == ANSWERS

    qt_run(go(), timeout=90)


# ---- failures reach the user ------------------------------------------------------------------
def test_a_failing_task_is_logged_and_shown_by_name(window, qt_run, monkeypatch, caplog):
    shown_texts = []
    monkeypatch.setattr("ui.app.warn", lambda parent, title, text: shown_texts.append(text))
    old = sys.excepthook
    install_excepthook("/tmp/corpusmith.log")

    async def broken():
        await asyncio.sleep(0)
        raise ValueError("the reader fell over")

    try:
        with caplog.at_level(logging.WARNING):
            task = window.background.start(broken(), "导入")
            qt_run(asyncio.wait([task]))
            qt_run(asyncio.sleep(0.01))
    finally:
        sys.excepthook = old
    assert shown_texts and "导入" in shown_texts[0] and "/tmp/corpusmith.log" in shown_texts[0]
    assert "Traceback" not in shown_texts[0]
    assert "'导入' failed" in caplog.text and "the reader fell over" in caplog.text
    assert not window.background.busy()


# ---- garbage collection on the GUI thread -------------------------------------------------------------
def test_soak_imports_generations_and_closes_in_one_process(qtbot, server, tmp_path, qt_run):
    collector = install_collector(interval_ms=50)
    try:
        assert not gc.isenabled()
        qt_run(_soak(qtbot, server, tmp_path, collector), timeout=240)
    finally:
        uninstall_collector()
    assert gc.isenabled()


async def _soak(qtbot, server, tmp_path, collector: MainThreadCollector):
    pdf = make_pdf(tmp_path / "plain.pdf", [["第一页的文字。林晚在长安开客栈。"]])
    locked = encrypt_pdf(pdf, tmp_path / "locked.pdf", "芝麻开门")
    gone = []
    last = MainWindow(AppSettings())  # stays open: closing the others never quits the app
    qtbot.addWidget(last)
    last.show()
    for round_ in range(4):
        w = MainWindow(AppSettings())
        w.show()
        project = tmp_path / f"soak{round_}.corpus"
        assert w.open_project(project, create=True)
        await start_generation(w, server, tmp_path, latency=0.01)
        drop(w, [locked, write_competition_json(tmp_path)])
        prompt = await shown(QInputDialog)
        prompt.setTextValue("芝麻开门")
        prompt.accept()
        preview = await shown(ChatImportDialog)
        preview.ok_button.click()
        await until(lambda w=w: not w.background.busy(), timeout=60)
        # the 16 answers, and the 3 labelled chats of train.json as extraction samples
        assert w.store.count() == ANSWERS + 3
        assert {"locked.pdf", "train.json"} <= {s["name"] for s in w.store.sources()}
        assert not gc.isenabled()  # the chat readers' pause left the collector to the window
        for _ in range(3):  # close and reopen
            w.close_project()
            assert w.open_project(project)
        w.close()
        assert not w.isVisible() and w.store is None
        gone.append(weakref.ref(w.generate))
        gone.append(weakref.ref(w))
        w.deleteLater()
        del w
    await asyncio.sleep(0.1)  # deferred deletions
    # the next project closed in this process: the GUI thread's full collection takes them all
    assert last.open_project(tmp_path / "last.corpus", create=True)
    done = collector.collections
    last.close_project()
    await until(lambda: collector.collections > done)
    assert [r for r in gone if r() is not None] == []


def test_a_preview_cancelled_as_its_window_goes_is_forgotten_at_once(qapp, qt_run, caplog):
    """Closing a project cancels the previews (a chunk list loading in a thread) without waiting;
    the window may be deleted before a cancelled one has finished. Its registry lets go of it at
    once: no callback later emits on the deleted registry, whose logged error would keep the
    window's pages alive."""
    from ui.background import Background

    async def go():
        owner = QtCore.QObject()
        registry = Background(owner)
        task = registry.start(asyncio.to_thread(time.sleep, 0.2), "预览", quiet=True)
        await asyncio.sleep(0.05)  # its thread runs
        registry.cancel_quiet()
        owner.deleteLater()
        QApplication.sendPostedEvents(owner, QtCore.QEvent.Type.DeferredDelete)  # the window goes first
        await asyncio.sleep(0.3)  # the task and its thread end
        return task, registry

    with caplog.at_level(logging.WARNING):
        task, registry = qt_run(go())
    assert task.cancelled()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert not registry.busy() and registry._threads() == 0


def test_reader_pauses_never_turn_on_the_windows_collector():
    """Two readers in two threads pause the collector: it comes back only after the last one,
    and never while the window owns collection."""
    from core.gc_pause import own_collector, paused_gc

    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer reader still runs
    assert gc.isenabled()
    own_collector(True)
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        own_collector(False)
    assert gc.isenabled()
