"""Edit the project's extraction schema (JSON): checked on every save, with the problem named."""

from __future__ import annotations

from core.errors import CorpusmithError
from core.flows.extract import project_schema, reset_project_schema, save_project_schema
from core.flows.extract_schema import BUILTIN_SCHEMA
from ui.qt import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout


class SchemaDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("抽取字段（JSON 模式）"))
        self.resize(760, 640)
        help_text = QLabel(self.tr(
            "每个字段：name 名称；type 为 string（单值）或 list（列表）；values 可选的固定取值；description 说明；"
            "score 评分方式 exact（完全一致）/ set（集合重合）/ similarity（文本相似度）；weight 权重。"))
        help_text.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(project_schema(store).to_json())
        self.status = QLabel()
        self.status.setWordWrap(True)
        save = QPushButton(self.tr("检查并保存"))
        save.clicked.connect(self.save)
        reset = QPushButton(self.tr("恢复内置字段（比赛 21 字段）"))
        reset.clicked.connect(self.reset)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(reset)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(help_text)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.status)
        lay.addLayout(row)

    def save(self) -> bool:
        try:
            schema = save_project_schema(self.store, self.editor.toPlainText())
        except CorpusmithError as e:
            self.status.setText(self.tr("未保存：") + str(e))
            return False
        self.status.setText(self.tr("已保存：{0} 个字段。").format(len(schema.fields)))
        return True

    def reset(self) -> None:
        reset_project_schema(self.store)
        self.editor.setPlainText(BUILTIN_SCHEMA.to_json())
        self.status.setText(self.tr("已恢复内置字段。"))
