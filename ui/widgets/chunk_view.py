"""The chunk view of the Documents tab: one document's chunks in order (length, page or heading,
whether questions were asked about it) and the text of the chosen one, followed in grey by the
next one. Merge with the next chunk, split at the cursor, move the split point to the cursor, or
chunk the whole document again. Every edit shows its plan (core/sources/documents/chunk_edit.py:
what changes, what will be asked again, which samples are rejected) and waits for a yes first."""

from __future__ import annotations

import asyncio

from core.errors import CorpusmithError
from core.sources.documents import chunk_edit as ce
from core.store import Store
from ui.background import start_in_background
from ui.dialogs import ask, choice, clicked
from ui.qt import (
    QAbstractItemView,
    QColor,
    QCoreApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QtGui,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.widgets.busy import busy

NEXT_COLOR = QColor(128, 128, 128)  # the next chunk's text, after the chosen one
SHARED_COLOR = QColor(255, 236, 170)  # text the chosen chunk shares with the next one (the overlap)


class ChunkView(QWidget):
    samples_changed = Signal()  # an edit rejected samples: Review reads its rows again
    chunks_changed = Signal(int)  # the source whose chunks were edited

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Store | None = None
        self.source_id: int | None = None
        self.doc: ce.DocumentChunks | None = None
        self.confirm_box: QMessageBox | None = None  # the open confirmation (tests answer it)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("段"), self.tr("字数"), self.tr("页码 / 标题"), self.tr("问题")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_chunk(row))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        # read-only, but the cursor shows and moves: it marks where to split
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setPlaceholderText(self.tr("选中左边的一段，这里显示它的全文；灰色的是下一段。"))
        self.text.cursorPositionChanged.connect(self._set_enabled)
        legend = QLabel(self.tr("黑色是这一段，灰色是下一段，黄色底是两段重叠的文字。把光标放到要切开的地方。"))
        legend.setWordWrap(True)

        self.merge_button = QPushButton(self.tr("合并下一段"))
        self.merge_button.clicked.connect(lambda: self.on_chunk_edit_clicked("merge"))
        self.split_button = QPushButton(self.tr("在光标处切分"))
        self.split_button.clicked.connect(lambda: self.on_chunk_edit_clicked("split"))
        self.move_button = QPushButton(self.tr("分界移到光标处"))
        self.move_button.setToolTip(self.tr("这一段到光标处结束，下一段从光标处开始（光标可以在灰色的下一段里）。"))
        self.move_button.clicked.connect(lambda: self.on_chunk_edit_clicked("move"))
        self.size = QSpinBox()
        self.size.setRange(64, 100_000)
        self.size.setValue(1024)
        self.overlap = QSpinBox()
        self.overlap.setRange(0, 10_000)
        self.overlap.setValue(50)
        self.rechunk_button = QPushButton(self.tr("重新分段…"))
        self.rechunk_button.clicked.connect(lambda: self.on_chunk_edit_clicked("rechunk"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        edits = QHBoxLayout()
        for b in (self.merge_button, self.split_button, self.move_button):
            edits.addWidget(b)
        edits.addStretch(1)
        again = QHBoxLayout()
        again.addWidget(QLabel(self.tr("每段字数")))
        again.addWidget(self.size)
        again.addWidget(QLabel(self.tr("重叠字数")))
        again.addWidget(self.overlap)
        again.addWidget(self.rechunk_button)
        again.addStretch(1)
        pane = QWidget()
        pl = QVBoxLayout(pane)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.text, 1)
        pl.addWidget(legend)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(pane)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(split, 1)
        layout.addLayout(edits)
        layout.addLayout(again)
        layout.addWidget(self.status)
        self._set_enabled()

    @staticmethod
    def title() -> str:
        """The tab's name (the page that holds the view shows it)."""
        return QCoreApplication.translate("ChunkView", "文本段（问答用）")

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # questions may have been asked since (the Generate tab): the badges are read again
        super().showEvent(event)
        if self.store is not None and self.source_id is not None:
            self._load()

    # ---- loading --------------------------------------------------------------------------
    def set_source(self, store: Store | None, source_id: int | None) -> None:
        """Show this document's chunks (loaded in a thread); None clears the view."""
        changed = store is not self.store or source_id != self.source_id
        self.store, self.source_id = store, source_id
        if changed:
            self.status.clear()
        if store is None or source_id is None:
            self._show(None)
            return
        if not self.isVisible():
            # a hidden tab loads when it is shown (showEvent), not on every project opened or
            # document chosen: each load is a thread reading the project
            if changed:
                self._show(None)  # never another document's chunks, the moment it shows
            return
        self._load()

    def _load(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a widget outliving its test): nothing would run the load
        start_in_background(self, self.load_chunks(), "load_chunks")

    async def load_chunks(self, select: int | None = None) -> ce.DocumentChunks | None:
        store, sid = self.store, self.source_id
        if store is None or sid is None:
            self._show(None)
            return None
        try:
            doc = await asyncio.to_thread(ce.document_chunks, store, sid)
        except CorpusmithError as e:
            self._show(None)
            self.status.setText(str(e))
            return None
        if (store, sid) != (self.store, self.source_id):
            return None  # the user moved on while it loaded
        self._show(doc, select)
        return doc

    def _show(self, doc: ce.DocumentChunks | None, select: int | None = None) -> None:
        keep = self.table.currentRow() if select is None else select
        same_doc = doc is not None and self.doc is not None and doc.source_id == self.doc.source_id
        self.doc = doc
        self.table.blockSignals(True)
        self.table.setRowCount(len(doc.chunks) if doc else 0)
        for c in doc.chunks if doc else []:
            where = self._where(c)
            asked = self.tr("已有问题") if c.questions else ""
            for col, value in enumerate((str(c.index + 1), str(len(c.text)), where, asked)):
                item = QTableWidgetItem(value)
                if col < 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if col == 3 and c.questions:
                    item.setToolTip(self.tr("已对这一段提过 {0} 次问，由它生成了 {1} 条样本；改动它会重新提问。")
                                    .format(c.questions, c.samples))
                self.table.setItem(c.index, col, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        if doc is None:
            self.info.setText(self.tr("选中左边的一篇文档，查看它的文本段。"))
            self.text.clear()
        else:
            asked = sum(1 for c in doc.chunks if c.questions)
            self.info.setText(self.tr("《{0}》：{1} 段（分段设置：每段最多 {2} 字，重叠 {3} 字）；{4} 段已有问题。")
                              .format(doc.name, len(doc.chunks), doc.size, doc.overlap, asked))
            if not same_doc:
                self.size.setValue(max(self.size.minimum(), doc.size or 1024))
                self.overlap.setValue(doc.overlap)
            row = min(max(keep, 0), len(doc.chunks) - 1) if doc.chunks else -1
            self.table.setCurrentCell(row, 0)
            self._show_chunk(row)
        self._set_enabled()

    def _where(self, c: ce.Chunk) -> str:
        parts = []
        if c.page is not None:
            parts.append(self.tr("第 {0} 页").format(c.page) if c.page == c.page_end
                         else self.tr("第 {0}–{1} 页").format(c.page, c.page_end))
        if c.heading:
            parts.append(c.heading)
        return " · ".join(parts)

    # ---- the chosen chunk -----------------------------------------------------------------
    def current(self) -> ce.Chunk | None:
        row = self.table.currentRow()
        if self.doc is None or not 0 <= row < len(self.doc.chunks):
            return None
        return self.doc.chunks[row]

    def _next(self, c: ce.Chunk) -> ce.Chunk | None:
        return self.doc.chunks[c.index + 1] if self.doc and c.index + 1 < len(self.doc.chunks) else None

    def _show_chunk(self, row: int) -> None:
        """The chunk's text as it lies in the document, then the rest of the next chunk in grey,
        the overlap of the two on a yellow ground: the cursor's place in the pane is an offset
        from the chunk's start."""
        self.text.clear()
        c = self.current() if row == self.table.currentRow() else None
        if c is None:
            self._set_enabled()
            return
        if not c.placed:
            self.text.setPlainText(c.text)
            self._set_enabled()
            return
        nxt = self._next(c)
        end = max(c.end, nxt.end) if nxt is not None and nxt.placed else c.end
        shared_from = nxt.start if nxt is not None and nxt.placed and nxt.start < c.end else c.end
        text = self.doc.text
        cursor = self.text.textCursor()
        plain, shared, grey = QtGui.QTextCharFormat(), QtGui.QTextCharFormat(), QtGui.QTextCharFormat()
        shared.setBackground(SHARED_COLOR)
        grey.setForeground(NEXT_COLOR)
        cursor.insertText(text[c.start:shared_from], plain)
        cursor.insertText(text[shared_from:c.end], shared)
        cursor.insertText(text[c.end:end], grey)
        cursor.setPosition(0)
        self.text.setTextCursor(cursor)
        self._set_enabled()

    def cursor_offset(self) -> int:
        """Where the cursor is, in characters from the chosen chunk's start."""
        return self.text.textCursor().position()

    def set_cursor_offset(self, at: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(max(0, min(at, len(self.text.toPlainText()))))
        self.text.setTextCursor(cursor)

    def _set_enabled(self, *_args) -> None:
        c = self.current()
        placed = c is not None and c.placed and all(x.placed for x in self.doc.chunks)
        has_next = c is not None and self._next(c) is not None
        at = self.cursor_offset()
        self.merge_button.setEnabled(placed and has_next)
        self.split_button.setEnabled(placed and 0 < at < len(c.text))
        self.move_button.setEnabled(placed and has_next and 0 < at < len(self.text.toPlainText()))
        self.rechunk_button.setEnabled(self.doc is not None)

    # ---- edits ----------------------------------------------------------------------------
    def _planner(self, what: str):
        """The core call that plans this edit of the chosen chunk (None when nothing is chosen)."""
        store, sid, c = self.store, self.source_id, self.current()
        if what == "rechunk":
            size, overlap = self.size.value(), self.overlap.value()
            return (lambda: ce.plan_rechunk(store, sid, size, overlap)), 0
        if c is None:
            return None, 0
        at = self.cursor_offset()
        if what == "merge":
            return (lambda: ce.plan_merge(store, sid, c.index)), c.index
        if what == "split":
            return (lambda: ce.plan_split(store, sid, c.index, at)), c.index
        return (lambda: ce.plan_move(store, sid, c.index, at)), c.index

    @asyncSlot()
    async def on_chunk_edit_clicked(self, what: str) -> None:
        await self.edit(what)

    async def edit(self, what: str) -> ce.ChunkEditResult | None:
        """Plan the edit, show the plan, and apply it when the user says yes."""
        if self.store is None or self.source_id is None:
            return None
        plan_call, row = self._planner(what)
        if plan_call is None:
            return None
        store = self.store
        try:
            async with busy(self, self.tr("正在计算分段改动…")):
                plan = await asyncio.to_thread(plan_call)
        except CorpusmithError as e:
            self.status.setText(str(e))
            return None
        if not plan.changed:
            self.status.setText(plan.text())
            return None
        box = choice(self, self.tr("修改分段"), plan.text(),
                     [(self.tr("修改分段"), QMessageBox.ButtonRole.AcceptRole),
                      (self.tr("取消"), QMessageBox.ButtonRole.RejectRole)])
        self.confirm_box = box
        try:
            await ask(box)
            yes = clicked(box) == 0
        finally:
            self.confirm_box = None
            box.deleteLater()
        if not yes or store is not self.store:
            self.status.setText(self.tr("没有修改分段。"))
            return None
        try:
            async with busy(self, self.tr("正在修改分段…")):
                result = await asyncio.to_thread(ce.apply_plan, store, plan)
        except CorpusmithError as e:
            self.status.setText(str(e))
            await self.load_chunks()
            return None
        self.status.setText(str(result.said()))
        await self.load_chunks(select=row)
        self.chunks_changed.emit(plan.source_id)
        if result.effects.reject:
            self.samples_changed.emit()
        return result
