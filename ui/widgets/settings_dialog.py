"""Settings: interface language and appearance, and the named model services (each with its
connection test). Values go to AppSettings (a JSON file); the API keys go to the keyring."""

from __future__ import annotations

from core.errors import CorpusmithError
from core.settings import AppSettings
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.services_editor import ServicesEditor

GENERAL_TAB, MODEL_TAB = 0, 1


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent=None, tab: int = GENERAL_TAB):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.settings = settings
        self.language = QComboBox()
        # language names are shown in their own language, so anyone can find theirs
        self.language.addItem(self.tr("跟随系统"), "system")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.theme = QComboBox()
        self.theme.addItem(self.tr("跟随系统"), "system")
        self.theme.addItem(self.tr("浅色"), "light")
        self.theme.addItem(self.tr("深色"), "dark")
        self.reopen = QCheckBox(self.tr("启动时打开上次的项目"))
        self.restart_note = QLabel()
        self.restart_note.setWordWrap(True)
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow("", self.restart_note)
        form.addRow(self.tr("外观"), self.theme)
        form.addRow("", self.reopen)

        self.services = ServicesEditor(settings)
        model = QWidget()
        model_layout = QVBoxLayout(model)
        note = QLabel(self.tr(
            "可以存几个模型服务，各起一个名字（如“DeepSeek 便宜”“本地 Ollama”）；生成、群聊抽取和评测页面上"
            "只需选用哪一个。API Key 按服务保存在系统钥匙串，不写入设置文件、项目文件、导出文件或日志。"))
        note.setWordWrap(True)
        model_layout.addWidget(note)
        model_layout.addWidget(self.services, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("常规"))
        self.tabs.addTab(model, self.tr("模型服务"))
        self.tabs.setCurrentIndex(tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        self._select(self.language, settings.language if settings.language in ("zh_CN", "en") else "system")
        self._select(self.theme, settings.theme)
        self.reopen.setChecked(settings.reopen_last_project)
        self.language.currentIndexChanged.connect(self._language_changed)
        self.resize(860, 600)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _language_changed(self) -> None:
        changed = self.language.currentData() != self.settings.language
        self.restart_note.setText(self.tr("重新启动语料匠后生效。") if changed else "")

    def accept(self) -> None:
        """Save the keys first, while the dialog is still open: a name missing or taken twice, or
        a keyring that refuses, is said here, and the dialog stays so nothing typed is lost."""
        if self.services.changed():
            if self.services.problems():
                self.tabs.setCurrentIndex(MODEL_TAB)
                return
            try:
                notice = self.services.save_keys()
            except CorpusmithError as e:
                self.tabs.setCurrentIndex(MODEL_TAB)
                QMessageBox.warning(self, self.tr("API Key 未保存"), str(e))
                return
            if notice:
                QMessageBox.information(self, self.tr("API Key 已保存"), notice)
        super().accept()

    def apply(self) -> dict:
        """Write the choices into the settings; returns what changed ({"language": ..., ...}).
        The model services count only when the user edited them here."""
        changed = {}
        values = {"language": self.language.currentData(), "theme": self.theme.currentData(),
                  "reopen_last_project": self.reopen.isChecked()}
        if self.services.changed():
            values["services"] = self.services.services()
            # the service picked last keeps being picked under its new name
            values["service"] = self.services.renamed_from(self.settings.service) or self.settings.service
        for name, value in values.items():
            if getattr(self.settings, name) != value:
                setattr(self.settings, name, value)
                changed[name] = value
        return changed
