"""One line on a page that calls a model: which of the user's named model services to use, what it
is (model · server), and "更改…" to open Settings on the model tab. The services themselves —
URL, key, limits, temperature, prices — are edited only in Settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from core.errors import CorpusmithError
from core.llm.providers import ProviderSettings
from core.llm.services import ModelService, find_service, get_service_key
from core.settings import AppSettings
from ui.qt import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget, Signal
from ui.widgets.provider_form import missing_text


class ServicePicker(QWidget):
    changed = Signal()  # another service chosen, or the services changed in Settings
    settings_requested = Signal()  # "更改…": open Settings on the model tab

    def __init__(self, app_settings: AppSettings, label: str | None = None, parent=None):
        super().__init__(parent)
        self.app_settings = app_settings
        self._services: list[ModelService] = []
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip(self.tr("在“设置 → 模型服务”里添加的服务，可以为不同用途各存一个"
                                      "（如便宜的云端模型、本机的 Ollama）。"))
        self.summary = QLabel()
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the page
        self.change_button = QPushButton(self.tr("更改…"))
        self.change_button.setToolTip(self.tr("打开设置，添加或修改模型服务（接口地址、API Key、并发、价格等）"))
        self.change_button.clicked.connect(self.settings_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(label if label is not None else self.tr("模型服务")))
        row.addWidget(self.combo)
        row.addWidget(self.summary, 1)
        row.addWidget(self.change_button)
        self.reload()
        self.combo.currentIndexChanged.connect(self._chosen)

    def reload(self) -> None:
        """Read the services from the settings again, keeping the one chosen here if it still
        exists (else the one picked last on any page)."""
        current = self.combo.currentData()
        self._services = self.app_settings.model_services()
        self.combo.blockSignals(True)
        self.combo.clear()
        for s in self._services:
            self.combo.addItem(s.name, s.name)
        for name in (current, self.app_settings.service):
            i = self.combo.findData(name) if name else -1
            if i >= 0:
                self.combo.setCurrentIndex(i)
                break
        self.combo.blockSignals(False)
        self._show_summary()
        self.changed.emit()

    def _chosen(self) -> None:
        if self.combo.currentData():
            self.app_settings.service = self.combo.currentData()  # the next page opened starts there
        self._show_summary()
        self.changed.emit()

    def _show_summary(self) -> None:
        s = self.service()
        if s is None:
            self.summary.clear()
            return
        host = urlsplit(s.settings.base_url).hostname or s.settings.base_url
        self.summary.setText(f"{s.settings.model} · {host}")
        self.summary.setToolTip(s.settings.base_url)

    # ---- what a page reads -------------------------------------------------------------------
    def name(self) -> str:
        return self.combo.currentData() or ""

    def select(self, name: str) -> bool:
        i = self.combo.findData(name)
        if i >= 0:
            self.combo.setCurrentIndex(i)
        return i >= 0

    def service(self) -> ModelService | None:
        return find_service(self._services, self.name())

    def settings(self) -> ProviderSettings:
        """A copy of the chosen service's settings (a run keeps its own, whatever changes later)."""
        s = self.service()
        if s is None:
            return ProviderSettings(base_url="", model="")
        return ProviderSettings.from_dict(s.settings.to_dict())

    def key(self) -> str:
        s = self.service()
        if s is None:
            return ""
        try:
            return get_service_key(s) or ""
        except CorpusmithError:
            return ""  # the run's first answer (or Settings) says the keyring's trouble

    def missing(self) -> str:
        if self.service() is None:
            return self.tr("还没有模型服务")
        return missing_text(self.settings(), self.key())
