"""Review → 质量报告: per source and flow, what was made, failed, rejected at each gate, kept and
exported (core/report: the same numbers as `python main.py report`), the kept share after each
gate, the judge's scores and the kept samples' lengths as plots, the most common reasons, and
「导出 HTML…」 for a file to send. Counting runs in a worker thread: the window stays live."""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path

from core.errors import CorpusmithError
from core.messages import current_language, render, say
from core.report.counts import (
    GATES,
    SCORES,
    Group,
    QualityReport,
    Tally,
    build_report,
    flow_label,
    gate_label,
    source_label,
)
from core.report.html import export_line, write_report_html
from ui import dialogs
from ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    asyncSlot,
)
from ui.widgets.busy import BusyBar, busy
from ui.widgets.histogram import HistogramWidget

VIEWS = ("groups", "sources", "flows")


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}" if x in (0, 1) else f"{x:.1%}"


class QualityReportDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.report: QualityReport | None = None
        self.setWindowTitle(self.tr("质量报告"))
        self.resize(1180, 800)

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.view = QComboBox()
        for key, label in zip(VIEWS, (self.tr("按来源和流程"), self.tr("按来源合计"), self.tr("按流程合计")), strict=True):
            self.view.addItem(label, key)
        self.view.currentIndexChanged.connect(self._fill_table)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.identity = QLabel()
        self.identity.setWordWrap(True)

        self.funnel = QLabel()
        self.funnel.setTextFormat(Qt.TextFormat.RichText)
        self.funnel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scores = HistogramWidget()
        self.scores.x_label = self.tr("分数")
        self.lengths = HistogramWidget()
        self.scores_title, self.lengths_title, self.funnel_title = QLabel(), QLabel(), QLabel()
        plots = QHBoxLayout()
        for title, widget in ((self.funnel_title, self.funnel), (self.scores_title, self.scores),
                              (self.lengths_title, self.lengths)):
            box = QVBoxLayout()
            title.setWordWrap(True)
            box.addWidget(title)
            box.addWidget(widget, 1)
            plots.addLayout(box, 1)
        self.reasons = QTableWidget(0, 3)
        self.reasons.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reasons.verticalHeader().setVisible(False)
        self.reasons.verticalHeader().setDefaultSectionSize(24)
        self.reasons.horizontalHeader().setStretchLastSection(True)
        self.reasons_title = QLabel()
        self.export_line = QLabel()
        self.export_line.setWordWrap(True)

        self.refresh_button = QPushButton(self.tr("重新统计"))
        self.refresh_button.clicked.connect(self.on_refresh_clicked)
        self.html_button = QPushButton(self.tr("导出 HTML…"))
        self.html_button.setToolTip(self.tr("写成一个网页文件：表格和图都在里面，不需要联网，可以直接发给同事。"))
        self.html_button.setEnabled(False)
        self.html_button.clicked.connect(self.on_export_html_clicked)
        self.result = QLabel()
        self.result.setWordWrap(True)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        self.busy_bar = BusyBar()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        view_row = QHBoxLayout()
        view_row.addWidget(QLabel(self.tr("查看")))
        view_row.addWidget(self.view)
        view_row.addStretch(1)
        top_layout.addLayout(view_row)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.identity)
        middle = QWidget()
        middle.setLayout(plots)
        bottom_box = QWidget()
        bottom_layout = QVBoxLayout(bottom_box)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.reasons_title)
        bottom_layout.addWidget(self.reasons, 1)
        bottom_layout.addWidget(self.export_line)
        split = QSplitter(Qt.Orientation.Vertical)
        for w, stretch in ((top, 3), (middle, 2), (bottom_box, 2)):
            split.addWidget(w)
            split.setStretchFactor(split.count() - 1, stretch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.html_button)
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.busy_bar)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    # ---- counting --------------------------------------------------------------------------
    @asyncSlot()
    async def on_refresh_clicked(self) -> None:
        await self.refresh()

    async def refresh(self) -> QualityReport | None:
        """Count in a worker thread, then show."""
        if self.store is None:
            return None
        self.refresh_button.setEnabled(False)
        try:
            async with busy(self, self.tr("正在统计…")):
                report = await asyncio.to_thread(build_report, self.store)
        except CorpusmithError as e:
            self.result.setText(render(e.args[0]) if e.args else str(e))
            return None
        finally:
            self.refresh_button.setEnabled(True)
        self.show_report(report)
        return report

    def show_report(self, report: QualityReport) -> None:
        self.report = report
        lang = current_language()
        t = report.total
        self.title.setText(render(say("report.title", project=report.project), lang))

        def card(code: str, value: str) -> str:
            return f"<td style='padding-right:28px'><b style='font-size:15pt'>{value}</b><br>" \
                   f"{escape(render(say(code), lang))}</td>"

        self.summary.setText(
            "<table><tr>" + card("report.col.made", f"{t.made:,}") + card("report.col.failed", f"{t.failed:,}")
            + card("report.col.rejected", f"{t.rejected_total:,}")
            + card("report.col.kept", f"{t.kept:,} ({_share(t.share(t.kept))})")
            + card("report.col.accepted", f"{t.accepted:,}") + card("report.col.exported", f"{t.exported:,}")
            + "</tr></table>")
        self._fill_table()
        idle = [gate_label(g, lang) for g in GATES if not t.rejected[g]]
        lines = [render(say("report.identity"), lang) if report.adds_up() else render(
            say("report.identity_broken", n=sum(not g.adds_up() for g in (*report.groups, *report.sources,
                                                                          *report.flows)), rows="…"), lang)]
        if idle:
            lines.append(render(say("report.idle_gates", gates=self.tr("、").join(idle)), lang))
        if report.waiting:
            flows = self.tr("、").join(f"{flow_label(f, lang)} {n}" for f, n in report.waiting.items())
            lines.append(render(say("report.waiting", n=sum(report.waiting.values()), flows=flows), lang))
        self.identity.setText(" ".join(lines))
        self._fill_funnel(t, lang)
        self.scores_title.setText(render(say("report.scores", n=t.judged), lang) + (
            "" if t.judged else "\n" + render(say("report.no_scores"), lang)))
        self.scores.set_data(list(range(1, 7)), [t.scores[s] for s in SCORES],
                             [render(say("report.score", score=s), lang) for s in SCORES])
        self.lengths_title.setText(render(say("report.lengths", n=t.kept), lang))
        self.lengths.set_data(*report.lengths)
        self._fill_reasons(report, lang)
        self.export_line.setText(export_line(report, lang))
        self.html_button.setEnabled(True)

    def _columns(self, view: str) -> list[str]:
        lang = current_language()
        t = self.report.total if self.report else Tally()
        names = [render(say("report.col.source"), lang)] if view != "flows" else []
        if view != "sources":
            names.append(render(say("report.col.flow"), lang))
        return [*names, render(say("report.col.made"), lang), render(say("report.col.failed"), lang),
                *(gate_label(g, lang) for g in GATES if t.rejected[g]), render(say("report.col.kept"), lang),
                render(say("report.col.kept_share"), lang), render(say("report.col.exported"), lang)]

    def _fill_table(self) -> None:
        if self.report is None:
            return
        lang = current_language()
        view = self.view.currentData() or "groups"
        rows: list[Group] = getattr(self.report, view)
        heads = self._columns(view)
        gates = [g for g in GATES if self.report.total.rejected[g]]
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows) + 1)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, g in enumerate([*rows, self.report.total]):
            total = r == len(rows)
            names = []
            if view != "flows":
                names.append(render(say("report.total"), lang) if total else source_label(g, lang))
            if view != "sources":
                names.append("" if total and view == "groups" else render(say("report.total"), lang) if total
                             else flow_label(g.flow, lang))
            values = [f"{g.made:,}", f"{g.failed:,}", *(f"{g.rejected[x]:,}" for x in gates), f"{g.kept:,}",
                      _share(g.share(g.kept)), f"{g.exported:,}"]
            for c, text in enumerate([*names, *values]):
                item = QTableWidgetItem(text)
                if c >= len(names):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if total:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c in range(len(heads)):
            self.table.setColumnWidth(c, 170 if c < len(names) else max(64, 14 * len(heads[c]) + 16))

    def _fill_funnel(self, t: Tally, lang: str) -> None:
        self.funnel_title.setText(render(say("report.funnel"), lang))
        rows = [(render(say("report.step.made"), lang), t.made)]
        rows += [(render(say("report.step.after", gate=say(f"report.gate.{step}")), lang), left)
                 for step, left in t.steps()[1:] if step == "failed" or t.rejected[step]]
        rows.append((render(say("report.step.exported"), lang), t.exported))
        cells = []
        for i, (label, n) in enumerate(rows):
            share = t.share(n)
            width = int(160 * (share or 0))
            color = "#2f9e55" if i == len(rows) - 2 else "#3d7bd9"
            bar = f"<table cellspacing='0' cellpadding='0'><tr><td width='{max(1, width)}' height='12' " \
                  f"bgcolor='{color if width else 'transparent'}'></td></tr></table>"
            cells.append(f"<tr><td>{escape(label)}</td><td align='right'>&nbsp;{n:,}</td>"
                         f"<td align='right'>&nbsp;{_share(share)}&nbsp;</td><td>{bar}</td></tr>")
        self.funnel.setText("<table cellspacing='2'>" + "".join(cells) + "</table>")

    def _fill_reasons(self, report: QualityReport, lang: str) -> None:
        self.reasons_title.setText(render(say("report.top_reasons"), lang) + (
            "" if report.reasons else " — " + render(say("report.no_reasons"), lang)))
        self.reasons.setHorizontalHeaderLabels([render(say("report.col.count"), lang),
                                                render(say("report.col.gate"), lang),
                                                render(say("report.col.reason"), lang)])
        self.reasons.setRowCount(len(report.reasons))
        for r, reason in enumerate(report.reasons):
            text = " ".join(reason.text(lang).split())
            for c, value in enumerate((f"{reason.count:,}", gate_label(reason.gate, lang), text)):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 2:
                    item.setToolTip(text)
                self.reasons.setItem(r, c, item)
        self.reasons.setColumnWidth(0, 64)
        self.reasons.setColumnWidth(1, 110)

    # ---- the HTML file -------------------------------------------------------------------------
    def default_html_path(self) -> str:
        folder = Path(getattr(self.store, "path", Path.cwd())).parent
        return str(folder / f"{getattr(self.store, 'name', 'project')}-report.html")

    @asyncSlot()
    async def on_export_html_clicked(self) -> None:
        path = await dialogs.save_file_name(self, self.tr("导出质量报告"), self.default_html_path(),
                                            self.tr("网页 (*.html)"))
        if path:
            await self.export_html(path)

    async def export_html(self, path: str) -> Path | None:
        """Write the report shown, as one self-contained HTML file, in the window's language."""
        if self.report is None:
            return None
        if not path.lower().endswith((".html", ".htm")):
            path += ".html"
        try:
            async with busy(self, self.tr("正在写入 HTML…")):
                written = await asyncio.to_thread(write_report_html, self.report, path, current_language())
        except OSError as e:
            self.result.setText(render(say("report.html_unwritable", path=path, error=str(e.strerror or e))))
            return None
        self.result.setText(render(say("report.html_written", path=str(written))))
        return written
