"""Shown while no project is open: what a project is, and the two ways to get one."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QHBoxLayout, QLabel, QListWidget, QPushButton, Qt, QVBoxLayout, QWidget, Signal


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel(self.tr("语料匠 Corpusmith"))
        font = title.font()
        font.setPointSize(font.pointSize() * 2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr(
            "把评论区、文档和聊天记录变成大模型微调数据集。\n"
            "一个项目就是一个 .corpus 文件：导入的材料、生成的样本和任务进度都保存在里面，"
            "随时关闭，下次接着做。"
        ))
        intro.setWordWrap(True)
        new_button = QPushButton(self.tr("新建项目…"))
        new_button.clicked.connect(self.new_requested)
        open_button = QPushButton(self.tr("打开项目…"))
        open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.toolTip()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("最近的项目（双击打开）")))
        layout.addWidget(self.recent, 1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            self.recent.addItem(f"{Path(p).stem}    —    {p}")
            self.recent.item(self.recent.count() - 1).setToolTip(p)
