"""插入占位符… : a button whose menu lists the placeholders a text may use, each with what it stands
for in plain words; choosing one types it at the cursor. People pick `{{text}}` from a list
instead of remembering braces (a misspelt placeholder is sent to the model as it is)."""

from __future__ import annotations

from collections.abc import Callable

from ui.qt import QCoreApplication, QLineEdit, QMenu, QPlainTextEdit, QToolButton, QWidget

Editor = QPlainTextEdit | QLineEdit


def template_meanings() -> dict[str, str]:
    """A prompt template's variable (core.llm.templates.TEMPLATES) → what is filled in for it."""
    return {
        "text": QCoreApplication.translate("Placeholders", "当前这一段原文"),
        "n": QCoreApplication.translate("Placeholders", "要生成几条（几个问题或几条输入）"),
        "question": QCoreApplication.translate("Placeholders", "要回答的问题"),
        "context": QCoreApplication.translate("Placeholders", "检索到的原文，回答只能依据它"),
        "chat": QCoreApplication.translate("Placeholders", "聊天记录，每条消息一行“说话人：内容”"),
        "fields": QCoreApplication.translate("Placeholders", "摘要里必须保留的信息项"),
        "schema": QCoreApplication.translate("Placeholders", "一条抽取记录的样子（来自抽取字段）"),
        "topic": QCoreApplication.translate("Placeholders", "出题的主题"),
        "aspect": QCoreApplication.translate("Placeholders", "主题下的某个方面"),
        "max_chars": QCoreApplication.translate("Placeholders", "问题或摘要最多几个字"),
        "previous": QCoreApplication.translate("Placeholders", "上一段的摘要（第一段时为空）"),
        "style": QCoreApplication.translate("Placeholders", "摘要要写什么：情节、主题人物或提纲"),
        "topics": QCoreApplication.translate("Placeholders", "日常话题，生成的用户输入从中取材"),
        # the judge's rubrics (core/flows/judge.py)
        "answer": QCoreApplication.translate("Placeholders", "样本的回答"),
        "source": QCoreApplication.translate("Placeholders", "回答依据的原文（没有原文时写明没有）"),
        "dialogue": QCoreApplication.translate("Placeholders", "整段对话，每轮一行“说话人：内容”"),
        "input": QCoreApplication.translate("Placeholders", "抽取样本的输入（材料和抽取要求）"),
        "output": QCoreApplication.translate("Placeholders", "抽取出的结果"),
    }


def script_meanings() -> dict[str, str]:
    """The script flows' system prompt fields (core.flows.script.TEMPLATE_FIELDS)."""
    return {
        "character": QCoreApplication.translate("Placeholders", "要扮演的角色名"),
        "scene": QCoreApplication.translate("Placeholders", "这句台词所在的场次标题"),
        "episode": QCoreApplication.translate("Placeholders", "第几集或第几章"),
        "source": QCoreApplication.translate("Placeholders", "剧本文件名"),
    }


def template_placeholders(variables) -> list[tuple[str, str]]:
    """`{{name}}` and its meaning for each variable a template takes, in a stable order."""
    meanings = template_meanings()
    return [("{{" + v + "}}", meanings.get(v, "")) for v in sorted(variables)]


def script_placeholders() -> list[tuple[str, str]]:
    from core.flows.script import TEMPLATE_FIELDS

    meanings = script_meanings()
    return [("{" + f + "}", meanings.get(f, "")) for f in TEMPLATE_FIELDS]


class PlaceholderButton(QToolButton):
    """Inserts the chosen placeholder into `target` (an editor, or a callable giving the editor the
    person was last typing in)."""

    def __init__(self, target: Editor | Callable[[], Editor], placeholders: list[tuple[str, str]] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.target = target
        self.setText(self.tr("插入占位符…"))
        self.setToolTip(self.tr("占位符在发给模型前会换成实际内容。从列表里选一个，插到光标处。"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.set_placeholders(list(placeholders))

    def set_placeholders(self, placeholders: list[tuple[str, str]]) -> None:
        menu = self.menu()
        menu.clear()
        for token, meaning in placeholders:
            action = menu.addAction(f"{token}  —  {meaning}" if meaning else token)
            action.setData(token)
            action.setToolTip(meaning)
            action.triggered.connect(lambda _checked=False, t=token: self.insert(t))

    def placeholders(self) -> list[str]:
        return [a.data() for a in self.menu().actions()]

    def insert(self, token: str) -> None:
        editor = self.target if isinstance(self.target, QWidget) else self.target()
        if isinstance(editor, QLineEdit):
            editor.insert(token)
        else:
            editor.insertPlainText(token)
        editor.setFocus()
