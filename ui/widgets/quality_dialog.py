"""Review → 质量筛查: rule filters counted before anything changes, and near-duplicate groups
where the user picks the one to keep. The scans run in a worker thread (core.text.quality and
core.text.neardup); applying rejects with a reason naming the rule or the kept copy."""

from __future__ import annotations

import asyncio

from core.errors import CorpusmithError
from core.store import ROW_COLUMNS
from core.text.neardup import find_near_duplicates, reject_near_duplicates
from core.text.quality import RULES, apply, scan
from ui.qt import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    asyncSlot,
)
from ui.widgets.busy import BusyBar, busy

MAX_GROUPS_SHOWN = 2000
PREVIEW = ROW_COLUMNS.index("preview")


class QualityDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("质量筛查"))
        self.resize(900, 700)
        self.rule_names = {
            "too_short": self.tr("太短"), "too_long": self.tr("太长"), "mostly_punctuation": self.tr("几乎全是标点/表情"),
            "refusal": self.tr("拒答套话（作为一个AI…）"), "answer_copies_question": self.tr("回答照抄问题"),
            "unbalanced_roles": self.tr("轮次不成对或有空轮"), "echo": self.tr("照抄提示词"),
        }
        self.param_words = self._param_words()
        self.checks: dict[str, QCheckBox] = {}
        self.params: dict[str, dict[str, QSpinBox]] = {}
        self.hits: dict = {}
        rules_box = QGroupBox(self.tr("规则（先统计，再应用）"))
        grid = QGridLayout(rules_box)
        for row, (name, rule) in enumerate(RULES.items()):
            box = QCheckBox(self.rule_names.get(name, name))
            box.setChecked(True)
            box.setToolTip(rule.description)  # core's catalogue, in the window's language
            self.checks[name] = box
            grid.addWidget(box, row, 0)
            col = 1
            self.params[name] = {}
            for key, value in rule.defaults.items():
                if not isinstance(value, int | float) or isinstance(value, bool):
                    continue  # lists (the refusal phrases) keep their defaults; the CLI can change them
                word, tip = self.param_words.get((name, key), (key, ""))
                label = QLabel(word)
                spin = QSpinBox()
                if isinstance(value, float):  # a share: shown as a percentage, given to core as 0–1
                    spin.setRange(0, 100)
                    spin.setSingleStep(5)
                    spin.setSuffix(" %")
                    spin.setValue(round(value * 100))
                else:
                    spin.setRange(0, 10_000_000)
                    spin.setValue(value)
                label.setToolTip(tip)
                spin.setToolTip(tip)
                label.setBuddy(spin)
                self.params[name][key] = spin
                grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(spin, row, col + 1)
                col += 2
        grid.setColumnStretch(grid.columnCount(), 1)
        hint = QLabel(self.tr("把鼠标停在规则或数值上，可以看到它具体查什么。"))
        hint.setWordWrap(True)
        grid.addWidget(hint, len(RULES), 0, 1, -1)
        self.scan_button = QPushButton(self.tr("统计"))
        self.scan_button.clicked.connect(self.on_scan_clicked)
        self.apply_button = QPushButton(self.tr("拒绝命中的样本"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.on_apply_rules_clicked)
        self.rules_result = QLabel()
        self.rules_result.setWordWrap(True)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.scan_button)
        rules_row.addWidget(self.apply_button)
        rules_row.addStretch(1)

        dup_box = QGroupBox(self.tr("近似重复（内容几乎一样的样本）"))
        dup_box.setToolTip(self.tr("按相同的字词片段比较样本，找出只差几个字的重复内容，每组只留一条。"))
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.3, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.7)
        self.threshold.setPrefix(self.tr("相似度 ≥ "))
        self.threshold.setToolTip(self.tr("两条样本像到这个程度才算重复：1.00 是完全一样，越小找到的越多。"))
        self.find_button = QPushButton(self.tr("查找"))
        self.find_button.clicked.connect(self.on_find_clicked)
        self.keep_button = QPushButton(self.tr("每组只保留勾选的一条，其余拒绝"))
        self.keep_button.setEnabled(False)
        self.keep_button.clicked.connect(self.on_keep_clicked)
        self.groups = QTreeWidget()
        self.groups.setHeaderLabels([self.tr("样本"), self.tr("相似度"), self.tr("内容")])
        self.groups.itemChanged.connect(self._one_kept_per_group)
        self.dup_result = QLabel()
        self.dup_result.setWordWrap(True)
        dup_row = QHBoxLayout()
        dup_row.addWidget(self.threshold)
        dup_row.addWidget(self.find_button)
        dup_row.addWidget(self.keep_button)
        dup_row.addStretch(1)
        dl = QVBoxLayout(dup_box)
        dl.addLayout(dup_row)
        dl.addWidget(self.groups, 1)
        dl.addWidget(self.dup_result)

        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        self.busy_bar = BusyBar()  # a scan of 200k samples takes seconds: show that it works
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy_bar)
        bottom.addStretch(1)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(rules_box)
        lay.addLayout(rules_row)
        lay.addWidget(self.rules_result)
        lay.addWidget(dup_box, 1)
        lay.addLayout(bottom)
        self._groups = []
        self.changed = False  # something was rejected: the caller refreshes its table

    def _param_words(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(rule, parameter) → the label a person would say, and one plain sentence on what it does."""
        return {
            ("too_short", "min_chars"): (self.tr("最短字数"), self.tr("所有轮次加起来少于这么多字的样本算太短。")),
            ("too_long", "max_chars"): (self.tr("最长字数"), self.tr("连同系统提示词超过这么多字的样本算太长。")),
            ("mostly_punctuation", "share"): (self.tr("标点占比 ≥"),
                                              self.tr("标点、符号、表情占全文的比例到了这个数才算。")),
            ("mostly_punctuation", "max_content"): (self.tr("文字少于"),
                                                    self.tr("汉字、字母、数字少于这么多个时才检查，文字多的样本不算。")),
            ("refusal", "opening_chars"): (self.tr("开头字数"),
                                           self.tr("只在回答开头这么多字里找“我无法”“抱歉，我不能”这类拒答的话。")),
            ("answer_copies_question", "similarity"): (self.tr("相似度 ≥"),
                                                       self.tr("回答和问题像到这个程度算照抄（100% 就是一字不差）。")),
            ("answer_copies_question", "min_chars"): (self.tr("问题最短字数"),
                                                      self.tr("问题短于这么多字时不检查，“好的”“嗯”之类本来就会重复。")),
            ("echo", "share"): (self.tr("照抄占比 ≥"), self.tr("一轮内容里照抄模板要求的部分到了这个比例才算照抄。")),
            ("echo", "min_copied"): (self.tr("照抄片段数 ≥"),
                                     self.tr("至少有这么多处三个字的片段和模板要求一样才算，免得短句被误判。")),
        }

    # ---- rules -----------------------------------------------------------------------------
    def chosen_rules(self) -> dict[str, dict]:
        """The ticked rules with their values as core takes them (a percentage back to 0–1)."""
        def value(rule: str, key: str, spin: QSpinBox) -> int | float:
            return spin.value() / 100 if isinstance(RULES[rule].defaults[key], float) else spin.value()

        return {name: {k: value(name, k, spin) for k, spin in self.params[name].items()}
                for name, box in self.checks.items() if box.isChecked()}

    @asyncSlot()
    async def on_scan_clicked(self) -> None:
        await self.scan_rules()

    async def scan_rules(self) -> dict:
        self.scan_button.setEnabled(False)
        try:
            async with busy(self, self.tr("正在按规则检查样本…")):
                self.hits = await asyncio.to_thread(scan, self.store, self.chosen_rules())
        except CorpusmithError as e:
            self.rules_result.setText(str(e))
            return {}
        finally:
            self.scan_button.setEnabled(True)
        lines = [self.tr("{0}：{1} 条").format(self.rule_names.get(name, name), len(hits))
                 for name, hits in self.hits.items()]
        self.rules_result.setText(self.tr("；").join(lines) + self.tr("。（还没有改动任何样本）"))
        self.apply_button.setEnabled(any(self.hits.values()))
        return self.hits

    @asyncSlot()
    async def on_apply_rules_clicked(self) -> None:
        await self.apply_rules()

    async def apply_rules(self) -> int:
        if not self.hits:
            return 0
        async with busy(self, self.tr("正在拒绝命中的样本…")):
            n = await asyncio.to_thread(apply, self.store, self.hits, list(self.hits))
        self.changed = self.changed or n > 0
        self.hits = {}
        self.apply_button.setEnabled(False)
        self.rules_result.setText(self.tr("已拒绝 {0} 条样本（原因写明规则和数值）。").format(n))
        return n

    # ---- near-duplicates ---------------------------------------------------------------------
    @asyncSlot()
    async def on_find_clicked(self) -> None:
        await self.find_groups()

    async def find_groups(self) -> list:
        self.find_button.setEnabled(False)
        try:
            async with busy(self, self.tr("正在查找近似重复…")):
                self._groups = await asyncio.to_thread(find_near_duplicates, self.store, threshold=self.threshold.value())
        except CorpusmithError as e:
            self.dup_result.setText(str(e))
            return []
        finally:
            self.find_button.setEnabled(True)
        rows = self.store.rows([i for g in self._groups[:MAX_GROUPS_SHOWN] for i in g.ids])
        self.groups.blockSignals(True)
        self.groups.clear()
        for n, group in enumerate(self._groups[:MAX_GROUPS_SHOWN], 1):
            top = QTreeWidgetItem([self.tr("第 {0} 组（{1} 条）").format(n, len(group.ids)), f"≥ {group.similarity:.2f}"])
            for i, sid in enumerate(group.ids):
                row = rows.get(sid)
                text = str(row[PREVIEW]) if row else ""
                score = group.scores[i] if i < len(group.scores) else group.similarity
                child = QTreeWidgetItem([f"#{sid}", f"{score:.2f}", text])
                child.setData(0, Qt.ItemDataRole.UserRole, sid)
                child.setCheckState(0, Qt.CheckState.Checked if sid == group.keep else Qt.CheckState.Unchecked)
                top.addChild(child)
            self.groups.addTopLevelItem(top)
            top.setExpanded(n <= 20)
        self.groups.blockSignals(False)
        dupes = sum(len(g.ids) - 1 for g in self._groups)
        self.dup_result.setText(self.tr("{0} 组近似重复，每组保留一条时将拒绝 {1} 条。勾选要保留的那一条；"
                                        "一条都不勾的组不处理。").format(len(self._groups), dupes))
        self.keep_button.setEnabled(bool(self._groups))
        return self._groups

    def _one_kept_per_group(self, item: QTreeWidgetItem, column: int) -> None:
        """A group keeps exactly one: checking a member unchecks the others."""
        parent = item.parent()
        if parent is None or item.checkState(0) != Qt.CheckState.Checked:
            return
        self.groups.blockSignals(True)
        for i in range(parent.childCount()):
            child = parent.child(i)
            if child is not item:
                child.setCheckState(0, Qt.CheckState.Unchecked)
        self.groups.blockSignals(False)

    def kept(self) -> dict[int, int]:
        """Group (its first id) → the member the user keeps."""
        out: dict[int, int] = {}
        for n in range(min(self.groups.topLevelItemCount(), len(self._groups))):
            top = self.groups.topLevelItem(n)
            for i in range(top.childCount()):
                child = top.child(i)
                if child.checkState(0) == Qt.CheckState.Checked:
                    out[self._groups[n].ids[0]] = child.data(0, Qt.ItemDataRole.UserRole)
        return out

    @asyncSlot()
    async def on_keep_clicked(self) -> None:
        await self.keep_one()

    async def keep_one(self) -> int:
        if not self._groups:
            return 0
        keep = self.kept()
        # only the groups the user saw, and of those only the ones with a member ticked: a group
        # with nothing ticked is a false alarm the user dismissed
        chosen = [g for g in self._groups[:MAX_GROUPS_SHOWN] if g.ids[0] in keep]
        try:
            async with busy(self, self.tr("正在拒绝重复的样本…")):
                n = await asyncio.to_thread(reject_near_duplicates, self.store, chosen, keep)
        except CorpusmithError as e:
            self.dup_result.setText(str(e))
            return 0
        self.changed = self.changed or n > 0
        self._groups = []
        self.groups.clear()
        self.keep_button.setEnabled(False)
        self.dup_result.setText(self.tr("已拒绝 {0} 条近似重复的样本（原因写明保留的那一条）。").format(n))
        return n
