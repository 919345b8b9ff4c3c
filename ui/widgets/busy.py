"""Progress for work that has no count to show (a scan, a build, a parse that runs in a thread):
a label and a moving bar, shown only if the work lasts longer than a moment, so quick steps do
not flicker. The main window has one in its status bar; a dialog may have its own."""

from __future__ import annotations

from contextlib import asynccontextmanager

from ui.qt import QHBoxLayout, QLabel, QProgressBar, QTimer, QWidget

SHOW_AFTER_MS = 400


class BusyBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate: it moves, it does not pretend to count
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self._texts: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self.hide()

    def begin(self, text: str) -> None:
        self._texts.append(text)
        self.label.setText(text)
        if not self._timer.isActive() and self.isHidden():
            self._timer.start(SHOW_AFTER_MS)

    def end(self, text: str) -> None:
        if text in self._texts:
            self._texts.remove(text)
        if self._texts:
            self.label.setText(self._texts[-1])
        else:
            self._timer.stop()
            self.hide()

    def _show(self) -> None:
        if self._texts:
            self.show()


def find_busy_bar(widget: QWidget) -> BusyBar | None:
    """The nearest busy bar: the widget's dialog's own, else the main window's."""
    w = widget
    while w is not None:
        bar = getattr(w, "busy_bar", None)
        if isinstance(bar, BusyBar):
            return bar
        w = w.parentWidget()
    return None


@asynccontextmanager
async def busy(widget: QWidget, text: str):
    """`async with busy(self, self.tr("正在…")): await asyncio.to_thread(work)`."""
    bar = find_busy_bar(widget)
    if bar is not None:
        bar.begin(text)
    try:
        yield bar
    finally:
        if bar is not None:
            bar.end(text)
