"""Export: choose a format and options, write the file(s), show exactly what was written."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.errors import CorpusmithError
from core.export import ExportOptions, ExportReport, export_samples
from core.export.writer import MaskingPreview, masking_preview
from ui import jargon
from ui.qt import (
    QCheckBox,
    QComboBox,
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
    QVBoxLayout,
    QWidget,
    asyncSlot,
)
from ui.theme import make_primary


class ExportCancelled(CorpusmithError):
    pass


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
        form.addRow("", self.jsonl)
        form.addRow(self.tr("范围"), scope)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("测试集比例"), self.test_ratio)
        form.addRow(self.tr("随机种子"), self.seed)
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
        form.addRow(self.tr("每行长度上限"), cap_row)
        form.addRow(self.tr("重复行直到（明确标注）"), self.repeat_to)
        form.addRow(self.tr("输出文件"), out_row)
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.export_button.setMinimumWidth(140)
        row.addWidget(self.export_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("结果")))
        layout.addWidget(self.result, 1)
        self.last_report: ExportReport | None = None

    def set_project(self, path: Path | None) -> None:
        self.project_path = path
        self.export_button.setEnabled(path is not None)
        if path is not None and not self.out.text():
            self.out.setText(str(path.with_name(path.stem + "_alpaca.json")))

    def _suffix(self) -> str:
        fmt = self.format.currentData()
        return ".csv" if fmt == "csv" else (".jsonl" if self.jsonl.isChecked() else ".json")

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.jsonl.setEnabled(fmt != "csv")
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
            dataset_info=self.dataset_info.isChecked(),
            char_cap=self.char_cap.value(),
            over_cap="skip" if self.skip_over_cap.isChecked() else "keep",
            repeat_to=self.repeat_to.value(),
            mask=self.mask.currentData(),
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

        def progress(done: int, total: int) -> None:
            if self._cancelled:  # raised inside the writer: its temp files are removed
                raise ExportCancelled(self.tr("已取消导出"))
            loop.call_soon_threadsafe(self._show_progress, done, total)

        try:
            report = await loop.run_in_executor(
                None, lambda: export_samples(self.project_path, options, progress=progress)
            )
        except CorpusmithError as e:
            self.result.setPlainText(self.tr("导出失败，没有写入任何文件：") + "\n" + str(e))
            return None
        finally:
            self.export_button.setEnabled(True)
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self._cancelled = False
        lines = [report.summary()]
        lines += [self.tr("跳过 #{0}：{1}").format(i, why) for i, why in report.skipped[:200]]
        lines += [self.tr("修复 #{0}：{1}").format(i, what) for i, what in report.repaired[:200]]
        lines += [self.tr("超长 #{0}：{1} 字").format(i, n) for i, n in report.over_cap[:200]]
        self.result.setPlainText("\n".join(lines))
        self.last_report = report
        return report

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
