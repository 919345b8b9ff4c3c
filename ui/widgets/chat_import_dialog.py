"""Before a chat export is imported: what was detected (layout, encoding, chats, messages), the
records that cannot be read, a preview of the first chat, and the clean-up options with how many
of each kind of noise the files hold. Reading happens in a worker thread (the page's `read`).

Labels: empty ones ([] …) are unlabelled unless the user ticks that they are real answers; a
file with no label is a test file, and a second button imports it and opens the test tab."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from core.messages import render
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

        # labels: empty ones are unlabelled unless the user says "no customer" is their answer
        self.labels_note = QLabel()
        self.labels_note.setWordWrap(True)
        self.empty_answers = QCheckBox()
        self.empty_answers.setToolTip(self.tr("只有当这些聊天里确实没有客户时才勾选：否则模型会学到“每个聊天都没有客户”。"))
        self.empty_answers.toggled.connect(self.on_empty_answers_toggled)
        labels_box = QGroupBox(self.tr("标注"))
        ll = QVBoxLayout(labels_box)
        ll.addWidget(self.labels_note)
        ll.addWidget(self.empty_answers)
        self.labels_box = labels_box

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导入"))
        # a test file: import it and go straight to the test set / predictions
        self.test_button = buttons.addButton(self.tr("作为测试文件导入，去“测试与评分”"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self.on_test_clicked)
        self.open_test_tab = False
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
        lay.addWidget(labels_box)
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
        self.refresh_labels()
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
        text = self.tr("识别为：{0} · 编码 {1} · {2} 个聊天 · {3} 条消息").format(
            self.layout_names.get(f.format, f.format), f.encoding, len(f.chats), f.n_messages)
        text += self.label_facts(f)
        self.facts.setText(text)
        lines = [self.tr("跳过：{0}").format(render(p)) for p in f.problems] + [render(n) for n in f.notes]
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

    # ---- labels ----------------------------------------------------------------------------
    def label_facts(self, f: ChatFile) -> str:
        """The file's labels as the import will read them (with the choice about empty ones)."""
        answers = f.empty_labelled if self.empty_answers.isChecked() else 0
        labelled, empty = f.labelled + answers, f.empty_labelled - answers
        text = ""
        if labelled:
            text += self.tr(" · {0} 个带标注（导入后直接成为抽取样本）").format(labelled)
        if answers:
            text += self.tr("，其中 {0} 个空标注按你的选择作为答案“没有客户”").format(answers)
        if empty:
            text += self.tr(" · {0} 个的标注是空的（[] 或各字段都为空），按未标注处理").format(empty)
        if f.is_test_file and not labelled:
            text += "\n" + self.tr("这是测试文件：没有一个聊天带标注，不会生成训练样本。导入后可在“测试与评分”里导出测试集、"
                                   "用模型预测并评分。")
        return text

    def refresh_labels(self) -> None:
        files = self.readable_files()
        empty = sum(f.empty_labelled for f in files)
        tests = [f for f in files if f.is_test_file]
        self.empty_answers.setText(self.tr("这 {0} 个空标注是真实答案“没有客户”：作为带标注样本导入（目标为 []）").format(empty))
        self.empty_answers.setVisible(empty > 0)
        if empty:
            self.labels_note.setText(self.tr("{0} 个聊天的标注是空的。默认按未标注处理（不生成训练样本，可用模型抽取或作为测试集）。"
                                             "只有确认它们的答案就是“没有客户”时，才勾选下面一项。").format(empty))
        elif tests:
            self.labels_note.setText(self.tr("没有标注：这是测试文件。"))
        else:
            self.labels_note.setText("")
        self.labels_box.setVisible(bool(empty or tests))
        self.test_button.setVisible(bool(tests) and not self.empty_answers.isChecked())

    def on_empty_answers_toggled(self) -> None:
        self.refresh_labels()
        self.show_file(max(0, self.files.currentRow()))

    def on_test_clicked(self) -> None:
        self.open_test_tab = True
        self.accept()

    def empty_labels_are_answers(self) -> bool:
        """The user's explicit word that empty labels mean "no customer" (never assumed)."""
        return not self.empty_answers.isHidden() and self.empty_answers.isChecked()

    def readable_files(self) -> list[ChatFile]:
        return [o.chat_file for o in self.outcomes if o.chat_file is not None]

    # ---- result ----------------------------------------------------------------------------
    def clean_options(self) -> CleanOptions:
        return CleanOptions(**{kind: box.isChecked() for kind, box in self.checks.items()})

    def readable(self) -> list[ReadOutcome]:
        return [o for o in self.outcomes if o.chat_file is not None]
