"""Review: every sample in one table — filter, read, edit, accept, reject, delete, dedup, stats."""

from __future__ import annotations

from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui import jargon
from ui.models.samples_table import SCORE_COLUMN, SamplesTableModel
from ui.qt import (
    QAbstractItemView,
    QAction,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import make_primary
from ui.widgets.debounce import debouncer
from ui.widgets.judge_panel import JudgePanel
from ui.widgets.quality_dialog import QualityDialog
from ui.widgets.sample_editor import SampleEditor
from ui.widgets.stats_view import StatsView


class ReviewPage(QWidget):
    changed = Signal()  # samples were edited, accepted, rejected or deleted

    def __init__(self, parent=None, settings: AppSettings | None = None):
        super().__init__(parent)
        self.store: Store | None = None
        self.model = SamplesTableModel(self)

        # filters
        self.source_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("全部类型"), None)
        for kind, label in (("sft", self.tr("问答")), ("dialogue", self.tr("对话")),
                            ("pretrain", self.tr("预训练"))):
            self.kind_filter.addItem(label, kind)
        self.kind_filter.setToolTip(jargon.sample_kinds())
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status, label in (("pending", self.tr("待审")), ("accepted", self.tr("已接受")),
                              ("rejected", self.tr("已拒绝"))):
            self.status_filter.addItem(label, status)
        self.score_filter = QComboBox()  # the LLM judge's score: (judged, min, max)
        for label, scores in ((self.tr("全部评分"), None), (self.tr("未评分"), (False, None, None)),
                              (self.tr("已评分"), (True, None, None)), (self.tr("低于 3 分"), (True, None, 2)),
                              (self.tr("3 分及以上"), (True, 3, None)),
                              *((self.tr("{0} 分").format(n), (True, n, n)) for n in range(5, 0, -1))):
            self.score_filter.addItem(label, scores)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索文本…"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self._search_timer = debouncer(self, 300, self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.source_filter, self.kind_filter, self.status_filter, self.score_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("来源")))
        filters.addWidget(self.source_filter)
        filters.addWidget(QLabel(self.tr("类型")))
        filters.addWidget(self.kind_filter)
        filters.addWidget(QLabel(self.tr("状态")))
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel(self.tr("AI 评分")))
        filters.addWidget(self.score_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count_label)

        # table
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((64, 110, 56, 64, 300, 300, 48, 56, 160)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        header.moveSection(header.visualIndex(SCORE_COLUMN), 4)  # the score right after the status
        self.table.setColumnWidth(SCORE_COLUMN, 48)

        # actions (keyboard first: A accept, R reject, Delete delete, on the table)
        self.accept_action = self._action(self.tr("接受 (A)"), "A", lambda: self.set_status("accepted"))
        self.reject_action = self._action(self.tr("拒绝 (R)"), "R", lambda: self.set_status("rejected"))
        self.pending_action = self._action(self.tr("改回待审 (P)"), "P", lambda: self.set_status("pending"))
        self.delete_action = self._action(self.tr("删除 (Del)"), QKeySequence.StandardKey.Delete,
                                          self.delete_selected)
        # page-wide: find (Ctrl+F) and edit the current sample (F2), from anywhere on the page
        self.find_action = QAction(self.tr("搜索 (Ctrl+F)"), self, shortcut=QKeySequence.StandardKey.Find,
                                   triggered=self.focus_search)
        self.edit_action = QAction(self.tr("编辑当前样本 (F2)"), self, shortcut=QKeySequence("F2"),
                                   triggered=self.editor_focus)
        for act in (self.find_action, self.edit_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(act)
        self.search.returnPressed.connect(self.table.setFocus)  # Enter: back to the table to review
        buttons = QHBoxLayout()
        for act in (self.accept_action, self.reject_action, self.pending_action, self.delete_action):
            b = QPushButton(act.text())
            b.clicked.connect(act.trigger)
            buttons.addWidget(b)
            if act is self.accept_action:
                make_primary(b)
        bulk = QToolButton()
        bulk.setText(self.tr("批量操作"))
        bulk.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(bulk)
        menu.addAction(self.tr("接受当前筛选出的全部样本"), lambda: self.set_status_all_filtered("accepted"))
        menu.addAction(self.tr("拒绝当前筛选出的全部样本"), lambda: self.set_status_all_filtered("rejected"))
        menu.addSeparator()
        menu.addAction(self.tr("去除完全重复的样本"), self.reject_duplicates)
        menu.addAction(self.tr("质量筛查（规则、近似重复）…"), self.open_quality)
        bulk.setMenu(menu)
        buttons.addWidget(bulk)
        self.report_button = QPushButton(self.tr("质量报告"))
        self.report_button.setToolTip(self.tr("每个来源、每个流程产出多少、失败多少、每一关拒绝多少、保留和导出多少"))
        self.report_button.clicked.connect(self.open_report)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)

        # right side: details and stats
        self.editor = SampleEditor()
        self.editor.saved.connect(self._after_edit)
        self.stats = StatsView()
        side = QTabWidget()
        side.addTab(self.editor, self.tr("详情"))
        side.addTab(self.stats, self.tr("统计"))
        side.currentChanged.connect(lambda i: i == 1 and self.stats.refresh(self.store))
        self.side = side

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        # the LLM judge: score the filtered (or selected) samples, reject those below a score
        self.judge = JudgePanel(lambda: (self.selected_ids(), self.current_filter()), settings)
        self.judge.verdicts_written.connect(self._after_verdicts)
        self.judge.statuses_changed.connect(self._after_threshold)
        left_layout.addWidget(self.judge)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)

    def _action(self, text: str, shortcut, slot) -> QAction:
        act = QAction(text, self.table)
        act.setShortcut(QKeySequence(shortcut))
        # Only while the table has focus: typing "a" in the editor must not accept a sample.
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        self.table.addAction(act)
        return act

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def editor_focus(self) -> None:
        self.editor.focus_answer()

    # ---- project -------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.editor.set_store(store)
        self.judge.set_store(store)
        self.reload_sources()
        self.model.set_store(store)
        if self.side.currentIndex() == 1:
            self.stats.refresh(store)

    def reload_sources(self) -> None:
        current = self.source_filter.currentData()
        self.source_filter.blockSignals(True)
        self.source_filter.clear()
        self.source_filter.addItem(self.tr("全部来源"), None)
        for src in self.store.sources() if self.store else []:
            self.source_filter.addItem(src["name"], src["id"])
        idx = self.source_filter.findData(current)
        self.source_filter.setCurrentIndex(max(0, idx))
        self.source_filter.blockSignals(False)

    def current_filter(self) -> SampleFilter:
        status = self.status_filter.currentData()
        judged, min_score, max_score = self.score_filter.currentData() or (None, None, None)
        return SampleFilter(
            source_id=self.source_filter.currentData(),
            kind=self.kind_filter.currentData(),
            statuses=(status,) if status else None,
            text=self.search.text(),
            judged=judged, min_score=min_score, max_score=max_score,
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self.editor.show_sample(None)

    def _update_count(self) -> None:
        total = self.store.count() if self.store else 0
        self.count_label.setText(self.tr("显示 {0} / 共 {1} 条").format(self.model.rowCount(), total))

    # ---- selection and edits -------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [sid for r in rows if (sid := self.model.sample_id(r)) is not None]

    def _current_changed(self, current, _previous) -> None:
        sid = self.model.sample_id(current.row()) if current.isValid() else None
        self.editor.show_sample(self.store.get_sample(sid) if (sid is not None and self.store) else None)

    def _after_verdicts(self, ids: list[int]) -> None:
        """Scores were written (while a run goes on; [] at its end): the rows show them, and so does
        the open sample's detail pane — its score line only, so an edit being typed is kept."""
        self.model.refresh()
        shown = self.editor._sample
        if shown is not None and self.store is not None and (not ids or shown.id in ids):
            fresh = self.store.get_sample(shown.id)
            if fresh is not None:
                shown.meta = fresh.meta
                self.editor.origin.setPlainText(self.editor._origin_text(shown))
        self.changed.emit()

    def _after_threshold(self) -> None:
        """The threshold rejected (or gave back) samples: the rows and the open sample show it."""
        self.model.refresh()
        self._current_changed(self.table.currentIndex(), None)
        self.changed.emit()

    def _after_edit(self, _sample_id: int) -> None:
        self.model.refresh()
        self.changed.emit()

    def set_status(self, status: str) -> None:
        ids = self.selected_ids()
        if not ids or not self.store:
            return
        reason = self.tr("审阅时拒绝") if status == "rejected" else ""
        self.store.set_status(ids, status, reason)
        self.model.refresh()
        current = self.table.currentIndex()
        if len(ids) == 1 and current.isValid() and current.row() + 1 < self.model.rowCount():
            # one at a time: move on to the next sample, the way people review
            self.table.selectRow(current.row() + 1)
        else:
            self._current_changed(current, None)
        self.changed.emit()

    def set_status_all_filtered(self, status: str) -> None:
        if not self.store:
            return
        ids = self.model.all_ids()
        label = self.tr("接受") if status == "accepted" else self.tr("拒绝")
        if not ids or QMessageBox.question(
            self, label, self.tr("{0}当前筛选出的 {1} 条样本？").format(label, len(ids))
        ) != QMessageBox.StandardButton.Yes:
            return
        self.store.set_status(ids, status, self.tr("审阅时批量拒绝") if status == "rejected" else "")
        self.model.refresh()
        self.changed.emit()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not self.store:
            return
        if QMessageBox.question(
            self, self.tr("删除样本"), self.tr("永久删除选中的 {0} 条样本？此操作不能撤销。").format(len(ids))
        ) != QMessageBox.StandardButton.Yes:
            return
        self.store.delete_samples(ids)
        self.model.reload()
        self.editor.show_sample(None)
        self.changed.emit()

    def open_quality(self) -> None:
        if not self.store:
            return
        dialog = QualityDialog(self.store, self)
        dialog.exec()
        if dialog.changed:
            self.model.refresh()
            self.changed.emit()

    def open_report(self):
        """The quality report: window-modal (the project cannot close under it), counted in a worker
        thread (the window stays live)."""
        if not self.store:
            return None
        from ui.widgets.report_dialog import QualityReportDialog

        dialog = QualityReportDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.on_refresh_clicked()
        return dialog

    def reject_duplicates(self) -> None:
        if not self.store:
            return
        n = self.store.reject_duplicates()
        self.model.refresh()
        QMessageBox.information(
            self, self.tr("去除重复"),
            self.tr("{0} 条完全重复的样本已标为“已拒绝”（原因写明保留的那一条）。").format(n),
        )
        self.changed.emit()
