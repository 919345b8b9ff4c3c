"""Shown while no project is open: what a project is, the three ways to get one — a new
project, a recent one, or the bundled demo (which works with no API key) — and the three steps
of the work, where step 1 leads to the tab that reads each kind of material."""

from __future__ import annotations

from pathlib import Path

from core.paths import resource_path
from ui.qt import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QIcon,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import make_primary


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)
    material_chosen = Signal(str)  # "crawl", "documents" or "chat": the tab that reads it
    guide_requested = Signal()

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
        steps = self._three_steps()
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
        layout.addSpacing(6)
        layout.addWidget(steps)
        layout.addSpacing(6)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 4)
        layout.addStretch(1)  # with no recent projects, the rest stays together at the top

    def _three_steps(self) -> QGroupBox:
        """① bring material (one button per kind, to the tab that reads it; a new project is
        made first when none is open) ② generate ③ review and export."""
        box = QGroupBox(self.tr("三步开始"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.material_buttons: dict[str, QPushButton] = {}
        kinds = QHBoxLayout()
        for key, text, tip in (
            ("crawl", self.tr("B站视频 → 网址抓取"),
             self.tr("贴上视频链接，抓取评论区，再整理成多轮对话。")),
            ("documents", self.tr("文档、剧本、小说 → 文档"),
             self.tr("DOCX、PDF、TXT、Markdown、EPUB 文件；剧本可以按角色生成问答和对话。")),
            ("chat", self.tr("群聊记录 → 群聊"),
             self.tr("微信、QQ、Telegram 等聊天导出文件：抽取结构化信息，或整理成对话。")),
        ):
            button = QPushButton(text)
            button.setToolTip(tip + self.tr("（还没有项目时，先新建一个。）"))
            button.clicked.connect(lambda _=False, k=key: self.material_chosen.emit(k))
            kinds.addWidget(button)
            self.material_buttons[key] = button
        kinds.addStretch(1)
        step_texts = (
            self.tr("① 带来材料"),
            self.tr("② 生成"),
            self.tr("③ 审阅并导出"),
        )
        explain = (
            None,
            self.tr("在「生成」页选生成方式，让大模型从文档写出问答、对话或写作指令；"
                    "评论区、剧本和群聊也能不用大模型直接整理成对话。需要大模型时，先在「设置」里填好模型服务。"),
            self.tr("在「审阅」页逐条接受、修改或拒绝样本（可用「质量筛查」批量检查），"
                    "再到「导出」页选训练框架需要的格式，写出数据文件。"),
        )
        for row, (title, text) in enumerate(zip(step_texts, explain, strict=True)):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, row, 0)
            if text is None:
                grid.addLayout(kinds, row, 1)
            else:
                label = QLabel(text)
                label.setWordWrap(True)
                grid.addWidget(label, row, 1)
        self.guide_button = QPushButton(self.tr("阅读使用指南"))
        self.guide_button.clicked.connect(self.guide_requested)
        guide_row = QHBoxLayout()
        guide_row.addWidget(self.guide_button)
        guide_row.addStretch(1)
        grid.addLayout(guide_row, len(step_texts), 1)
        return box

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            self.recent.addItem(f"{Path(p).stem}    —    {p}")
            self.recent.item(self.recent.count() - 1).setToolTip(p)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))
