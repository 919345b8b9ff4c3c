"""The Generate tab against the real local fake OpenAI server: import, estimate, run, watch the
pairs arrive in Review, see failures with reasons, retry, cancel."""

from __future__ import annotations

import asyncio
import json
import re
import threading

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from service_helpers import use_service

from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui.main_window import MainWindow

TEXT = "\n\n".join(
    f"第{i}章。林晚在长安开了一家客栈，第{i}位客人叫沈砚{i}，从洛阳来，往西边去。" * 15 for i in range(8)
)


class Replies:
    """Questions name the chapter; answers quote it. Chapter 3's answer is never valid JSON
    until `healed` is set."""

    def __init__(self):
        self.healed = threading.Event()

    def __call__(self, messages):
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' in user:
            ch = re.findall(r"第(\d+)章", user)[-1]  # the chunk's own chapter (overlap comes first)
            return json.dumps({"questions": [f"第{ch}章的客人叫什么？", f"第{ch}章的客人从哪里来？"]},
                              ensure_ascii=False)
        q = re.findall(r"第(\d+)章的客人(叫什么|从哪里来)", user)[-1]
        if q[0] == "3" and not self.healed.is_set():
            return "我不会用 JSON 回答。"
        return json.dumps({"answer": f"第{q[0]}章：沈砚{q[0]}，从洛阳来。", "found": True}, ensure_ascii=False)


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = Replies()
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(tmp_path / "gen.corpus", create=True)
    assert w.tabs.currentWidget() is w.documents  # an empty project opens where material comes in
    return w


def point_at(page, server, concurrency=4):
    use_service(page.service_picker, server, concurrency=concurrency, timeout=5, price_in_per_m=2.0,
                price_out_per_m=8.0)
    page.questions.setValue(2)


def test_import_run_review_retry(window, server, tmp_path, qt_run):
    qt_run(_import_run_review_retry(window, server, tmp_path))


async def _import_run_review_retry(window, server, tmp_path):
    page = window.generate
    txt = tmp_path / "客栈.txt"
    txt.write_text(TEXT, encoding="gb18030")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    lines = await page.import_files([bad, txt])
    assert "empty.txt" in lines[0] and "已导入 客栈.txt" in lines[1]  # one bad file stops nothing
    n_chunks = window.store.count_raw_items(kind="chunk")
    assert n_chunks >= 1 and f"{n_chunks} 个文本段" in page.chunk_info.text()
    point_at(page, server)
    page.update_estimate()
    assert "预计" in page.estimate_label.text()

    seen_live = []
    page.samples_added.connect(lambda ids: seen_live.append(window.review.model.rowCount()))
    result = await page.run_flow()
    assert result is not None and result.answered == 14 and len(result.failed) == 2
    assert seen_live and min(seen_live) < 14  # pairs reached Review while the job ran
    await asyncio.sleep(0.25)  # Review inserts in 100 ms batches
    assert window.review.model.rowCount() == window.store.count() == 14
    assert "问：第0章的客人叫什么？" in page.preview.toPlainText()
    assert "完成" in page.stage_label.text() and "14 个回答" in page.stage_label.text()
    failed_text = page.failed.toPlainText()
    assert failed_text.count("[answers]") == 2 and "valid" in failed_text  # the reason, per item
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()

    server.reply.healed.set()
    server.reset_counters()
    again = await page.run_flow(retry_failed=True)
    assert again.failed == [] and server.calls == 2  # only the two failed items are asked again
    assert window.store.count(SampleFilter(statuses=("pending",))) == 16

    project_bytes = window.store.path.read_bytes()
    wal = window.store.path.with_name(window.store.path.name + "-wal")
    if wal.exists():
        project_bytes += wal.read_bytes()
    assert DEFAULT_KEY.encode() not in project_bytes
    assert DEFAULT_KEY not in json.dumps(window.settings.services)  # the key is in the keyring only


def test_cancel_keeps_what_arrived_and_resumes(window, server, tmp_path, qt_run):
    qt_run(_cancel_keeps_what_arrived_and_resumes(window, server, tmp_path))


async def _cancel_keeps_what_arrived_and_resumes(window, server, tmp_path):
    page = window.generate
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "a.txt"])
    server.reply.healed.set()
    server.latency = 0.05
    point_at(page, server, concurrency=2)
    task = asyncio.ensure_future(page.run_flow())
    while window.store.count() < 3:
        await asyncio.sleep(0.02)
    assert page.cancel_button.isEnabled() and page.running()
    page.cancel_button.click()
    result = await task
    assert result.cancelled and "已取消" in page.stage_label.text()
    kept = window.store.count()
    assert 3 <= kept < 16
    # reopening the project says what is left, and Start continues it
    path = window.store.path
    window.close_project()
    assert window.open_project(path)
    assert "未完成" in page.stage_label.text()
    asked_before = server.calls
    final = await page.run_flow()
    assert not final.cancelled and window.store.count() == 16
    assert server.calls - asked_before <= 16 - kept + 2  # finished pairs were not paid again
    with Store(window.store.path, readonly=True) as other:
        assert other.count() == 16
    window.close_project()
    assert window.open_project(path)
    assert page.stage_label.text() == ""  # nothing left
