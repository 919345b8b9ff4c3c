"""The Generate tab's other flows, one settings panel each: topic questions by aspect, novel →
writing instructions, style augmentation, dialogue extraction from prose. A panel only turns its
widgets into the flow's options; the flows live in core.flows."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.flows.aspects import PRESET_ASPECTS_ZH, AspectFlow, AspectOptions
from core.flows.dialogue_extract import (
    DialogueExtractFlow,
    DialogueExtractOptions,
    llm_script_dialogues,
    llm_script_qa,
)
from core.flows.novel import SUMMARY_STYLES, NovelFlow, NovelOptions
from core.flows.script import DialogueOptions
from core.flows.style import StyleFlow, StyleOptions, builtin_styles, project_styles
from ui import jargon
from ui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.style_dialog import StyleDialog


def _spin(lo: int, hi: int, value: int, step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    box.setSingleStep(step)
    return box


def _documents(combo: QComboBox, store, all_label: str) -> None:
    current = combo.currentData()
    combo.clear()
    combo.addItem(all_label, None)
    for src in store.sources() if store else []:
        if src["kind"] == "document":
            combo.addItem(src["name"], src["id"])
    i = combo.findData(current)
    combo.setCurrentIndex(max(0, i))


class FlowPanel(QWidget):
    kind = ""
    templates: tuple[str, ...] = ()

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self.box = QGroupBox(title)
        self.form = QFormLayout(self.box)
        # a narrow column (a small screen, longer English labels) puts a label above its field
        # instead of cutting the field off
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.box)

    def reload(self, store) -> None:
        """The project changed (sources, styles)."""

    def hint(self, store) -> str:
        return ""

    def options(self, lang: str) -> Any:
        raise NotImplementedError

    def make_flow(self, store, client, settings, events, lang: str):
        raise NotImplementedError

    def after_run(self, store, result) -> tuple[list[int], list[str]]:
        """Work that follows a finished run (no LLM): (new sample ids, report lines)."""
        return [], []


class AspectsPanel(FlowPanel):
    kind = "aspects"
    templates = ("aspect_questions", "qa_answer")

    def __init__(self, parent=None):
        super().__init__(self.tr("主题 → 按方面提问 → 用你的文本作答"), parent)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText(self.tr("如：《黑神话：悟空》"))
        self.aspects = QPlainTextEdit("\n".join(PRESET_ASPECTS_ZH))
        self.aspects.setMaximumHeight(120)
        self.aspects.setToolTip(self.tr("每行一个方面，可增删。"))
        self.per_aspect = _spin(1, 50, 5)
        self.max_chars = _spin(10, 200, 40)
        self.top_k = _spin(1, 10, 3)
        self.source = QComboBox()
        self.group = QCheckBox(self.tr("同时按方面组成多轮对话（XTuner 等）"))
        self.system = QLineEdit()
        self.system.setPlaceholderText(self.tr("多轮对话的系统提示词（可选）"))
        self.form.addRow(self.tr("主题"), self.topic)
        self.form.addRow(self.tr("方面"), self.aspects)
        self.form.addRow(self.tr("每个方面的问题数"), self.per_aspect)
        self.form.addRow(self.tr("问题最长字数"), self.max_chars)
        self.form.addRow(self.tr("参考原文段数（关键词检索）"), self.top_k)
        self.top_k.setToolTip(jargon.bm25())
        self.form.addRow(self.tr("作答依据的文档"), self.source)
        self.form.addRow(self.group)  # across both columns: a long option never widens the labels' column
        self.form.addRow(self.tr("系统提示词"), self.system)
        # stop after the questions: the user edits, deletes, adds before the answers are paid for
        self.review_first = QCheckBox(self.tr("先审阅问题，再生成答案"))
        self.form.addRow(self.review_first)

    def reload(self, store) -> None:
        _documents(self.source, store, self.tr("全部文档"))

    def options(self, lang: str) -> AspectOptions:
        aspects = [a.strip() for a in self.aspects.toPlainText().splitlines() if a.strip()]
        return AspectOptions(topic=self.topic.text().strip(), aspects=aspects, per_aspect=self.per_aspect.value(),
                             max_chars=self.max_chars.value(), top_k=self.top_k.value(), lang=lang,
                             source_id=self.source.currentData(), group=self.group.isChecked(),
                             system_prompt=self.system.text().strip())

    def make_flow(self, store, client, settings, events, lang: str):
        return AspectFlow(store, client, settings, self.options(lang), events)


class NovelPanel(FlowPanel):
    kind = "novel"
    templates = ("novel_summary",)

    def __init__(self, parent=None):
        super().__init__(self.tr("小说 → 写作指令（原文不改）"), parent)
        self.source = QComboBox()
        self.chunk_size = _spin(200, 5000, 800, 100)
        self.max_chars = _spin(10, 300, 50)
        self.style = QComboBox()
        for key, label in (("plot", self.tr("情节")), ("theme", self.tr("主题与人物")), ("outline", self.tr("提纲"))):
            if key in SUMMARY_STYLES:
                self.style.addItem(label, key)
        self.previous = QCheckBox(self.tr("把上一段的摘要作为上下文"))
        self.instruction = QLineEdit()
        self.instruction.setPlaceholderText(self.tr("留空使用默认：你是一个熟读各类小说的专家，请你根据要求写一段800字左右的小说。"))
        self.form.addRow(self.tr("小说"), self.source)
        self.form.addRow(self.tr("每段字数"), self.chunk_size)
        self.form.addRow(self.tr("摘要最长字数"), self.max_chars)
        self.form.addRow(self.tr("摘要写什么"), self.style)
        self.form.addRow(self.previous)
        self.form.addRow(self.tr("指令"), self.instruction)

    def reload(self, store) -> None:
        _documents(self.source, store, self.tr("全部文档"))

    def options(self, lang: str) -> NovelOptions:
        return NovelOptions(source_id=self.source.currentData(), chunk_size=self.chunk_size.value(),
                            max_chars=self.max_chars.value(), style=self.style.currentData(),
                            previous=self.previous.isChecked(), instruction=self.instruction.text().strip(),
                            lang=lang)

    def make_flow(self, store, client, settings, events, lang: str):
        return NovelFlow(store, client, settings, self.options(lang), events)


class StylePanel(FlowPanel):
    kind = "style"
    templates = ("style_inputs",)

    def __init__(self, parent=None):
        super().__init__(self.tr("风格扩写（逐条校验）"), parent)
        self.style = QComboBox()
        self.count = _spin(1, 100_000, 50, 10)
        self.max_attempts = _spin(0, 1_000_000, 0, 10)
        self.max_attempts.setSpecialValueText(self.tr("自动（目标数 × 3）"))
        self.inputs = QPlainTextEdit()
        self.inputs.setPlaceholderText(self.tr("用户输入池，每行一条（可留空，由模型生成）"))
        self.inputs.setMaximumHeight(100)
        self.generate_inputs = QCheckBox(self.tr("输入不够时让模型生成（去重）"))
        self.generate_inputs.setChecked(True)
        self.embedding_model = QLineEdit()
        self.embedding_model.setPlaceholderText(self.tr("向量模型（留空则用字符相似度代替，会标明）"))
        self.edit_button = QPushButton(self.tr("编辑风格…"))
        self.edit_button.clicked.connect(self.edit_style)
        style_row = QHBoxLayout()
        style_row.addWidget(self.style, 1)
        style_row.addWidget(self.edit_button)
        self.store = None
        self.form.addRow(self.tr("风格"), style_row)
        self.form.addRow(self.tr("目标通过数"), self.count)
        self.form.addRow(self.tr("最多尝试"), self.max_attempts)
        self.form.addRow(self.tr("输入"), self.inputs)
        self.form.addRow(self.generate_inputs)
        self.form.addRow(self.tr("向量模型"), self.embedding_model)

    def edit_style(self) -> None:
        if self.store is None or not self.style.currentData():
            return
        dialog = StyleDialog(self.store, self.style.currentData(), self)
        dialog.exec()
        self.reload(self.store)
        if dialog.saved_name:
            self.style.setCurrentIndex(max(0, self.style.findData(dialog.saved_name)))

    def reload(self, store) -> None:
        self.store = store
        current = self.style.currentData()
        self.style.clear()
        names = []
        for preset in [*builtin_styles(), *(project_styles(store) if store else [])]:
            if preset.name not in names:
                names.append(preset.name)
                self.style.addItem(self.style_label(preset.name), preset.name)
        i = self.style.findData(current)
        self.style.setCurrentIndex(max(0, i))

    def style_label(self, name: str) -> str:
        """How a style shows in the list: a built-in one's name in the UI language (the name
        itself is data — the key in the project and on the command line — and stays)."""
        return {"温柔": self.tr("温柔"), "毒舌": self.tr("毒舌")}.get(name, name)

    def options(self, lang: str) -> StyleOptions:
        inputs = [x.strip() for x in self.inputs.toPlainText().splitlines() if x.strip()]
        return StyleOptions(style=self.style.currentData() or "", count=self.count.value(),
                            max_attempts=self.max_attempts.value(), inputs=inputs,
                            generate_inputs=self.generate_inputs.isChecked(),
                            embedding_model=self.embedding_model.text().strip(), lang=lang)

    def make_flow(self, store, client, settings, events, lang: str):
        return StyleFlow(store, client, settings, self.options(lang), events)


class DialogueExtractPanel(FlowPanel):
    kind = "dialogue_extract"
    templates = ("dialogue_extract",)

    def __init__(self, parent=None):
        super().__init__(self.tr("小说对白提取（模型标注说话人）"), parent)
        self.source = QComboBox()
        self.chunk_size = _spin(300, 8000, 1500, 100)
        self.character = QLineEdit()
        self.character.setPlaceholderText(self.tr("角色名（可选）：提取后为这个角色生成问答"))
        self.dialogues = QCheckBox(self.tr("提取后生成整段对话样本"))
        self.form.addRow(self.tr("小说"), self.source)
        self.form.addRow(self.tr("每段字数"), self.chunk_size)
        self.form.addRow(self.tr("角色"), self.character)
        self.form.addRow(self.dialogues)

    def reload(self, store) -> None:
        _documents(self.source, store, self.tr("全部文档"))

    def options(self, lang: str) -> DialogueExtractOptions:
        return DialogueExtractOptions(source_id=self.source.currentData(), chunk_size=self.chunk_size.value(),
                                      lang=lang)

    def make_flow(self, store, client, settings, events, lang: str):
        return DialogueExtractFlow(store, client, settings, self.options(lang), events)

    def after_run(self, store, result) -> tuple[list[int], list[str]]:
        """Character QA and dialogues from the extracted lines, as asked: (new sample ids, report lines)."""
        ids: list[int] = []
        lines: list[str] = []
        character = self.character.text().strip()
        source_id = self.source.currentData()
        if character:
            report = llm_script_qa(store, source_id, character, job_id=result.job_id)
            ids += report.sample_ids
            lines.append(self.tr("角色问答：") + report.summary())
        if self.dialogues.isChecked():
            report = llm_script_dialogues(store, source_id, DialogueOptions(character=character or None),
                                         job_id=result.job_id)
            ids += report.sample_ids
            lines.append(self.tr("对话：") + report.summary())
        return ids, lines


def make_panels() -> list[FlowPanel]:
    return [AspectsPanel(), NovelPanel(), StylePanel(), DialogueExtractPanel()]


# Result fields a run reports, in this order, with their labels (others are left out).
RESULT_FIELDS = ("chunks", "questions", "duplicates", "too_long", "answered", "not_found", "dialogues",
                 "summarized", "extracted", "lines", "attempted", "accepted", "rejected", "samples")


def result_counts(result: Any) -> list[tuple[str, int]]:
    """(field, value) of a run's result dataclass: the counts it has, in a stable order (a count
    kept per reason — a dict — is summed)."""
    if not dataclasses.is_dataclass(result):
        return []
    out = []
    for name in RESULT_FIELDS:
        value = getattr(result, name, None)
        if isinstance(value, dict):
            value = sum(v for v in value.values() if isinstance(v, int))
        if isinstance(value, int) and not isinstance(value, bool):
            out.append((name, value))
    return out
