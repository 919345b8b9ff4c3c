"""Shown while no project is open: what a project is, and the three ways to get one — a new
project, a recent one, or the bundled demo (which works with no API key)."""

from __future__ import annotations

from pathlib import Path

from core.paths import resource_path
from ui.qt import QHBoxLayout, QIcon, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget, Signal
from ui.theme import make_primary


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.icon = icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icons", "corpusmith.png"))).pixmap(72, 72))
        title = QLabel(self.tr("语料匠 Corpusmith"))
        font = title.font()
        font.setPointSize(font.pointSize() * 2)
        font.setBold(True)
        title.setFont(font)
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addSpacing(12)
        head.addWidget(title)
        head.addStretch(1)
        intro = QLabel(self.tr(
            "把评论区、文档和聊天记录变成大模型微调数据集。\n"
            "一个项目就是一个 .corpus 文件：导入的材料、生成的样本和任务进度都保存在里面，"
            "随时关闭，下次接着做。"
        ))
        intro.setWordWrap(True)
        self.new_button = make_primary(QPushButton(self.tr("新建项目…")))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(self.tr("打开项目…"))
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton(self.tr("打开示例项目"))
        self.demo_button.clicked.connect(self.demo_requested)
        self.demo_button.setToolTip(self.tr(
            "一个小剧本、一段评论区和一份群聊记录，已经导入并生成了样本：不需要 API Key，"
            "就能看看审阅和导出怎么用。"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        demo_hint = QLabel(self.tr("第一次使用？先打开示例项目看看：不需要 API Key。"))
        demo_hint.setWordWrap(True)
        self.recent_label = QLabel(self.tr("最近的项目（双击打开）"))
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.toolTip()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(demo_hint)
        layout.addSpacing(12)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 4)
        layout.addStretch(1)  # with no recent projects, the rest stays together at the top

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            self.recent.addItem(f"{Path(p).stem}    —    {p}")
            self.recent.item(self.recent.count() - 1).setToolTip(p)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))
