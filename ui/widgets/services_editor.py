"""Settings → model services: the user's named services in a list (add, rename, remove) and the
chosen one's connection in a form with its test. Nothing is written until the dialog's OK: then
:meth:`ServicesEditor.save_keys` puts each touched key in the keyring under its service's name and
:meth:`ServicesEditor.services` gives the list for the settings file (which never holds a key)."""

from __future__ import annotations

from dataclasses import dataclass

from core.llm.providers import DEFAULT_PRESET, ProviderSettings
from core.llm.secrets import secrets_backend_notice
from core.llm.services import (
    MAX_NAME_CHARS,
    ModelService,
    forget_service_key,
    get_service_key,
    set_service_key,
    unique_name,
)
from core.settings import AppSettings
from ui.qt import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget
from ui.widgets.provider_form import ProviderForm, preset_label


@dataclass
class _Entry:
    original: str | None  # its name when the dialog opened (None: added here)
    service: ModelService
    key: str | None = None  # the key as shown in the form (None: never shown, unchanged)
    edited: bool = False
    auto_named: bool = False  # added here and not named by the user: the name follows the preset


class ServicesEditor(QWidget):
    def __init__(self, app_settings: AppSettings, parent=None):
        super().__init__(parent)
        self.entries = [_Entry(s.name, s) for s in app_settings.model_services()]
        self.removed: list[str] = []  # names from the settings the user removed here
        self._loading = False
        self.list = QListWidget()
        self.list.setMaximumWidth(200)
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setToolTip(self.tr("再存一个服务，比如便宜的云端模型和本机的 Ollama 各一个，"
                                           "在各页面一键切换。"))
        self.add_button.clicked.connect(lambda: self.add_service())
        self.remove_button = QPushButton(self.tr("删除"))
        self.remove_button.clicked.connect(self.remove_current)
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_CHARS)
        self.name.setPlaceholderText(self.tr("起个好认的名字，如“DeepSeek 便宜”“本地 Ollama”"))
        self.name.textChanged.connect(self._renamed)
        self.form = ProviderForm()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("banner", True)
        self.problem.hide()
        form = self.form
        # (connected after the form's own handlers: a preset's URL and models are in when these run)
        form.preset.currentIndexChanged.connect(self._preset_chosen)
        for signal in (form.preset.currentIndexChanged, form.base_url.textChanged, form.model.currentTextChanged,
                       form.api_key.textChanged, *(w.valueChanged for w in (
                           form.concurrency, form.rpm, form.tpm, form.timeout, form.max_tokens,
                           form.temperature, form.price_in, form.price_out))):
            signal.connect(self._edited)
        form.time_prices_edited.connect(self._edited)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(self.tr("名称")))
        name_row.addWidget(self.name, 1)
        right = QVBoxLayout()
        right.addLayout(name_row)
        right.addWidget(self.form)
        right.addWidget(self.problem)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left)
        row.addLayout(right, 1)

        for e in self.entries:
            self.list.addItem(e.service.name)
        self.list.currentRowChanged.connect(self._show)
        names = [e.service.name for e in self.entries]
        self.list.setCurrentRow(names.index(app_settings.service) if app_settings.service in names else 0)
        self._update_buttons()

    # ---- the list ------------------------------------------------------------------------------
    def current(self) -> _Entry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        self._loading = True
        try:
            self.name.setText(e.service.name)
            self.form.set_service(e.service, e.key)
            e.key = self.form.key()
        finally:
            self._loading = False

    def _edited(self, *_args) -> None:
        e = self.current()
        if e is None or self._loading:
            return
        old = e.service.settings
        new = self.form.settings()
        new.json_mode, new.extra = old.json_mode, old.extra  # options this form does not show
        e.service.settings = new
        e.key = self.form.key()
        e.edited = True

    def _renamed(self, text: str) -> None:
        e = self.current()
        if e is None or self._loading:
            return
        e.service.name = text.strip()
        e.edited = True
        e.auto_named = False
        self.list.currentItem().setText(e.service.name or "…")

    def _preset_chosen(self) -> None:
        e = self.current()
        if e is None or not e.auto_named or self._loading:
            return
        taken = {x.service.name for x in self.entries if x is not e}
        e.service.name = unique_name(preset_label(self.form.preset.currentData()), taken)
        self._loading = True
        try:
            self.name.setText(e.service.name)
        finally:
            self._loading = False
        self.list.currentItem().setText(e.service.name)

    def add_service(self, preset_name: str = DEFAULT_PRESET) -> ModelService:
        """A new service on a preset (DeepSeek unless told), named so it is told apart; the name
        field is ready to be typed over."""
        settings = ProviderSettings.from_preset(preset_name)
        name = unique_name(preset_label(preset_name), {e.service.name for e in self.entries})
        entry = _Entry(None, ModelService(name, settings), key="", edited=True, auto_named=True)
        self.entries.append(entry)
        self.list.addItem(name)
        self.list.setCurrentRow(len(self.entries) - 1)
        self.name.setFocus()
        self.name.selectAll()
        self._update_buttons()
        return entry.service

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if len(self.entries) <= 1 or not 0 <= row < len(self.entries):
            return  # a page always has a service to show (and the banner says what it lacks)
        e = self.entries.pop(row)
        if e.original is not None:
            self.removed.append(e.original)
        self.list.takeItem(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(len(self.entries) > 1)

    # ---- OK ------------------------------------------------------------------------------------
    def changed(self) -> bool:
        return bool(self.removed) or any(e.edited or e.original is None for e in self.entries)

    def problems(self) -> str:
        """Why the services cannot be saved as they are ("" when they can); shown in the tab."""
        names = [e.service.name for e in self.entries]
        if any(not n for n in names):
            text = self.tr("每个模型服务都要有名称。")
        elif len(set(names)) < len(names):
            dup = next(n for n in names if names.count(n) > 1)
            text = self.tr("已经有一个叫“{0}”的服务，请换个名称。").format(dup)
        else:
            text = ""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        return text

    def save_keys(self) -> str:
        """Keys of the services touched here into the keyring under their (new) names; the keys of
        removed services are forgotten. Raises CorpusmithError when the keyring refuses; returns
        the notice to show (keys went to the fallback file), if any."""
        kept = {e.service.name for e in self.entries}
        for name in self.removed:
            if name not in kept:
                forget_service_key(name)
        for e in self.entries:
            if not e.edited:
                continue
            renamed = e.original is not None and e.original != e.service.name
            key = e.key
            if key is None:  # renamed without being shown: the key moves with the name
                key = get_service_key(ModelService(e.original or e.service.name, e.service.settings,
                                                   e.service.legacy_key)) or ""
            set_service_key(e.service.name, key)
            e.service.legacy_key = ""  # its own key (or none, as the user asked) from now on
            if renamed and e.original not in kept:
                forget_service_key(e.original)
        return secrets_backend_notice() or ""

    def services(self) -> list[dict]:
        return [e.service.to_dict() for e in self.entries]

    def renamed_from(self, old: str) -> str | None:
        """The name now of the service called `old` when the dialog opened (None: removed)."""
        for e in self.entries:
            if e.original == old:
                return e.service.name
        return None
