"""Before a chat export is imported: what was detected (layout, encoding, chats, messages), the
records that cannot be read, a preview of the first chat, and the clean-up options with how many
of each kind of noise the files hold. Reading happens in a worker thread (the page's `read`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from core.sources.chats.clean import NOISE_KINDS, CleanOptions, count_noise
from core.sources.chats.model import LAYOUTS, ChatFile
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    asyncSlot,
)
from ui.widgets.chat_view import ChatView

PREVIEW_MESSAGES = 200


@dataclass
class ReadOutcome:
    path: Path
    chat_file: ChatFile | None
    error: str = ""


Reader = Callable[[list[Path], str], Awaitable[list[ReadOutcome]]]


class ChatImportDialog(QDialog):
    def __init__(self, outcomes: list[ReadOutcome], read: Reader, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入聊天记录"))
        self.resize(1000, 680)
        self.outcomes = outcomes
        self.read = read
        self.layout_names = {
            "competition": self.tr("比赛 JSON（chat_text + infos）"), "messages": self.tr("消息列表 JSON/JSONL"),
            "telegram": self.tr("Telegram 导出 (result.json)"), "wechat_csv": self.tr("微信导出 CSV"),
            "qq_txt": self.tr("QQ 消息记录 (.txt)"), "discord": self.tr("Discord 导出 JSON"),
        }
        self.format = QComboBox()
        self.format.addItem(self.tr("自动识别"), "auto")
        for name in LAYOUTS:
            self.format.addItem(self.layout_names.get(name, name), name)
        self.format.currentIndexChanged.connect(self.on_format_changed)
        self.files = QListWidget()
        self.files.currentRowChanged.connect(self.show_file)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.view = ChatView()

        self.noise_names = {"media": self.tr("图片/语音等占位符（如 [图片]）"), "emoji": self.tr("文字表情（如 [玫瑰]）"),
                            "mentions": self.tr("@提及"), "urls": self.tr("网址"), "repeats": self.tr("连续重复的消息")}
        defaults = CleanOptions()
        self.checks: dict[str, QCheckBox] = {}
        clean_box = QGroupBox(self.tr("清理（导入时去掉所选内容）"))
        grid = QGridLayout(clean_box)
        for i, kind in enumerate(NOISE_KINDS):
            box = QCheckBox()
            box.setChecked(bool(getattr(defaults, kind)))
            self.checks[kind] = box
            grid.addWidget(box, i // 3, i % 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导入"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("格式")))
        top.addWidget(self.format, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.facts)
        rl.addWidget(self.problems)
        rl.addWidget(self.view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.files)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(clean_box)
        lay.addWidget(buttons)
        self.refresh()

    # ---- content ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.files.blockSignals(True)
        self.files.clear()
        for o in self.outcomes:
            mark = "✓" if o.chat_file is not None else "✗"
            self.files.addItem(f"{mark} {o.path.name}")
        self.files.blockSignals(False)
        chats = [c for o in self.outcomes if o.chat_file is not None for c in o.chat_file.chats]
        counts = count_noise(chats)
        for kind, box in self.checks.items():
            box.setText(self.tr("{0}：{1} 处").format(self.noise_names.get(kind, kind), counts.get(kind, 0)))
        self.ok_button.setEnabled(any(o.chat_file is not None for o in self.outcomes))
        if self.outcomes:
            self.files.setCurrentRow(0)
            self.show_file(0)

    def show_file(self, row: int) -> None:
        if not 0 <= row < len(self.outcomes):
            return
        o = self.outcomes[row]
        if o.chat_file is None:
            self.facts.setText(self.tr("无法导入：{0}").format(o.error))
            self.problems.clear()
            self.view.clear()
            return
        f = o.chat_file
        labelled = sum(1 for c in f.chats if c.labels is not None)
        text = self.tr("识别为：{0} · 编码 {1} · {2} 个聊天 · {3} 条消息").format(
            self.layout_names.get(f.format, f.format), f.encoding, len(f.chats), f.n_messages)
        if labelled:
            text += self.tr(" · {0} 个带标注（导入后直接成为抽取样本）").format(labelled)
        self.facts.setText(text)
        lines = [self.tr("跳过：{0}").format(p) for p in f.problems] + list(f.notes)
        self.problems.setPlainText("\n".join(lines) if lines else self.tr("所有记录都能读取。"))
        self.problems.setVisible(True)
        first = f.chats[0].messages[:PREVIEW_MESSAGES] if f.chats else []
        self.view.show_messages(first)

    @asyncSlot()
    async def on_format_changed(self) -> None:
        self.format.setEnabled(False)
        try:
            self.outcomes = await self.read([o.path for o in self.outcomes], self.format.currentData())
        except asyncio.CancelledError:
            return
        finally:
            self.format.setEnabled(True)
        self.refresh()

    # ---- result ----------------------------------------------------------------------------
    def clean_options(self) -> CleanOptions:
        return CleanOptions(**{kind: box.isChecked() for kind, box in self.checks.items()})

    def readable(self) -> list[ReadOutcome]:
        return [o for o in self.outcomes if o.chat_file is not None]
