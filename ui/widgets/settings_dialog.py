"""Settings: interface language and appearance, and the default model service (with its
connection test). Values go to AppSettings (a JSON file); the API key goes to the keyring."""

from __future__ import annotations

from core.errors import CorpusmithError
from core.llm.providers import ProviderSettings
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
from ui.widgets.provider_form import ProviderForm

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

        self.provider = ProviderForm(remember_on_test=False)
        if settings.llm:
            self.provider.set_settings(ProviderSettings.from_dict(settings.llm))
        # Only what the user touches on this tab is applied: opening Settings and pressing OK
        # must not push the form's defaults over what the pages hold.
        self.provider_edited = False
        form = self.provider
        for signal in (form.preset.activated, form.base_url.textChanged, form.model.currentTextChanged,
                       form.api_key.textChanged, *(w.valueChanged for w in (
                           form.concurrency, form.rpm, form.tpm, form.timeout, form.max_tokens,
                           form.temperature, form.price_in, form.price_out))):
            signal.connect(self._mark_provider_edited)
        model = QWidget()
        model_layout = QVBoxLayout(model)
        model_layout.addWidget(QLabel(self.tr(
            "生成和群聊抽取默认使用这里的模型服务；在“生成”页修改后运行，也会记为默认。"
            "API Key 保存在系统钥匙串，不写入项目文件、导出文件或日志。")))
        model_layout.itemAt(0).widget().setWordWrap(True)
        model_layout.addWidget(self.provider)
        model_layout.addStretch(1)

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
        self.resize(720, 560)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _language_changed(self) -> None:
        changed = self.language.currentData() != self.settings.language
        self.restart_note.setText(self.tr("重新启动语料匠后生效。") if changed else "")

    def _mark_provider_edited(self, *_args) -> None:
        self.provider_edited = True

    def accept(self) -> None:
        """Save the key first, while the dialog is still open: a keyring that refuses is said
        here, and the dialog stays so nothing typed is lost."""
        if self.provider_edited:
            try:
                notice = self.provider.save_key()
            except CorpusmithError as e:
                QMessageBox.warning(self, self.tr("API Key 未保存"), str(e))
                return
            if notice:
                QMessageBox.information(self, self.tr("API Key 已保存"), notice)
        super().accept()

    def apply(self) -> dict:
        """Write the choices into the settings; returns what changed ({"language": ..., ...}).
        The model service counts only when the user edited it here."""
        changed = {}
        values = {"language": self.language.currentData(), "theme": self.theme.currentData(),
                  "reopen_last_project": self.reopen.isChecked()}
        if self.provider_edited:
            values["llm"] = self.provider.settings().to_dict()
        for name, value in values.items():
            if getattr(self.settings, name) != value:
                setattr(self.settings, name, value)
                changed[name] = value
        return changed
