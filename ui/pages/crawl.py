"""URL crawl: Bilibili videos → every comment and reply → one dialogue per reply chain.
Crawling, politeness, resume and dialogue building live in core.sources.bilibili."""

from __future__ import annotations

import asyncio
import os

from core.errors import CorpusmithError
from core.messages import Message, code_of, render
from core.sources.bilibili.client import ANONYMOUS_LIMITS, forget_cookies, save_cookies, saved_cookies
from core.sources.bilibili.crawl import CrawlProgress, CrawlReport, crawl_videos, status_message
from core.sources.bilibili.dialogues import DialogueOptions, build_dialogues
from core.sources.bilibili.ids import VideoRef, parse_inputs
from core.sources.bilibili.login import login_status
from core.store import SampleFilter, Store
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.theme import make_primary
from ui.widgets.busy import busy
from ui.widgets.debounce import debouncer
from ui.widgets.qr_login_dialog import QrLoginDialog

COLUMNS = 6  # video, title, status, comments, requests, rate / ETA


class _CrawlEvents:
    def __init__(self, page: CrawlPage):
        self.page = page

    def on_video(self, index: int, total: int, video: VideoRef) -> None:
        self.page.set_row(video, status=QCoreApplication.translate("CrawlPage", "抓取中"))

    def on_progress(self, p: CrawlProgress) -> None:
        self.page.show_progress(p)

    def on_notice(self, video: VideoRef | None, message: Message | str) -> None:
        self.page.notices.appendPlainText((f"[{video.label}] " if video else "") + render(message))
        if code_of(message) == "crawl.cookies_expired":  # said before the crawl: the box offers the QR code
            self.page.cookie_state.setText(
                QCoreApplication.translate("CrawlPage", "登录已过期：请点「扫码登录」重新登录。"))

    def on_video_done(self, report: CrawlReport) -> None:
        self.page.show_done(report)


