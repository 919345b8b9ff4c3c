"""Which LLM to call and how hard: preset, URL, model, key (masked, kept in the keyring), limits,
prices, and a connection test that answers in plain words."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from core.errors import CorpusmithError
from core.llm.client import test_connection
from core.llm.providers import CUSTOM, PRESETS, ProviderSettings, key_name, preset
from core.llm.secrets import get_api_key, secrets_backend_notice, set_api_key
from core.messages import render
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
    Signal,
    asyncSlot,
)


def is_loopback(host: str) -> bool:
    """localhost, 127.x.x.x, ::1: a server on this computer."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ProviderForm(QWidget):
    changed = Signal()  # URL, model or key edited: pages re-check whether a run can start

    def __init__(self, parent=None, remember_on_test: bool = True):
        super().__init__(parent)
        # pages keep a key that passed the test; the Settings dialog saves only on OK
        self.remember_on_test = remember_on_test
        self.preset = QComboBox()
        for p in PRESETS:
            self.preset.addItem(self.tr("自定义") if p.name == CUSTOM else p.name, p.name)
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("https://…/v1")
        self.model = QComboBox()
        self.model.setEditable(True)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(self.tr("API Key（保存在系统钥匙串，不写入项目文件）"))
        self.show_key = QCheckBox(self.tr("显示"))
        self.show_key.toggled.connect(
            lambda on: self.api_key.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        )
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(self.show_key)
        self.concurrency = self._spin(1, 256, 8)
        self.rpm = self._spin(0, 100_000, 0, self.tr("不限"))
        self.tpm = self._spin(0, 100_000_000, 0, self.tr("不限"))
        self.timeout = self._spin(5, 600, 60)
        self.max_tokens = self._spin(16, 32768, 1024)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.7)
        self.price_in = self._price()
        self.price_out = self._price()
        prices = QHBoxLayout()
        prices.addWidget(QLabel(self.tr("输入")))
        prices.addWidget(self.price_in)
        prices.addWidget(QLabel(self.tr("输出")))
        prices.addWidget(self.price_out)
        limits = QHBoxLayout()
        for label, w in ((self.tr("并发"), self.concurrency), (self.tr("每分钟请求"), self.rpm),
                         (self.tr("每分钟 token"), self.tpm)):
            limits.addWidget(QLabel(label))
            limits.addWidget(w)
        gen = QHBoxLayout()
        for label, w in ((self.tr("温度"), self.temperature), (self.tr("最大输出 token"), self.max_tokens),
                         (self.tr("超时（秒）"), self.timeout)):
            gen.addWidget(QLabel(label))
            gen.addWidget(w)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(self.on_test)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("服务商"), self.preset)
        form.addRow(self.tr("接口地址"), self.base_url)
        form.addRow(self.tr("模型"), self.model)
        form.addRow(self.tr("API Key"), key_row)
        form.addRow(self.tr("限速"), limits)
        form.addRow(self.tr("生成"), gen)
        form.addRow(self.tr("价格（每百万 token）"), prices)
        form.addRow("", test_row)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        form.addRow("", self.notice)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self._loaded_key_for: str | None = None
        self._preset_changed()
        self.base_url.textChanged.connect(self.changed)
        self.model.currentTextChanged.connect(self.changed)
        self.api_key.textChanged.connect(self.changed)

    @staticmethod
    def _spin(lo: int, hi: int, value: int, special: str = "") -> QSpinBox:
        s = QSpinBox()
        s.setRange(lo, hi)
        s.setValue(value)
        if special:
            s.setSpecialValueText(special)
        return s

    @staticmethod
    def _price() -> QDoubleSpinBox:
        s = QDoubleSpinBox()
        s.setRange(0.0, 10_000.0)
        s.setDecimals(3)
        return s

    def _preset_changed(self) -> None:
        p = preset(self.preset.currentData())
        if p is None:
            return
        if p.base_url or p.name != CUSTOM:
            self.base_url.setText(p.base_url)
        current = self.model.currentText()
        self.model.clear()
        self.model.addItems(list(p.models))
        if current and current not in p.models and p.name == CUSTOM:
            self.model.setEditText(current)
        self._load_key()

    def _load_key(self) -> None:
        name = key_name(self.settings())
        if name == self._loaded_key_for:
            return
        self._loaded_key_for = name
        try:
            self.api_key.setText(get_api_key(name) or "")
        except CorpusmithError as e:
            self.notice.setText(str(e))

    # ---- values -------------------------------------------------------------------------
    def settings(self) -> ProviderSettings:
        return ProviderSettings(
            base_url=self.base_url.text().strip(), model=self.model.currentText().strip(),
            temperature=self.temperature.value(), max_tokens=self.max_tokens.value(),
            concurrency=self.concurrency.value(), rpm=self.rpm.value(), tpm=self.tpm.value(),
            timeout=float(self.timeout.value()), price_in_per_m=self.price_in.value(),
            price_out_per_m=self.price_out.value(), provider=self.preset.currentData() or "",
        )

    def set_settings(self, s: ProviderSettings) -> None:
        idx = self.preset.findData(s.provider or CUSTOM)
        self.preset.setCurrentIndex(max(0, idx))
        self.base_url.setText(s.base_url)
        self.model.setEditText(s.model)
        self.temperature.setValue(s.temperature)
        self.max_tokens.setValue(s.max_tokens)
        self.concurrency.setValue(s.concurrency)
        self.rpm.setValue(s.rpm)
        self.tpm.setValue(s.tpm)
        self.timeout.setValue(int(s.timeout))
        self.price_in.setValue(s.price_in_per_m)
        self.price_out.setValue(s.price_out_per_m)
        self._loaded_key_for = None
        self._load_key()

    def key(self) -> str:
        return self.api_key.text().strip()

    def missing(self) -> str:
        """What still has to be filled in before a run can call the model ("" when nothing).
        A key is asked for only where the provider needs one: the cloud presets do; a server on
        this computer or a custom URL (a keyless vLLM on another machine is common) need not.
        When a custom server does want one, the run's first answer says so in plain words."""
        url = self.base_url.text().strip()
        if not url:
            return self.tr("还没有填写接口地址")
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return self.tr("接口地址要以 http:// 或 https:// 开头")
        if not self.model.currentText().strip():
            return self.tr("还没有填写模型名称")
        chosen = preset(self.preset.currentData())
        if not self.key() and chosen is not None and chosen.name != CUSTOM and chosen.needs_key \
                and not is_loopback(parts.hostname):
            return self.tr("还没有填写 API Key")
        return ""

    def remember_key(self) -> None:
        """Keep the key in the keyring (or the user-only fallback file, with a notice)."""
        key = self.key()
        if not key:
            return
        try:
            set_api_key(key_name(self.settings()), key)
            self.notice.setText(secrets_backend_notice() or "")
        except CorpusmithError as e:
            self.notice.setText(str(e))

    def save_key(self) -> str:
        """The Settings dialog's OK: store the key as typed — an emptied field forgets the stored
        one. Raises CorpusmithError (the keyring refused) for the dialog to show; returns the
        notice to show, if any (keys went to the fallback file)."""
        name = key_name(self.settings())
        if self.key() or get_api_key(name):
            set_api_key(name, self.key())  # an empty key deletes
        return secrets_backend_notice() or ""

    @asyncSlot()
    async def on_test(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("正在连接…"))
        try:
            ok, message = await test_connection(self.settings(), self.key() or None)
        finally:
            self.test_button.setEnabled(True)
        self.test_result.setText(("✔ " if ok else "✘ ") + render(message))
        if ok and self.remember_on_test:
            self.remember_key()
