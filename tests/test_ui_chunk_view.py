"""The chunk view of the Documents tab, driven like a user: a Markdown file imported, questions
asked about it on the local fake server (the badges), then merge, split at the cursor, a
cancelled re-chunk and a re-chunk — each confirmed after reading its plan."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from ui_windows import open_window

from core.flows.qa import QAFlow, QAOptions
from core.llm import ProviderSettings, make_client
from core.messages import code_of, set_language
from core.settings import AppSettings
from core.store import SampleFilter
from ui.main_window import MainWindow

MARK = re.compile(r"R\d+[ab]")
ASKED = re.compile(r"(R\d+[ab])号记录")
N = 5


def book(path: Path) -> Path:
    parts = ["# 客栈志"]
    for i in range(N):
        parts.append(f"## 第{i}回\n\n第{i}节。R{i}a：林晚在洛阳开了一家客栈，名叫悦来{i}号。R{i}b：客栈每天{i + 5}点开门，伙计阿福在擦桌子。")
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def reply(messages: list[dict]) -> str:
    user = next(m["content"] for m in messages if m["role"] == "user")
    if '"questions"' in user:
        return json.dumps({"questions": [f"{m}号记录里，客栈叫什么？" for m in dict.fromkeys(MARK.findall(user))]},
                          ensure_ascii=False)
    m = ASKED.search(user.split("</参考文本>")[-1]).group(1)
    return json.dumps({"answer": f"{m}：悦来客栈。", "found": True}, ensure_ascii=False)


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "chunks.corpus", size=(1280, 800))


async def answer(view, choice: int) -> str:
    """Wait for the confirmation, read it, click one of its buttons (0: change, 1: cancel)."""
    for _ in range(500):
        if view.confirm_box is not None and view.confirm_box.isVisible():
            break
        await asyncio.sleep(0.01)
    box = view.confirm_box
    text = box.text()
    box._choices[choice].click()
    return text


def cells(view, col: int) -> list[str]:
    return [view.table.item(r, col).text() for r in range(view.table.rowCount())]


def test_chunk_view_merge_split_rechunk(window, tmp_path, qt_run):
    set_language("zh")  # what core says (the plan), as the Chinese UI sets it (conftest resets it)
    page = window.documents
    qt_run(page.import_files([book(tmp_path / "客栈志.md")]))
    view = page.chunk_view
    page.tasks.setCurrentWidget(view)
    store = window.store
    sid = page.source_id()
    doc = qt_run(view.load_chunks())
    n0 = len(doc.chunks)
    assert view.table.rowCount() == n0 >= 1 and cells(view, 0)[0] == "1"
    assert "客栈志.md" in view.info.text()

    # the file was imported with the default size (one chunk): chunk it small, then ask questions
    view.size.setValue(64)
    view.overlap.setValue(0)
    text, result = qt_run(asyncio.gather(answer(view, 0), view.edit("rechunk")))
    assert "重新分段" in text and "每段最多 64 字" in text
    assert result is not None and view.table.rowCount() == N
    assert cells(view, 2) == ["客栈志", "第1回", "第2回", "第3回", "第4回"]

    with FakeOpenAI() as server:
        server.reply = reply
        s = ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4, timeout=5.0)
        qa = QAFlow(store, lambda: make_client(s, DEFAULT_KEY), s, QAOptions(source_id=sid, questions_per_chunk=2,
                                                                              top_k=0))
        qt_run(qa.run())
    made = store.count()
    assert made == 2 * N
    qt_run(view.load_chunks())
    assert cells(view, 3) == ["已有问题"] * N

    # merge chunks 2 and 3: the plan names the questions to ask again and the samples to reject
    view.table.setCurrentCell(1, 0)
    assert view.merge_button.isEnabled() and not view.split_button.isEnabled()  # the cursor is at 0
    text, result = qt_run(asyncio.gather(answer(view, 0), view.edit("merge")))
    assert "合并第 2 段和第 3 段" in text and "2 段已有问题" in text.replace("其中 ", "")
    assert "4 条由这些段生成、你没有动过的样本将被标为已拒绝" in text
    assert result.effects.reject == 4 and view.table.rowCount() == N - 1
    assert cells(view, 3)[1] == "" and "分段已改" in view.status.text()
    rejected = list(store.iter_samples(SampleFilter(statuses=("rejected",))))
    assert len(rejected) == 4 and {code_of(s.reason) for s in rejected} == {"chunks.source_changed"}

    # split it again at the cursor, where the second section starts
    assert view.table.currentRow() == 1
    merged = view.current()
    view.set_cursor_offset(merged.text.index("## 第2回"))
    assert view.split_button.isEnabled()
    text, result = qt_run(asyncio.gather(answer(view, 0), view.edit("split")))
    assert "切成两段" in text and "还没有问题" in text
    assert view.table.rowCount() == N and cells(view, 2)[1:3] == ["第1回", "第2回"]

    # the cursor in the grey next chunk moves the split point into it
    view.table.setCurrentCell(3, 0)
    this = view.current()
    shown = view.text.toPlainText()
    assert shown.startswith(this.text) and len(shown) > len(this.text)
    view.set_cursor_offset(shown.index("R4b"))
    assert view.move_button.isEnabled()
    text, _ = qt_run(asyncio.gather(answer(view, 0), view.edit("move")))
    assert "分界移到" in text and view.current().text.endswith("悦来4号。")

    # a re-chunk cancelled changes nothing
    before = [c.key for c in qt_run(view.load_chunks()).chunks]
    view.size.setValue(300)
    text, result = qt_run(asyncio.gather(answer(view, 1), view.edit("rechunk")))
    assert result is None and "没有修改分段" in view.status.text()
    assert [c.key for c in qt_run(view.load_chunks()).chunks] == before

    view.table.setCurrentCell(0, 0)
    window.grab().save(str(tmp_path / "chunk_view.png"))


def test_chunk_view_in_english(qtbot, tmp_path, qt_run):
    from ui.app import install_translators, remove_translators
    from ui.qt import QApplication

    app = QApplication.instance()
    translators = install_translators(app, "en")  # core speaks English too
    try:
        w = MainWindow(AppSettings(language="en"))
        qtbot.addWidget(w)
        w.show()
        assert w.open_project(tmp_path / "en.corpus", create=True)
        page = w.documents
        view = page.chunk_view
        assert page.tasks.tabText(page.tasks.indexOf(view)) == "Chunks (for QA)"
        assert [b.text() for b in (view.merge_button, view.split_button, view.move_button, view.rechunk_button)] == [
            "Merge with next", "Split at cursor", "Move split to cursor", "Re-chunk…"]
        qt_run(page.import_files([book(tmp_path / "inn.md")]))
        page.tasks.setCurrentWidget(view)
        qt_run(view.load_chunks())
        assert view.info.text().startswith("“inn.md”: 1 chunks")
        view.size.setValue(64)
        view.overlap.setValue(0)
        text, _ = qt_run(asyncio.gather(answer(view, 0), view.edit("rechunk")))
        assert text.startswith("Chunk the document again at 64 characters with 0 shared: 1 chunks now, 5 after.")
        assert [view.table.horizontalHeaderItem(i).text() for i in range(4)] == [
            "Chunk", "Characters", "Page / heading", "Questions"]
        view.table.setCurrentCell(0, 0)
        text, _ = qt_run(asyncio.gather(answer(view, 0), view.edit("merge")))
        assert text.startswith("Merge chunk 1 with chunk 2.") and "None of the changed chunks has questions" in text
        assert view.status.text().startswith("Chunks changed: 2 chunks became 1, 4 in all")
    finally:
        remove_translators(app, translators)


def test_a_hidden_chunk_view_reads_nothing_until_it_is_shown(window, tmp_path, qt_run):
    """Every project opened and document chosen used to start a chunk load in a thread, the tab
    shown or not (and a project closed at once left it to be cancelled): now it loads on showing."""
    page = window.documents
    view = page.chunk_view

    async def go():
        await page.import_files([book(tmp_path / "客栈志.md")])
        window.tabs.setCurrentWidget(window.review)
        window.tabs.setCurrentWidget(page)  # the documents page, on another of its tabs
        page.tasks.setCurrentIndex(0 if page.tasks.widget(0) is not view else 1)
        await asyncio.sleep(0.2)
        assert not view.isVisible() and page.source_id() is not None
        assert view.doc is None and view.table.rowCount() == 0  # nothing read
        page.tasks.setCurrentWidget(view)
        for _ in range(250):
            if view.doc is not None:
                break
            await asyncio.sleep(0.02)
        assert view.doc is not None and view.doc.name == "客栈志.md" and view.table.rowCount() == len(view.doc.chunks)

    qt_run(go())
