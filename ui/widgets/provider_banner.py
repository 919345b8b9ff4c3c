"""A line above an LLM page's controls that says, before anyone clicks Run, that no model service
is set up yet — and offers the settings. Hidden as soon as the form is complete."""

from __future__ import annotations

from ui.qt import QHBoxLayout, QLabel, QPushButton, QWidget, Signal


class ProviderBanner(QWidget):
    settings_requested = Signal()

    def __init__(self, form, offer_settings: bool = True, parent=None):
        super().__init__(parent)
        self.form = form
        self.offer_settings = offer_settings
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setProperty("banner", True)
        self.settings_button = QPushButton(self.tr("打开设置…"))
        self.settings_button.clicked.connect(self.settings_requested)
        self.settings_button.setVisible(offer_settings)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.settings_button)
        form.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> str:
        missing = self.form.missing()
        if missing and self.offer_settings:
            self.label.setText(self.tr(
                "尚未配置模型服务（{0}）。这一步要调用大模型：在设置里选服务商、填写 API Key，"
                "再点“测试连接”。审阅和导出不需要模型。"
            ).format(missing))
        elif missing:
            self.label.setText(self.tr("尚未填写要调用的模型（{0}）：在下面填写接口地址和模型名称，"
                                       "本机服务可以不填 API Key。").format(missing))
        self.setVisible(bool(missing))
        return missing
