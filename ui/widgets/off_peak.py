"""「在低价时段运行」 on the Generate page: for a model service with time-of-day prices (DeepSeek's
peak windows, or the user's own; core/llm/timeprices.py), hold a run until the low prices start —
a countdown with 「立即开始」 and 「取消」, the window staying open — and pause new requests while
a peak window is on during the run (core/llm/offpeak.py). Hidden for a service with one price."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.llm.offpeak import OffPeakHold, Wait, clock_text, now, run_in_low_prices
from core.llm.timeprices import TimePrices, schedule_of
from ui.qt import QCheckBox, QHBoxLayout, QLabel, QPushButton, QTimer, QVBoxLayout, QWidget, Signal

REFRESH_MS = 30_000  # the "next off-peak window" line follows the clock


class OffPeakControls(QWidget):
    peak_paused = Signal(bool)  # the guard paused the run at a peak (True) or resumed it (False)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.schedule: TimePrices | None = None
        self.hold: OffPeakHold | None = None
        self.check = QCheckBox(self.tr("在低价时段运行"))
        self.check.setToolTip(self.tr(
            "等到模型服务的低价时段再开始（价格时段在“设置 → 模型服务”里，可以修改）。运行中进入高峰时段会暂停"
            "发出新请求，已发出的照常收回，低价时段开始后自动继续。等待时程序要一直开着。"))
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.wait_label = QLabel()
        self.wait_label.setWordWrap(True)
        self.start_now_button = QPushButton(self.tr("立即开始"))
        self.start_now_button.clicked.connect(self.start_now)
        self.cancel_button = QPushButton(self.tr("取消"))  # the page's own cancel: it calls cancel_hold()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.check)
        top.addWidget(self.next_label, 1)
        self.hold_row = QWidget()
        hold = QHBoxLayout(self.hold_row)
        hold.setContentsMargins(0, 0, 0, 0)
        hold.addWidget(self.wait_label, 1)
        hold.addWidget(self.start_now_button)
        hold.addWidget(self.cancel_button)
        self.hold_row.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hold_row)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.hide()

    # ---- the service ---------------------------------------------------------------------
    def set_settings(self, settings: Any) -> None:
        """The chosen service's prices decide whether the choice is offered at all."""
        self.schedule = schedule_of(settings) if settings is not None else None
        self.setVisible(self.schedule is not None)
        self.refresh()

    def refresh(self) -> None:
        if self.schedule is None:
            self.next_label.clear()
            return
        t = now()
        opens = self.schedule.next_low(t)
        if opens > t:
            self.next_label.setText(self.tr("下一个低价时段：{0} 开始").format(clock_text(opens, t)))
            return
        until = self.schedule.low_until(t)
        self.next_label.setText(self.tr("现在是低价时段（到 {0}）").format(clock_text(until, t)) if until
                                else self.tr("现在是低价时段"))

    def chosen(self) -> bool:
        return self.schedule is not None and self.check.isChecked()

    # ---- a run -------------------------------------------------------------------------------
    def attach(self, flow: Any) -> None:
        """When chosen, `flow.run(...)` first waits for the low prices here, then runs with the
        peak guard (the page's own run code is unchanged)."""
        if not self.chosen():
            return
        run = flow.run
        schedule = self.schedule

        async def held_run(*a: Any, **kw: Any) -> Any:
            self.hold = hold = OffPeakHold(schedule)
            if hold.opens_at() is not None:
                self._show_hold(True)
            try:
                return await run_in_low_prices(lambda: self._started(run, *a, **kw), flow, hold,
                                               on_tick=self._show_wait, on_change=self._peak_changed)
            finally:
                self.hold = None
                self._show_hold(False)

        flow.run = held_run  # (an instance attribute: this flow object only)

    async def _started(self, run: Any, *a: Any, **kw: Any) -> Any:
        self._show_hold(False)
        return await run(*a, **kw)

    def holding(self) -> bool:
        """Waiting for the low prices (no request sent yet)."""
        return self.hold is not None and self.hold_row.isVisibleTo(self)

    def start_now(self) -> None:
        if self.hold is not None:
            self.hold.start_now()

    def cancel_hold(self) -> None:
        if self.hold is not None:
            self.hold.cancel()

    # ---- what the user sees ----------------------------------------------------------------
    def _show_hold(self, on: bool) -> None:
        self.hold_row.setVisible(on)
        self.start_now_button.setVisible(on)
        self.cancel_button.setVisible(on)
        self.check.setEnabled(not on)

    def _show_wait(self, wait: Wait) -> None:
        left = int(wait.left)
        self.wait_label.setText(self.tr("等待低价时段：{0} 开始，还有 {1:02d}:{2:02d}:{3:02d}。程序要一直开着。").format(
            clock_text(wait.opens_at, now()), left // 3600, left % 3600 // 60, left % 60))

    def _peak_changed(self, what: str, when: datetime | None) -> None:
        if what == "paused":
            self.next_label.setText(self.tr("高峰时段：已暂停发出新请求，{0} 低价时段开始后自动继续（点“继续”按高峰价接着做）").format(
                clock_text(when, now())))
            self.peak_paused.emit(True)
        else:
            self.refresh()
            self.peak_paused.emit(False)
