"""Review → 质量报告: the same numbers as `python main.py report`, counted in a worker thread while
the window stays live, plots of scores and lengths, the top reasons, 「导出 HTML…」; Chinese first,
English available.

Set CORPUSMITH_SCREENSHOTS=docs/screenshots to save the README's picture (report.png) there."""

from __future__ import annotations

import asyncio
import os
import re
import threading
from pathlib import Path

import pytest
from report_project import ROOT, built_once

from core.messages import set_language
from core.report import counts as report_counts
from core.store import Store
from ui.pages.review import ReviewPage
from ui.qt import QApplication, Qt, QTimer
from ui.widgets import report_dialog
from ui.widgets.report_dialog import QualityReportDialog

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_once(tmp_path_factory)


async def _until(condition, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.02)


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def _headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_review_opens_the_report_counted_off_the_gui_thread(qtbot, qt_run, built, tmp_path, monkeypatch):
    set_language("zh")
    threads, ticks = [], []

    def slow_build(store):
        threads.append(threading.current_thread() is threading.main_thread())
        import time

        time.sleep(0.3)  # long enough for the window to show it is still live
        return report_counts.build_report(store)

    monkeypatch.setattr(report_dialog, "build_report", slow_build)
    with Store(built.project) as store:
        expected = report_counts.build_report(store)
        page = ReviewPage()
        qtbot.addWidget(page)
        page.set_store(store)
        assert page.report_button.text() == "质量报告"
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(20)
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
        dialog = page.findChild(QualityReportDialog)
        assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "质量报告"
        qt_run(_until(lambda: dialog.report is not None))
        timer.stop()
        assert threads == [False]  # counted in a worker thread …
        assert len(ticks) >= 5  # … while the window's own timers kept running

        t = expected.total
        assert dialog.title.text() == "质量报告：every-flow"
        summary = dialog.summary.text()
        for value in (f"{t.made:,}", f"{t.failed:,}", f"{t.rejected_total:,}", f"{t.kept:,}", f"{t.exported:,}"):
            assert f">{value}" in summary, value
        # the table: one row per source and flow, then the total; the columns of the gates that rejected
        heads = _headers(dialog.table)
        assert heads[:4] == ["来源", "流程", "产出", "失败"] and heads[-3:] == ["保留", "保留率", "已导出"]
        assert {"原文没有", "规则", "近似重复", "完全重复", "评分过低", "人工拒绝"} <= set(heads)
        assert dialog.table.rowCount() == len(expected.groups) + 1
        for r, g in enumerate(expected.groups):
            row = dict(zip(heads, _cells(dialog.table, r), strict=True))
            assert row["产出"] == f"{g.made:,}" and row["失败"] == f"{g.failed:,}" and row["保留"] == f"{g.kept:,}"
            assert row["已导出"] == f"{g.exported:,}" and row["人工拒绝"] == f"{g.rejected['user']:,}"
            assert int(row["产出"]) == int(row["失败"]) + sum(int(row[h]) for h in heads[4:-3]) + int(row["保留"])
        total = dict(zip(heads, _cells(dialog.table, len(expected.groups)), strict=True))
        assert total["来源"] == "合计" and total["产出"] == f"{t.made:,}"
        assert "每一行都对得上" in dialog.identity.text()
        # by source, by flow
        dialog.view.setCurrentIndex(1)
        assert _headers(dialog.table)[0] == "来源" and dialog.table.rowCount() == len(expected.sources) + 1
        dialog.view.setCurrentIndex(2)
        assert _headers(dialog.table)[0] == "流程" and dialog.table.rowCount() == len(expected.flows) + 1
        dialog.view.setCurrentIndex(0)
        # plots, reasons, export
        assert dialog.scores.counts() == [t.scores[s] for s in report_counts.SCORES]
        assert dialog.lengths.counts() == expected.lengths[1] and sum(dialog.lengths.counts()) == t.kept
        assert dialog.reasons.rowCount() == len(expected.reasons)
        assert [dialog.reasons.item(r, 0).text() for r in range(dialog.reasons.rowCount())] == [
            f"{r.count:,}" for r in expected.reasons]
        assert "审阅时拒绝" in [dialog.reasons.item(r, 2).text() for r in range(dialog.reasons.rowCount())]
        assert built.export_file.name in dialog.export_line.text()

        dialog.resize(1280, 900)
        QApplication.processEvents()
        shots = Path(os.environ.get("CORPUSMITH_SCREENSHOTS") or tmp_path)
        if not shots.is_absolute():
            shots = ROOT / shots
        assert dialog.grab().save(str(shots / "report.png"))

        # 导出 HTML…: one file, in the window's language, the numbers in it
        written = qt_run(dialog.export_html(str(tmp_path / "给同事")))
        assert written == tmp_path / "给同事.html" and "质量报告已写入" in dialog.result.text()
        html = written.read_text(encoding="utf-8")
        assert "<meta charset='utf-8'>" in html and "质量报告：every-flow" in html and "://" not in html
        assert f"<td>{t.made:,}</td>" in html
        dialog.close()


def test_the_report_in_english(qtbot, qt_run, built):
    from ui.app import install_translators, remove_translators

    app = QApplication.instance()
    translators = install_translators(app, "en")
    set_language("en")
    try:
        with Store(built.project) as store:
            dialog = QualityReportDialog(store)
            qtbot.addWidget(dialog)
            qt_run(dialog.refresh())
            data_words = {*built.sources, "审阅时拒绝"}
            shown = [dialog.windowTitle(), dialog.title.text(), dialog.summary.text(), dialog.identity.text(),
                     dialog.funnel.text(), dialog.funnel_title.text(), dialog.scores_title.text(),
                     dialog.lengths_title.text(), dialog.reasons_title.text(), dialog.export_line.text(),
                     dialog.refresh_button.text(), dialog.html_button.text(), dialog.html_button.toolTip(),
                     *_headers(dialog.table), *(dialog.view.itemText(i) for i in range(dialog.view.count())),
                     *(dialog.table.item(r, c).text() for r in range(dialog.table.rowCount())
                       for c in range(dialog.table.columnCount())),
                     *(dialog.reasons.item(r, c).text() for r in range(dialog.reasons.rowCount()) for c in range(3))]
            chinese = [s for s in shown if CJK.search(s) and s not in data_words
                       and not any(w in s for w in ("“抱歉，我无法”",))]
            assert chinese == []
            assert dialog.title.text() == "Quality report: every-flow"
            assert _headers(dialog.table)[:3] == ["source", "flow", "made"]
            assert dialog.html_button.text() == "Export HTML…"
    finally:
        remove_translators(app, translators)