class CrawlPage(QWidget):
    samples_changed = Signal()
    sources_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Store | None = None
        self._cancel: asyncio.Event | None = None
        self._rows: dict[str, int] = {}

        self.urls = QPlainTextEdit()
        self.urls.setPlaceholderText(self.tr(
            "每行一个：视频链接（www / m.bilibili.com，可带 ?p= 和追踪参数）、b23.tv 短链、BV 号或 av 号"))
        self.urls.setMaximumHeight(120)
        self.url_check = QLabel()
        self.url_check.setWordWrap(True)
        self._check_timer = debouncer(self, 300, self.check_urls)
        self.urls.textChanged.connect(self._check_timer.start)

        self.cookies = QLineEdit()
        self.cookies.setEchoMode(QLineEdit.EchoMode.Password)
        self.cookies.setPlaceholderText(self.tr("粘贴已登录的 bilibili.com 页面的 Cookie（含 SESSDATA）"))
        save = QPushButton(self.tr("保存"))
        save.clicked.connect(self.on_save_cookies)
        forget = QPushButton(self.tr("清除"))
        forget.clicked.connect(self.on_forget_cookies)
        self.cookie_state = QLabel()
        self.cookie_state.setWordWrap(True)
        # QR login first (no browser, no developer tools); pasting cookies stays for experts
        self.qr_button = make_primary(QPushButton(self.tr("扫码登录")))
        self.qr_button.clicked.connect(self.on_qr_login_clicked)
        self.logout_button = QPushButton(self.tr("退出登录"))
        self.logout_button.clicked.connect(self.on_forget_cookies)
        self.qr_dialog: QrLoginDialog | None = None
        login_row = QHBoxLayout()
        login_row.addWidget(self.qr_button)
        login_row.addWidget(self.logout_button)
        login_row.addStretch(1)
        cookie_row = QHBoxLayout()
        cookie_row.addWidget(self.cookies, 1)
        cookie_row.addWidget(save)
        cookie_row.addWidget(forget)
        # core's own note on visitors (the crawl tells it again when it starts): one source for both
        limits = QLabel(render(ANONYMOUS_LIMITS))
        limits.setWordWrap(True)
        cookie_box = QGroupBox(self.tr("登录（可选，保存在系统钥匙串）"))
        cbl = QVBoxLayout(cookie_box)
        cbl.addLayout(login_row)
        cbl.addWidget(self.cookie_state)
        cbl.addWidget(QLabel(self.tr("或者粘贴 Cookie（高级）：")))
        cbl.addLayout(cookie_row)
        cbl.addWidget(limits)

        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(3)
        self.interval = QDoubleSpinBox()
        self.interval.setRange(0.0, 30.0)
        self.interval.setSingleStep(0.5)
        self.interval.setValue(1.0)
        self.start_button = make_primary(QPushButton(self.tr("开始抓取")))
        self.start_button.clicked.connect(self.on_start_clicked)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        opts = QHBoxLayout()
        opts.addWidget(QLabel(self.tr("并发")))
        opts.addWidget(self.concurrency)
        opts.addWidget(QLabel(self.tr("请求最小间隔（秒）")))
        opts.addWidget(self.interval)
        opts.addStretch(1)
        opts.addWidget(self.start_button)
        opts.addWidget(self.cancel_button)

        self.videos = QTableWidget(0, COLUMNS)
        self.videos.setHorizontalHeaderLabels([self.tr("视频"), self.tr("标题"), self.tr("状态"),
                                               self.tr("评论 新增/已存/站点"), self.tr("请求"),
                                               self.tr("速率 / 预计剩余")])
        self.videos.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.videos.verticalHeader().setVisible(False)
        self.videos.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 160, 70, 150, 60)):
            self.videos.setColumnWidth(col, width)
        # the client's pace and why (slowed by a refusal, recovering, as set)
        self.pace = QLabel()
        self.pace.setWordWrap(True)
        self.notices = QPlainTextEdit()
        self.notices.setReadOnly(True)
        self.notices.setMaximumBlockCount(1000)
        self.notices.setPlaceholderText(self.tr("等待、限流、登录状态等提示会显示在这里。"))

        # dialogues
        self.min_turns = QSpinBox()
        self.min_turns.setRange(2, 50)  # one comment alone answers nothing
        self.min_turns.setValue(3)
        self.max_turns = QSpinBox()
        self.max_turns.setRange(0, 200)
        self.max_turns.setValue(20)
        self.max_turns.setSpecialValueText(self.tr("不限"))
        self.emotes = QComboBox()
        self.emotes.addItem(self.tr("去掉表情 [doge]"), "strip")
        self.emotes.addItem(self.tr("保留表情"), "keep")
        self.emotes.addItem(self.tr("表情换成文字"), "map")
        self.keep_names = QCheckBox(self.tr("保留用户昵称（默认匿名为 用户A、用户B…）"))
        # Roles are decided here, not at export: every dialogue starts with the user and ends with
        # the assistant, so every export format keeps it. Only an odd chain needs a choice.
        self.odd_chain = QComboBox()
        self.odd_chain.addItem(self.tr("第一条评论作上文（放进系统提示）"), "context")
        self.odd_chain.addItem(self.tr("去掉第一条评论"), "drop_first")
        self.odd_chain.addItem(self.tr("去掉最后一条回复"), "drop_last")
        self.odd_chain.setToolTip(self.tr(
            "对话总是用户先说、助手收尾，这样每种导出格式都能收下。评论链是奇数轮时：\n"
            "· 第一条评论作上文（默认）：根评论放进系统提示（“上文：用户A：…”），其余回复用户、助手交替，"
            "每条评论都进入导出文件；\n"
            "· 去掉第一条评论：对话从第一条回复开始；\n"
            "· 去掉最后一条回复：对话停在倒数第二条。"))
        self.dialogue_button = QPushButton(self.tr("由评论生成对话"))
        self.dialogue_button.clicked.connect(self.on_dialogues_clicked)
        self.dialogue_result = QPlainTextEdit()
        self.dialogue_result.setReadOnly(True)
        self.dialogue_result.setPlaceholderText(self.tr(
            "每条从根评论到最末回复的链是一段多轮对话：用户先说、助手收尾，轮流交替；奇数轮的链按“奇数轮”一项处理。"))
        dbox = QGroupBox(self.tr("评论 → 多轮对话"))
        df = QFormLayout(dbox)
        df.addRow(self.tr("最少轮数"), self.min_turns)
        df.addRow(self.tr("最多轮数"), self.max_turns)
        df.addRow(self.tr("表情"), self.emotes)
        df.addRow(self.tr("奇数轮"), self.odd_chain)
        df.addRow("", self.keep_names)
        df.addRow("", self.dialogue_button)
        df.addRow(self.dialogue_result)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(self.tr("视频")))
        ll.addWidget(self.urls)
        ll.addWidget(self.url_check)
        ll.addLayout(opts)
        ll.addWidget(self.videos, 2)
        ll.addWidget(self.pace)
        ll.addWidget(self.notices, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(cookie_box)
        rl.addWidget(dbox, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(split)
        self._show_cookie_state()

    # ---- project ------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.videos.setRowCount(0)
        self._rows.clear()
        self.dialogue_result.clear()
        for src in store.sources() if store else []:
            # videos crawled earlier: listed with what is stored, so a re-crawl is a visible choice
            if src["kind"] == "bilibili":
                ref = VideoRef(aid=src["settings"].get("aid", 0), bvid=src["settings"].get("bvid", ""))
                self.set_row(ref, title=src["name"], status=self.tr("已保存"),
                             comments=f"— / {store.count_raw_items(source_id=src['id'])} / ?")

    def running(self) -> bool:
        return self._cancel is not None

    # ---- input --------------------------------------------------------------------------
    def check_urls(self) -> tuple[list[VideoRef], list]:
        refs, errors = parse_inputs(self.urls.toPlainText())
        if errors:
            self.url_check.setText("\n".join("✘ " + render(e.said()) for e in errors))
        elif refs:
            self.url_check.setText(self.tr("✔ {0} 个视频").format(len(refs)))
        else:
            self.url_check.setText("")
        return refs, errors

    def _show_cookie_state(self) -> None:
        try:
            have = bool(saved_cookies())
        except CorpusmithError as e:
            self.cookie_state.setText(str(e))
            return
        self.cookie_state.setText(self.tr("已保存登录 Cookie。") if have else self.tr("未登录：只能抓到部分评论。"))
        self.logout_button.setVisible(have)

    @asyncSlot()
    async def on_qr_login_clicked(self) -> None:
        await self.qr_login()

    async def qr_login(self, api_base: str | None = None, interval: float | None = None) -> bool:
        """The QR dialog (window-modal, not blocking the loop); then who is logged in."""
        if self.qr_dialog is not None:
            return False
        api_base = api_base or os.environ.get("CORPUSMITH_BILIBILI_API")
        self.qr_dialog = QrLoginDialog(self, api_base, interval)
        try:
            result = await self.qr_dialog.run()
        finally:
            self.qr_dialog = None
        if result is None:
            return False
        self.show_login(result.uname)
        return True

    def show_login(self, uname: str) -> None:
        self.cookie_state.setText(self.tr("已登录：{0}").format(uname) if uname else self.tr("已登录。"))
        self.logout_button.setVisible(True)

    async def check_login(self, api_base: str | None = None) -> None:
        """Ask the site whether the saved login still holds (one request; none without cookies)."""
        try:
            status = await login_status(api_base or os.environ.get("CORPUSMITH_BILIBILI_API"))
        except CorpusmithError as e:
            self.cookie_state.setText(render(e.args[0] if e.args else str(e)))
            return
        if status.logged_in:
            self.show_login(status.uname)
        elif status.has_cookies:
            self.cookie_state.setText(self.tr("登录已过期：请点「扫码登录」重新登录。"))

    def on_save_cookies(self) -> None:
        try:
            save_cookies(self.cookies.text())
        except CorpusmithError as e:
            self.cookie_state.setText(str(e))
            return
        self.cookies.clear()
        self._show_cookie_state()

    def on_forget_cookies(self) -> None:
        try:
            forget_cookies()
        except CorpusmithError as e:
            self.cookie_state.setText(str(e))
            return
        self._show_cookie_state()

    # ---- crawling -----------------------------------------------------------------------
    def set_row(self, video: VideoRef, **cells: str) -> int:
        key = video.label
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.videos.rowCount()
            self.videos.insertRow(row)
            self.videos.setItem(row, 0, QTableWidgetItem(video.label))
        for col, name in enumerate(("video", "title", "status", "comments", "requests", "rate"), start=0):
            if name in cells:
                self.videos.setItem(row, col, QTableWidgetItem(cells[name]))
        return row

    def show_progress(self, p: CrawlProgress) -> None:
        expected = "?" if p.expected is None else str(p.expected)
        eta = "—" if p.eta_seconds is None else f"{p.eta_seconds:.0f} s"
        self.set_row(p.video, title=p.title, comments=f"{p.new_comments} / {p.stored} / {expected}",
                     requests=str(p.requests), rate=f"{p.rate:.1f}/s · {eta}")
        if p.pace is not None:
            self.pace.setText(render(p.pace))

    def show_done(self, r: CrawlReport) -> None:
        expected = "?" if r.expected is None else str(r.expected)
        row = self.set_row(r.video, title=r.title, status=render(status_message(r.status)),
                           comments=f"{r.new_comments} / {r.stored} / {expected}", requests=str(r.requests))
        if r.reason:
            reason = render(r.reason)
            self.videos.item(row, 2).setToolTip(reason)
            self.notices.appendPlainText(f"[{r.video.label}] {reason}")

    @asyncSlot()
    async def on_start_clicked(self) -> None:
        await self.crawl()

    async def crawl(self, api_base: str | None = None):
        if self.store is None or self.running():
            return None
        refs, errors = self.check_urls()
        if errors or not refs:
            return None  # every line is checked before anything is fetched
        self._cancel = asyncio.Event()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        try:
            cookies = saved_cookies() or None
        except CorpusmithError:
            cookies = None
        try:
            report = await crawl_videos(
                self.store, refs, api_base=api_base or os.environ.get("CORPUSMITH_BILIBILI_API"),
                concurrency=self.concurrency.value(), min_interval=self.interval.value(), cookies=cookies,
                events=_CrawlEvents(self), cancel=self._cancel)
        finally:
            self._cancel = None
            self.start_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
        self.sources_changed.emit()  # (report.notes already arrived through on_notice)
        return report

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    async def stop(self) -> None:
        self.cancel()
        for _ in range(600):
            if not self.running():
                return
            await asyncio.sleep(0.05)

    # ---- dialogues ----------------------------------------------------------------------
    def dialogue_options(self) -> DialogueOptions:
        return DialogueOptions(min_turns=self.min_turns.value(), max_turns=self.max_turns.value(),
                               emotes=self.emotes.currentData(), keep_names=self.keep_names.isChecked(),
                               odd_chain=self.odd_chain.currentData())

    @asyncSlot()
    async def on_dialogues_clicked(self) -> None:
        await self.build_dialogues()

    async def build_dialogues(self):
        if self.store is None:
            return None
        self.dialogue_button.setEnabled(False)
        try:
            async with busy(self, self.tr("正在由评论生成对话…")):
                report = await asyncio.to_thread(build_dialogues, self.store, None, self.dialogue_options())
        except CorpusmithError as e:
            self.dialogue_result.setPlainText(str(e))
            return None
        finally:
            self.dialogue_button.setEnabled(True)
        self.dialogue_result.setPlainText("\n".join(report.lines() + self._newest_dialogues()))
        self.samples_changed.emit()
        return report

    def _newest_dialogues(self, n: int = 3) -> list[str]:
        """A look at what was built: the newest few dialogues, turn by turn."""
        out: list[str] = []
        roles = {"assistant": self.tr("助手"), "user": self.tr("用户")}
        for sid in list(self.store.query_ids(SampleFilter(kind="dialogue"), "id", True))[:n]:
            s = self.store.get_sample(sid)
            out.append("")
            out.append(self.tr("—— 对话 #{0} ——").format(sid))
            if s.system:  # an odd chain's first comment, as context
                out.append(s.system)
            line = self.tr("{0}（{1}）：{2}")
            out.extend(line.format(t.name or t.role, roles[t.role], t.text) for t in s.turns)
        return out
