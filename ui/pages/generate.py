"""Generate: documents → questions → grounded answers, many LLM calls at once, pairs streaming
into Review as they arrive. The flow itself lives in core.flows.qa; this page only drives it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.errors import CorpusmithError
from core.flows import aspects, dialogue_extract, novel, qa, staged, style
from core.flows.qa import QAFlow, QAOptions
from core.llm.timeprices import price_range
from core.messages import render, say
from core.settings import AppSettings
from core.sources.documents.txt import chunks_of
from core.store import Store
from core.text.echo import echo_note
from ui import dialogs, jargon
from ui.dialogs import open_file_names
from ui.importing import import_paths
from ui.pages.generate_panels import make_panels, result_counts
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.theme import column, fit_stack_to_current, scrollable
from ui.widgets.batch_controls import BatchControls
from ui.widgets.busy import busy
from ui.widgets.debounce import debouncer
from ui.widgets.flow_controls import FlowControls
from ui.widgets.off_peak import OffPeakControls
from ui.widgets.provider_banner import ProviderBanner
from ui.widgets.questions_dialog import QuestionsDialog
from ui.widgets.service_picker import ServicePicker
from ui.widgets.template_dialog import TemplateDialog


class _FlowEvents:
    """Adapts the flow's plain callbacks to the page (all arrive on the UI loop's thread)."""

    def __init__(self, page: GeneratePage):
        self.page = page

    def on_stage(self, stage: str, total: int) -> None:
        self.page.show_stage(stage, total)

    def on_progress(self, stage: str, snapshot) -> None:
        self.page.show_progress(stage, snapshot)

    def on_samples(self, sample_ids: list[int]) -> None:
        self.page.samples_added.emit(list(sample_ids))
        self.page.preview_samples(sample_ids)

    def on_failed(self, stage: str, key: str, reason: str) -> None:
        self.page.failed.appendPlainText(f"[{stage}] {key}: {render(reason)}")

    def on_style_progress(self, accepted: int, attempted: int) -> None:
        self.page.show_acceptance(accepted, attempted)


# every flow of this tab: their unfinished work is said when a project opens
GENERATE_JOB_KINDS = (*qa.JOB_KINDS, *aspects.JOB_KINDS, *novel.JOB_KINDS, *style.JOB_KINDS,
                      *dialogue_extract.JOB_KINDS)


class GeneratePage(FlowControls, QWidget):
    samples_added = Signal(list)  # ids of samples written by the running flow
    sources_changed = Signal()
    settings_requested = Signal()  # "open the settings": no model service configured yet
    other_model_question = None  # the open "generate again with another model?" box
    questions_dialog = None  # the open questions review (tests drive it)
    REVIEWED_KINDS = ("qa", "aspects")  # flows whose questions can be reviewed before the answers

    def __init__(self, settings: AppSettings | None = None, parent=None):
        super().__init__(parent)
        self.app_settings = settings or AppSettings()
        self.store: Store | None = None
        self.flow: QAFlow | None = None
        self.acceptance = ""  # the style flow's live acceptance line
        self._counters_text = ""  # the engine's last counters line, shown after the acceptance

        # which named service to call (edited in Settings); the task's own options come first
        self.service_picker = ServicePicker(self.app_settings)
        self.service_picker.settings_requested.connect(self.settings_requested)
        self.provider_banner = ProviderBanner(self.service_picker)
        self.provider_banner.settings_requested.connect(self.settings_requested)

        self.source = QComboBox()
        self.import_button = QPushButton(self.tr("导入文档…"))
        self.import_button.clicked.connect(self.on_import_clicked)
        self.chunk_info = QLabel()
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.import_button)
        self.questions = QSpinBox()
        self.questions.setRange(0, 20)
        self.questions.setSpecialValueText(self.tr("自动（按长度）"))
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 10)
        self.top_k.setValue(2)
        self.lang = QComboBox()
        self.lang.addItem(self.tr("中文提示词"), "zh")
        self.lang.addItem(self.tr("英文提示词"), "en")
        self.templates_button = QPushButton(self.tr("编辑提示词模板…"))
        self.templates_button.clicked.connect(self.edit_templates)
        input_box = QGroupBox(self.tr("文档 → 问题 → 有依据的回答"))
        form = QFormLayout(input_box)
        form.addRow(self.tr("文本来源"), source_row)
        form.addRow("", self.chunk_info)
        form.addRow(self.tr("每段问题数"), self.questions)
        form.addRow(self.tr("参考原文段数（关键词检索）"), self.top_k)
        self.top_k.setToolTip(jargon.bm25())
        # stop after the questions: the user edits, deletes, adds before the answers are paid for
        self.review_first = QCheckBox(self.tr("先审阅问题，再生成答案"))
        form.addRow(self.review_first)
        self._answering = False  # the answers stage after a review: the flow does not stop again

        # one settings panel per flow; the QA one above is the first
        self.flow_kind = QComboBox()
        self.flow_kind.addItem(self.tr("文档问答"), "qa")
        self.flow_stack = QStackedWidget()
        self.flow_stack.addWidget(input_box)
        self.panels = {}
        for panel in make_panels():
            self.flow_kind.addItem(panel.title, panel.kind)
            self.flow_stack.addWidget(panel)
            self.panels[panel.kind] = panel
        self.flow_kind.currentIndexChanged.connect(self._flow_kind_changed)
        fit_stack_to_current(self.flow_stack)
        common = QFormLayout()
        common.addRow(self.tr("生成方式"), self.flow_kind)
        common_after = QFormLayout()
        common_after.addRow(self.tr("模板语言"), self.lang)
        common_after.addRow("", self.templates_button)
        self.review_button = QPushButton(self.tr("审阅问题…"))
        self.review_button.setToolTip(self.tr("看看、修改、删除或添加这次出的问题，再决定生成答案"))
        self.review_button.clicked.connect(self.on_review_clicked)
        common_after.addRow("", self.review_button)

        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        buttons = self._build_run_controls(self.tr("开始生成"))
        # 「在低价时段运行」 (a service with time-of-day prices): a peak pause shows on the pause button
        self.off_peak = OffPeakControls()
        self.off_peak.peak_paused.connect(self.pause_button.setChecked)
        self.off_peak.cancel_button.clicked.connect(self.cancel)
        # 「批量模式」 (a provider with a Batch API): the project's batches listed, polled, collected
        self.batch = BatchControls()
        self.batch.busy = self.running
        self._batch_session = None  # the batch session of the run going on (or the last one)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMaximumBlockCount(2000)  # a window on the newest pairs; Review has them all
        self.preview.setPlaceholderText(self.tr("生成的问答对会实时显示在这里，同时进入“审阅”页。"))
        self.failed = QPlainTextEdit()
        self.failed.setReadOnly(True)
        self.failed.setPlaceholderText(self.tr("失败的条目及原因"))

        settings_column = column(common, self.flow_stack, common_after, stretch=True)
        # the task's options scroll on a small screen; the service, the estimate and Run stay in
        # sight below them
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.options_area = scrollable(settings_column)
        settings_column.installEventFilter(self)  # its layout changes: the column widens to fit
        left_layout.addWidget(self.options_area, 1)
        left_layout.addWidget(self.provider_banner)
        left_layout.addWidget(self.service_picker)
        left_layout.addWidget(self.estimate_label)
        left_layout.addWidget(self.off_peak)
        left_layout.addWidget(self.batch)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.stage_label)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.counters)
        right_layout.addWidget(QLabel(self.tr("新生成的问答对")))
        right_layout.addWidget(self.preview, 3)
        right_layout.addWidget(QLabel(self.tr("失败")))
        right_layout.addWidget(self.failed, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)

        self._estimate_timer = debouncer(self, 300, self.update_estimate)
        for w in (self.questions, self.top_k):
            w.valueChanged.connect(self._estimate_timer.start)
        for w in (self.source, self.lang):
            w.currentIndexChanged.connect(self._estimate_timer.start)
        self.service_picker.changed.connect(self._estimate_timer.start)  # prices and limits are the service's
        self._set_running(False)

    # ---- project ------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.preview.clear()
        self.failed.clear()
        self.stage_label.setText(self.unfinished_text())
        self.reload_sources()
        self.batch.set_store(store)
        if self.batch.open_rows():  # batches sent before the app closed: poll them now (non-blocking)
            self.batch.on_poll_clicked()

    def unfinished_text(self) -> str:
        """What an earlier session left undone, so the user knows Start continues it."""
        if self.store is None:
            return ""
        pending, failed = staged.unfinished_work(self.store, GENERATE_JOB_KINDS)
        if not pending and not failed:
            return ""
        return self.tr("上次的生成还有 {0} 项未完成、{1} 项失败：点“开始生成”接着做（已完成的不会再付费），"
                       "或点“重试失败项”。").format(pending, failed)

    def kind(self) -> str:
        return self.flow_kind.currentData()

    def _flow_kind_changed(self, index: int) -> None:
        self.flow_stack.setCurrentIndex(index)
        self.review_button.setVisible(self.kind() in self.REVIEWED_KINDS)
        fit_stack_to_current(self.flow_stack)
        self._fit_options_width()
        self.update_estimate()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.options_area.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_options_width()
        return super().eventFilter(watched, event)

    def _fit_options_width(self) -> None:
        """The options column as wide as the flow shown needs, with the names now in its lists (it
        scrolls up and down, never sideways: without this a wider panel or a long document name
        would be cut off)."""
        area = self.options_area
        area.setMinimumWidth(area.widget().minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width() + 4)

    def reload_sources(self) -> None:
        for panel in self.panels.values():
            panel.reload(self.store)
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem(self.tr("全部文档"), None)
        for src in self.store.sources() if self.store else []:
            if src["kind"] == "document":
                self.source.addItem(src["name"], src["id"])
        self.source.blockSignals(False)
        self._fit_options_width()
        self.update_estimate()

    def options(self) -> QAOptions:
        return QAOptions(source_id=self.source.currentData(), questions_per_chunk=self.questions.value(),
                         top_k=self.top_k.value(), lang=self.lang.currentData())

    def _make_flow(self, client=None):
        if self.store is None:
            return None
        if self.kind() != "qa":
            flow = self.panels[self.kind()].make_flow(self.store, client, self.service_picker.settings(),
                                                      _FlowEvents(self), self.lang.currentData())
        else:
            flow = QAFlow(self.store, client, self.service_picker.settings(), self.options(), _FlowEvents(self))
        if self.kind() in self.REVIEWED_KINDS and self.review_first_box().isChecked() and not self._answering:
            flow.stop_after = "questions"
        return flow

    def review_first_box(self) -> QCheckBox:
        """The 「先审阅问题」 box of the flow shown (QA's or the aspects panel's)."""
        return self.review_first if self.kind() == "qa" else self.panels[self.kind()].review_first

    def update_estimate(self) -> None:
        self.off_peak.set_settings(self.service_picker.settings())
        self.batch.set_service(self.service_picker.settings(), self.service_picker.key)
        if self.store is None:
            self.chunk_info.setText("")
            self.estimate_label.setText("")
            return
        if self.kind() != "qa":
            self.estimate_label.setText(self.panels[self.kind()].hint(self.store))
            return
        n = len(chunks_of(self.store, self.source.currentData()))
        self.chunk_info.setText(self.tr("{0} 个文本段").format(n))
        if n == 0:
            self.estimate_label.setText(self.tr("先导入文档（DOCX、PDF、TXT、Markdown、EPUB）。"))
            return
        flow = self._make_flow()
        try:
            est = flow.estimate()
        except CorpusmithError as e:
            self.estimate_label.setText(str(e))
            return
        text = self.tr(
            "预计：{0} 次请求，约 {1} 输入 token + {2} 输出 token，费用约 {3:.2f}（按模型服务设置里填写的价格；"
            "已完成的部分不会再付费）。").format(est.items, est.tokens_in, est.tokens_out, est.cost)
        low, peak = price_range(est.cost, self.off_peak.schedule)
        if peak > low:  # time-of-day prices: what the run costs at either
            text += self.tr("按时段计价：高峰价约 {0:.2f} / 低价时段价约 {1:.2f}。").format(peak, low)
        factor = self.batch.price_factor()
        if factor is not None:  # the provider's Batch API: the same run at its price
            text += self.tr("批量模式约 {0:.2f}（实时价的 {1:.0%}）。").format(est.cost * factor, factor)
        self.estimate_label.setText(text)

    # ---- off-peak runs ----------------------------------------------------------------------
    def _prepare_run(self, flow) -> None:
        self.off_peak.attach(flow)  # (nothing unless 「在低价时段运行」 is ticked)
        self._batch_session = self.batch.attach(flow)  # (batch mode, or batches of this service open)

    def _batch_text(self) -> str:
        """What the run's batches did: requests submitted and still waiting, answers collected."""
        session = self._batch_session
        if session is None:
            return ""
        report, waiting = session.report, session.waiting_lines()
        parts = []
        if report.collected:
            parts.append(self.tr("收回 {0} 个批量任务，批量费用约 {1:.4f}（同样的回答实时约 {2:.4f}）。").format(
                len(report.collected), report.cost, report.realtime_cost))
        if waiting:
            parts.append(self.tr("{0} 条请求在批量任务里等待：程序可以关闭，结果回来后点“开始生成”收回并继续。").format(
                waiting))
        return "\n" + "".join(parts) if parts else ""

    def cancel(self) -> None:
        """Cancel also ends a wait for the low prices (no request was sent)."""
        if self.off_peak.holding():
            self.off_peak.cancel_hold()
            self.stage_label.setText(self.tr("已取消：还没有发出任何请求。"))
        super().cancel()

    # ---- import -------------------------------------------------------------------------
    @asyncSlot()
    async def on_import_clicked(self) -> None:
        paths = await open_file_names(self, self.tr("导入文档"), str(Path.home()),
                                      self.tr("文档 (*.docx *.pdf *.txt *.md *.markdown *.epub);;所有文件 (*)"))
        await self.import_files([Path(p) for p in paths])

    async def import_files(self, paths: list[Path]) -> list[str]:
        """Import documents of any supported format (the Documents tab does the same)."""
        if self.store is None:
            return []
        self.import_button.setEnabled(False)
        try:
            lines = await import_paths(self.store, paths, self)
        finally:
            self.import_button.setEnabled(True)
        self.stage_label.setText("\n".join(lines))
        self.reload_sources()
        self.sources_changed.emit()
        return lines

    def edit_templates(self) -> None:
        if self.store is None:
            return
        if self.kind() == "qa":
            TemplateDialog(self.store, self.lang.currentData(), self._make_flow(), self).exec()
        else:
            TemplateDialog(self.store, self.lang.currentData(), None, self, names=self.panels[self.kind()].templates).exec()
        self.update_estimate()

    # ---- running ------------------------------------------------------------------------
    @asyncSlot()
    async def on_run_clicked(self) -> None:
        await self.run_flow()

    @asyncSlot()
    async def on_retry_clicked(self) -> None:
        await self.run_flow(retry_failed=True)

    async def run_flow(self, retry_failed: bool = False):
        if self.store is None or self.flow is not None:
            return None
        self.app_settings.service = self.service_picker.name()  # the next start picks it again
        try:
            self.app_settings.save()
        except OSError:
            pass
        self.acceptance = ""
        if not await self._confirm_other_model():
            return None
        result = await self._drive(retry_failed)
        if result is not None and getattr(result, "stopped_after", "") == "questions":
            answers = await self._after_questions(result)
            return answers if answers is not None else result
        if result is not None and self.kind() != "qa":
            text = self.result_text(result)
            if not result.cancelled:
                try:
                    async with busy(self, self.tr("正在整理生成结果…")):
                        ids, lines = await asyncio.to_thread(self.panels[self.kind()].after_run, self.store, result)
                except CorpusmithError as e:
                    ids, lines = [], [str(e)]
                if ids:
                    self.samples_added.emit(ids)
                text = "\n".join([text, *lines])
            self.stage_label.setText(text + echo_note(result) + self._batch_text())
            self._show_failures(result.failed)
        elif result is not None:
            self.stage_label.setText(self.tr(
                "完成{0}：{1} 个问题（去重 {2}），{3} 个回答，{4} 个在原文中找不到答案（已标为拒绝），"
                "{5} 个失败；{6} 次请求，{7} 次命中缓存，费用约 {8:.2f}。").format(
                self.tr("（已取消，下次继续）") if result.cancelled else "", result.questions,
                result.duplicates, result.answered, result.not_found, len(result.failed), result.calls,
                result.cached, result.cost) + echo_note(result) + self._batch_text())
            self._show_failures(result.failed)
        self.batch.refresh()
        self.update_estimate()
        return result

    # ---- reviewing the questions before the answers ----------------------------------------
    async def _after_questions(self, result):
        """The run stopped after its questions: say so, open the review; 「生成答案」 runs the
        answers stage (its result), closing it leaves the questions for later (None)."""
        self.stage_label.setText(self.tr(
            "出题完成{0}：{1} 个问题（去重 {2}），{3} 个失败；{4} 次请求，费用约 {5:.2f}。审阅后再生成答案。").format(
            self.tr("（已取消，下次继续）") if result.cancelled else "", result.questions, result.duplicates,
            len(result.failed), result.calls, result.cost))
        self._show_failures(result.failed)
        self.update_estimate()
        if result.cancelled or result.questions_job is None:
            return None
        return await self.review_questions(result.questions_job)

    @asyncSlot()
    async def on_review_clicked(self) -> None:
        await self.review_questions()

    async def review_questions(self, job_id: int | None = None):
        """Open the questions review of the current options' run; when the user asks for the
        answers, run the answers stage and return its result (None otherwise)."""
        if self.store is None or self.flow is not None or self.questions_dialog is not None:
            return None
        flow = self._make_flow()
        if job_id is None:
            job_id = await asyncio.to_thread(flow.questions_job) if flow is not None else None
        if job_id is None:
            self.stage_label.setText(self.tr("这组设置还没有出过题：勾选“先审阅问题，再生成答案”后点“开始生成”。"))
            return None
        topic = getattr(flow, "topic", "")
        dialog = QuestionsDialog(self.store, job_id, flow.estimate_answers, topic, self)
        self.questions_dialog = dialog
        try:
            wanted = await dialogs.ask(dialog) == QDialog.DialogCode.Accepted
        finally:
            self.questions_dialog = None
            dialog.deleteLater()
        self.update_estimate()
        if not wanted:
            self.stage_label.setText(self.tr("问题已保存。以后点“审阅问题…”接着审阅，或直接生成答案。"))
            return None
        self._answering = True
        try:
            return await self.run_flow()
        finally:
            self._answering = False

    async def _confirm_other_model(self) -> bool:
        """When another model already answered this input, ask before a second set is made
        (core keeps both side by side; the response cache only saves the same model's work)."""
        flow = self._make_flow()
        if flow is None:
            return True
        try:
            earlier = await asyncio.to_thread(flow.earlier_models)
        except Exception:  # options the run will refuse anyway, with its own reason
            return True
        if not earlier:
            return True
        model = self.service_picker.settings().model
        text = "\n".join(render(say("robust.ask_other_model", earlier=e.model, n=e.answers, model=model))
                         for e in earlier)
        box = QMessageBox(QMessageBox.Icon.Question, render(say("robust.ask_other_model_title")), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.other_model_question = box  # (tests answer it)
        try:
            return await dialogs.ask(box) == QMessageBox.StandardButton.Yes
        finally:
            self.other_model_question = None
            box.deleteLater()

    def result_text(self, result) -> str:
        labels = {"chunks": self.tr("文本段"), "questions": self.tr("问题"), "duplicates": self.tr("重复去掉"),
                  "too_long": self.tr("过长"), "answered": self.tr("有依据的回答"),
                  "not_found": self.tr("文本中找不到（已拒绝）"), "dialogues": self.tr("多轮对话"),
                  "summarized": self.tr("已摘要"), "extracted": self.tr("已提取的段"), "lines": self.tr("台词"),
                  "attempted": self.tr("尝试"), "accepted": self.tr("通过"),
                  "rejected": self.tr("未通过或编造（已拒绝，原因可查）"), "samples": self.tr("新样本")}
        parts = [f"{labels[name]} {value}" for name, value in result_counts(result)]
        head = self.tr("完成（已取消，下次继续）：") if result.cancelled else self.tr("完成：")
        text = head + self.tr("，").join(parts) + self.tr("；{0} 个失败，{1} 次请求，{2} 次命中缓存，费用约 {3:.2f}。").format(
            len(result.failed), result.calls, result.cached, result.cost)
        # the style flow says why it stopped and which similarity it measured
        stopped = getattr(result, "stopped", "")
        if stopped:
            why = {"count": self.tr("已达到目标通过数"), "max_attempts": self.tr("已用完最多尝试次数"),
                   "inputs": self.tr("输入用完了"), "cancelled": self.tr("已取消"), "failed": self.tr("请求失败"),
                   "error": self.tr("出错"), "batch": self.tr("这一轮在批量任务里等待")}.get(stopped, stopped)
            text += "\n" + self.tr("停止原因：{0}").format(why)
        if getattr(result, "error", ""):
            text += "\n" + render(result.error)
        if getattr(result, "similarity", "") == "lexical":
            note = getattr(result, "similarity_note", "")
            text += "\n" + self.tr("相似度用的是字符相似度（没有向量模型）{0}").format(
                self.tr("：{0}").format(render(note)) if note else "")
        return text

    # ---- live view ----------------------------------------------------------------------
    def show_stage(self, stage: str, total: int) -> None:
        name = {"questions": self.tr("出题"), "answers": self.tr("作答"), "summaries": self.tr("写摘要"),
                "inputs": self.tr("准备输入"), "replies": self.tr("按风格回复"), "lines": self.tr("提取台词")}.get(stage, stage)
        self.stage_label.setText(self.tr("{0}（{1} 项）").format(name, total))
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(0)

    def show_progress(self, stage: str, s) -> None:
        self.progress.setMaximum(max(1, s.total))
        self.progress.setValue(s.done + s.failed)
        eta = "—" if s.eta_seconds is None else f"{s.eta_seconds:.0f} s"
        text = self.tr(
            "完成 {0} · 失败 {1} · 进行中 {2} · 等待 {3} · 缓存命中 {4} · token {5}/{6} · 费用 {7:.3f} · "
            "预计剩余 {8}").format(s.done, s.failed, s.in_flight, s.pending, s.cached, s.tokens_in,
                                s.tokens_out, s.cost, eta)
        self._counters_text = text
        self.counters.setText(f"{self.acceptance} · {text}" if self.acceptance else text)

    def show_acceptance(self, accepted: int, attempted: int) -> None:
        """The style flow's live acceptance rate, kept in front of the counters."""
        rate = 100 * accepted / attempted if attempted else 0
        self.acceptance = self.tr("通过 {0} / 尝试 {1}（通过率 {2:.0f}%）").format(accepted, attempted, rate)
        counters = self._counters_text
        self.counters.setText(f"{self.acceptance} · {counters}" if counters else self.acceptance)

    def preview_samples(self, sample_ids: list[int]) -> None:
        if self.store is None:
            return
        for sid in sample_ids[-50:]:
            s = self.store.get_sample(sid)
            if s is None or len(s.turns) < 2:
                continue
            mark = "" if s.status != "rejected" else self.tr("【已拒绝：{0}】").format(render(s.reason))
            user = s.turns[0].text if len(s.turns[0].text) <= 300 else s.turns[0].text[:300] + "…"
            answer = s.turns[-1].text if len(s.turns[-1].text) <= 300 else s.turns[-1].text[:300] + "…"
            self.preview.appendPlainText(self.tr("问：{0}\n答：{1}{2}\n").format(user, mark, answer))
