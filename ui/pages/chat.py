"""Group chat: import chat exports (with a preview and clean-up counts), read a chat, and turn chats
into extraction samples, dialogues, a test set and scored predictions. The work is in
core.sources.chats and core.flows.{extract,chat_dialogues,predict}; this page drives it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from core.errors import CorpusmithError
from core.flows.extract import (
    ExtractFlow,
    ExtractOptions,
    label_samples,
    make_masker,
    project_instruction,
    save_project_instruction,
    transcript,
)
from core.messages import render, say
from core.settings import AppSettings
from core.sources.chats.importer import chat_messages, chat_sources, read_chats, store_chats, stored_chats
from core.store import Store
from core.text.echo import echo_note
from ui.dialogs import ask, open_file_names
from ui.pages.chat_dialogues_tab import ChatDialoguesTab
from ui.pages.chat_predict_tab import ChatPredictTab
from ui.qt import (
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.theme import column, scrollable
from ui.widgets.busy import busy
from ui.widgets.chat_import_dialog import ChatImportDialog, ReadOutcome
from ui.widgets.chat_view import MAX_SHOWN, ChatView
from ui.widgets.debounce import debouncer
from ui.widgets.flow_controls import FlowControls
from ui.widgets.provider_banner import ProviderBanner
from ui.widgets.schema_dialog import SchemaDialog
from ui.widgets.service_picker import ServicePicker
from ui.widgets.template_dialog import TemplateDialog

log = logging.getLogger("corpusmith.ui.chat")
CHAT_SUFFIXES = (".json", ".jsonl", ".csv")
MAX_LISTED_CHATS = 5000


async def read_outcomes(paths: list[Path], fmt: str) -> list[ReadOutcome]:
    """Read each file in a worker thread; a file that cannot be read carries its message."""
    def read_all() -> list[ReadOutcome]:
        out = []
        for p in paths:
            try:
                out.append(ReadOutcome(p, read_chats(p, fmt)))
            except CorpusmithError as e:
                out.append(ReadOutcome(p, None, str(e)))
            except Exception as e:  # an odd file must not take the page down; the message says which
                out.append(ReadOutcome(p, None, render(say("chats.import.unreadable", name=p.name,
                                                           error=f"{type(e).__name__}: {e}"))))
        return out

    return await asyncio.to_thread(read_all)


class _ExtractEvents:
    def __init__(self, page: ChatPage):
        self.page = page

    def on_stage(self, stage: str, total: int) -> None:
        name = {"summary": QCoreApplication.translate("ChatPage", "第 1 步：摘要"),
                "extract": QCoreApplication.translate("ChatPage", "第 2 步：抽取")}.get(stage, stage)
        self.page.stage_label.setText(QCoreApplication.translate("ChatPage", "{0}（{1} 项）").format(name, total))
        self.page.progress.setMaximum(max(1, total))
        self.page.progress.setValue(0)

    def on_progress(self, stage: str, s) -> None:
        self.page.progress.setMaximum(max(1, s.total))
        self.page.progress.setValue(s.done + s.failed)
        self.page.counters.setText(QCoreApplication.translate(
            "ChatPage", "完成 {0} · 失败 {1} · 进行中 {2} · 缓存命中 {3} · 费用 {4:.3f}").format(
            s.done, s.failed, s.in_flight, s.cached, s.cost))

    def on_samples(self, ids: list[int]) -> None:
        self.page.samples_added.emit(list(ids))
        self.page.preview_samples(ids)

    def on_failed(self, stage: str, key: str, reason: str) -> None:
        self.page.failed.appendPlainText(f"[{stage}] {key}: {render(reason)}")


class ChatPage(FlowControls, QWidget):
    samples_added = Signal(list)
    samples_changed = Signal()  # samples updated in place (a summary replaced a labelled input)
    sources_changed = Signal()
    settings_requested = Signal()  # "open the settings": no model service configured yet

    def __init__(self, settings: AppSettings | None = None, parent=None):
        super().__init__(parent)
        self.app_settings = settings or AppSettings()
        self.store: Store | None = None
        self.flow: ExtractFlow | None = None

        # left: chats and the chat view
        self.import_button = QPushButton(self.tr("导入聊天记录…"))
        self.import_button.clicked.connect(self.on_import_clicked)
        self.import_status = QLabel(self.tr("支持：比赛 JSON、消息列表 JSON/JSONL、Telegram、微信 CSV、QQ 消息记录 txt、"
                                            "Discord。也可以直接把文件拖进窗口。"))
        self.import_status.setWordWrap(True)
        self.chats = QListWidget()
        self.chats.currentRowChanged.connect(self.show_chat)
        self.view = ChatView()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.import_button)
        ll.addWidget(self.import_status)
        chats_split = QSplitter(Qt.Orientation.Vertical)
        chats_split.addWidget(self.chats)
        chats_split.addWidget(self.view)
        chats_split.setStretchFactor(1, 2)
        ll.addWidget(chats_split, 1)

        # right: scope and the three flows
        self.source = QComboBox()
        self.source.currentIndexChanged.connect(self.on_scope_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_extract_tab(), self.tr("结构化抽取"))
        self.dialogues = ChatDialoguesTab()
        self.dialogues.samples_added.connect(self.samples_added)
        self.dialogues.samples_changed.connect(self.samples_changed)
        self.tabs.addTab(scrollable(self.dialogues, keep_width=False), self.tr("多轮对话"))
        self.predict = ChatPredictTab(self.app_settings)
        self.predict.service_picker.settings_requested.connect(self.settings_requested)
        self.predict_area = scrollable(self.predict, keep_width=False)
        self.tabs.addTab(self.predict_area, self.tr("测试与评分"))
        right = QWidget()
        rl = QVBoxLayout(right)
        scope = QHBoxLayout()
        scope.addWidget(QLabel(self.tr("聊天来源")))
        scope.addWidget(self.source, 1)
        rl.addLayout(scope)
        rl.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)
        self._instruction_timer = debouncer(self, 600, self.save_instruction)
        self.instruction.textChanged.connect(self._instruction_timer.start)
        self._set_running(False)

    def _build_extract_tab(self) -> QWidget:
        # which named service writes the summaries and extractions (edited in Settings)
        self.service_picker = ServicePicker(self.app_settings)
        self.service_picker.settings_requested.connect(self.settings_requested)
        self.provider_banner = ProviderBanner(self.service_picker)
        self.provider_banner.settings_requested.connect(self.settings_requested)
        self.instruction = QPlainTextEdit()
        self.instruction.setMaximumHeight(90)
        self.instruction.setToolTip(self.tr("训练样本里的指令（instruction），可以修改；导出 Alpaca 时单独成列。"))
        self.schema_button = QPushButton(self.tr("编辑抽取字段…"))
        self.schema_button.clicked.connect(self.edit_schema)
        self.templates_button = QPushButton(self.tr("编辑提示词模板…"))
        self.templates_button.clicked.connect(self.edit_templates)
        self.summarize = QCheckBox(self.tr("先摘要（长聊天更省钱、抽取更准；带标注的聊天用摘要替换输入）"))
        self.summarize_over = QSpinBox()
        self.summarize_over.setRange(0, 1_000_000)
        self.summarize_over.setSingleStep(500)
        self.summarize_over.setSpecialValueText(self.tr("全部摘要"))
        self.summarize_over.setSuffix(self.tr(" 字以上"))
        self.do_extract = QCheckBox(self.tr("抽取未标注的聊天"))
        self.do_extract.setChecked(True)
        self.mask = QComboBox()
        self.mask.addItem(self.tr("不脱敏"), "off")
        self.mask.addItem(self.tr("仿真替换（推荐用于抽取数据）"), "surrogate")
        self.mask.addItem(self.tr("标签，如 [手机号1]"), "tag")
        self.mask_preview_button = QPushButton(self.tr("预览脱敏"))
        self.mask_preview_button.clicked.connect(self.on_preview_masking_clicked)
        mask_row = QHBoxLayout()
        mask_row.addWidget(self.mask, 1)
        mask_row.addWidget(self.mask_preview_button)
        self.lang = QComboBox()
        self.lang.addItem(self.tr("中文提示词"), "zh")
        self.lang.addItem(self.tr("英文提示词"), "en")
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.schema_button)
        buttons_row.addWidget(self.templates_button)
        buttons_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("指令"), self.instruction)
        form.addRow("", buttons_row)
        form.addRow(self.tr("摘要"), self.summarize)
        form.addRow(self.tr("只摘要长于"), self.summarize_over)
        form.addRow(self.tr("抽取"), self.do_extract)
        form.addRow(self.tr("发送前脱敏"), mask_row)
        form.addRow(self.tr("模板语言"), self.lang)

        run_row = self._build_run_controls(self.tr("开始"))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMaximumBlockCount(2000)
        self.preview.setPlaceholderText(self.tr("抽取结果会实时显示在这里，同时进入“审阅”页。"))
        self.failed = QPlainTextEdit()
        self.failed.setReadOnly(True)
        self.failed.setMaximumHeight(100)
        self.failed.setPlaceholderText(self.tr("失败的聊天及原因"))

        # the task's options first, scrolling on a small screen; the service, Start, progress and
        # results stay in sight
        settings = column(form)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addWidget(scrollable(settings, keep_width=False), 4)
        lay.addWidget(self.provider_banner)
        lay.addWidget(self.service_picker)
        lay.addLayout(run_row)
        lay.addWidget(self.stage_label)
        lay.addWidget(self.progress)
        lay.addWidget(self.counters)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.failed)
        self.preview.setMinimumHeight(60)
        return tab

    # ---- project ---------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.preview.clear()
        self.failed.clear()
        self.stage_label.clear()
        self.instruction.blockSignals(True)
        self.instruction.setPlainText(project_instruction(store, self.lang.currentData()) if store else "")
        self.instruction.blockSignals(False)
        self.reload_sources()

    def reload_sources(self) -> None:
        current = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem(self.tr("全部聊天"), None)
        for src in chat_sources(self.store) if self.store else []:
            self.source.addItem(self.tr("{0}（#{1}）").format(src["name"], src["id"]), src["id"])
        i = self.source.findData(current)
        self.source.setCurrentIndex(max(0, i))
        self.source.blockSignals(False)
        self.on_scope_changed()

    def on_scope_changed(self) -> None:
        source_id = self.source.currentData()
        self.chats.clear()
        self._chat_keys: list[tuple[int, str, int]] = []  # (source, chat key, messages)
        if self.store is not None:
            names = {s["id"]: s["name"] for s in chat_sources(self.store)}
            several = source_id is None and len(names) > 1
            for c in stored_chats(self.store, source_id)[:MAX_LISTED_CHATS]:
                mark = self.tr(" · 已标注") if c.labels is not None else ""
                title = f"{names.get(c.source_id, '')} · {c.title}" if several else c.title
                self.chats.addItem(self.tr("{0}（{1} 条）{2}").format(title, c.n, mark))
                self._chat_keys.append((c.source_id, c.key, c.n))
        self.view.clear()
        self.dialogues.set_scope(self.store, source_id)
        self.predict.set_scope(self.store, source_id)

    def show_chat(self, row: int) -> None:
        if self.store is None or not 0 <= row < len(self._chat_keys):
            return
        source_id, key, total = self._chat_keys[row]
        # the view shows at most MAX_SHOWN messages: read no more (a long chat stays instant)
        messages = chat_messages(self.store, source_id, key, limit=MAX_SHOWN + 1).get(key, [])
        self.view.show_messages(messages, self.dialogues.assistants(), total)

    # ---- import ----------------------------------------------------------------------------
    @asyncSlot()
    async def on_import_clicked(self) -> None:
        paths = await open_file_names(self, self.tr("导入聊天记录"), str(Path.home()),
                                      self.tr("聊天记录 (*.json *.jsonl *.csv *.txt);;所有文件 (*)"))
        if paths:
            await self.import_files([Path(p) for p in paths])

    async def import_files(self, paths: list[Path], *, confirm: bool = True) -> list[str]:
        """Read, preview (when `confirm`), clean and store the files; one line per file."""
        if self.store is None or not paths:
            return []
        self.import_button.setEnabled(False)
        try:
            async with busy(self, self.tr("正在读取聊天记录…")):
                outcomes = await read_outcomes(paths, "auto")
            clean = None
            empty_answers = open_test_tab = False  # empty labels are answers only on the user's word
            if confirm:
                dialog = ChatImportDialog(outcomes, read_outcomes, self)
                if await ask(dialog) != QDialog.DialogCode.Accepted:  # open(), not exec(): jobs go on
                    return []
                outcomes, clean = dialog.outcomes, dialog.clean_options()
                empty_answers, open_test_tab = dialog.empty_labels_are_answers(), dialog.open_test_tab
            make = label_samples(self.store, self.lang.currentData())
            test_source = None
            lines = []
            for o in outcomes:
                if o.chat_file is None:
                    lines.append(self.tr("未导入：") + o.error)
                    continue
                try:
                    async with busy(self, self.tr("正在导入 {0}…").format(o.path.name)):
                        r = await asyncio.to_thread(store_chats, self.store, o.path, o.chat_file, clean=clean,
                                                    make_samples=make, empty_labels_are_answers=empty_answers)
                except CorpusmithError as e:
                    lines.append(self.tr("未导入：") + str(e))
                    continue
                except Exception as e:  # one odd file must not stop the others; the log has the traceback
                    log.exception("storing chat export %s failed", o.path)
                    lines.append(self.tr("未导入：") + render(say("chats.import.unreadable", name=o.path.name,
                                                                 error=f"{type(e).__name__}: {e}")))
                    continue
                line = self.tr("已导入 {0}：{1} 个聊天，{2} 条消息").format(r.name, r.chats, r.messages)
                if r.samples:
                    line += self.tr("，{0} 个带标注的聊天已成为抽取样本").format(r.samples)
                if r.empty_answers:
                    line += self.tr("（其中 {0} 个空标注按你的选择作为答案“没有客户”）").format(r.empty_answers)
                if r.empty_labelled:
                    line += self.tr("，{0} 个聊天的标注是空的，按未标注处理").format(r.empty_labelled)
                if r.test_file:
                    line += self.tr("；这是测试文件，没有生成训练样本，可在“测试与评分”里导出测试集或预测")
                    test_source = r.source_id if test_source is None else test_source
                if r.problems:
                    line += self.tr("，跳过 {0} 条无法读取的记录").format(len(r.problems))
                lines.append(line)
                lines.extend("  · " + render(p) for p in r.problems[:5])
        finally:
            self.import_button.setEnabled(True)
        self.import_status.setText("\n".join(lines))
        self.reload_sources()
        if open_test_tab and test_source is not None:
            self.open_test_tab(test_source)
        self.sources_changed.emit()
        self.samples_changed.emit()
        return lines

    def open_test_tab(self, source_id: int) -> None:
        """The test file's source in scope and the test set / predictions tab in front."""
        i = self.source.findData(source_id)
        if i >= 0:
            self.source.setCurrentIndex(i)
        self.tabs.setCurrentWidget(self.predict_area)

    # ---- settings ----------------------------------------------------------------------------
    def save_instruction(self) -> None:
        if self.store is None:
            return
        try:
            save_project_instruction(self.store, self.instruction.toPlainText(), self.lang.currentData())
        except CorpusmithError as e:
            self.stage_label.setText(str(e))

    def edit_schema(self) -> None:
        if self.store is not None:
            SchemaDialog(self.store, self).exec()

    def edit_templates(self) -> None:
        if self.store is not None:
            TemplateDialog(self.store, self.lang.currentData(), None, self,
                           names=("chat_summary", "chat_extract")).exec()

    @asyncSlot()
    async def on_preview_masking_clicked(self) -> None:
        await self.preview_masking()

    async def preview_masking(self) -> None:
        """What the masking would change in the selected chat (or the first one)."""
        if self.store is None or not self._chat_keys:
            return
        mode = self.mask.currentData()
        if mode == "off":
            self.preview.setPlainText(self.tr("脱敏已关闭：聊天原文会发送给模型。"))
            return
        row = max(0, self.chats.currentRow())
        source_id, key, _ = self._chat_keys[row]
        masker = make_masker(mode, source_id, key)
        await asyncio.to_thread(lambda: transcript(chat_messages(self.store, source_id, key).get(key, []), masker))
        entries = [e for e in masker.hits if e.count]  # address parts never met alone have count 0
        if not entries:
            self.preview.setPlainText(self.tr("这个聊天里没有找到手机号、邮箱、身份证号、银行卡号等信息。"))
            return
        lines = [self.tr("将替换（同一聊天内始终一致）：")]
        lines += [f"{e.kind}: {e.original} → {e.replacement} ×{e.count}" for e in entries]
        self.preview.setPlainText("\n".join(lines))

    # ---- running -----------------------------------------------------------------------------
    def options(self) -> ExtractOptions:
        return ExtractOptions(source_id=self.source.currentData(), summarize=self.summarize.isChecked(),
                              summarize_over=self.summarize_over.value(), extract=self.do_extract.isChecked(),
                              mask=self.mask.currentData(), lang=self.lang.currentData())

    @asyncSlot()
    async def on_run_clicked(self) -> None:
        await self.run_flow()

    @asyncSlot()
    async def on_retry_clicked(self) -> None:
        await self.run_flow(retry_failed=True)

    def _make_flow(self, client) -> ExtractFlow:
        return ExtractFlow(self.store, client, self.service_picker.settings(), self.options(), _ExtractEvents(self))

    async def run_flow(self, retry_failed: bool = False):
        if self.store is None or self.flow is not None:
            return None
        self.save_instruction()
        result = await self._drive(retry_failed)
        if result is not None:
            self.stage_label.setText(self.tr(
                "完成{0}：{1} 个聊天（{2} 个带标注），{3} 个已摘要，{4} 个已抽取，{5} 个需检查（原因写在样本上），"
                "{6} 个失败；{7} 次请求，{8} 次命中缓存，费用约 {9:.2f}。").format(
                self.tr("（已取消，下次继续）") if result.cancelled else "", result.chats, result.labelled,
                result.summarized, result.extracted, result.with_problems, len(result.failed), result.calls,
                result.cached, result.cost) + echo_note(result))
            self._show_failures(result.failed)
            self.samples_changed.emit()
        return result

    def cancel(self) -> None:
        super().cancel()
        self.predict.cancel()

    def running(self) -> bool:
        return super().running() or self.predict.running()

    def services_changed(self) -> None:
        super().services_changed()
        self.predict.service_picker.reload()

    def preview_samples(self, ids: list[int]) -> None:
        if self.store is None:
            return
        for sid in ids[-20:]:
            s = self.store.get_sample(sid)
            if s is None or len(s.turns) < 2:
                continue
            chat = s.meta.get("index") or s.meta.get("chat")
            line = self.tr("聊天 {0} → {1}").format(chat, s.turns[-1].text[:300])
            if s.reason:
                line += "\n  " + self.tr("需检查：") + render(s.reason)
            self.preview.appendPlainText(line)


def is_chat_export(path: Path) -> bool:
    """Whether a dropped file is a chat export (JSON/JSONL/CSV, or a QQ .txt record) rather than a
    document: decided from its first bytes, as the reader does."""
    if path.suffix.lower() in CHAT_SUFFIXES:
        return True
    if path.suffix.lower() != ".txt":
        return False
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    from core.sources.chats.detect import detect_layout

    # QQ records are saved as UTF-8 or GBK; a wrong guess only garbles the text, so try both
    return any(detect_layout(head.decode(enc, errors="ignore")) == "qq_txt" for enc in ("utf-8-sig", "gb18030"))
