"""Review's AI 评分 against the real local fake server, driven like a user: score the filtered
samples (the cost is asked first), watch the score column fill, filter by score, score only the
selected rows, reject below a score, read the score and reason in the detail pane."""

from __future__ import annotations

import asyncio
import time

import pytest
from service_helpers import use_service
from test_judge import QA_SCORES, build_project, judge_server

from core.messages import set_language
from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui.main_window import MainWindow
from ui.models.samples_table import SCORE_COLUMN
from ui.qt import QMessageBox


@pytest.fixture
def server():
    with judge_server() as s:
        yield s


@pytest.fixture
def window(qtbot, tmp_path, server):
    path = tmp_path / "review.corpus"
    with Store.create(path) as st:
        build_project(st)
    set_language("zh")
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.resize(1400, 820)
    w.show()
    assert w.open_project(path)
    use_service(w.review.judge.service_picker, server, concurrency=4, timeout=5, price_in_per_m=2.0)
    return w


async def until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.005)


def scores_shown(page) -> list[str]:
    return [page.model.index(r, SCORE_COLUMN).data() for r in range(page.model.rowCount())]


def test_score_filter_threshold_and_detail(window, server, qt_run, monkeypatch):
    qt_run(_score_filter_threshold_and_detail(window, server, monkeypatch))


async def _score_filter_threshold_and_detail(window, server, monkeypatch):
    page = window.review
    panel = page.judge
    assert page.table.horizontalHeader().visualIndex(SCORE_COLUMN) == 4  # right after the status
    assert set(scores_shown(page)) == {""}  # nothing judged yet: blank, not 0

    # 1. only the QA pairs (the kind filter), asked before paying
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("sft"))
    task = asyncio.ensure_future(panel.run_judge())
    await until(lambda: panel.question is not None)
    text = panel.question.text()
    assert "fake-model" in text and "9 条样本" in text and "9 次请求" in text
    assert server.calls == 0  # nothing is sent before the answer
    panel.question.button(QMessageBox.StandardButton.Yes).click()
    result = await task
    assert result.judged == 9 and server.calls == 9
    assert "评分完成" in panel.status.text() and "9 条已有评分" in panel.status.text()
    assert sorted(s for s in scores_shown(page)) == sorted(str(s) for s in [*QA_SCORES, 3])
    assert "judge" not in window.store.get_sample(9).meta  # the dialogue was filtered out

    # 2. two selected rows of all kinds: only those are scored
    page.kind_filter.setCurrentIndex(0)
    page.table.selectRow(8)  # the dialogue
    page.table.selectionModel().select(page.model.index(10, 0), page.table.selectionModel().SelectionFlag.Select
                                       | page.table.selectionModel().SelectionFlag.Rows)  # the plain text
    assert len(page.selected_ids()) == 2
    task = asyncio.ensure_future(panel.run_judge())
    await until(lambda: panel.question is not None)
    assert "选中的 2 条样本" in panel.question.text()
    panel.question.button(QMessageBox.StandardButton.Yes).click()
    second = await task
    assert second.judged_now == 1 and second.plain == 1 and server.calls == 10
    assert window.store.get_sample(9).meta["judge"]["score"] == 4

    # 3. filter by score
    page.score_filter.setCurrentIndex(page.score_filter.findText("低于 3 分"))
    assert page.model.rowCount() == 3 and set(scores_shown(page)) == {"1", "2"}
    page.score_filter.setCurrentIndex(page.score_filter.findText("未评分"))
    assert page.model.rowCount() == 1  # the plain text
    page.score_filter.setCurrentIndex(0)
    assert page.model.rowCount() == 11

    # 4. the detail pane shows the score, its model and the reason
    page.table.selectRow(0)
    origin = page.editor.origin.toPlainText()
    assert origin.splitlines()[0].startswith(f"AI 评分：{QA_SCORES[0]} 分（fake-model）：")

    # 5. reject below 3; the sample the user accepted stays
    window.store.set_status([5], "accepted")  # scored 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.threshold.setValue(3)
    assert panel.threshold_button.text() == "低于 3 分的拒绝"
    panel.threshold_button.click()
    assert window.store.count(SampleFilter(statuses=("rejected",))) == 2
    assert "2 条已拒绝" in panel.status.text() and "1 条低于 3 分但你审阅或改过" in panel.status.text()
    page.status_filter.setCurrentIndex(page.status_filter.findData("rejected"))
    assert page.model.rowCount() == 2
    assert all("AI 评分 2 分，低于 3 分" == page.model.index(r, 8).data() for r in range(2))
    window.review.grab().save("/tmp/review_judge_test.png")


def test_no_service_says_what_is_missing(qtbot, tmp_path, qt_run):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    with Store.create(tmp_path / "x.corpus") as st:
        build_project(st)
    assert w.open_project(tmp_path / "x.corpus")
    assert qt_run(w.review.judge.run_judge()) is None
    assert "请先配置模型服务" in w.review.judge.status.text()


def test_the_rubrics_open_in_the_template_editor(window):
    from ui.widgets.template_dialog import TemplateDialog

    dialog = TemplateDialog(window.store, "zh", None, window, names=("judge_qa", "judge_dialogue", "judge_extract"))
    assert [dialog.which.itemText(i) for i in range(dialog.which.count())] == [
        "AI 评分：问答", "AI 评分：多轮对话", "AI 评分：信息抽取"]
    for i in range(dialog.which.count()):
        dialog.which.setCurrentIndex(i)
        assert dialog.check() == [] and '{"score": 3' in dialog.preview.toPlainText()
    dialog.close()
