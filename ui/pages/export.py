"""Export: choose a format and options, write the file(s), show exactly what was written."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.errors import CorpusmithError
from core.export import ExportOptions, ExportReport
from core.export.formats import LLAMA_FACTORY_FORMATS
from core.export.preview import preview_first_record
from core.export.writer import MaskingPreview, masking_preview
from ui import jargon
from ui.pages.export_help import dataset_info_off_reason, format_hint, report_lines
from ui.pages.export_training import TrainingBox
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    asyncSlot,
)
from ui.theme import make_primary


class ExportCancelled(CorpusmithError):
    pass


class _PreviewSuperseded(Exception):
    """An option changed while the preview was being made: a newer one is on its way."""


class ExportPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.project_path: Path | None = None
        self.format = QComboBox()
        for key, label in (
            ("alpaca", self.tr("Alpaca（LLaMA-Factory 默认）")),
            ("sharegpt", self.tr("ShareGPT（多轮对话）")),
            ("openai", self.tr("OpenAI messages（在线微调平台）")),
            ("xtuner", self.tr("XTuner")),
            ("aquila", self.tr("Aquila / 带说话人")),
            ("csv", self.tr("CSV（input, target）")),
        ):
            self.format.addItem(label, key)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.format_hint = QLabel()  # which trainer or platform reads the chosen format
        self.format_hint.setWordWrap(True)
        # a wrapped label in a form is given the height of its narrowest layout: keep it wide enough for 1–3 lines
        self.format_hint.setMinimumWidth(420)
        self.jsonl = QCheckBox(self.tr("JSON Lines（每行一条）"))
        self.accepted_only = QRadioButton(self.tr("仅已接受的样本"))
        self.accepted_only.setChecked(True)
        self.non_rejected = QRadioButton(self.tr("所有未拒绝的样本（含待审）"))
        scope = QHBoxLayout()
        scope.addWidget(self.accepted_only)
        scope.addWidget(self.non_rejected)
        scope.addStretch(1)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部（问答与对话）"), None)
        self.kind.addItem(self.tr("仅问答"), "sft")
        self.kind.addItem(self.tr("仅对话"), "dialogue")
        self.kind.addItem(self.tr("仅预训练文本"), "pretrain")
        self.test_ratio = QDoubleSpinBox()
        self.test_ratio.setRange(0.0, 0.5)
        self.test_ratio.setSingleStep(0.05)
        self.test_ratio.setDecimals(2)
        self.test_ratio.setSpecialValueText(self.tr("不划分"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(42)
        self.dataset_info = QCheckBox(self.tr("同时写入 LLaMA-Factory 的 dataset_info.json"))
        self.dataset_info.setChecked(True)
        self.mask = QComboBox()
        self.mask.addItem(self.tr("仿真替换（默认）"), "surrogate")
        self.mask.addItem(self.tr("标签，如 [手机号1]"), "tag")
        self.mask.addItem(self.tr("不脱敏"), "off")
        self.mask.setToolTip(self.tr("手机号、邮箱、身份证号、银行卡号、地址等在导出时替换；同一聊天内前后一致。"))
        # the model's reasoning kept on the samples (core/text/reasoning.py): left out unless asked for
        self.reasoning = QComboBox()
        self.reasoning.addItem(self.tr("不写入（默认）"), "none")
        self.reasoning.addItem(self.tr("写在回答前：<think>…</think>"), "think")
        self.reasoning.addItem(self.tr("单独字段 reasoning_content"), "field")
        self.reasoning.setToolTip(self.tr(
            "推理模型返回的推理过程（思维链）和回答分开保存在样本上，默认不写进文件。\n"
            "写在回答前：最终回答变成 <think>\n推理\n</think>\n\n回答，"
            "LLaMA-Factory 的推理模板（如 qwen3、deepseekr1）读取的就是这个形式。\n"
            "单独字段：回答不变，推理写在 reasoning_content 字段里（OpenAI messages、ShareGPT 在助手消息上，"
            "Alpaca、Aquila 在每一行上，XTuner 在每一轮上，CSV 是第三列）；LLaMA-Factory 训练时不读这个字段。\n"
            "没有推理的样本照常写出；预训练文本没有推理。"))
        self.char_cap = QSpinBox()
        self.char_cap.setRange(0, 10_000_000)
        self.char_cap.setSingleStep(1000)
        self.char_cap.setValue(8000)
        self.char_cap.setSpecialValueText(self.tr("不检查"))
        self.char_cap.setSuffix(self.tr(" 字"))
        self.skip_over_cap = QCheckBox(self.tr("超出的样本不写入（否则只提示）"))
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.char_cap)
        cap_row.addWidget(self.skip_over_cap, 1)
        self.repeat_to = QSpinBox()
        self.repeat_to.setRange(0, 10_000_000)
        self.repeat_to.setSingleStep(100)
        self.repeat_to.setSpecialValueText(self.tr("不重复"))
        self.repeat_to.setToolTip(self.tr("平台要求最少行数时才用：按顺序重复训练行直到这个数，并记录在 <文件名>.export.json。"))
        self.out = QLineEdit()
        self.out.setPlaceholderText(self.tr("选择输出文件…"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("格式"), self.format)
        form.addRow("", self.format_hint)
        form.addRow("", self.jsonl)
        form.addRow(self.tr("范围"), scope)
        form.addRow(self.tr("类型"), self.kind)
        # the seed only picks the test samples: beside the share, one row less on a laptop screen
        self.seed_label = QLabel(self.tr("随机种子"))
        self.seed_label.setBuddy(self.seed)
        split_row = QHBoxLayout()
        split_row.addWidget(self.test_ratio, 1)
        split_row.addSpacing(12)
        split_row.addWidget(self.seed_label)
        split_row.addWidget(self.seed, 1)
        form.addRow(self.tr("测试集比例"), split_row)
        self.seed.setToolTip(jargon.seed())
        self.test_ratio.setToolTip(jargon.held_out())
        self.kind.setToolTip(jargon.sample_kinds())
        form.addRow("", self.dataset_info)
        # what masking would replace, original → replacement, before anything is written
        self.mask_preview_button = QPushButton(self.tr("预览脱敏"))
        self.mask_preview_button.clicked.connect(self.on_preview_masking)
        mask_row = QHBoxLayout()
        mask_row.addWidget(self.mask, 1)
        mask_row.addWidget(self.mask_preview_button)
        form.addRow(self.tr("隐私脱敏"), mask_row)
        form.addRow(self.tr("推理过程"), self.reasoning)
        form.addRow(self.tr("每行长度上限"), cap_row)
        form.addRow(self.tr("重复行直到（明确标注）"), self.repeat_to)
        form.addRow(self.tr("输出文件"), out_row)
        # 训练配置 and 在线微调: their choices are in dialogs; the line under them says what the export adds
        self.training = TrainingBox(self)  # written with the export (core.export.training)
        self.training_button = QPushButton(self.tr("训练配置…"))
        self.training_button.setToolTip(self.tr("选择训练框架、基础模型和方式：导出时同时写训练配置、运行脚本和说明。"))
        self.training_button.clicked.connect(self.training.show_box)
        training_row = QHBoxLayout()
        training_row.addWidget(self.training_button)
        training_row.addWidget(self.training.finetune_button)
        training_row.addStretch(1)
        form.addRow(self.tr("训练"), training_row)
        self.training.summary.setMinimumWidth(420)  # (as the format hint: a narrow wrap would make its row tall)
        form.addRow("", self.training.summary)
        self.export_button = make_primary(QPushButton(self.tr("导出")))
        self.export_button.clicked.connect(self.on_export)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self._cancelled = False
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setPlaceholderText(self.tr("导出结果会显示在这里：写了哪些文件、多少条、哪些样本被修复或跳过及原因。"))
        # the first record as the file will hold it, made by the writer itself (core.export.preview)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(self.tr("打开项目后，这里显示导出文件的第一条记录。"))
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.setToolTip(self.tr("导出完成后，在文件管理器里打开输出文件所在的文件夹。"))
        self.open_folder_button.clicked.connect(self.open_output_folder)
        left = QVBoxLayout()
        left.addLayout(form)
        row = QHBoxLayout()
        self.export_button.setMinimumWidth(140)
        row.addWidget(self.export_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        left.addLayout(row)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("第一条记录（与写入文件中的一字不差）")))
        right.addWidget(self.preview, 1)
        result_head = QHBoxLayout()
        result_head.addWidget(QLabel(self.tr("结果")), 1)
        result_head.addWidget(self.open_folder_button)
        right.addLayout(result_head)
        right.addWidget(self.result, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.last_report: ExportReport | None = None
        self.last_options: ExportOptions | None = None
        self._preview_generation = 0
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)  # typing a number or flicking through formats: one preview
        self._preview_timer.timeout.connect(self._preview_due)
        self._dataset_info_wanted = True
        self.dataset_info.toggled.connect(self._remember_dataset_info)
        self.jsonl.toggled.connect(self._format_changed)
        self.test_ratio.valueChanged.connect(self._split_changed)
        self.char_cap.valueChanged.connect(self._cap_changed)
        for signal in (self.accepted_only.toggled, self.kind.currentIndexChanged, self.test_ratio.valueChanged,
                       self.seed.valueChanged, self.mask.currentIndexChanged, self.char_cap.valueChanged,
                       self.reasoning.currentIndexChanged,
                       self.skip_over_cap.toggled):
            signal.connect(self._options_changed)
        self._format_changed()
        self._split_changed()
        self._cap_changed()

    def set_project(self, path: Path | None) -> None:
        self.project_path = path
        self.export_button.setEnabled(path is not None)
        self.open_folder_button.setEnabled(False)
        if path is not None and not self.out.text():
            self.out.setText(str(path.with_name(path.stem + "_alpaca.json")))
        self._options_changed()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._preview_timer.start()  # samples may have been accepted or edited in Review meanwhile

    def _options_changed(self, *_args) -> None:
        """Another option: the preview is remade (when the page is seen; otherwise when it is shown)."""
        self._preview_generation += 1  # a preview being made for the old options is dropped
        if self.isVisible():
            self._preview_timer.start()

    def _remember_dataset_info(self, checked: bool) -> None:
        if self.dataset_info.isEnabled():
            self._dataset_info_wanted = checked

    def _split_changed(self) -> None:
        split = self.test_ratio.value() > 0
        self.seed.setEnabled(split)  # the seed only decides which samples go to the test file
        self.seed_label.setEnabled(split)

    def _cap_changed(self) -> None:
        self.skip_over_cap.setEnabled(self.char_cap.value() > 0)

    def _suffix(self) -> str:
        fmt = self.format.currentData()
        return ".csv" if fmt == "csv" else (".jsonl" if self.jsonl.isChecked() else ".json")

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.format_hint.setText(format_hint(fmt))
        self.jsonl.setEnabled(fmt != "csv")
        self.jsonl.setToolTip(self.tr("CSV 本来就是一行一条，没有这个选项。") if fmt == "csv" else
                              self.tr("勾选：每行一条 JSON（.jsonl），在线平台和 XTuner 新版要这种；"
                                      "不勾：整个文件是一个 JSON 数组（.json）。"))
        # dataset_info.json only describes formats LLaMA-Factory reads; the user's choice comes back with them
        applies = fmt in LLAMA_FACTORY_FORMATS
        self.dataset_info.setEnabled(applies)
        self.dataset_info.setChecked(applies and self._dataset_info_wanted)
        self.dataset_info.setToolTip(
            self.tr("在输出文件旁的 dataset_info.json 里登记这个文件，LLaMA-Factory 就能按名字选用它。")
            if applies else dataset_info_off_reason(self.format.currentText()))
        self._options_changed()
        text = self.out.text().strip()
        if text and self.project_path is not None:
            p = Path(text)
            stem = p.stem
            for f in ("alpaca", "sharegpt", "openai", "xtuner", "aquila", "csv"):
                stem = stem.removesuffix("_" + f)
            self.out.setText(str(p.with_name(f"{stem}_{fmt}{self._suffix()}")))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出到"), self.out.text(), self.tr("数据文件 (*.json *.jsonl *.csv)")
        )
        if path:
            self.out.setText(path)

    def options(self) -> ExportOptions:
        return ExportOptions(
            format=self.format.currentData(),
            out=Path(self.out.text().strip()),
            jsonl=self.jsonl.isChecked(),
            include="accepted" if self.accepted_only.isChecked() else "non_rejected",
            kind=self.kind.currentData(),
            test_ratio=self.test_ratio.value(),
            seed=self.seed.value(),
            dataset_info=self.dataset_info.isEnabled() and self.dataset_info.isChecked(),
            char_cap=self.char_cap.value(),
            over_cap="skip" if self.skip_over_cap.isChecked() else "keep",
            repeat_to=self.repeat_to.value(),
            mask=self.mask.currentData(),
            reasoning=self.reasoning.currentData(),
        )

    @asyncSlot()
    async def on_export(self) -> None:
        await self.run_export(self.options())

    async def run_export(self, options: ExportOptions) -> ExportReport | None:
        """Export in a worker thread (a 200k-sample file takes seconds): the window stays live."""
        if self.project_path is None:
            return None
        if not str(options.out).strip() or options.out == Path("."):
            self.result.setPlainText(self.tr("请先选择输出文件。"))
            return None
        loop = asyncio.get_running_loop()
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.progress.setValue(0)
        self.training.prepare()

        def progress(done: int, total: int) -> None:
            if self._cancelled:  # raised inside the writer: its temp files are removed
                raise ExportCancelled(self.tr("已取消导出"))
            loop.call_soon_threadsafe(self._show_progress, done, total)

        try:
            report = await loop.run_in_executor(
                None, lambda: self.training.run(self.project_path, options, progress)
            )
        except CorpusmithError as e:
            self.result.setPlainText(self.tr("导出失败，没有写入任何文件：") + "\n" + str(e))
            return None
        finally:
            self.export_button.setEnabled(True)
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self._cancelled = False
        self.result.setPlainText("\n".join(report_lines(report, options)))
        self.training.show_result(self.result)
        self.last_report, self.last_options = report, options
        self.open_folder_button.setEnabled(bool(report.files))
        return report

    def output_folder(self) -> Path | None:
        """The folder of the last export's files."""
        if self.last_report is None or not self.last_report.files:
            return None
        return self.last_report.files[0].parent

    def open_output_folder(self) -> None:
        folder = self.output_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _preview_due(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # Qt events processed with no asyncio loop running (some tests): wait for the next change
            return
        self.on_refresh_preview()

    @asyncSlot()
    async def on_refresh_preview(self) -> None:
        await self.refresh_preview()

    async def refresh_preview(self) -> str | None:
        """Show the first record the export would write with the current options (in a worker
        thread: a project whose chats are scanned for personal data takes a moment)."""
        if self.project_path is None:
            self.preview.setPlainText("")
            return None
        self._preview_generation += 1
        generation = self._preview_generation
        options, path = self.options(), self.project_path

        def progress(done: int, total: int) -> None:
            if generation != self._preview_generation:
                raise _PreviewSuperseded

        loop = asyncio.get_running_loop()
        try:
            text = await loop.run_in_executor(None, lambda: preview_first_record(path, options, progress))
        except _PreviewSuperseded:
            return None
        except CorpusmithError as e:
            if generation == self._preview_generation:
                self.preview.setPlainText(self.tr("还不能导出：") + "\n" + str(e))
            return None
        if generation != self._preview_generation:
            return None
        self.preview.setPlainText(text)
        return text

    @asyncSlot()
    async def on_preview_masking(self) -> None:
        await self.preview_masking(self.options())

    async def preview_masking(self, options: ExportOptions) -> MaskingPreview | None:
        """Counts per kind and original → replacement pairs, shown here only (never logged)."""
        if self.project_path is None:
            return None
        from core.messages import current_language

        loop = asyncio.get_running_loop()
        self.mask_preview_button.setEnabled(False)
        try:
            preview = await loop.run_in_executor(None, lambda: masking_preview(self.project_path, options))
        except CorpusmithError as e:
            self.result.setPlainText(str(e))
            return None
        finally:
            self.mask_preview_button.setEnabled(True)
        self.result.setPlainText("\n".join(preview.lines(current_language())))
        return preview

    def cancel(self) -> None:
        self._cancelled = True

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
