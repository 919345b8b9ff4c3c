"""「批量模式（半价，24 小时内完成）」 on the Generate page, and the project's provider batches.

Ticked, a run writes the requests the cache cannot answer into provider batches
(core/llm/batch_session.py) and ends; the app may close. The status area lists this service's
batches in the project (id, stage, status, counts); 「检查进度」 polls them and stores the answers
of those that are over, 「取消批量任务」 asks the provider to cancel the open ones. While batches
are open the page polls by itself (on opening the project, then every few minutes), never
blocking the window; a run started afterwards turns the collected answers into samples and
submits the next stage. Offered where the service's provider has a Batch API; for a custom URL
on request (the provider must serve one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.llm.batch_session import BatchSession
from core.llm.client import make_client
from core.llm.providers import CUSTOM, normalize_base_url
from core.messages import Message, render
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)

POLL_MS = 120_000  # while batches are open, look again this often (a batch takes minutes to hours)


class BatchControls(QWidget):
    collected = Signal(int)  # batches whose answers a poll stored: a run turns them into samples

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Any = None
        self.settings: Any = None
        self.key: Callable[[], str] = lambda: ""
        self.busy: Callable[[], bool] = lambda: False  # a run is on (its own session polls)
        self._polling = False
        self.check = QCheckBox(self.tr("批量模式（半价，24 小时内完成）"))
        self.check.setToolTip(self.tr(
            "把请求打包交给服务商的批量接口：价格是实时的一半，通常几分钟到几小时完成，最长 24 小时。提交后程序可以"
            "关闭；再打开项目时会自动查询并收回结果，点“开始生成”把结果写成样本并提交下一步。"))
        self.realtime_retry = QCheckBox(self.tr("出错或过期的请求改用实时重发（全价）"))
        self.realtime_retry.setToolTip(self.tr("不勾选时，出错或过期的请求放进下一个批量任务"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("批量任务"), self.tr("步骤"), self.tr("状态"),
                                              self.tr("完成/总数（出错）")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the id: cut, whole in its tooltip
        self.table.setMaximumHeight(140)
        self.poll_button = QPushButton(self.tr("检查进度"))
        self.poll_button.clicked.connect(self.on_poll_clicked)
        self.cancel_button = QPushButton(self.tr("取消批量任务"))
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.poll_button)
        buttons.addWidget(self.cancel_button)
        self.status_area = QWidget()
        status = QVBoxLayout(self.status_area)
        status.setContentsMargins(0, 0, 0, 0)
        status.addWidget(self.table)
        status.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.realtime_retry)
        layout.addWidget(self.status_area)
        self.check.toggled.connect(self._show_options)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.on_poll_clicked)  # runs while a project is open (set_store)
        self._show_options()
        self.refresh()

    # ---- the project and the service ---------------------------------------------------------
    def set_store(self, store: Any) -> None:
        self.store = store
        if store is None:
            self.timer.stop()  # a closed project (or window) polls nothing
        else:
            self.timer.start()
        self.note.clear()
        self.refresh()

    def set_service(self, settings: Any, key: Callable[[], str]) -> None:
        """The chosen service decides whether batch mode is offered (its provider's Batch API; a
        custom URL on request) and whose batches are listed."""
        self.settings, self.key = settings, key
        offered = settings is not None and self._offered(settings)
        self.check.setVisible(offered)
        if not offered:
            self.check.setChecked(False)
        self._show_options()
        self.refresh()

    @staticmethod
    def _offered(settings: Any) -> bool:
        if settings.batch_terms() is not None:
            return True
        p = settings.preset()
        return p is None or p.name == CUSTOM  # a custom URL: the user knows whether it has one

    def chosen(self) -> bool:
        return not self.check.isHidden() and self.check.isChecked()

    def price_factor(self) -> float | None:
        """The batch price as a share of the realtime one, where batch mode is offered."""
        if self.settings is None or not self._offered(self.settings):
            return None
        return self.settings.batch_terms(asked=True).price_factor

    def _show_options(self) -> None:
        self.realtime_retry.setVisible(self.check.isChecked() and not self.check.isHidden())

    # ---- a run -------------------------------------------------------------------------------
    def attach(self, flow: Any) -> BatchSession | None:
        """Batch mode for the flow's runners when ticked, or when the service has batches still
        open in the project (they are collected first, and what waits in one is not sent again)."""
        if self.store is None or self.settings is None or flow is None:
            return None
        ticked = self.chosen()
        if not ticked and not self.open_rows():
            return None
        session = BatchSession(self.store, self.settings, submit=ticked,
                               realtime_retry=self.realtime_retry.isChecked(), events=self)
        flow.runner_options["batch"] = session
        return session

    def open_rows(self) -> list[dict]:
        if self.store is None or self.settings is None:
            return []
        return self.store.batches(normalize_base_url(self.settings.base_url), open_only=True)

    # ---- session events (on the loop's thread) -----------------------------------------------
    def on_batches(self, rows: list[dict]) -> None:
        self.refresh()

    def on_batch_problem(self, message: Message) -> None:
        self.note.setText(render(message))

    # ---- status area -------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = []
        if self.store is not None and self.settings is not None:
            rows = self.store.batches(normalize_base_url(self.settings.base_url))[:20]  # the newest
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (r["batch_id"] or f"#{r['id']}", self._stage(r["stage"]), self._status(r),
                     self.tr("{0} / {1}（{2}）").format(r["completed"], r["lines"], r["failed"]))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        open_rows = [r for r in rows if not r["collected"]]
        self.status_area.setVisible(bool(rows))
        self.cancel_button.setEnabled(bool(open_rows) and not self._polling)
        self.poll_button.setEnabled(bool(open_rows) and not self._polling)

    def _stage(self, stage: str) -> str:
        return {"questions": self.tr("出题"), "answers": self.tr("作答"), "summaries": self.tr("写摘要"),
                "inputs": self.tr("准备输入"), "replies": self.tr("按风格回复"), "lines": self.tr("提取台词"),
                "judge": self.tr("评分")}.get(stage, stage)

    def _status(self, row: dict) -> str:
        status = {"submitting": self.tr("提交中"), "validating": self.tr("校验中"), "in_progress": self.tr("运行中"),
                  "finalizing": self.tr("整理结果"), "completed": self.tr("已完成"), "expired": self.tr("已过期"),
                  "failed": self.tr("失败"), "cancelling": self.tr("取消中"),
                  "cancelled": self.tr("已取消")}.get(row["status"], row["status"])
        return status + (self.tr("，已收回") if row["collected"] else "")

    # ---- poll and cancel ---------------------------------------------------------------------
    def _session(self) -> BatchSession:
        settings, key = self.settings, self.key() or None
        return BatchSession(self.store, settings, submit=False, events=self,
                            client=lambda: make_client(settings, key))

    @asyncSlot()
    async def on_poll_clicked(self) -> None:
        await self.poll()

    async def poll(self) -> int:
        """Collect the answers of the batches that are over (not while a run is on: its own
        session does); returns how many batches were collected."""
        if self._polling or self.busy() or not self.open_rows():
            return 0
        self._polling = True
        self.refresh()
        try:
            report = await self._session().poll()
        finally:
            self._polling = False
        self.refresh()
        n = len(report.collected)
        if n:
            self.note.setText(self.tr("{0} 个批量任务的结果已收回（批量费用约 {1:.4f}）：点“开始生成”把结果写成样本，"
                                      "并提交下一步。").format(n, report.cost))
            self.collected.emit(n)
        elif report.problems:
            self.note.setText(render(report.problems[-1]))
        elif self.open_rows():
            self.note.setText(self.tr("批量任务还在服务商那里运行，过一会儿再查。"))
        return n

    @asyncSlot()
    async def on_cancel_clicked(self) -> None:
        await self.cancel_batches()

    async def cancel_batches(self) -> int:
        """Ask the provider to cancel this service's open batches in the project."""
        if self._polling or not self.open_rows():
            return 0
        self._polling = True
        self.refresh()
        try:
            n = await self._session().cancel()
        finally:
            self._polling = False
        self.refresh()
        self.note.setText(self.tr("已请求取消 {0} 个批量任务；已经完成的回答会在下次查询时收回。").format(n))
        return n
