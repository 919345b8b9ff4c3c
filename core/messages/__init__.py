"""What core says to a person: message codes with parameters, rendered in the user's language.

Core never builds a sentence for a person itself. It names a message by its code and hands the
numbers, names and file paths as parameters; the window and the CLI render it in Chinese or
English from one checked table (`catalogue_*.py` beside this file, one per area so the table
stays readable). A code missing in either language fails `tests/test_messages.py`.

Why a Python table and not gettext/Babel: the messages are few hundred, both languages are
written by us side by side (no translator workflow), and a dict is checked by a plain test
(same placeholders in both languages, every `say("…")` in the sources names a known code)
with no build step and nothing extra to freeze into the app.

Stored text (a sample's reason, a job item's error) keeps the code, not the rendering:
`encode()` gives a one-line string that `render()` turns back into the reader's language, so a
project made in Chinese reads in English after a language switch. Plain text from before the
catalogue (or a provider's own words) passes through `render()` unchanged.
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

# A stored message starts with this mark (a character no reason or error text begins with).
_MARK = "\u2983"  # ⦃
_END = "\u2984"   # ⦄

LANGUAGES = ("zh", "en")

_language: str | None = None


def language_from_env(environ: dict[str, str] | None = None) -> str:
    """zh or en from LANGUAGE / LC_ALL / LC_MESSAGES / LANG, as gettext reads them."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        first = value.split(":")[0].lower()
        if first.startswith("zh"):
            return "zh"
        if first and first not in ("c", "posix", "c.utf-8"):
            return "en"
    return "en"


def set_language(lang: str | None) -> None:
    """The language core renders in when none is asked for (the window and the CLI set it)."""
    global _language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    _language = lang


def current_language() -> str:
    return _language or language_from_env()


# Imported by name, not discovered: the frozen app bundles only what is imported statically
# (tests/test_messages.py fails on a catalogue_*.py file missing here).
CATALOGUE_MODULES = ("batch", "chats", "chunks", "cli", "common", "crawl", "dialogues", "documents", "echo",
                     "export", "flows", "judge", "llm", "masking", "questions", "reasoning", "rebuild",
                     "report", "robust", "script", "store", "training")


def _load_catalogue() -> dict[str, tuple[Any, Any]]:
    from core.messages import (  # noqa: F401 (the modules are read below)
        catalogue_batch,
        catalogue_chats,
        catalogue_chunks,
        catalogue_cli,
        catalogue_common,
        catalogue_crawl,
        catalogue_dialogues,
        catalogue_documents,
        catalogue_echo,
        catalogue_export,
        catalogue_flows,
        catalogue_judge,
        catalogue_llm,
        catalogue_masking,
        catalogue_questions,
        catalogue_reasoning,
        catalogue_rebuild,
        catalogue_report,
        catalogue_robust,
        catalogue_script,
        catalogue_store,
        catalogue_training,
    )

    table: dict[str, tuple[Any, Any]] = {}
    for name in CATALOGUE_MODULES:
        module = importlib.import_module(f"{__name__}.catalogue_{name}")
        for code, pair in module.MESSAGES.items():
            if code in table:
                raise RuntimeError(f"message code {code!r} is defined twice (catalogue_{name})")
            table[code] = pair
    return table


_CATALOGUE: dict[str, tuple[Any, Any]] | None = None


def catalogue() -> dict[str, tuple[Any, Any]]:
    """code → (Chinese, English). A template is a str.format string, or for English a dict
    {"one": …, "other": …} chosen by the parameter named "n" (Chinese has no plural)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = _load_catalogue()
    return _CATALOGUE


class _Params(dict):
    """Missing parameters render as {name} instead of failing: a message is never lost."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: Any, params: dict[str, Any], lang: str) -> str:
    if isinstance(template, dict):
        n = params.get("n")
        template = template["one"] if n == 1 else template["other"]
    rendered = {k: _fill_value(v, lang) for k, v in params.items()}
    try:
        return template.format_map(_Params(rendered))
    except (ValueError, TypeError, IndexError):  # a parameter of the wrong type: show it raw, never fail
        return f"{template} {json.dumps(params, ensure_ascii=False, default=str)}"


def _fill_value(value: Any, lang: str) -> Any:
    """A nested Message in the reader's language; a list of them joined as the language joins."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list) and any(isinstance(v, Message) for v in value):
        return ("；" if lang == "zh" else "; ").join(_fill_value(v, lang) for v in value)
    return value


def _encode_value(value: Any) -> Any:
    if isinstance(value, Message):
        return value.encode()
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, str):
        return decode(value) or value
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    return value


@dataclass(frozen=True)
class Message:
    """A message code and its parameters (numbers, names, paths; nested Messages allowed)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        pair = catalogue().get(self.code)
        if pair is None:  # never hide a message: show its code and parameters
            return f"{self.code} {json.dumps(self.params, ensure_ascii=False)}"
        return _fill(pair[0] if lang == "zh" else pair[1], self.params, lang)

    def encode(self) -> str:
        """One line for a text column; `render()` reads it back in any language."""
        params = {k: _encode_value(v) for k, v in self.params.items()}
        return f"{_MARK}{self.code}{_END}{json.dumps(params, ensure_ascii=False, separators=(',', ':'))}"

    def __str__(self) -> str:
        return self.render()


def say(code: str, **params: Any) -> Message:
    """The one way core names something to say to a person."""
    return Message(code, params)


def decode(text: str) -> Message | None:
    """The Message stored by `encode()`, or None for plain text."""
    if not text.startswith(_MARK):
        return None
    end = text.find(_END)
    if end < 0:
        return None
    try:
        params = json.loads(text[end + 1:] or "{}")
    except ValueError:
        return None
    if not isinstance(params, dict):
        return None
    params = {k: _decode_value(v) for k, v in params.items()}
    return Message(text[1:end], params)


def render(text: str | Message | None, lang: str | None = None) -> str:
    """Stored text or a Message in the reader's language; plain text passes through."""
    if text is None:
        return ""
    if isinstance(text, Message):
        return text.render(lang)
    message = decode(text)
    return message.render(lang) if message is not None else text


def code_of(text: str | Message | None) -> str | None:
    """The code of a stored or live message (for counting reasons by kind), else None."""
    if isinstance(text, Message):
        return text.code
    message = decode(text or "")
    return message.code if message else None
