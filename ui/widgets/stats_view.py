"""Counts by status, kind and source, and the length histogram."""

from __future__ import annotations

from html import escape

from core.store import Store
from ui.qt import QLabel, Qt, QVBoxLayout, QWidget
from ui.widgets.histogram import HistogramWidget


class StatsView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setWordWrap(True)
        self.histogram = HistogramWidget()
        title = QLabel(self.tr("长度分布（字数）"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(title)
        layout.addWidget(self.histogram, 1)
        self._names = {
            "pending": self.tr("待审"), "accepted": self.tr("已接受"), "rejected": self.tr("已拒绝"),
            "sft": self.tr("问答"), "dialogue": self.tr("对话"), "pretrain": self.tr("预训练"),
        }

    def refresh(self, store: Store | None) -> None:
        if store is None:
            self.summary.setText("")
            self.histogram.set_data([], [])
            return
        st = store.stats()

        def rows(title: str, d: dict) -> str:
            cells = "".join(
                f"<tr><td>{escape(self._names.get(str(k), str(k)))}</td>"
                f"<td align='right'>&nbsp;&nbsp;{v}</td></tr>"
                for k, v in d.items()
            )
            return f"<b>{escape(title)}</b><table>{cells}</table>"

        total = self.tr("样本总数")
        self.summary.setText(
            f"<p><b>{escape(total)}: {st['total']}</b></p>"
            + rows(self.tr("按状态"), st["by_status"])
            + rows(self.tr("按类型"), st["by_kind"])
            + rows(self.tr("按来源"), st["by_source"])
        )
        self.histogram.set_data(*store.length_histogram(20))
