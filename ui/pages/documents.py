"""Documents: drop DOCX/PDF/TXT/Markdown/EPUB files; scripts become character QA pairs and
scene dialogues, prose becomes pre-training chunks. Parsing and generating live in core; this
page collects options, previews the parse, and shows what was made and what was dropped."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.errors import CorpusmithError
from core.flows.script import (
    DialogueOptions,
    ScriptQAOptions,
    chunk_samples,
    parse_source,
    script_dialogues,
    script_qa,
)
from core.messages import code_of, render
from core.sources.documents.importer import format_label
from core.sources.documents.script import Script, ScriptOptions
from core.store import Store
from ui.background import start_in_background
from ui.dialogs import open_file_names
from ui.importing import import_paths
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
    asyncSlot,
)
from ui.theme import make_primary
from ui.widgets.busy import busy
from ui.widgets.chunk_view import ChunkView
from ui.widgets.debounce import debouncer
from ui.widgets.placeholder_button import PlaceholderButton, script_placeholders

PREVIEW_LINES = 60


def parse_aliases(text: str) -> dict[str, str]:
    """`嬛嬛,莞贵人=甄嬛; 阿福=福` → {"嬛嬛": "甄嬛", "莞贵人": "甄嬛", "阿福": "福"}."""
    out: dict[str, str] = {}
    for part in text.replace("；", ";").replace("，", ",").split(";"):
        if "=" not in part:
            continue
        names, canonical = part.split("=", 1)
        for name in names.split(","):
            if name.strip() and canonical.strip():
                out[name.strip()] = canonical.strip()
    return out


class DocumentsPage(QWidget):
    samples_added = Signal(list)
    samples_changed = Signal()  # a rebuild replaced samples: Review reads its rows again
    sources_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Store | None = None
        self.script: Script | None = None

        add = make_primary(QPushButton(self.tr("添加文件…")))
        add.clicked.connect(self.on_add_clicked)
        hint = QLabel(self.tr("也可以把 DOCX、PDF、TXT、Markdown、EPUB 文件直接拖到窗口上（可多选）。"))
        hint.setWordWrap(True)
        self.import_progress = QProgressBar()
        self.import_progress.setVisible(False)
        self.import_log = QPlainTextEdit()
        self.import_log.setReadOnly(True)
        self.import_log.setMaximumHeight(110)
        self.import_log.setPlaceholderText(self.tr("每个文件的导入结果会列在这里。"))
        self.documents = QListWidget()
        self.documents.currentRowChanged.connect(self._document_changed)
        left = QWidget()
        ll = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.import_progress, 1)
        ll.addLayout(row)
        ll.addWidget(hint)
        ll.addWidget(QLabel(self.tr("已导入的文档")))
        ll.addWidget(self.documents, 1)
        ll.addWidget(self.import_log)

        # ---- script ----
        self.mode = QComboBox()
        self.mode.addItem(self.tr("自动判断"), "auto")
        self.mode.addItem(self.tr("剧本（角色：台词）"), "script")
        self.mode.addItem(self.tr("小说（引号对白，启发式）"), "novel")
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText(self.tr("合并别名，例如：嬛嬛,莞贵人=甄嬛; 阿福=福伯"))
        self.characters = QTableWidget(0, 4)
        self.characters.setHorizontalHeaderLabels([self.tr("角色"), self.tr("台词数"), self.tr("字数"),
                                                   self.tr("场次")])
        self.characters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.characters.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.characters.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.characters.verticalHeader().setVisible(False)
        self.parse_info = QLabel()
        self.parse_info.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(self.tr("解析预览：每场戏的台词，按角色列出。"))
        self.history = QSpinBox()
        self.history.setRange(0, 20)
        self.history.setSpecialValueText(self.tr("不保留（单轮）"))
        self.merge = QCheckBox(self.tr("合并同一角色的连续台词"))
        self.merge.setChecked(True)
        self.system = QLineEdit(ScriptQAOptions().system_template)
        self.min_len = QSpinBox()
        self.min_len.setRange(1, 200)
        self.min_len.setValue(2)
        self.qa_button = QPushButton(self.tr("生成所选角色的问答"))
        self.qa_button.clicked.connect(self.on_qa_clicked)
        self.dialogue_button = QPushButton(self.tr("生成整场对话"))
        self.dialogue_button.clicked.connect(self.on_dialogues_clicked)
        opts = QFormLayout()
        opts.addRow(self.tr("格式"), self.mode)
        opts.addRow(self.tr("别名"), self.aliases)
        opts.addRow(self.tr("保留的上文轮数"), self.history)
        opts.addRow("", self.merge)
        system_row = QHBoxLayout()
        system_row.addWidget(self.system, 1)
        system_row.addWidget(PlaceholderButton(self.system, script_placeholders()))
        opts.addRow(self.tr("系统提示词"), system_row)
        opts.addRow(self.tr("最短回答（字）"), self.min_len)
        buttons = QHBoxLayout()
        buttons.addWidget(self.qa_button)
        buttons.addWidget(self.dialogue_button)
        buttons.addStretch(1)
        script_tab = QWidget()
        st = QVBoxLayout(script_tab)
        split = QSplitter(Qt.Orientation.Horizontal)
        chars_box = QWidget()
        cb = QVBoxLayout(chars_box)
        cb.setContentsMargins(0, 0, 0, 0)
        cb.addWidget(QLabel(self.tr("角色表（选中一个角色生成问答）")))
        cb.addWidget(self.characters, 1)
        cb.addWidget(self.parse_info)
        split.addWidget(chars_box)
        split.addWidget(self.preview)
        st.addLayout(opts)
        st.addWidget(split, 1)
        st.addLayout(buttons)

        # ---- chunks ----
        self.size = QSpinBox()
        self.size.setRange(64, 100_000)
        self.size.setValue(1024)
        self.overlap = QSpinBox()
        self.overlap.setRange(0, 10_000)
        self.overlap.setValue(50)
        self.chunk_button = QPushButton(self.tr("生成预训练文本段"))
        self.chunk_button.clicked.connect(self.on_chunks_clicked)
        chunk_tab = QWidget()
        cf = QFormLayout(chunk_tab)
        cf.addRow(self.tr("每段字数"), self.size)
        cf.addRow(self.tr("相邻段重叠字数"), self.overlap)
        cf.addRow("", QLabel(self.tr("先按段落，再按句末标点（。！？；… .!?;）切分，不会切断句子中间，除非一句话本身超长。")))
        cf.addRow("", self.chunk_button)

        self.tasks = QTabWidget()
        self.tasks.addTab(script_tab, self.tr("剧本 → 问答 / 对话"))
        self.tasks.addTab(chunk_tab, self.tr("预训练文本段"))
        self.chunk_view = ChunkView()  # the chunks QA asks about: seen and fixed before generating
        self.chunk_view.samples_changed.connect(self.samples_changed)
        self.tasks.addTab(self.chunk_view, ChunkView.title())
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setMaximumHeight(140)
        self.result.setPlaceholderText(self.tr("生成结果：新增多少条、已有多少条、丢弃了哪些及原因。"))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.tasks, 1)
        rl.addWidget(QLabel(self.tr("结果")))
        rl.addWidget(self.result)
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left)
        outer.addWidget(right)
        outer.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(outer)

        self._reparse_timer = debouncer(self, 400, self._reparse)
        self.mode.currentIndexChanged.connect(self._reparse_timer.start)
        self.aliases.textChanged.connect(self._reparse_timer.start)
        self._set_enabled()

    # ---- project and documents ------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.script = None
        self.import_log.clear()
        self.result.clear()
        self.reload_documents()

    def reload_documents(self) -> None:
        current = self.source_id()
        self.documents.blockSignals(True)
        self.documents.clear()
        for src in self.store.sources() if self.store else []:
            if src["kind"] != "document":
                continue
            st = src["settings"]
            fmt = render(format_label(st.get("format")))
            self.documents.addItem(f"{src['name']}  ·  {fmt}")
            item = self.documents.item(self.documents.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, src["id"])
            item.setToolTip(src["origin"])
        self.documents.blockSignals(False)
        rows = [self.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.documents.count())]
        if rows:
            self.documents.setCurrentRow(rows.index(current) if current in rows else len(rows) - 1)
        else:
            self._document_changed(-1)

    def source_id(self) -> int | None:
        item = self.documents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _set_enabled(self) -> None:
        has_doc = self.source_id() is not None
        for b in (self.qa_button, self.dialogue_button, self.chunk_button):
            b.setEnabled(has_doc)

    def _document_changed(self, _row: int) -> None:
        self._set_enabled()
        self.chunk_view.set_source(self.store, self.source_id())
        self._reparse_timer.start()

    # ---- import -------------------------------------------------------------------------
    @asyncSlot()
    async def on_add_clicked(self) -> None:
        paths = await open_file_names(
            self, self.tr("添加文件"), str(Path.home()),
            self.tr("文档 (*.docx *.pdf *.txt *.md *.markdown *.epub);;所有文件 (*)"))
        if paths:
            await self.import_files([Path(p) for p in paths])

    async def import_files(self, paths: list[Path]) -> list[str]:
        if self.store is None or not paths:
            return []
        self.import_progress.setVisible(True)
        self.import_progress.setValue(0)

        def progress(done: int, total: int) -> None:
            self.import_progress.setMaximum(max(1, total))
            self.import_progress.setValue(done)

        try:
            lines = await import_paths(self.store, paths, self, progress)
        finally:
            self.import_progress.setVisible(False)
        for line in lines:
            self.import_log.appendPlainText(line)
        self.reload_documents()
        self.sources_changed.emit()
        return lines

    # ---- script -------------------------------------------------------------------------
    def parser_options(self) -> ScriptOptions:
        return ScriptOptions(mode=self.mode.currentData(), aliases=parse_aliases(self.aliases.text()))

    def _reparse(self) -> None:
        # A registered task (ui/background.py): closing the project cancels it; without a
        # running loop (a widget outliving its test) the coroutine is not even made.
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        start_in_background(self, self.reparse(), "reparse")

    async def reparse(self) -> Script | None:
        sid = self.source_id()
        if self.store is None or sid is None:
            self.script = None
            self.characters.setRowCount(0)
            self.preview.clear()
            self.parse_info.setText("")
            return None
        try:
            async with busy(self, self.tr("正在解析剧本…")):
                script = await asyncio.to_thread(parse_source, self.store, sid, self.parser_options())
        except CorpusmithError as e:
            self.parse_info.setText(str(e))
            return None
        if sid != self.source_id():
            return None  # the user moved on while it parsed
        self.script = script
        self._show_script(script)
        return script

    def _show_script(self, script: Script) -> None:
        table = script.character_table()
        selected = self.selected_character()
        self.characters.setRowCount(len(table))
        for r, row in enumerate(table):
            name = self.tr("{0}（{1}）").format(row.name, self.tr("、").join(row.aliases)) if row.aliases else row.name
            for c, value in enumerate((name, row.lines, row.chars, row.scenes)):
                item = QTableWidgetItem(str(value))
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.name)
                else:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.characters.setItem(r, c, item)
            if row.name == selected or (selected is None and r == 0):
                self.characters.selectRow(r)
        self.characters.resizeColumnsToContents()
        if script.mode == "novel":
            mode = self.tr("小说（说话人是推测的，请在审阅中检查）")
        elif script.heuristic:
            mode = self.tr("剧本（部分说话人是推测的，请在审阅中检查）")
        else:
            mode = self.tr("剧本")
        n_lines = sum(1 for _ in script.lines())
        info = self.tr("识别为{0}：{1} 场，{2} 句台词，{3} 个角色").format(mode, len(script.scenes), n_lines, len(table))
        if script.unattributed:
            info += self.tr("；{0} 句找不到说话人（不会使用）").format(len(script.unattributed))
        # how the layout was read (cast list, tables, guesses) and why nothing was, in core's words
        notes = [render(n) for n in script.notes if code_of(n) != "script.guess.novel"]
        if script.problem:
            info = render(script.problem)
        self.parse_info.setText("\n".join([info, *notes]))
        out: list[str] = []
        opening = self.tr("开场")
        for scene in script.scenes:
            if len(out) >= PREVIEW_LINES:
                break
            out.append(self.tr("【{0}】").format(f"{scene.episode + ' ' if scene.episode else ''}{scene.heading or opening}"))
            out.extend(self.tr("{0}（{1}）：{2}").format(ln.speaker, ln.action, ln.text) if ln.action
                       else self.tr("{0}：{1}").format(ln.speaker, ln.text) for ln in scene.lines)
        if script.unattributed:
            out.append("")
            out.append(self.tr("—— 找不到说话人的句子 ——"))
            out.extend(self.tr("#{0}  {1}  （{2}）").format(u.line_no, u.text, render(u.reason))
                       for u in script.unattributed[:30])
        self.preview.setPlainText("\n".join(out[: PREVIEW_LINES + 32]))

    def selected_character(self) -> str | None:
        rows = self.characters.selectionModel().selectedRows() if self.characters.selectionModel() else []
        if not rows:
            return None
        item = self.characters.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def qa_options(self) -> ScriptQAOptions:
        return ScriptQAOptions(history=self.history.value(), merge_consecutive=self.merge.isChecked(),
                               system_template=self.system.text(), min_answer_len=self.min_len.value(),
                               parser=self.parser_options())

    async def _generate(self, work) -> None:
        if self.store is None or self.source_id() is None:
            return
        for b in (self.qa_button, self.dialogue_button, self.chunk_button):
            b.setEnabled(False)
        try:
            async with busy(self, self.tr("正在生成样本…")):
                report = await asyncio.to_thread(work)
        except CorpusmithError as e:
            self.result.setPlainText(str(e))
            return
        finally:
            self._set_enabled()
        self.result.setPlainText(report.summary())
        if report.rebuild.replaced:  # rows went away too: Review reads them all again
            self.samples_changed.emit()
        elif report.sample_ids:
            self.samples_added.emit(list(report.sample_ids))

    @asyncSlot()
    async def on_qa_clicked(self) -> None:
        await self.generate_qa()

    async def generate_qa(self) -> None:
        character = self.selected_character()
        if character is None:
            self.result.setPlainText(self.tr("先在角色表里选中一个角色。"))
            return
        sid, opts = self.source_id(), self.qa_options()
        await self._generate(lambda: script_qa(self.store, sid, character, opts))

    @asyncSlot()
    async def on_dialogues_clicked(self) -> None:
        await self.generate_dialogues()

    async def generate_dialogues(self) -> None:
        sid = self.source_id()
        opts = DialogueOptions(parser=self.parser_options())
        await self._generate(lambda: script_dialogues(self.store, sid, opts))

    @asyncSlot()
    async def on_chunks_clicked(self) -> None:
        await self.generate_chunks()

    async def generate_chunks(self) -> None:
        sid, size, overlap = self.source_id(), self.size.value(), self.overlap.value()
        await self._generate(lambda: chunk_samples(self.store, sid, size, overlap))

