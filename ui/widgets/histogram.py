"""A small bar chart of sample lengths, painted directly (no plotting dependency for one chart)."""

from __future__ import annotations

from ui.qt import QColor, QPainter, QPen, QRectF, QSize, Qt, QWidget


class HistogramWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._edges: list[int] = []
        self._counts: list[int] = []
        self._labels: list[str] | None = None  # one under each bar (scores 1–5), instead of the edges
        self.x_label = self.tr("字数")
        self.y_label = self.tr("样本数")
        self.setMinimumHeight(180)

    def set_data(self, edges: list[int], counts: list[int], labels: list[str] | None = None) -> None:
        self._edges, self._counts, self._labels = edges, counts, labels
        self.update()

    def counts(self) -> list[int]:
        return list(self._counts)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 220)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        left, bottom, top, right = fm.horizontalAdvance("000000") + 8, fm.height() * 2 + 6, fm.height() + 4, 8
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        axis = self.palette().text().color()
        p.setPen(QPen(axis))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        if not self._counts or max(self._counts) == 0:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("还没有样本"))
            return
        peak = max(self._counts)
        n = len(self._counts)
        bar_w = plot.width() / n
        p.setBrush(QColor("#3d7bd9"))
        p.setPen(Qt.PenStyle.NoPen)
        for i, c in enumerate(self._counts):
            h = plot.height() * c / peak
            p.drawRect(QRectF(plot.left() + i * bar_w + 1, plot.bottom() - h, max(1.0, bar_w - 2), h))
        p.setPen(QPen(axis))
        # y axis: 0 and the peak; x axis: first, middle and last edge
        p.drawText(QRectF(0, plot.top() - 2, left - 4, fm.height()), Qt.AlignmentFlag.AlignRight, str(peak))
        p.drawText(QRectF(0, plot.bottom() - fm.height(), left - 4, fm.height()),
                   Qt.AlignmentFlag.AlignRight, "0")
        ticks = [(plot.left() + (i + 0.5) * bar_w, text) for i, text in enumerate(self._labels)] if self._labels else [
            (plot.left() + i * bar_w, str(self._edges[i]) + ("+" if i == n else "")) for i in (0, n // 2, n)]
        for x, label in ticks:
            w = fm.horizontalAdvance(label)
            left_x = min(x - w / 2, self.width() - w - 2)  # the last edge ("222+") stays inside the widget
            p.drawText(QRectF(left_x, plot.bottom() + 2, w + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, label)
        p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 2, plot.width(), fm.height()),
                   Qt.AlignmentFlag.AlignHCenter, self.x_label)
        p.drawText(QRectF(plot.left() + 4, 0, plot.width(), fm.height()),
                   Qt.AlignmentFlag.AlignLeft, self.y_label)
