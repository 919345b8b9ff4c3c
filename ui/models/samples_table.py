"""The Review table's model: ids of the current filter/sort in memory, rows read from the
project a page at a time, so 200k samples open as fast as 200."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from core.messages import render
from core.store import ROW_COLUMNS, SampleFilter, Store
from ui.qt import QAbstractTableModel, QBrush, QColor, QModelIndex, Qt, QTimer

PAGE = 256
MAX_PAGES = 64  # rows kept decoded: 16k, enough for any screen and fast scrolling back

COLUMNS = ("id", "source", "kind", "status", "preview", "answer", "n_turns", "n_chars", "reason", "score")
SCORE_COLUMN = COLUMNS.index("score")  # the LLM judge's 1-5 (blank: not judged); Review shows it after the status
_POS = {name: ROW_COLUMNS.index(name) for name in COLUMNS}

_ROOT = QModelIndex()

STATUS_COLORS = {
    "accepted": QColor("#1b7f3b"),
    "rejected": QColor("#b3261e"),
    "pending": QColor("#7a6400"),
}


class SamplesTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._store: Store | None = None
        self._filter = SampleFilter()
        self._sort = ("id", False)
        self._ids: list[int] | object = []
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._labels = self._make_labels()
        self._brushes = {k: QBrush(c) for k, c in STATUS_COLORS.items()}
        # Samples arriving from a running job are buffered and inserted in one batch per tick:
        # one beginInsertRows per 100 ms instead of one per sample keeps the view smooth.
        self._incoming: list[int] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(100)
        self._flush_timer.timeout.connect(self._flush_incoming)

    def _make_labels(self) -> dict[str, str]:
        return {
            "id": self.tr("编号"), "source": self.tr("来源"), "kind": self.tr("类型"),
            "status": self.tr("状态"), "preview": self.tr("问题 / 开头"),
            "answer": self.tr("回答"), "n_turns": self.tr("轮数"), "n_chars": self.tr("字数"),
            "reason": self.tr("原因"), "score": self.tr("评分"),
            "pending": self.tr("待审"), "accepted": self.tr("已接受"), "rejected": self.tr("已拒绝"),
            "sft": self.tr("问答"), "dialogue": self.tr("对话"), "pretrain": self.tr("预训练"),
        }

    # ---- what is shown -----------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self._store = store
        self.reload()

    def set_filter(self, flt: SampleFilter) -> None:
        self._filter = flt
        self.reload()

    @property
    def filter(self) -> SampleFilter:
        return self._filter

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._ids = self._store.query_ids(self._filter, *self._sort) if self._store else []
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read rows (after edits) without changing which rows are shown."""
        self._pages.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def add_new(self, ids: list[int]) -> None:
        """Samples just written by a job: shown at the end within ~100 ms, if they match."""
        self._incoming.extend(ids)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_incoming(self) -> None:
        self._flush_timer.stop()
        if not self._incoming or self._store is None:
            self._incoming.clear()
            return
        flt = self._filter
        matching = self._store.query_ids(replace(flt, ids=self._incoming))
        self._incoming.clear()
        if matching:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(matching) - 1)
            self._ids.extend(matching)
            self._pages.pop(first // PAGE, None)  # the last page was cached short
            self.endInsertRows()

    # ---- lookups -------------------------------------------------------------------------
    def sample_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def all_ids(self) -> list[int]:
        return list(self._ids)

    def _row(self, row: int) -> tuple | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            chunk = self._ids[page * PAGE : (page + 1) * PAGE]
            found = self._store.rows(chunk) if self._store else {}
            rows = [self._display(found.get(i)) for i in chunk]
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * PAGE]

    def _display(self, r: tuple | None) -> tuple:
        if r is None:  # deleted since the ids were read
            return ("",) * len(COLUMNS) + ("",)
        lab = self._labels
        out = []
        for name in COLUMNS:
            v = r[_POS[name]]
            if name in ("kind", "status"):
                v = lab.get(v, v)
            elif name == "reason":  # stored as a message code: shown in the UI's language
                v = render(v)
            elif name == "score" and v is None:
                v = ""
            out.append(str(v))
        return (*out, r[_POS["status"]])

    # ---- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(index.row())[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return self._brushes.get(self._row(index.row())[-1])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 6, 7, SCORE_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._labels[COLUMNS[section]]
        return None
