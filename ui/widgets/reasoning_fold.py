"""The model's reasoning behind a sample's answer (``meta["thinking"]``, core/text/reasoning.py),
folded under a header in the sample editor: collapsed by default, absent when there is none.
Editable like the turns: saving the sample saves it (emptied, it is removed)."""

from __future__ import annotations

from typing import Any

from core.text.reasoning import THINKING
from ui.qt import QPlainTextEdit, Qt, QToolButton, QVBoxLayout, QWidget


class ReasoningFold(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolTip(self.tr("模型在回答之前的推理（思维链），与回答分开保存，不算进回答。"
                                       "导出时默认不写入；要用它训练推理模型，在导出页选择“推理过程”的写法。"))
        self.toggle.toggled.connect(self._fold)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("推理过程（清空后保存即删除）"))
        self.text.setVisible(False)
        self.text.textChanged.connect(self._fit_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.text)
        self._shown = ""
        self.show_reasoning("")

    def _fit_height(self) -> None:
        # as tall as its text, up to a few lines: the conversation above keeps the room
        lines = self.text.document().size().height()
        self.text.setFixedHeight(int(min(140, max(48, lines * self.text.fontMetrics().height() + 16))))

    def _fold(self, unfolded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow)
        self.text.setVisible(unfolded)

    def show_reasoning(self, text: str) -> None:
        """A sample's reasoning, folded; the section is hidden when there is none."""
        self._shown = text
        self.text.setPlainText(text)
        self.toggle.setText(self.tr("推理过程（{0} 字）").format(len(text)))
        self.toggle.setChecked(False)
        self._fold(False)
        self.setVisible(bool(text))

    def reasoning(self) -> str:
        return self.text.toPlainText().strip()

    def meta_with(self, meta: dict[str, Any]) -> dict[str, Any]:
        """`meta` with the reasoning as edited (the same dict when it was not changed)."""
        edited = self.reasoning()
        if edited == self._shown.strip():
            return meta
        out = dict(meta)
        if edited:
            out[THINKING] = edited
        else:
            out.pop(THINKING, None)
        return out
