"""Run / Pause / Cancel / Retry for a page that drives an LLM flow (core.flows.staged): one
implementation for the Generate and Group chat pages. The page provides the widgets named below
and `_make_flow(client)`; the mixin keeps `self.flow` while a run is on."""

from __future__ import annotations

import asyncio
import time

from core.errors import CorpusmithError
from core.llm.client import make_client
from core.messages import render
from ui.qt import QCoreApplication, QHBoxLayout, QLabel, QProgressBar, QPushButton
from ui.theme import make_primary


class FlowControls:
    # provided by the page: service_picker (ServicePicker), progress, run_button, retry_button,
    # pause_button, cancel_button, import_button, stage_label, failed
    flow = None

    def _build_run_controls(self, run_text: str) -> QHBoxLayout:
        """Run / Pause / Cancel / Retry in a row, and the stage label, progress bar and counters
        (placed by the page). The page provides on_run_clicked and on_retry_clicked."""
        self.run_button = make_primary(QPushButton(run_text))
        self.run_button.clicked.connect(self.on_run_clicked)
        # an explicit context: this mixin is no QObject (self.tr would take the page's class name)
        self.pause_button = QPushButton(QCoreApplication.translate("FlowControls", "暂停"))
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._toggle_pause)
        self.cancel_button = QPushButton(QCoreApplication.translate("FlowControls", "取消"))
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton(QCoreApplication.translate("FlowControls", "重试失败项"))
        self.retry_button.clicked.connect(self.on_retry_clicked)
        row = QHBoxLayout()
        for b in (self.run_button, self.pause_button, self.cancel_button, self.retry_button):
            row.addWidget(b)
        row.addStretch(1)
        self.stage_label = QLabel()
        self.stage_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.counters = QLabel()
        self.counters.setWordWrap(True)
        return row

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.run_button.setEnabled(not running)
        self.retry_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.import_button.setEnabled(not running)
        self.service_picker.setEnabled(not running)  # a run keeps the service it started with
        if not running:
            self.pause_button.setChecked(False)

    async def _drive(self, retry_failed: bool):
        """Build the flow with a fresh client, check it, run it; the result or None (the reason
        shown in the stage label). The client is closed whatever happens."""
        missing = self.service_picker.missing()
        if missing:  # say what is missing; never a failed call the user did not need to pay for
            self.stage_label.setText(QCoreApplication.translate(
                "FlowControls", "无法开始：{0}。请先配置模型服务（设置 → 模型服务）。").format(missing))
            return None
        settings = self.service_picker.settings()  # a copy: Settings edited mid-run never reach this run
        client = make_client(settings, self.service_picker.key() or None)
        self.flow = flow = self._make_flow(client)
        self._prepare_run(flow)
        try:
            problems = await asyncio.to_thread(flow.validate)
            if problems:
                self.stage_label.setText("\n".join(problems))
                return None
            self.failed.clear()
            self._set_running(True)
            self._started = time.monotonic()
            return await flow.run(retry_failed=retry_failed)
        except asyncio.CancelledError:
            return None
        except CorpusmithError as e:
            self.stage_label.setText(str(e))
            return None
        finally:
            self.flow = None
            self._set_running(False)
            await client.close()

    def _prepare_run(self, flow) -> None:
        """A page may wrap the flow's run here (Generate: 「在低价时段运行」 holds it, and batch
        mode). Here: the project's open provider batches of this service are collected first, and
        what waits in one is never sent again (core/llm/batch_session.py)."""
        from core.llm.batch_session import collect_first

        collect_first(flow)

    def _show_failures(self, failed: list[tuple[str, str, str]]) -> None:
        shown = self.failed.toPlainText()
        for stage, key, reason in failed:
            reason = render(reason)
            if f"{key}: {reason}" not in shown:
                self.failed.appendPlainText(f"[{stage}] {key}: {reason}")

    def _toggle_pause(self, paused: bool) -> None:
        if self.flow is None:
            return
        if paused:
            self.flow.pause()
        else:
            self.flow.resume()
        self.pause_button.setText(QCoreApplication.translate("FlowControls", "继续") if paused
                                  else QCoreApplication.translate("FlowControls", "暂停"))

    def cancel(self) -> None:
        if self.flow is not None:
            self.flow.cancel()

    def running(self) -> bool:
        return self.flow is not None

    def services_changed(self) -> None:
        """Settings changed the model services: the choice lists them anew. A running job goes on
        with the copy of the settings it started with."""
        self.service_picker.reload()

    async def stop(self) -> None:
        """Cancel and wait until the flow has let go of the project."""
        self.cancel()
        deadline = time.monotonic() + 30
        while self.running() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
