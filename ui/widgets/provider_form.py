"""One model service as Settings edits it: preset, URL, model, key (masked, kept in the keyring
under the service's name), limits, prices, and a connection test that answers in plain words.
Pages do not show this form; they pick a named service (ui/widgets/service_picker.py)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from core.errors import CorpusmithError
from core.llm.client import test_connection
from core.llm.providers import CUSTOM, PRESETS, ProviderSettings, preset
from core.llm.services import ModelService, get_service_key
from core.llm.timeprices import TimePrices, parse_windows, schedule_of
from core.messages import render
from ui.qt import (
    QCheckBox,
    QComboBox,
    QCoreApplication,
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


def preset_label(name: str) -> str:
    """A preset as a user knows it, in the UI language (the name itself is data: the keyring and
    the CLI's --provider use it)."""
    translate = QCoreApplication.translate
    labels = {
        "DeepSeek": translate("ProviderForm", "DeepSeek 深度求索"),
        "Qwen (DashScope)": translate("ProviderForm", "通义千问（阿里云百炼）"),
        "SiliconFlow": translate("ProviderForm", "硅基流动 SiliconFlow"),
        "Zhipu GLM": translate("ProviderForm", "智谱 GLM"),
        "Moonshot": translate("ProviderForm", "月之暗面 Kimi"),
        "iFlytek Spark": translate("ProviderForm", "讯飞星火"),
        "OpenAI": "OpenAI",
        "Ollama": translate("ProviderForm", "Ollama（本机）"),
        "LM Studio": translate("ProviderForm", "LM Studio（本机）"),
        "vLLM": translate("ProviderForm", "vLLM（本机或局域网）"),
        "llama.cpp": translate("ProviderForm", "llama.cpp（本机）"),
        CUSTOM: translate("ProviderForm", "自定义地址"),
    }
    return labels.get(name, name)


def missing_text(settings: ProviderSettings, key: str) -> str:
    """What still has to be filled in before a run can call the model ("" when nothing).
    A key is asked for only where the provider needs one: the cloud presets do; a server on
    this computer or a custom URL (a keyless vLLM on another machine is common) need not.
    When a custom server does want one, the run's first answer says so in plain words."""
    url = settings.base_url.strip()
    if not url:
        return QCoreApplication.translate("ProviderForm", "还没有填写接口地址")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return QCoreApplication.translate("ProviderForm", "接口地址要以 http:// 或 https:// 开头")
    if not settings.model.strip():
        return QCoreApplication.translate("ProviderForm", "还没有填写模型名称")
    chosen = preset(settings.provider) if settings.provider else None
    if not key and chosen is not None and chosen.name != CUSTOM and chosen.needs_key \
            and not is_loopback(parts.hostname):
        return QCoreApplication.translate("ProviderForm", "还没有填写 API Key")
    return ""


class ProviderForm(QWidget):
    changed = Signal()  # URL, model or key edited
    time_prices_edited = Signal()  # the peak windows or their zone edited

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preset = QComboBox()
        for p in PRESETS:
            self.preset.addItem(preset_label(p.name), p.name)
        self.preset.setToolTip(self.tr("国内的服务商在前；Ollama、LM Studio、vLLM、llama.cpp 是装在本机的模型服务，"
                                       "不需要 API Key；其它兼容 OpenAI 接口的服务选“自定义地址”。"))
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
        self._build_time_prices()
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
        form.addRow(self.tr("分时价格"), self.time_row)
        form.addRow("", self.time_note)
        form.addRow("", test_row)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        form.addRow("", self.notice)
        self.concurrency.setToolTip(self.tr("同时发出的请求数。免费或低档账号常限制并发，出现 429 时调小。"))
        self.rpm.setToolTip(self.tr("每分钟最多发多少个请求；服务商有限额时照填，0 表示不限。"))
        self.tpm.setToolTip(self.tr("每分钟最多用多少 token（字词单位，一个汉字约 1～2 个）；0 表示不限。"))
        self.temperature.setToolTip(self.tr("越低回答越稳定，越高越多样。抽取信息用 0～0.3，写作类用 0.7 左右。"))
        self.max_tokens.setToolTip(self.tr("一次回答最多多长（token），太小会被截断。"))
        self.price_in.setToolTip(self.tr("只用来估算费用，照服务商价目表填写；不填则不估算。"))
        self.price_out.setToolTip(self.price_in.toolTip())
        self.preset.currentIndexChanged.connect(self._preset_changed)
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
        self._time_prices = None  # a preset's own peak windows (DeepSeek's), or one price
        self._show_time_prices(TimePrices.from_dict(p.time_prices) if p.time_prices else None)

    # ---- values -------------------------------------------------------------------------
    def settings(self) -> ProviderSettings:
        return ProviderSettings(
            base_url=self.base_url.text().strip(), model=self.model.currentText().strip(),
            temperature=self.temperature.value(), max_tokens=self.max_tokens.value(),
            concurrency=self.concurrency.value(), rpm=self.rpm.value(), tpm=self.tpm.value(),
            timeout=float(self.timeout.value()), price_in_per_m=self.price_in.value(),
            price_out_per_m=self.price_out.value(), provider=self.preset.currentData() or "",
            time_prices=self.time_prices(),
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
        self._time_prices = s.time_prices
        self._show_time_prices(schedule_of(s))

    def set_service(self, service: ModelService, key: str | None = None) -> None:
        """Show `service`, with `key` (default: the one kept for it in the keyring)."""
        self.set_settings(service.settings)
        self.test_result.clear()
        self.notice.clear()
        if key is None:
            try:
                key = get_service_key(service) or ""
            except CorpusmithError as e:
                key = ""
                self.notice.setText(str(e))
        self.api_key.setText(key)

    def key(self) -> str:
        return self.api_key.text().strip()

    # ---- time-of-day prices --------------------------------------------------------------
    def _build_time_prices(self) -> None:
        """Peak windows as a line a person writes ("09:00-12:00 x2, 14:00-18:00 x2") in a time
        zone; the preset fills them in (DeepSeek's), the user edits or empties them."""
        self._time_prices: dict | None = None  # the service's own value when shown (None: the preset's)
        self.time_windows = QLineEdit()
        self.time_windows.setPlaceholderText(self.tr("全天一个价；有高峰价时写 09:00-12:00 x2, 14:00-18:00 x2"))
        self.time_windows.setToolTip(self.tr(
            "这些时段的价格是上面所填价格的倍数（x2 = 两倍，x0.5 = 半价），其余时间按上面的价格。"
            "用来估算费用、给每次请求按当时的价格记账，以及“在低价时段运行”。"))
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(["Asia/Shanghai", "UTC+8", "Asia/Tokyo", "Europe/London", "America/Los_Angeles", "UTC"])
        self.time_zone.setToolTip(self.tr("时段按哪个时区的钟点算：时区名（如 Asia/Shanghai）或 UTC+8"))
        self.time_row = QWidget()
        row = QHBoxLayout(self.time_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.time_windows, 1)
        row.addWidget(self.time_zone)
        self.time_note = QLabel()
        self.time_note.setWordWrap(True)
        self.time_windows.textChanged.connect(self._time_prices_changed)
        self.time_zone.currentTextChanged.connect(self._time_prices_changed)

    def _show_time_prices(self, schedule: TimePrices | None) -> None:
        for w in (self.time_windows, self.time_zone):
            w.blockSignals(True)
        self.time_windows.setText(schedule.window_text() if schedule is not None else "")
        self.time_zone.setEditText(schedule.tz if schedule is not None else "Asia/Shanghai")
        for w in (self.time_windows, self.time_zone):
            w.blockSignals(False)
        self._check_time_prices()

    def _time_prices_changed(self) -> None:
        self._check_time_prices()
        self.time_prices_edited.emit()

    def _read_time_prices(self) -> dict:
        """The fields as settings data ({} = one price all day); InputError when unreadable."""
        if not self.time_windows.text().strip():
            return {}
        windows = parse_windows(self.time_windows.text())
        return TimePrices.from_dict({"tz": self.time_zone.currentText().strip(),
                                     "windows": [w.to_dict() for w in windows]}).to_dict()

    def _check_time_prices(self) -> None:
        try:
            data = self._read_time_prices()
        except CorpusmithError as e:
            self.time_note.setText(self.tr("✘ {0}（改好之前不会保存）").format(e))
            return
        if not data:
            self.time_note.setText("")
            return
        self.time_note.setText(self.tr("上面的价格在这些时段乘以倍数，其余时间照原价；可在“生成”页选“在低价时段运行”。"))

    def time_prices(self) -> dict | None:
        """What the service keeps: None while the fields show the preset's own windows (they then
        follow the preset), else the fields' value; unreadable fields keep what it had."""
        try:
            data = self._read_time_prices()
        except CorpusmithError:
            return self._time_prices
        p = preset(self.preset.currentData() or "")
        own = p.time_prices if p is not None else None
        if own and data and TimePrices.from_dict(own) == TimePrices.from_dict(data):
            return None
        if not own and not data:
            return None
        return data

    def missing(self) -> str:
        return missing_text(self.settings(), self.key())

    @asyncSlot()
    async def on_test(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("正在连接…"))
        try:
            ok, message = await test_connection(self.settings(), self.key() or None)
        finally:
            self.test_button.setEnabled(True)
        self.test_result.setText(("✔ " if ok else "✘ ") + render(message))
