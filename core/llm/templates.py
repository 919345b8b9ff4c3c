"""Prompt templates: built-in files under resources/templates/<lang>/, a per-project copy.

A template file has two sections, introduced by the lines ``### system`` and ``### user``.
Variables are written ``{{name}}``; single braces are plain text, so JSON examples stay as they
are. Each template name has a fixed set of variables (:data:`TEMPLATES`), all of them required:
:func:`validate_template` names every problem in a sentence a user can act on, and
:func:`render` turns a template and its values into chat messages.

A project may keep its own edited copy of a template (in the project file's meta table, under
``template:<lang>:<name>``); :func:`project_template` returns that copy, or the built-in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from core.errors import InputError
from core.messages import say
from core.paths import resource_path

# name -> its variables (allowed, and each one required)
TEMPLATES: dict[str, set[str]] = {
    "qa_questions": {"text", "n"},
    "qa_answer": {"question", "context"},
    "chat_summary": {"chat", "fields"},
    "chat_extract": {"chat", "schema"},
    "aspect_questions": {"topic", "aspect", "n", "max_chars"},
    "novel_summary": {"text", "previous", "max_chars", "style"},
    "style_inputs": {"n", "topics"},
    "dialogue_extract": {"text"},
    # the LLM judge's rubrics (core/flows/judge.py): one per kind of sample, and the frame of a user's own
    "judge_qa": {"question", "answer", "source"},
    "judge_dialogue": {"dialogue"},
    "judge_extract": {"input", "output"},
    "judge_custom": {"rubric", "sample"},
}
LANGS = ("zh", "en")

# what each variable stands for, in the reader's language (str() renders it)
VARIABLE_HELP = {
    "text": say("templates.var.text"),
    "n": say("templates.var.n"),
    "question": say("templates.var.question"),
    "context": say("templates.var.context"),
    "chat": say("templates.var.chat"),
    "fields": say("templates.var.fields"),
    "schema": say("templates.var.schema"),
    "topic": say("templates.var.topic"),
    "aspect": say("templates.var.aspect"),
    "max_chars": say("templates.var.max_chars"),
    "previous": say("templates.var.previous"),
    "style": say("templates.var.style"),
    "topics": say("templates.var.topics"),
    "answer": say("judge.var.answer"),
    "source": say("judge.var.source"),
    "dialogue": say("judge.var.dialogue"),
    "input": say("judge.var.input"),
    "output": say("judge.var.output"),
    "rubric": say("judge.var.rubric"),
    "sample": say("judge.var.sample"),
}

# Anything between double braces is meant as a variable (so {{问题}} or {{ Text }} is reported,
# not silently sent to the model); single braces are literal.
_VAR = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")
_HEADER = re.compile(r"^###[ \t]*(system|user)[ \t]*$", re.I | re.M)


def _braced(name: str) -> str:
    return "{{" + name + "}}"


@dataclass
class Template:
    name: str  # "qa_questions", "qa_answer"
    lang: str  # "zh", "en"
    system: str
    user: str

    def variables(self) -> set[str]:
        """The variable names used in the system and user parts."""
        return set(_VAR.findall(self.system)) | set(_VAR.findall(self.user))

    def digest(self) -> str:
        """A short hash of the text: jobs made with this template are found again by it."""
        raw = f"{self.system}\x1e{self.user}".encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def to_text(self) -> str:
        """The template in the file format (``### system`` / ``### user``)."""
        return f"### system\n{self.system}\n\n### user\n{self.user}\n"


def parse_template_text(text: str, name: str, lang: str) -> Template:
    """A template from the file format. Text before the first section header is not allowed."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    parts: dict[str, str] = {}
    matches = list(_HEADER.finditer(text))
    head = text[: matches[0].start()] if matches else text
    if head.strip():
        raise InputError(say("templates.no_header", name=name, lang=lang))
    for i, m in enumerate(matches):
        section = m.group(1).lower()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        if section in parts:
            raise InputError(say("templates.two_sections", name=name, lang=lang, section=section))
        parts[section] = text[m.end():end].strip()
    return Template(name, lang, parts.get("system", ""), parts.get("user", ""))


def _check_name(name: str, lang: str) -> None:
    if name not in TEMPLATES:
        raise InputError(say("templates.unknown", name=name, known=", ".join(TEMPLATES)))
    if lang not in LANGS:
        raise InputError(say("templates.unknown_lang", lang=lang, known=", ".join(LANGS)))


def builtin_template(name: str, lang: str) -> Template:
    """The template shipped with the app (resources/templates/<lang>/<name>.txt)."""
    _check_name(name, lang)
    path = resource_path("templates", lang, name + ".txt")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(say("templates.builtin_unreadable", path=str(path), error=str(e.strerror or e))) from None
    return parse_template_text(text, name, lang)


def _meta_key(name: str, lang: str) -> str:
    return f"template:{lang}:{name}"


def has_project_template(store: Any, name: str, lang: str) -> bool:
    """Whether the project keeps its own copy of this template."""
    return isinstance(store.get_meta(_meta_key(name, lang)), dict)


def project_template(store: Any, name: str, lang: str) -> Template:
    """The project's copy of the template, or the built-in one when it has none."""
    _check_name(name, lang)
    data = store.get_meta(_meta_key(name, lang))
    if isinstance(data, dict):
        return Template(name, lang, str(data.get("system") or ""), str(data.get("user") or ""))
    return builtin_template(name, lang)


def save_project_template(store: Any, t: Template) -> None:
    """Keep `t` as the project's copy. Raises InputError listing the problems if it is not valid."""
    problems = validate_template(t)
    if problems:
        raise InputError(say("templates.not_saved", name=t.name, lang=t.lang, problems=" ".join(problems)))
    store.set_meta(_meta_key(t.name, t.lang), {"system": t.system, "user": t.user})


def reset_project_template(store: Any, name: str, lang: str) -> None:
    """Forget the project's copy: the built-in template applies again."""
    _check_name(name, lang)
    store.delete_meta(_meta_key(name, lang))


def validate_template(t: Template) -> list[str]:
    """Problems that stop the template from being used, as sentences in the current language
    (empty list: fine)."""
    if t.name not in TEMPLATES:
        return [say("templates.unknown", name=t.name, known=", ".join(TEMPLATES)).render()]
    allowed = TEMPLATES[t.name]
    known = ", ".join(_braced(v) for v in sorted(allowed))
    problems: list[str] = []
    if not t.user.strip():
        problems.append(say("templates.user_empty").render())
    used = t.variables()
    for v in sorted(used - allowed):
        problems.append(say("templates.unknown_variable", variable=_braced(v), known=known).render())
    for v in sorted(allowed - used):
        problems.append(say("templates.missing_variable", variable=_braced(v), meaning=VARIABLE_HELP[v]).render())
    if "json" not in f"{t.system}\n{t.user}".lower():
        problems.append(say("templates.no_json").render())
    return problems


def _fill(text: str, values: dict[str, str]) -> str:
    # one pass, so a value that itself contains {{…}} (a chunk quoting a template) stays as it is
    return _VAR.sub(lambda m: values[m.group(1)], text)


def render(t: Template, **values: Any) -> list[dict]:
    """Chat messages for `t` with its variables filled in; the system message is left out when
    the system part is empty. Raises InputError when a variable of the template has no value."""
    missing = sorted(t.variables() - set(values))
    if missing:
        raise InputError(say("templates.no_value", name=t.name, variables=", ".join(_braced(v) for v in missing)))
    strings = {k: str(v) for k, v in values.items()}
    messages = []
    system = _fill(t.system, strings).strip()
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": _fill(t.user, strings).strip()})
    return messages
