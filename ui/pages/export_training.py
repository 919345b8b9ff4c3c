"""Export → 训练配置: a trainer, a base model and a method; the export then also writes the trainer's
config, a run script and a README beside the data (core.export.training), and the one command to
run is shown to copy. 在线微调… opens the provider fine-tuning dialog with the exported file.

Both are used less than the export itself, so they are not spread over the page (which has to fit
a laptop screen): the page has a 训练 row with 「训练配置…」 and 「在线微调…」, and a line under it
saying what the export will add. The choices are in this non-modal dialog, so the page's format can be changed
with it open and its check is seen at once."""

from __future__ import annotations

from pathlib import Path

from core.errors import ExportError
from core.export import ExportReport, export_samples
from core.export.base_models import BASE_MODELS, DEFAULT_BASE_MODEL
from core.export.training import (
    METHOD_LABELS,
    TRAINER_LABELS,
    TrainingHandoff,
    TrainingOptions,
    check_training,
    write_training_config,
)
from ui.qt import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
)


class TrainingBox(QDialog):
    """The 训练配置 dialog box, owned by the Export page (its widgets live as long as the page)."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page  # the Export page: its format and dataset_info choices decide what can be written
        self.setWindowTitle(self.tr("训练配置"))
        self.setMinimumWidth(640)
        self.enabled = QCheckBox(self.tr("导出时同时写训练配置、运行脚本和说明"))
        self.trainer = QComboBox()
        self.trainer.addItem(self.tr("LLaMA-Factory（YAML）"), "llamafactory")
        self.trainer.addItem(self.tr("XTuner（Python 配置）"), "xtuner")
        self.base_model = QComboBox()
        for m in BASE_MODELS:
            self.base_model.addItem(m.label, m.key)
            self.base_model.setItemData(self.base_model.count() - 1, m.hub_id, Qt.ItemDataRole.ToolTipRole)
        self.base_model.setCurrentIndex(self.base_model.findData(DEFAULT_BASE_MODEL))
        self.method = QComboBox()
        self.method.addItem(self.tr("LoRA（默认）"), "lora")
        self.method.addItem(self.tr("QLoRA（4 位量化，更省显存）"), "qlora")
        self.method.addItem(self.tr("全参数微调"), "full")
        self.status = QLabel()  # why the config cannot go with this export, or what it will be
        self.status.setWordWrap(True)
        self.command = QLineEdit()
        self.command.setReadOnly(True)
        self.command.setPlaceholderText(self.tr("导出后，这里显示运行训练的命令。"))
        self.copy_button = QPushButton(self.tr("复制命令"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_command)
        # shown on the Export page, in its 训练 row (made here: they speak for this box)
        self.summary = QLabel()  # what the export will add, or why it cannot
        self.summary.setWordWrap(True)
        self.finetune_button = QPushButton(self.tr("在线微调…"))
        self.finetune_button.setToolTip(self.tr("把 OpenAI messages 格式（JSON Lines）的导出上传到服务方，创建微调任务并查看进度。"))
        self.finetune_button.clicked.connect(self.open_finetune)
        command_row = QHBoxLayout()
        command_row.addWidget(self.command, 1)
        command_row.addWidget(self.copy_button)
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("训练框架"), self.trainer)
        form.addRow(self.tr("基础模型"), self.base_model)
        form.addRow(self.tr("方式"), self.method)
        form.addRow("", self.status)
        form.addRow(self.tr("命令"), command_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.handoff: TrainingHandoff | None = None
        self._wanted: TrainingOptions | None = None
        for signal in (self.enabled.toggled, self.trainer.currentIndexChanged, self.base_model.currentIndexChanged,
                       self.method.currentIndexChanged, page.format.currentIndexChanged, page.dataset_info.toggled,
                       page.jsonl.toggled):
            signal.connect(self.refresh)
        self.refresh()

    def show_box(self) -> None:
        """Open (or bring forward) the dialog without blocking the page."""
        self.show()
        self.raise_()
        self.activateWindow()

    def options(self) -> TrainingOptions | None:
        if not self.enabled.isChecked():
            return None
        return TrainingOptions(self.trainer.currentData(), self.base_model.currentData(), self.method.currentData())

    def refresh(self, *_args) -> None:
        on = self.enabled.isChecked()
        for w in (self.trainer, self.base_model, self.method):
            w.setEnabled(on)
        m = next(x for x in BASE_MODELS if x.key == self.base_model.currentData())
        template = m.template if self.trainer.currentData() == "llamafactory" else (m.xtuner_template or "—")
        self.base_model.setToolTip(self.tr("{0}，对话模板 {1}，约 {2}B 参数").format(m.hub_id, template, f"{m.params_b:g}"))
        if not on:
            self.status.setText("")
            self.summary.setText(self.tr("导出时不写训练配置。"))
            return
        try:
            check_training(self.options(), self.page.options())
        except ExportError as e:
            self.status.setText(str(e))
            self.summary.setText("⚠ " + str(e))
        else:
            self.status.setText(self.tr("模板 {0}；导出后写在数据旁边。").format(template))
            method = self.method.currentData()
            self.summary.setText(self.tr("导出时同时写 {0} 训练配置：{1}，{2}。").format(
                TRAINER_LABELS[self.trainer.currentData()], m.label,
                self.tr("全参数微调") if method == "full" else METHOD_LABELS[method]))

    # ---- the export (a worker thread runs run()) ------------------------------------------------
    def prepare(self) -> None:
        """On the GUI thread, before the export: what to write, read from the widgets."""
        self._wanted = self.options()
        self.handoff = None

    def run(self, project: Path, options, progress) -> ExportReport:
        """Check, export, write the config (in the export's worker thread): a config that cannot be
        written stops the export before anything is written."""
        wanted = self._wanted
        if wanted is not None:
            check_training(wanted, options)
        report = export_samples(project, options, progress=progress)
        if wanted is not None:
            self.handoff = write_training_config(report, options, wanted)
        return report

    def show_result(self, result) -> None:
        """After the export: the config's lines under the report, and the command to copy."""
        if self.handoff is None:
            return
        result.appendPlainText("\n" + "\n".join(self.handoff.lines()))
        self.command.setText(self.handoff.command)
        self.copy_button.setEnabled(True)

    def copy_command(self) -> None:
        QApplication.clipboard().setText(self.command.text())

    # ---- provider fine-tuning --------------------------------------------------------------------
    def exported_messages_file(self) -> Path | None:
        """The last export's training file when it is OpenAI messages in JSON Lines."""
        report, options = self.page.last_report, getattr(self.page, "last_options", None)
        if report is None or not report.files or options is None:
            return None
        if options.format == "openai" and options.jsonl:
            return report.files[0]
        return None

    def open_finetune(self):
        from ui.widgets.finetune_dialog import FinetuneDialog

        if self.page.project_path is None:
            return None
        window = self.page.window()  # the main window (this box is a window of its own)
        dialog = FinetuneDialog(self.page.project_path, getattr(window, "settings", None),
                                self.exported_messages_file(), parent=self.page)
        if hasattr(window, "open_settings"):
            from ui.widgets.settings_dialog import MODEL_TAB

            dialog.settings_requested.connect(lambda: window.open_settings(MODEL_TAB))
        dialog.show()
        return dialog

