"""The detail pane: the whole conversation of one sample, every turn and the system prompt
editable; saving goes straight to the project."""

from __future__ import annotations

from core.flows.evidence import evidence, made_lines
from core.messages import render
from core.model import Sample, Turn
from core.text.reasoning import sample_reasoning
from ui.qt import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.reasoning_fold import ReasoningFold


class TurnEditor(QFrame):
    removed = Signal(object)

    def __init__(self, turn: Turn, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.role = QComboBox()
        self.role.addItem(self.tr("用户"), "user")
        self.role.addItem(self.tr("助手"), "assistant")
        self.role.setCurrentIndex(0 if turn.role == "user" else 1)
        self.name = QLineEdit(turn.name or "")
        self.name.setPlaceholderText(self.tr("说话人（可选）"))
        self.text = QPlainTextEdit(turn.text)
        self.text.setMinimumHeight(60)
        remove = QPushButton(self.tr("删除此轮"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        head = QHBoxLayout()
        head.addWidget(self.role)
        head.addWidget(self.name, 1)
        head.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.text)
        self._fit_height()
        self.text.textChanged.connect(self._fit_height)

    def _fit_height(self) -> None:
        lines = self.text.document().size().height()
        self.text.setFixedHeight(int(min(300, max(60, lines * self.text.fontMetrics().height() + 16))))

    def turn(self) -> Turn:
        return Turn(self.role.currentData(), self.text.toPlainText(), self.name.text().strip() or None)


class SampleEditor(QWidget):
    saved = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sample: Sample | None = None
        self.header = QLabel(self.tr("在左侧表格中选择一条样本"))
        self.header.setWordWrap(True)
        self.system = QPlainTextEdit()
        self.system.setPlaceholderText(self.tr("系统提示词（可选）"))
        self.system.setFixedHeight(64)
        self._turns_box = QVBoxLayout()
        self._turns_box.addStretch(1)
        inner = QWidget()
        inner.setLayout(self._turns_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.reasoning = ReasoningFold()  # the model's thought behind the answer, folded
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("拒绝原因"))
        self.origin = QPlainTextEdit()  # how the sample was made, and the text its answer rests on
        self.origin.setReadOnly(True)
        self.origin.setMaximumHeight(110)
        self.origin.setPlaceholderText(self.tr("生成方式与依据"))
        add_user = QPushButton(self.tr("+ 用户轮"))
        add_user.clicked.connect(lambda: self._add_turn(Turn("user", "")))
        add_assistant = QPushButton(self.tr("+ 助手轮"))
        add_assistant.clicked.connect(lambda: self._add_turn(Turn("assistant", "")))
        self.save_button = QPushButton(self.tr("保存修改 (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("撤销修改"))
        self.revert_button.clicked.connect(lambda: self.show_sample(self._sample))
        buttons = QHBoxLayout()
        buttons.addWidget(add_user)
        buttons.addWidget(add_assistant)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(QLabel(self.tr("系统提示词")))
        layout.addWidget(self.system)
        layout.addWidget(QLabel(self.tr("对话")))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reasoning)
        layout.addWidget(self.reason)
        layout.addWidget(self.origin)
        layout.addLayout(buttons)
        self._save_to = None
        self.setEnabled(False)

    def set_store(self, store) -> None:
        self._save_to = store
        self.show_sample(None)

    def turn_editors(self) -> list[TurnEditor]:
        return [
            self._turns_box.itemAt(i).widget()
            for i in range(self._turns_box.count())
            if isinstance(self._turns_box.itemAt(i).widget(), TurnEditor)
        ]

    def focus_answer(self) -> None:
        """F2 in Review: the cursor goes to the last turn (usually the answer to fix)."""
        editors = self.turn_editors()
        if editors:
            editors[-1].text.setFocus()

    def _add_turn(self, turn: Turn) -> TurnEditor:
        ed = TurnEditor(turn)
        ed.removed.connect(self._remove_turn)
        self._turns_box.insertWidget(self._turns_box.count() - 1, ed)
        return ed

    def _remove_turn(self, ed: TurnEditor) -> None:
        self._turns_box.removeWidget(ed)
        ed.hide()  # deleteLater waits for the event loop; until then it would still paint
        ed.deleteLater()

    def show_sample(self, sample: Sample | None) -> None:
        self._sample = sample
        for ed in self.turn_editors():
            self._remove_turn(ed)
        self.setEnabled(sample is not None)
        if sample is None:
            self.header.setText(self.tr("在左侧表格中选择一条样本"))
            self.system.setPlainText("")
            self.reason.setText("")
            self.origin.clear()
            self.reasoning.show_reasoning("")
            return
        self.header.setText(self.tr("样本 #{0} · {1} 轮 · {2} 字").format(
            sample.id, len(sample.turns), sample.n_chars))
        self.system.setPlainText(sample.system)
        self.reason.setText(render(sample.reason))
        self.reason.setEnabled(sample.status == "rejected")
        self.origin.setPlainText(self._origin_text(sample))
        self.reasoning.show_reasoning(sample_reasoning(sample))
        for t in sample.turns:
            self._add_turn(t)

    def _origin_text(self, sample: Sample) -> str:
        lines = made_lines(sample.meta)
        if self._save_to is not None:
            for key, text in evidence(self._save_to, sample.meta):
                lines.append(self.tr("依据 {0}：{1}").format(key, " ".join(text.split())))
        return "\n".join(lines)

    def edited_sample(self) -> Sample | None:
        if self._sample is None:
            return None
        s = self._sample
        return Sample(
            id=s.id, source_id=s.source_id, kind=s.kind, status=s.status,
            reason=self._reason_text() if s.status == "rejected" else "",
            system=self.system.toPlainText(), turns=[ed.turn() for ed in self.turn_editors()],
            meta=self.reasoning.meta_with(s.meta), created_at=s.created_at,
        )

    def _reason_text(self) -> str:
        """The reason as typed; an untouched coded reason stays coded (it then still reads in
        the other language after a switch)."""
        typed = self.reason.text().strip()
        stored = self._sample.reason if self._sample is not None else ""
        return stored if typed == render(stored).strip() else typed

    def save(self) -> None:
        edited = self.edited_sample()
        if edited is None or self._save_to is None:
            return
        self._save_to.update_sample(edited)
        self._sample = edited
        # the store drops the judge's score of a changed text: the score line goes with it
        self.origin.setPlainText(self._origin_text(edited))
        self.saved.emit(edited.id)

