"""Generate → 审阅问题: the questions of a QA or aspects run, chunk by chunk with the chunk's text
beside them, reviewed before the answers are paid for. Edit a question in place (double-click),
delete, restore, add one to a chunk, accept them all; the cost of the answers stage is shown for
exactly the questions left, and 「生成答案」 closes the dialog with Accepted (the page then runs the
answers stage). The rules live in core.flows.question_review; this only shows them.

Opened with ui.dialogs.ask (window-modal, no nested event loop)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from core.errors import CorpusmithError
from core.flows import question_review as qr
from core.messages import render, say
from ui.qt import (
    QAbstractItemView,
    QColor,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ui.theme import make_primary

ROLE_ID = Qt.ItemDataRole.UserRole  # a question item's id; a chunk item's chunk key (ROLE_CHUNK)
ROLE_CHUNK = Qt.ItemDataRole.UserRole + 1
LOCKED = ("answered", "deleted")  # not edited here: answered ones in Review, deleted ones restored first


class QuestionsDialog(QDialog):
    """`estimate` gives the answers stage's CostEstimate for the questions as they now stand
    (the flow's estimate_answers); `topic` is shown beside an aspect (the aspects flow)."""

    def __init__(self, store, job_id: int, estimate: Callable[[], Any] | None = None, topic: str = "",
                 parent=None):
        super().__init__(parent)
        self.store = store
        self.job_id = job_id
        self.estimate = estimate
        self.topic = topic
        self.questions: list[qr.ReviewedQuestion] = []
        self.chunk_texts: dict[str, str] = {}
        self._filling = False
        self.setWindowTitle(self.tr("审阅问题"))
        self.resize(1100, 720)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel(self.tr("双击问题即可修改；删掉的问题不会发送，也不会付费；已回答的问题请到“审阅”页改样本。"))
        hint.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("问题"), self.tr("状态"), self.tr("编号")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_chunk())
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.chunk_title = QLabel()
        self.chunk_title.setWordWrap(True)
        self.chunk_view = QPlainTextEdit()
        self.chunk_view.setReadOnly(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.chunk_title)
        right_layout.addWidget(self.chunk_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.new_question = QLineEdit()
        self.new_question.setPlaceholderText(self.tr("给选中的文本段添加一个问题"))
        self.new_question.returnPressed.connect(self.add_question)
        self.add_button = QPushButton(self.tr("添加问题"))
        self.add_button.clicked.connect(self.add_question)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button = QPushButton(self.tr("恢复"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.accept_all_button = QPushButton(self.tr("全部接受"))
        self.accept_all_button.clicked.connect(self.accept_all)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.new_question, 1)
        for b in (self.add_button, self.delete_button, self.restore_button, self.accept_all_button):
            edit_row.addWidget(b)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.answer_button = make_primary(QPushButton(self.tr("生成答案")))
        self.answer_button.clicked.connect(self.accept)
        self.close_button = QPushButton(self.tr("稍后再说"))
        self.close_button.setToolTip(self.tr("问题和你的修改都已保存；以后点“审阅问题…”或不勾选“先审阅问题”再开始生成，就会回答留下的问题。"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.estimate_label, 1)
        bottom.addWidget(self.answer_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.reload()

    # ---- showing ---------------------------------------------------------------------------------
    def status_label(self, status: str) -> str:
        return render(say(f"questions.status.{status}"))

    def reload(self) -> None:
        """Read the questions again (after every change) and keep the selection where it was."""
        current = self.tree.currentItem()
        keep = (current.data(0, ROLE_ID), current.data(0, ROLE_CHUNK)) if current is not None else None
        self.questions = qr.review(self.store, self.job_id)
        self.chunk_texts = qr.chunk_texts(self.store, self.job_id)
        self._filling = True
        try:
            self.tree.clear()
            chunks: dict[str, QTreeWidgetItem] = {}
            by_chunk = Counter(q.chunk for q in self.questions if q.status != "deleted")
            restore = None
            for q in self.questions:
                parent = chunks.get(q.chunk)
                if parent is None:
                    parent = QTreeWidgetItem([self.chunk_label(q.chunk, q.flow, by_chunk[q.chunk]), "", ""])
                    parent.setData(0, ROLE_CHUNK, q.chunk)
                    parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.tree.addTopLevelItem(parent)
                    chunks[q.chunk] = parent
                    if keep and keep[0] is None and keep[1] == q.chunk:
                        restore = parent
                item = QTreeWidgetItem([q.text, self.status_label(q.status), f"#{q.id}"])
                item.setData(0, ROLE_ID, q.id)
                item.setData(0, ROLE_CHUNK, q.chunk)
                if q.status in LOCKED:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setForeground(0, QColor("#888888"))
                    item.setForeground(1, QColor("#888888"))
                else:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                if q.status == "edited":
                    item.setToolTip(0, self.tr("原问题：{0}").format(q.asked))
                if q.status == "deleted":
                    font = item.font(0)
                    font.setStrikeOut(True)
                    item.setFont(0, font)
                parent.addChild(item)
                if keep and keep[0] == q.id:
                    restore = item
            self.tree.expandAll()
            self.tree.resizeColumnToContents(1)
            self.tree.resizeColumnToContents(2)
            if restore is None and self.tree.topLevelItemCount():
                restore = self.tree.topLevelItem(0)
            if restore is not None:
                self.tree.setCurrentItem(restore)
        finally:
            self._filling = False
        self._show_chunk()
        self._show_summary()
        self._update_buttons()

    def chunk_label(self, chunk: str, flow: str, n: int) -> str:
        if flow == "aspects":
            return self.tr("方面：{0}（{1} 个问题）").format(chunk, n)
        text = " ".join(self.chunk_texts.get(chunk, "").split())
        return self.tr("文本段 {0}（{1} 个问题）：{2}").format(chunk, n, text[:40] + ("…" if len(text) > 40 else ""))

    def _show_chunk(self) -> None:
        item = self.tree.currentItem()
        chunk = item.data(0, ROLE_CHUNK) if item is not None else None
        if chunk is None:
            self.chunk_title.setText("")
            self.chunk_view.setPlainText("")
            return
        if chunk in self.chunk_texts:
            self.chunk_title.setText(self.tr("文本段 {0} 的原文").format(chunk))
            self.chunk_view.setPlainText(self.chunk_texts[chunk])
        else:
            self.chunk_title.setText(self.tr("方面：{0}").format(chunk))
            self.chunk_view.setPlainText(self.tr("主题：{0}\n方面：{1}\n\n这些问题的答案从你的文档里检索，只用检索到的原文作答。").format(
                self.topic, chunk))

    def _show_summary(self) -> None:
        counts = Counter(q.status for q in self.questions)
        standing = sum(n for s, n in counts.items() if s != "deleted")
        parts = self.tr("、").join(f"{self.status_label(s)} {counts[s]}" for s in qr.STATUSES if counts[s])
        self.summary.setText(self.tr("共 {0} 个问题（{1}）。").format(standing, parts or "0"))
        if self.estimate is None:
            self.estimate_label.setText("")
            return
        try:
            est = self.estimate()
        except CorpusmithError as e:
            self.estimate_label.setText(render(e.args[0]) if e.args else str(e))
            return
        self.estimate_label.setText(self.tr(
            "作答预计：{0} 次请求，约 {1} 输入 token + {2} 输出 token，费用约 {3:.2f}（删掉的问题不算在内）。").format(
            est.items, est.tokens_in, est.tokens_out, est.cost))
        self.answer_button.setEnabled(est.items > 0)

    def _selected_questions(self) -> list[qr.ReviewedQuestion]:
        ids = {i.data(0, ROLE_ID) for i in self.tree.selectedItems() if i.data(0, ROLE_ID) is not None}
        return [q for q in self.questions if q.id in ids]

    def _update_buttons(self) -> None:
        chosen = self._selected_questions()
        self.delete_button.setEnabled(any(q.status not in LOCKED for q in chosen))
        self.restore_button.setEnabled(any(q.status == "deleted" for q in chosen))
        self.add_button.setEnabled(self.tree.currentItem() is not None)

    def _say(self, problem: Any | None) -> None:
        self.message.setText(render(problem) if problem is not None else "")
        self.message.setStyleSheet("color: #b00020;" if problem is not None else "")

    # ---- the user's changes --------------------------------------------------------------------------
    def _try(self, action: Callable[[], Any]) -> bool:
        try:
            action()
        except CorpusmithError as e:
            self._say(e.args[0] if e.args else str(e))
            return False
        self._say(None)
        return True

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or item.data(0, ROLE_ID) is None:
            return
        qid = item.data(0, ROLE_ID)
        self._try(lambda: qr.edit(self.store, qid, item.text(0)))
        self.reload()  # the stored text (cleaned), or the old one back when refused

    def edit_question(self, question_id: int, text: str) -> bool:
        """As a double-click edit does (for keyboardless callers and tests)."""
        ok = self._try(lambda: qr.edit(self.store, question_id, text))
        self.reload()
        return ok

    def delete_selected(self) -> None:
        for q in self._selected_questions():
            if q.status not in LOCKED and not self._try(lambda q=q: qr.delete(self.store, q.id)):
                break
        self.reload()

    def restore_selected(self) -> None:
        for q in self._selected_questions():
            if q.status == "deleted" and not self._try(lambda q=q: qr.restore(self.store, q.id)):
                break
        self.reload()

    def add_question(self) -> None:
        item = self.tree.currentItem()
        text = self.new_question.text()
        if item is None or not text.strip():
            return
        chunk = item.data(0, ROLE_CHUNK)
        if self._try(lambda: qr.add(self.store, self.job_id, chunk, text)):
            self.new_question.clear()
        self.reload()

    def accept_all(self) -> None:
        self._try(lambda: qr.accept_all(self.store, self.job_id))
        self.reload()

    def select_question(self, question_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            for j in range(parent.childCount()):
                if parent.child(j).data(0, ROLE_ID) == question_id:
                    self.tree.setCurrentItem(parent.child(j))
                    return
