"""Review's LLM judge: 「AI 评分」 scores the filtered (or selected) samples with the user's model,
in the background with a progress bar; 「低于 N 分的拒绝」 rejects those below a score. The judge
itself is core.flows.judge; this panel only drives it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from core.errors import CorpusmithError
from core.flows.judge import RUBRICS, JudgeFlow, JudgeOptions, apply_threshold
from core.llm.client import make_client
from core.messages import current_language, render
from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui import dialogs
from ui.qt import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)

SHOWN_FAILURES = 3  # failure reasons written out under the buttons (the rest are counted)


class _Events:
    """The flow's callbacks → the panel (on the UI loop's thread)."""

    def __init__(self, panel: JudgePanel):
        self.panel = panel

    def on_progress(self, stage: str, snapshot) -> None:
        self.panel.show_progress(snapshot)

    def on_samples(self, sample_ids: list[int]) -> None:
        self.panel.verdicts_written.emit(list(sample_ids))


class JudgePanel(QWidget):
    verdicts_written = Signal(list)  # samples whose score was just written (while a run goes on)
    statuses_changed = Signal()  # the threshold rejected (or gave back) samples
    settings_requested = Signal()  # no model service yet: open Settings

    def __init__(self, scope: Callable[[], tuple[list[int], SampleFilter]], settings: AppSettings | None = None,
                 parent=None):
        super().__init__(parent)
        from ui.widgets.service_picker import ServicePicker

        self.scope = scope  # () -> (selected ids, the Review filter)
        self.store: Store | None = None
        self.flow: JudgeFlow | None = None
        self.question: QMessageBox | None = None  # the open "score n samples?" box (tests answer it)
        self.service_picker = ServicePicker(settings or AppSettings.load(), self.tr("评分模型"))
        self.service_picker.settings_requested.connect(self.settings_requested)
        self.score_button = QPushButton(self.tr("AI 评分"))
        self.score_button.setToolTip(self.tr(
            "用上面的模型给当前筛选出的样本（选中多条时只给选中的）打 1–5 分，并写一句理由。"
            "问答看是否忠实原文、是否答到点上、中文是否通顺、有没有拒答和套话；对话和信息抽取各有自己的标准。"
            "评过且没改过的样本不会再付费。"))
        self.score_button.clicked.connect(self.on_score_clicked)
        self.cancel_button = QPushButton(self.tr("停止评分"))
        self.cancel_button.clicked.connect(self.cancel)
        self.rubrics_button = QPushButton(self.tr("编辑评分标准…"))
        self.rubrics_button.setToolTip(self.tr("问答、多轮对话、信息抽取各有一份评分标准（提示词模板），改动只影响这个项目"))
        self.rubrics_button.clicked.connect(self.edit_rubrics)
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 5)
        self.threshold.setValue(3)
        self.threshold.setPrefix(self.tr("低于 "))
        self.threshold.setSuffix(self.tr(" 分"))
        self.threshold_button = QPushButton()
        self.threshold_button.setToolTip(self.tr(
            "把当前筛选出的样本中 AI 评分低于这个分数的标为“已拒绝”（原因写明分数）；"
            "你编辑、接受或拒绝过的样本不动。调低分数再点一次，之前因分数被拒绝、现在够分的会改回待审。"))
        self.threshold_button.clicked.connect(self.on_threshold_clicked)
        self.threshold.valueChanged.connect(self._threshold_text)
        self._threshold_text(self.threshold.value())
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.score_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.rubrics_button)
        buttons.addStretch(1)
        buttons.addWidget(self.threshold)
        buttons.addWidget(self.threshold_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.service_picker)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self._set_running(False)

    def show_progress(self, s) -> None:
        self.progress.setMaximum(max(1, s.total))
        self.progress.setValue(s.done + s.failed)
        self.status.setText(self.tr("评分中：完成 {0} / {1} · 失败 {2} · 缓存命中 {3} · 费用 {4:.3f}").format(
            s.done + s.failed, s.total, s.failed, s.cached, s.cost))

    def _threshold_text(self, n: int) -> None:
        self.threshold_button.setText(self.tr("低于 {0} 分的拒绝").format(n))

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.status.clear()
        self.setEnabled(store is not None)

    def services_changed(self) -> None:
        self.service_picker.reload()

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.score_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.threshold_button.setEnabled(not running)
        self.rubrics_button.setEnabled(not running)
        self.service_picker.setEnabled(not running)

    def edit_rubrics(self) -> None:
        from ui.widgets.template_dialog import TemplateDialog

        if self.store is not None:
            TemplateDialog(self.store, current_language(), None, self,
                           names=tuple(f"judge_{name}" for name in RUBRICS)).exec()

    # ---- what to score ------------------------------------------------------------------------
    def _target(self) -> tuple[SampleFilter, str]:
        """(the samples to score, how to name them): the selection when several rows are selected,
        else the filter (not the rejected ones unless the filter asks for them)."""
        ids, flt = self.scope()
        if len(ids) > 1:
            return SampleFilter(ids=ids), self.tr("选中的 {0} 条样本").format(len(ids))
        if not flt.statuses:
            flt = replace(flt, statuses=("pending", "accepted"))
            n = self.store.count(flt) if self.store else 0
            return flt, self.tr("当前筛选出的 {0} 条样本（已拒绝的不评）").format(n)
        n = self.store.count(flt) if self.store else 0
        return flt, self.tr("当前筛选出的 {0} 条样本").format(n)

    def _make_flow(self, client, flt: SampleFilter) -> JudgeFlow:
        return JudgeFlow(self.store, client, self.service_picker.settings(),
                         JudgeOptions(filter=flt, lang=current_language()), _Events(self))

    # ---- scoring -----------------------------------------------------------------------------
    @asyncSlot()
    async def on_score_clicked(self) -> None:
        await self.run_judge()

    async def run_judge(self):
        """Estimate, ask, score; the result (None when nothing ran)."""
        if self.store is None or self.flow is not None:
            return None
        missing = self.service_picker.missing()
        if missing:
            self.status.setText(self.tr("无法评分：{0}。请先配置模型服务（设置 → 模型服务）。").format(missing))
            return None
        flt, what = self._target()
        settings = self.service_picker.settings()
        probe = self._make_flow(None, flt)
        try:
            problems = await asyncio.to_thread(probe.validate)
            if problems:
                self.status.setText("\n".join(problems))
                return None
            est = await asyncio.to_thread(probe.estimate)
        except CorpusmithError as e:
            self.status.setText(str(e))
            return None
        if est.items and not await self._confirm(self.tr(
                "用 {0} 给{1}评分？\n约 {2} 次请求，{3} 输入 token + {4} 输出 token，费用约 {5:.2f}"
                "（按模型服务设置里的价格；评过且没改过的样本不再付费）。").format(
                settings.model, what, est.items, est.tokens_in, est.tokens_out, est.cost)):
            return None
        client = make_client(settings, self.service_picker.key() or None)
        self.flow = flow = self._make_flow(client, flt)
        self._set_running(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("评分中…"))
        try:
            result = await flow.run()
        except asyncio.CancelledError:
            return None
        except CorpusmithError as e:
            self.status.setText(str(e))
            return None
        finally:
            self.flow = None
            self._set_running(False)
            await client.close()
        self.status.setText(self.result_text(result))
        self.verdicts_written.emit([])
        return result

    async def _confirm(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("AI 评分"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.question = box
        try:
            return await dialogs.ask(box) == QMessageBox.StandardButton.Yes
        finally:
            self.question = None
            box.deleteLater()

    def result_text(self, result) -> str:
        head = self.tr("评分已停止（下次接着评）：") if result.cancelled else self.tr("评分完成：")
        scores = self.tr("，").join(self.tr("{0} 分 {1} 条").format(s, n) for s, n in sorted(result.scores.items()))
        text = head + self.tr("{0} 条已有评分（本次新评 {1} 条），{2} 条失败；{3} 次请求，{4} 次命中缓存，费用约 {5:.2f}。").format(
            result.judged, result.judged_now, len(result.failed), result.calls, result.cached, result.cost)
        if scores:
            text += "\n" + self.tr("分数分布：{0}").format(scores)
        if result.plain:
            text += "\n" + self.tr("{0} 条纯文本（预训练）样本没有评分标准，未评分。").format(result.plain)
        for _stage, key, reason in result.failed[:SHOWN_FAILURES]:
            text += "\n" + self.tr("失败 {0}：{1}").format(key, render(reason))
        if len(result.failed) > SHOWN_FAILURES:
            text += "\n" + self.tr("……另有 {0} 条失败").format(len(result.failed) - SHOWN_FAILURES)
        return text

    def cancel(self) -> None:
        if self.flow is not None:
            self.flow.cancel()

    def running(self) -> bool:
        return self.flow is not None

    async def stop(self) -> None:
        """Cancel and wait until the judge has let go of the project."""
        self.cancel()
        while self.running():
            await asyncio.sleep(0.05)

    # ---- threshold ---------------------------------------------------------------------------
    def on_threshold_clicked(self) -> None:
        if self.store is None:
            return
        n = self.threshold.value()
        _ids, flt = self.scope()
        below = self.store.count(replace(flt, judged=True, min_score=None, max_score=n - 1, touched=False,
                                         statuses=("pending", "accepted")))
        if QMessageBox.question(self, self.tr("按分数拒绝"), self.tr(
                "把当前筛选出的样本中 AI 评分低于 {0} 分的 {1} 条标为“已拒绝”？你审阅或改过的样本不动。").format(n, below)
                ) != QMessageBox.StandardButton.Yes:
            return
        report = apply_threshold(self.store, n, flt)
        text = self.tr("低于 {0} 分的 {1} 条已拒绝。").format(n, report.rejected)
        if report.skipped:
            text += self.tr("{0} 条低于 {1} 分但你审阅或改过，没有动。").format(report.skipped, n)
        if report.restored:
            text += self.tr("{0} 条之前因分数被拒绝、现在够 {1} 分，已改回待审。").format(report.restored, n)
        self.status.setText(text)
        self.statuses_changed.emit()
