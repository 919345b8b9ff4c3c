"""Edit a style preset (JSON: system prompt, example exchanges, temperature, length range,
keywords, similarity threshold), take its examples from a character of an imported script, and
keep it in the project. Checked on save, with every problem named."""

from __future__ import annotations

import json

from core.errors import CorpusmithError
from core.flows.style import (
    StylePreset,
    delete_project_style,
    examples_from_script,
    find_style,
    save_project_style,
)
from ui.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)


class StyleDialog(QDialog):
    def __init__(self, store, name: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("编辑风格"))
        self.resize(820, 680)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(json.dumps(find_style(store, name).to_json(), ensure_ascii=False, indent=2))
        self.source = QComboBox()
        for src in store.sources():
            if src["kind"] == "document":
                self.source.addItem(src["name"], src["id"])
        self.character = QLineEdit()
        self.character.setPlaceholderText(self.tr("角色名"))
        self.n = QSpinBox()
        self.n.setRange(2, 5)
        self.n.setValue(3)
        take = QPushButton(self.tr("用这个角色的台词做示例"))
        take.clicked.connect(self.take_examples)
        script_row = QHBoxLayout()
        script_row.addWidget(QLabel(self.tr("剧本")))
        script_row.addWidget(self.source, 1)
        script_row.addWidget(self.character, 1)
        script_row.addWidget(self.n)
        script_row.addWidget(take)
        self.status = QLabel()
        self.status.setWordWrap(True)
        save = QPushButton(self.tr("检查并保存到项目"))
        save.clicked.connect(self.save)
        delete = QPushButton(self.tr("删除项目里的这个风格"))
        delete.clicked.connect(self.delete)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(delete)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("改名（name）即另存为新风格。")))
        lay.addWidget(self.editor, 1)
        lay.addLayout(script_row)
        lay.addWidget(self.status)
        lay.addLayout(row)
        self.saved_name = ""

    def _data(self) -> dict:
        try:
            data = json.loads(self.editor.toPlainText())
        except ValueError as e:
            raise CorpusmithError(self.tr("不是有效的 JSON：{0}").format(e)) from None
        if not isinstance(data, dict):
            raise CorpusmithError(self.tr("风格应是一个 JSON 对象。"))
        return data

    def take_examples(self) -> None:
        try:
            data = self._data()
            examples = examples_from_script(self.store, self.source.currentData(), self.character.text().strip(),
                                            self.n.value())
        except CorpusmithError as e:
            self.status.setText(str(e))
            return
        data["examples"] = [{"user": u, "assistant": a} for u, a in examples]
        self.editor.setPlainText(json.dumps(data, ensure_ascii=False, indent=2))
        self.status.setText(self.tr("已换成 {0} 组真实台词。").format(len(examples)))

    def save(self) -> bool:
        try:
            preset = StylePreset.from_json(self._data())
            save_project_style(self.store, preset)
        except CorpusmithError as e:
            self.status.setText(self.tr("未保存：") + str(e))
            return False
        self.saved_name = preset.name
        self.status.setText(self.tr("已保存风格“{0}”。").format(preset.name))
        return True

    def delete(self) -> None:
        try:
            name = str(self._data().get("name") or "")
        except CorpusmithError as e:
            self.status.setText(str(e))
            return
        if delete_project_style(self.store, name):
            self.status.setText(self.tr("已从项目删除“{0}”（内置风格仍在）。").format(name))
        else:
            self.status.setText(self.tr("项目里没有叫“{0}”的风格。").format(name))
