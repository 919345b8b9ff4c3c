"""The Export page and the app's safety nets, driven through the real widgets."""

import asyncio
import json
import logging
import sys

import pytest

from core.model import Sample
from core.settings import AppSettings
from core.store import Store
from ui.app import install_excepthook
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "exp.corpus"
    with Store.create(path) as store:
        store.add_samples([Sample.qa(f"问题{i}", f"回答{i}") for i in range(6)])
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(path)
    return w


async def test_export_page_says_why_nothing_was_written(window, tmp_path):
    page = window.export
    page.out.setText(str(tmp_path / "out.json"))
    report = await page.run_export(page.options())
    assert report is None
    text = page.result.toPlainText()
    assert "没有写入任何文件" in text and "no accepted samples" in text
    assert not (tmp_path / "out.json").exists()
    assert page.export_button.isEnabled()


async def test_export_page_writes_split_and_reports(window, tmp_path):
    page = window.export
    window.store.set_status(list(window.store.query_ids())[:5], "accepted")
    page.format.setCurrentIndex(page.format.findData("sharegpt"))
    page.jsonl.setChecked(True)
    page.test_ratio.setValue(0.2)
    page.out.setText(str(tmp_path / "chat.jsonl"))
    report = await page.run_export(page.options())
    assert report is not None and report.train == 4 and report.test == 1
    rows = [json.loads(x) for x in (tmp_path / "chat_train.jsonl").read_text(encoding="utf-8").splitlines()]
    test_rows = (tmp_path / "chat_test.jsonl").read_text(encoding="utf-8").splitlines()
    questions = {r["conversations"][0]["value"] for r in rows + [json.loads(x) for x in test_rows]}
    assert questions == {f"问题{i}" for i in range(5)}  # the 5 accepted, split 4 + 1
    assert rows[0]["conversations"][0]["from"] == "human"
    info = json.loads((tmp_path / "dataset_info.json").read_text(encoding="utf-8"))
    assert set(info) == {"chat_train", "chat_test"}
    assert "4" in page.result.toPlainText()


def test_unexpected_error_is_logged_and_shown_briefly(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr("ui.app.warn", lambda parent, title, text: shown.append(text))  # opened, not exec()
    old = sys.excepthook
    install_excepthook("/tmp/corpusmith.log")
    try:
        try:
            raise ValueError("boom in a slot")
        except ValueError:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and "/tmp/corpusmith.log" in shown[0] and "Traceback" not in shown[0]
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text


def test_cancel_leaves_no_file(window, tmp_path, qt_run):
    page = window.export
    with Store(window.store.path) as store:
        store.add_samples([Sample.qa(f"问{i}", f"答{i}", status="accepted") for i in range(5000)])
    target = tmp_path / "big.json"
    target.write_text("old content", encoding="utf-8")
    page.out.setText(str(target))

    async def go():
        task = asyncio.ensure_future(page.run_export(page.options()))
        page.cancel()  # before the first progress call: the writer stops at once
        return await task

    assert qt_run(go()) is None
    assert "已取消导出" in page.result.toPlainText()
    assert target.read_text(encoding="utf-8") == "old content"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("big")) == ["big.json"]
