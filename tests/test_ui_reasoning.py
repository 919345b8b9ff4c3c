"""The reasoning in the window: folded in the Review sample editor (absent when there is none),
and the Export page's control for how it is written, with the preview following it. The
project is made by the real QA flow against the local fake server with a thinking model."""

from __future__ import annotations

import asyncio
import json

import pytest
from fake_openai import FakeOpenAI
from test_flow_qa import Replies, add_document, make_flow

from core.settings import AppSettings
from core.store import SampleFilter, Store
from core.text.reasoning import THINKING
from ui.main_window import MainWindow

THOUGHT = "先看参考文本：第0节写着林晚在洛阳开了一家客栈。\n问题问的是地点，所以回答洛阳。"


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "think.corpus"
    with FakeOpenAI() as server, Store.create(path) as store:
        server.reply = Replies()
        server.thinking = "think"
        server.thought = lambda messages: THOUGHT
        add_document(store, 1)
        result = asyncio.run(make_flow(store, server).run())
        assert result.samples and not result.failed
        ids = [s.id for s in store.iter_samples(SampleFilter(kind="sft")) if s.status == "pending"]
        store.set_status(ids, "accepted")
    return path


@pytest.fixture
def window(qtbot, project):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(project)
    w.resize(1280, 800)
    return w


def test_review_shows_the_reasoning_folded_and_saves_an_edit(window, qtbot):
    editor = window.review.editor
    store = window.store
    kept = next(s for s in store.iter_samples() if s.status == "accepted")
    editor.show_sample(kept)
    fold = editor.reasoning
    assert fold.isVisibleTo(editor) and not fold.toggle.isChecked()
    assert not fold.text.isVisibleTo(editor)  # collapsed by default
    assert fold.toggle.text() == f"推理过程（{len(THOUGHT)} 字）"
    assert "导出" in fold.toggle.toolTip()
    assert all("<think>" not in ed.text.toPlainText() for ed in editor.turn_editors())  # the answer is clean
    fold.toggle.click()
    assert fold.text.isVisibleTo(editor) and fold.text.toPlainText() == THOUGHT
    window.tabs.setCurrentWidget(window.review)
    window.show()
    qtbot.waitExposed(window)
    window.review.grab().save("/tmp/reasoning_review.png")

    fold.text.setPlainText("改过的推理。")
    editor.save()
    assert store.get_sample(kept.id).meta[THINKING] == "改过的推理。"
    fold.text.setPlainText("  ")
    editor.save()
    assert THINKING not in store.get_sample(kept.id).meta
    editor.show_sample(store.get_sample(kept.id))
    assert not fold.isVisibleTo(editor)  # none kept: no section at all


def test_unchanged_reasoning_leaves_the_meta_alone(window):
    editor = window.review.editor
    kept = next(s for s in window.store.iter_samples() if s.status == "accepted")
    editor.show_sample(kept)
    assert editor.edited_sample().meta is kept.meta


async def test_export_page_control_preview_and_file(window, qtbot, tmp_path):
    page = window.export
    window.tabs.setCurrentWidget(page)
    window.show()
    qtbot.waitExposed(window)
    assert [page.reasoning.itemData(i) for i in range(page.reasoning.count())] == ["none", "think", "field"]
    assert page.reasoning.currentData() == "none"
    tip = page.reasoning.toolTip()
    assert "<think>" in tip and "reasoning_content" in tip and "LLaMA-Factory" in tip
    page.format.setCurrentIndex(page.format.findData("openai"))
    page.jsonl.setChecked(True)
    page.out.setText(str(tmp_path / "out.jsonl"))

    first = await page.refresh_preview()
    assert "<think>" not in first and "reasoning_content" not in first
    page.reasoning.setCurrentIndex(page.reasoning.findData("think"))
    assert page.options().reasoning == "think"
    first = await page.refresh_preview()
    answer = json.loads(first)["messages"][-1]["content"]
    assert answer.startswith(f"<think>\n{THOUGHT}\n</think>\n\n") and answer.endswith("客栈开在洛阳。")
    page.grab().save("/tmp/reasoning_export.png")

    page.reasoning.setCurrentIndex(page.reasoning.findData("field"))
    first = await page.refresh_preview()
    last = json.loads(first)["messages"][-1]
    assert last["reasoning_content"] == THOUGHT and "<think>" not in last["content"]
    report = await page.run_export(page.options())
    assert report is not None and report.written
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["messages"][-1]["reasoning_content"] == THOUGHT for r in rows)
    assert "reasoning_content" in page.result.toPlainText()
