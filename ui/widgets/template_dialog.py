"""Edit the project's copy of a prompt template, with its variables checked as you type and the
prompt rendered for the first chunk."""

from __future__ import annotations

from core.errors import CorpusmithError
from core.llm.templates import (
    TEMPLATES,
    Template,
    builtin_template,
    project_template,
    render,
    reset_project_template,
    save_project_template,
    validate_template,
)
from core.sources.documents.txt import chunks_of
from ui.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.placeholder_button import PlaceholderButton, template_placeholders


class TemplateDialog(QDialog):
    def __init__(self, store, lang: str, flow=None, parent=None, names: tuple[str, ...] = ("qa_questions", "qa_answer")):
        super().__init__(parent)
        self.setWindowTitle(self.tr("提示词模板"))
        self.resize(1000, 640)
        self.store, self.lang = store, lang
        self.names = {"qa_questions": self.tr("出题（每个文本段）"), "qa_answer": self.tr("作答（问题 + 检索到的原文）"),
                      "chat_summary": self.tr("聊天摘要"), "chat_extract": self.tr("聊天信息抽取"),
                      "aspect_questions": self.tr("按方面出题（主题 + 方面）"),
                      "novel_summary": self.tr("小说段落摘要（写作指令）"),
                      "style_inputs": self.tr("生成用户输入（风格扩写）"),
                      "dialogue_extract": self.tr("对白提取（标注说话人）"),
                      "judge_qa": self.tr("AI 评分：问答"), "judge_dialogue": self.tr("AI 评分：多轮对话"),
                      "judge_extract": self.tr("AI 评分：信息抽取")}
        self.which = QComboBox()
        for name in (n for n in names if n in TEMPLATES):
            self.which.addItem(self.names.get(name, name), name)
        self.system = QPlainTextEdit()
        self.user = QPlainTextEdit()
        self.variables = QLabel()
        self.variables.setWordWrap(True)
        self._last_editor = self.user  # where 插入占位符… types: the part the person was last in
        self.system.cursorPositionChanged.connect(lambda: setattr(self, "_last_editor", self.system))
        self.user.cursorPositionChanged.connect(lambda: setattr(self, "_last_editor", self.user))
        self.insert_placeholder = PlaceholderButton(lambda: self._last_editor)
        guide = QLabel(self.tr(
            "系统提示词告诉模型它是谁、要守什么规矩；用户提示词是每次交给模型的具体任务。"
            "{{…}} 是占位符，发送前换成实际内容，用“插入占位符…”从列表里选。"))
        guide.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        save = QPushButton(self.tr("保存到项目"))
        save.clicked.connect(self.save)
        reset = QPushButton(self.tr("恢复内置模板"))
        reset.clicked.connect(self.reset)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        editors = QWidget()
        ed = QVBoxLayout(editors)
        system_label = QLabel(self.tr("系统提示词"))
        system_label.setToolTip(self.tr("模型的身份和规矩，每次都先发给模型（预览里标作【系统】）。"))
        user_label = QLabel(self.tr("用户提示词"))
        user_label.setToolTip(self.tr("每次交给模型的具体任务，占位符在这里换成原文、问题等（预览里标作【用户】）。"))
        placeholder_row = QHBoxLayout()
        placeholder_row.addWidget(self.insert_placeholder)
        placeholder_row.addWidget(self.variables, 1)
        ed.addWidget(self.which)
        ed.addWidget(guide)
        ed.addWidget(system_label)
        ed.addWidget(self.system, 1)
        ed.addWidget(user_label)
        ed.addWidget(self.user, 2)
        ed.addLayout(placeholder_row)
        ed.addWidget(self.problems)
        side = QWidget()
        sd = QVBoxLayout(side)
        sd.addWidget(QLabel(self.tr("预览（第一个文本段）")))
        sd.addWidget(self.preview)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(editors)
        split.addWidget(side)
        buttons = QHBoxLayout()
        buttons.addWidget(reset)
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        chunks = chunks_of(store, flow.options.source_id if flow is not None else None)
        self.sample_text = chunks[0]["text"] if chunks else self.tr("（项目里还没有文本段）")
        self.which.currentIndexChanged.connect(self.load)
        self.system.textChanged.connect(self.check)
        self.user.textChanged.connect(self.check)
        self.load()

    def name(self) -> str:
        return self.which.currentData()

    def load(self) -> None:
        t = project_template(self.store, self.name(), self.lang)
        self.system.setPlainText(t.system)
        self.user.setPlainText(t.user)
        placeholders = template_placeholders(TEMPLATES[self.name()])
        self.insert_placeholder.set_placeholders(placeholders)
        self.variables.setText(self.tr("这个模板要用到：") + "  ".join(token for token, _ in placeholders))
        self.variables.setToolTip("\n".join(self.tr("{0}：{1}").format(token, meaning) for token, meaning in placeholders))
        self.check()

    def edited(self) -> Template:
        return Template(self.name(), self.lang, self.system.toPlainText(), self.user.toPlainText())

    def check(self) -> list[str]:
        t = self.edited()
        problems = validate_template(t)
        self.problems.setText("\n".join("✘ " + p for p in problems) if problems else self.tr("✔ 变量检查通过"))
        if not problems:
            values = {"text": self.sample_text, "n": 3, "question": self.tr("（示例问题）"),
                      "context": self.sample_text, "chat": self.tr("林晓2：您好，我是顾问林晓\n赵磊5：沙发报价发我一下"),
                      "fields": self.tr("- 基本信息-姓名\n- 意向产品"), "schema": '{"基本信息-姓名": "", "意向产品": []}',
                      # the Generate page's other flows (without these their templates could not open)
                      "topic": self.tr("（示例主题）"), "aspect": self.tr("（示例方面）"), "max_chars": 40,
                      "previous": self.tr("（上一段的摘要）"), "style": self.tr("情节概要（发生了什么事、谁做了什么）"),
                      "topics": self.tr("（示例话题）"),
                      # the judge's rubrics (Review → AI 评分)
                      "answer": self.tr("（示例回答）"), "source": self.sample_text,
                      "dialogue": self.tr("用户：你好\n助手：你好，有什么可以帮你？"),
                      "input": self.tr("（示例材料和抽取要求）"), "output": self.tr("（示例抽取结果）")}
            messages = render(t, **{k: v for k, v in values.items() if k in TEMPLATES[self.name()]})
            roles = {"system": self.tr("【系统】"), "user": self.tr("【用户】")}
            self.preview.setPlainText("\n\n".join(f"{roles.get(m['role'], m['role'])}\n{m['content']}" for m in messages))
        return problems

    def save(self) -> bool:
        try:
            save_project_template(self.store, self.edited())
        except CorpusmithError as e:
            self.problems.setText(str(e))
            return False
        self.problems.setText(self.tr("✔ 已保存到项目（只影响这个项目）"))
        return True

    def reset(self) -> None:
        reset_project_template(self.store, self.name(), self.lang)
        t = builtin_template(self.name(), self.lang)
        self.system.setPlainText(t.system)
        self.user.setPlainText(t.user)
