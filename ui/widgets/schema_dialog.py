"""Edit the project's extraction fields as a form (a table: name, kind, allowed values, description,
scoring), with the raw JSON kept behind "专家：编辑 JSON". Both views hold the same schema: switching
carries the edits across, and a view that does not read as a schema is not left (the problem is
named). Core's load_schema checks what is saved, so the form can never save what the JSON could not."""

from __future__ import annotations

import json
import re
from typing import Any

from core.errors import CorpusmithError
from core.flows.extract import project_schema, reset_project_schema, save_project_schema
from core.flows.extract_schema import BUILTIN_SCHEMA, ExtractionSchema, SchemaField, load_schema
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NAME, KIND, VALUES, DESCRIPTION, SCORE, WEIGHT = range(6)
KINDS = ("text", "list", "one_of", "some_of")  # string / list, and each with fixed values
_SPLIT_VALUES = re.compile(r"[、，,|｜；;\n]+")  # whatever a person types between choices
# What a Chinese keyboard types for JSON's marks, the usual cause of a broken schema: the full-width
# forms of : , { } [ ] ", curly quotes, and 【】 for [ ].
_WIDE_MARKS = ({chr(ord(c) + 0xFEE0): c for c in ':,{}[]"'} | {"“": '"', "”": '"', "‘": '"', "’": '"'}
               | {"【": "[", "】": "]"})


def kind_of(f: SchemaField) -> str:
    if f.values:
        return "some_of" if f.type == "list" else "one_of"
    return f.type if f.type == "list" else "text"


def split_values(text: str) -> list[str]:
    return [v.strip() for v in _SPLIT_VALUES.split(text) if v.strip()]


class SchemaDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("抽取字段"))
        self.resize(960, 640)
        self.schema_name = ""  # not shown in the form; kept as it is
        help_text = QLabel(self.tr(
            "每行是要从聊天里找出的一项信息。类型：文本＝一句话；列表＝可以有好几项；单选＝只能从可选值里挑一个；"
            "多选＝从可选值里挑几个。评分方式和权重只在和人工标注对比打分时用到。"))
        help_text.setWordWrap(True)

        # ---- the form ----
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("字段名"), self.tr("类型"), self.tr("可选值"),
                                              self.tr("说明（写给模型看）"), self.tr("评分方式"), self.tr("权重")])
        tips = [self.tr("模型回答里用的键名，例如“客户姓名”。每个字段的名字不能重复。"),
                self.tr("这一项是一句话、好几项，还是只能从可选值里挑。"),
                self.tr("单选、多选才需要：用顿号、逗号或 | 隔开，例如：有意向、无意向。"),
                self.tr("告诉模型这一项指什么，例如：客户所在的省市。"),
                self.tr("和人工标注对比时怎样算对：完全一致、按项算重合，或按文字相似程度给分。"),
                self.tr("这一项在总分里占多少分量；0 表示不计分。")]
        for column, tip in enumerate(tips):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 170), (KIND, 150), (VALUES, 170), (SCORE, 110), (WEIGHT, 70)):
            self.table.setColumnWidth(column, width)
        self.multiple = QCheckBox(self.tr("一段聊天里可能有好几位客户（每人抽出一条记录）"))
        self.multiple.setToolTip(self.tr("勾上：模型回答一组记录，没找到客户就回答空的一组；不勾：每段聊天只回答一条记录。"))
        add = QPushButton(self.tr("添加字段"))
        add.clicked.connect(lambda: self.add_field())
        remove = QPushButton(self.tr("删除所选"))
        remove.clicked.connect(self.remove_field)
        up = QPushButton(self.tr("上移"))
        up.clicked.connect(lambda: self.move_field(-1))
        down = QPushButton(self.tr("下移"))
        down.clicked.connect(lambda: self.move_field(1))
        form_buttons = QHBoxLayout()
        for b in (add, remove, up, down):
            form_buttons.addWidget(b)
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.multiple)
        form = QWidget()
        fl = QVBoxLayout(form)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.table, 1)
        fl.addLayout(form_buttons)

        # ---- the JSON, for experts ----
        self.editor = QPlainTextEdit()
        self.editor.setToolTip(self.tr(
            "和表格是同一份字段：name 字段名；type 为 string（一句话）或 list（好几项）；values 可选值；"
            "description 说明；score 评分方式 exact / set / similarity；weight 权重。"))
        self.views = QStackedWidget()
        self.views.addWidget(form)
        self.views.addWidget(self.editor)
        self.json_toggle = QPushButton(self.tr("专家：编辑 JSON"))
        self.json_toggle.setCheckable(True)
        self.json_toggle.setToolTip(self.tr("直接改字段的 JSON 原文；再点一次回到表格，改动会带过去。"))
        self.json_toggle.toggled.connect(self.on_json_toggled)

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
        row.addWidget(self.json_toggle)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(help_text)
        lay.addWidget(self.views, 1)
        lay.addWidget(self.status)
        lay.addLayout(row)
        self.show_schema(project_schema(store))

    # ---- the form's rows ---------------------------------------------------------------------
    def kind_names(self) -> dict[str, str]:
        return {"text": self.tr("文本（一句话）"), "list": self.tr("列表（好几项）"),
                "one_of": self.tr("单选（从可选值挑一个）"), "some_of": self.tr("多选（从可选值挑几个）")}

    def score_names(self) -> dict[str, str]:
        return {"exact": self.tr("完全一致"), "set": self.tr("按项算重合"), "similarity": self.tr("文字相似度")}

    def add_field(self, f: SchemaField | None = None) -> int:
        """A row for the field (an empty text field when none); returns its row number."""
        f = f or SchemaField("", "string")
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(f.name))
        self.table.setItem(row, VALUES, QTableWidgetItem(self.tr("、").join(f.values or [])))
        self.table.setItem(row, DESCRIPTION, QTableWidgetItem(f.description))
        kind = QComboBox()
        for key, label in self.kind_names().items():
            kind.addItem(label, key)
        kind.setCurrentIndex(KINDS.index(kind_of(f)))
        score = QComboBox()
        for key, label in self.score_names().items():
            score.addItem(label, key)
        score.setCurrentIndex(score.findData(f.score))
        weight = QDoubleSpinBox()
        weight.setRange(0.0, 100.0)
        weight.setDecimals(1)
        weight.setValue(f.weight)
        self.table.setCellWidget(row, KIND, kind)
        self.table.setCellWidget(row, SCORE, score)
        self.table.setCellWidget(row, WEIGHT, weight)
        kind.currentIndexChanged.connect(lambda _i, combo=kind: self._kind_changed(combo))
        self._values_enabled(row, kind_of(f))
        if not f.name:
            self.table.setCurrentCell(row, NAME)
        return row

    def _row_of(self, widget: QWidget) -> int:
        return next((r for r in range(self.table.rowCount()) if self.table.cellWidget(r, KIND) is widget), -1)

    def _kind_changed(self, combo: QComboBox) -> None:
        row = self._row_of(combo)
        if row < 0:
            return
        kind = combo.currentData()
        score = self.table.cellWidget(row, SCORE)
        # a list is scored by its items, one text as a whole: follow the kind unless chosen otherwise
        if kind in ("list", "some_of") and score.currentData() == "exact":
            score.setCurrentIndex(score.findData("set"))
        elif kind in ("text", "one_of") and score.currentData() == "set":
            score.setCurrentIndex(score.findData("exact"))
        self._values_enabled(row, kind)

    def _values_enabled(self, row: int, kind: str) -> None:
        item = self.table.item(row, VALUES)
        choices = kind in ("one_of", "some_of")
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if choices else flags)
        if not choices:
            item.setText("")
        item.setToolTip("" if choices else self.tr("只有单选、多选需要可选值。"))

    def remove_field(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_field(self, step: int) -> None:
        row = self.table.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.table.rowCount():
            return
        rows = self.form_rows()
        rows[row], rows[to] = rows[to], rows[row]
        self._fill(rows)
        self.table.setCurrentCell(to, NAME)

    def form_rows(self) -> list[dict[str, Any]]:
        """Each row as the person filled it in: name, kind, values, description, score, weight."""
        out = []
        for r in range(self.table.rowCount()):
            out.append({"name": self.table.item(r, NAME).text().strip(),
                        "kind": self.table.cellWidget(r, KIND).currentData(),
                        "values": split_values(self.table.item(r, VALUES).text()),
                        "description": self.table.item(r, DESCRIPTION).text().strip(),
                        "score": self.table.cellWidget(r, SCORE).currentData(),
                        "weight": self.table.cellWidget(r, WEIGHT).value()})
        return out

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for r in rows:
            kind = r["kind"]
            self.add_field(SchemaField(r["name"], "list" if kind in ("list", "some_of") else "string",
                                       r["values"] if kind in ("one_of", "some_of") else None,
                                       r["description"], r["score"], r["weight"]))
            if kind in ("one_of", "some_of") and not r["values"]:  # keep the kind the person chose
                self.table.cellWidget(self.table.rowCount() - 1, KIND).setCurrentIndex(KINDS.index(kind))

    def form_problems(self) -> list[str]:
        """What the form cannot be saved with, row by row, in words a person acts on."""
        problems: list[str] = []
        rows = self.form_rows()
        if not rows:
            problems.append(self.tr("还没有字段：点“添加字段”加一个。"))
        seen: dict[str, int] = {}
        for i, r in enumerate(rows, 1):
            if not r["name"]:
                problems.append(self.tr("第 {0} 行没有字段名。").format(i))
            elif r["name"] in seen:
                problems.append(self.tr("第 {0} 行的字段名“{1}”和第 {2} 行重复了。").format(i, r["name"], seen[r["name"]]))
            else:
                seen[r["name"]] = i
            if r["kind"] in ("one_of", "some_of") and not r["values"]:
                problems.append(self.tr("第 {0} 行“{1}”是单选或多选，请填写可选值（用顿号隔开）。").format(i, r["name"]))
            elif len(set(r["values"])) < len(r["values"]):
                problems.append(self.tr("第 {0} 行“{1}”的可选值有重复。").format(i, r["name"]))
        if rows and not any(r["weight"] > 0 for r in rows):
            problems.append(self.tr("所有字段的权重都是 0，打分时就没有可算的了：至少给一个字段大于 0 的权重。"))
        return problems

    def form_data(self) -> dict[str, Any]:
        """The form as the schema's JSON object (what to_json writes)."""
        fields = []
        for r in self.form_rows():
            choices = r["kind"] in ("one_of", "some_of")
            fields.append({"name": r["name"], "type": "list" if r["kind"] in ("list", "some_of") else "string",
                           "values": r["values"] if choices else None, "description": r["description"],
                           "score": r["score"], "weight": r["weight"]})
        return {"name": self.schema_name, "multiple": self.multiple.isChecked(), "fields": fields}

    # ---- the two views -------------------------------------------------------------------------
    def show_schema(self, schema: ExtractionSchema) -> None:
        """Both views show this schema."""
        self.schema_name = schema.name
        self.multiple.setChecked(schema.multiple)
        self.table.setRowCount(0)
        for f in schema.fields:
            self.add_field(f)
        self.editor.setPlainText(schema.to_json())

    def json_problem(self, text: str) -> str | None:
        """Why the text is not JSON, in plain words with the line and column, or None."""
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            where = self.tr("JSON 写法有误：第 {0} 行第 {1} 列").format(e.lineno, e.colno)
            wide = text[e.pos:e.pos + 1] if e.pos < len(text) else ""
            if wide not in _WIDE_MARKS:  # the error is often found just after the wrong mark
                wide = next((c for c in text[max(0, e.pos - 2):e.pos] if c in _WIDE_MARKS), "")
            if wide:
                return where + self.tr("：这里用了中文标点“{0}”，JSON 的格式符号要用英文的 {1}。").format(wide, _WIDE_MARKS[wide])
            return self.tr("{0}：{1}").format(where, self._json_reason(e.msg))
        return None

    def _json_reason(self, msg: str) -> str:
        reasons = (("Expecting ',' delimiter", self.tr("少了一个逗号 ,（两项之间要用逗号隔开）。")),
                   ("Expecting ':' delimiter", self.tr("少了一个冒号 :（键名和值之间要有冒号）。")),
                   ("Expecting property name", self.tr("这里应是用英文双引号括起来的键名；也可能是最后一项后面多了逗号。")),
                   ("Expecting value", self.tr("这里缺一个值；也可能是多了逗号，或者还没写完。")),
                   ("Unterminated string", self.tr("引号没有配对，缺了后面的 \"。")),
                   ("Invalid control character", self.tr("引号里的文字不能直接换行。")),
                   ("Extra data", self.tr("后面多出了内容：整个 JSON 只能有一个最外层的 { } 或 [ ]。")),
                   ("Invalid \\escape", self.tr("反斜杠 \\ 后面的字符不对。")))
        return next((zh for prefix, zh in reasons if msg.startswith(prefix)), self.tr("格式不对。"))

    def schema_from(self, json_view: bool) -> ExtractionSchema:
        """The schema one view holds, checked by core; raises CorpusmithError saying why."""
        if json_view:
            text = self.editor.toPlainText()
            problem = self.json_problem(text)
            if problem:
                raise CorpusmithError(problem)
            return load_schema(text)
        problems = self.form_problems()
        if problems:
            raise CorpusmithError("\n".join(problems))
        return load_schema(json.dumps(self.form_data(), ensure_ascii=False))

    def on_json_toggled(self, to_json: bool) -> None:
        """Carry the edits to the other view; stay where a problem is, and say it."""
        try:
            schema = self.schema_from(json_view=not to_json)
        except CorpusmithError as e:
            self.json_toggle.blockSignals(True)
            self.json_toggle.setChecked(not to_json)
            self.json_toggle.blockSignals(False)
            self.status.setText(self.tr("还不能切换：") + str(e))
            return
        self.show_schema(schema)
        self.views.setCurrentIndex(1 if to_json else 0)
        self.status.setText("")

    # ---- saving ------------------------------------------------------------------------------------
    def save(self) -> bool:
        try:
            schema = save_project_schema(self.store, self.schema_from(self.json_toggle.isChecked()).to_json())
        except CorpusmithError as e:
            self.status.setText(self.tr("未保存：") + str(e))
            return False
        self.show_schema(schema)
        self.status.setText(self.tr("已保存：{0} 个字段。").format(len(schema.fields)))
        return True

    def reset(self) -> None:
        reset_project_schema(self.store)
        self.show_schema(BUILTIN_SCHEMA)
        self.status.setText(self.tr("已恢复内置字段。"))
