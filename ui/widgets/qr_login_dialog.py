"""「扫码登录」: the Bilibili QR code, what the phone is doing in words, a new code when one
expires. The flow and where the cookies go live in core.sources.bilibili.login; this only shows it.
Opened with open() (window-modal, no nested event loop) while the login runs as a task."""

from __future__ import annotations

import asyncio

from core.errors import CorpusmithError
from core.messages import Message, render
from core.sources.bilibili.login import LoginResult, qr_login, qr_png
from ui.qt import QDialog, QHBoxLayout, QLabel, QPushButton, Qt, QtGui, QVBoxLayout


class QrLoginDialog(QDialog):
    def __init__(self, parent=None, api_base: str | None = None, interval: float | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("扫码登录 B 站"))
        self.api_base = api_base
        self.interval = interval
        self.url = ""
        self.result_: LoginResult | None = None
        self._cancel = asyncio.Event()
        self._again = asyncio.Event()
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setMinimumSize(240, 240)
        self.state = QLabel(self.tr("正在获取二维码…"))
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("打开 B 站手机客户端，用“扫一扫”扫描上面的二维码，再在手机上确认。"
                              "登录信息只保存在本机的系统钥匙串里。"))
        hint.setWordWrap(True)
        self.again = QPushButton(self.tr("换一个二维码"))
        self.again.setEnabled(False)
        self.again.clicked.connect(self._again.set)
        close = QPushButton(self.tr("取消"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.state)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.rejected.connect(self._cancel.set)

    def show_code(self, url: str) -> None:
        self.url = url
        pixmap = QtGui.QPixmap()
        pixmap.loadFromData(qr_png(url), "PNG")
        self.code.setPixmap(pixmap)
        self.again.setEnabled(False)

    def show_state(self, state: str, message: Message) -> None:
        self.state.setText(render(message))
        self.again.setEnabled(state == "expired")

    async def run(self) -> LoginResult | None:
        """Show the dialog and log in; a new code each time the user asks after one expired.
        The result once logged in, None when cancelled or the site refused (the words stay shown)."""
        self.open()
        kw = {} if self.interval is None else {"interval": self.interval}
        while not self._cancel.is_set():
            try:
                result = await qr_login(self.api_base, on_code=self.show_code, on_state=self.show_state,
                                        cancel=self._cancel, **kw)
            except CorpusmithError as e:
                self.state.setText(render(e.args[0] if e.args else str(e)))
                return None
            if result.ok:
                self.result_ = result
                self.accept()
                return result
            if result.state != "expired":
                return None
            self._again.clear()
            waiter = asyncio.ensure_future(self._again.wait())
            cancelled = asyncio.ensure_future(self._cancel.wait())
            await asyncio.wait({waiter, cancelled}, return_when=asyncio.FIRST_COMPLETED)
            for task in (waiter, cancelled):
                task.cancel()
        return None
