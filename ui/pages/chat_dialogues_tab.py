"""Group chat → dialogues: who plays the assistant, how sessions are cut, then make the samples."""

from __future__ import annotations

import asyncio
from itertools import islice

from core.errors import CorpusmithError
from core.flows.chat_dialogues import chat_dialogues
from core.sources.chats.importer import chat_sources, sender_counts_of
from core.sources.chats.model import ChatMessage
from core.sources.chats.sessions import DialogueOptions, SessionOptions, guess_assistants
from ui.qt import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.theme import make_primary
from ui.widgets.busy import busy

MAX_SENDERS = 300  # senders listed in the picker (most active first)
GUESS_FROM = 3000  # messages per source the assistant guess reads


class ChatDialoguesTab(QWidget):
    samples_added = Signal(list)
    samples_changed = Signal()  # a rebuild replaced samples: Review reads its rows again

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.source_id: int | None = None
        self.senders = QListWidget()
        self.senders.setToolTip(self.tr("勾选扮演“助手”的发言人（如客服、顾问），其余人都是“用户”。"))
        self.me = QCheckBox(self.tr("导出记录的人（“我”）是助手"))
        self.gap = QSpinBox()
        self.gap.setRange(0, 86_400)
        self.gap.setValue(300)
        self.gap.setSuffix(self.tr(" 秒"))
        self.gap.setSpecialValueText(self.tr("不按时间切分"))
        self.replies = QCheckBox(self.tr("回复/引用的消息归入被回复的会话"))
        self.replies.setChecked(True)
        self.max_chars = QSpinBox()
        self.max_chars.setRange(0, 200_000)
        self.max_chars.setSingleStep(500)
        self.max_chars.setValue(4000)
        self.max_chars.setSpecialValueText(self.tr("不限"))
        self.system = QLineEdit()
        self.system.setPlaceholderText(self.tr("系统提示词（可留空），如：你是星河家居的客服顾问。"))
        self.min_turns = QSpinBox()
        self.min_turns.setRange(2, 100)
        self.names = QCheckBox(self.tr("多人合并成一轮时写出“名字：”"))
        self.names.setChecked(True)
        self.make_button = make_primary(QPushButton(self.tr("生成多轮对话样本")))
        self.make_button.clicked.connect(self.on_make_clicked)
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("助手"), self.senders)
        form.addRow("", self.me)
        form.addRow(self.tr("会话间隔超过"), self.gap)
        form.addRow("", self.replies)
        form.addRow(self.tr("每段最多字数"), self.max_chars)
        form.addRow(self.tr("最少轮数"), self.min_turns)
        form.addRow(self.tr("系统提示词"), self.system)
        form.addRow("", self.names)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.make_button)
        lay.addWidget(self.report, 1)

    def set_scope(self, store, source_id: int | None) -> None:
        self.store, self.source_id = store, source_id
        self.report.clear()
        self.reload_senders()

    def reload_senders(self) -> None:
        self.senders.clear()
        if self.store is None:
            return
        sources = [src["id"] for src in chat_sources(self.store, self.source_id)]
        # counted in SQL; the guess looks at the start of each source only (a 100k-message source
        # must not freeze the window)
        head = [ChatMessage.from_data("", item["data"]) for sid in sources
                for item in islice(self.store.raw_items(sid, "message"), GUESS_FROM)]
        guessed = guess_assistants(head)
        for name, n in sender_counts_of(self.store, sources, MAX_SENDERS):
            item = QListWidgetItem(self.tr("{0}（{1} 条）").format(name, n))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in guessed else Qt.CheckState.Unchecked)
            self.senders.addItem(item)
        self.me.setChecked(any(m.is_self for m in head) and not guessed)

    def assistants(self) -> frozenset[str]:
        out = set()
        for i in range(self.senders.count()):
            item = self.senders.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(item.data(Qt.ItemDataRole.UserRole))
        return frozenset(out)

    def options(self) -> tuple[DialogueOptions, SessionOptions]:
        return (DialogueOptions(assistants=self.assistants(), system_prompt=self.system.text().strip(),
                                show_names=self.names.isChecked(), min_turns=self.min_turns.value(),
                                self_is_assistant=self.me.isChecked()),
                SessionOptions(gap_seconds=float(self.gap.value()), use_replies=self.replies.isChecked(),
                               max_chars=self.max_chars.value()))

    @asyncSlot()
    async def on_make_clicked(self) -> None:
        await self.make()

    async def make(self):
        if self.store is None:
            return None
        self.make_button.setEnabled(False)
        try:
            dialogue, sessions = self.options()
            async with busy(self, self.tr("正在生成多轮对话…")):
                report = await asyncio.to_thread(chat_dialogues, self.store, self.source_id, dialogue, sessions)
        except CorpusmithError as e:
            self.report.setText(str(e))
            return None
        finally:
            self.make_button.setEnabled(True)
        self.report.setText(report.summary())
        if report.rebuild.replaced:  # rows went away too: Review reads them all again
            self.samples_changed.emit()
        elif report.sample_ids:
            self.samples_added.emit(list(report.sample_ids))
        return report
