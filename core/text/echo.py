"""Echoes of the prompt: answers a weak model gives back instead of answering.

Small local models often return the prompt's own JSON example (``{"questions": ["第一个问题",
"第二个问题"]}``, ``{"answer": "回答", "found": true}``), the extraction form with every field
empty, or sentences of the instructions. Each parses and has the right shape, so nothing else
stops it. This module tells them apart with pure functions; the flows (through
:mod:`core.flows.staged`) fail such an item with the reason, and the ``echo`` quality rule rejects
stored samples.

What counts as an echo is read from the template itself, so an edited template stays covered:

- **placeholder**: a string of the answer equals a string value of a JSON example in the
  template (compared ignoring case, width, spaces and punctuation; "第三个问题" matches the
  example "第一个问题" too: ordinals are folded);
- **blank record**: an extraction record whose every field is empty, or holds only the form's
  own hint (``"有意向|无意向"``);
- **instruction**: most of an answer string's character/word trigrams occur in the template's
  own text and nowhere in what was filled into it. The filled-in values (the chunk, the chat,
  the question) are recovered by matching the prompt against the template, so an answer that
  quotes the source is never taken for a copy, and a value standing in the instructions (the
  topic, the aspect) counts as the instruction's own word. Phrases the template quotes
  (“原文中没有提到。”, "unknown") are prescribed answers, not instructions: they are left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.messages import Message, code_of, say
from core.text.nothing import folded, says_nothing

# An answer string is a copy of the instructions when at least this share of its trigrams comes
# from the template's text (and not from the values filled in), and at least MIN_COPIED do:
# a short answer that shares a common phrase ("一个问题") with the instructions is not a copy.
COPY_SHARE = 0.6
MIN_COPIED = 5
SLOT = "§"  # where a template variable stood (and, in an answer, a value of a short variable)
SHORT_VALUE = 200  # values up to this long (a topic, an aspect, n) count as the instruction's words

_VAR = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+|" + SLOT)
_CJK_NUMBER = re.compile(r"[0-9零〇一二三四五六七八九十百两]+")
_EN_ORDINAL = re.compile(r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(st|nd|rd|th))")
_ARTICLE = re.compile(r"^\W*(?:the|an?)\s+", re.I)
_QUOTED = re.compile(r"“([^”]{1,60})”|\"([^\"\n]{1,60})\"|「([^」]{1,60})」|‘([^’]{1,60})’")


# ---- text ---------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Identity for comparing: width and case folded; spaces, punctuation and symbols dropped."""
    return folded(text)


def _ordinals_folded(folded: str) -> str:
    return _EN_ORDINAL.sub("#", _CJK_NUMBER.sub("#", folded))


def _loose(text: str) -> str:
    """A placeholder's identity with its ordinal and a leading English article let go: "The first
    question" is the example "First question", "answer" is "The answer"."""
    return _ordinals_folded(fold(_ARTICLE.sub("", text)))


def tokens(text: str) -> list[str]:
    """Chinese characters one by one, other words whole (folded)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def trigrams(text: str) -> list[tuple[str, ...]]:
    t = tokens(text)
    return [tuple(t[i:i + 3]) for i in range(len(t) - 2)]


def strings_in(value: Any, ignore_keys: Iterable[str] = ()) -> list[str]:
    """The string leaves of a JSON value, object keys named in `ignore_keys` left out."""
    ignore = set(ignore_keys)
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, sub in v.items():
                if k not in ignore:
                    walk(sub)
        elif isinstance(v, list):
            for sub in v:
                walk(sub)

    walk(value)
    return out


# ---- what a template says -----------------------------------------------------------------------
def json_examples(text: str) -> list[Any]:
    """Every JSON object or array written in `text` (the answer's example form)."""
    decoder = json.JSONDecoder()
    found: list[Any] = []
    i = 0
    while i < len(text):
        if text[i] in "{[" and not text.startswith("{{", i):
            try:
                value, end = decoder.raw_decode(text, i)
            except ValueError:
                i += 1
                continue
            if isinstance(value, (dict, list)):
                found.append(value)
                i = end
                continue
        i += 1
    return found


def example_strings(text: str) -> list[str]:
    """The example answers a template shows: the string values of its JSON examples, as written."""
    return [s for example in json_examples(_VAR.sub(SLOT, text)) for s in strings_in(example) if fold(s)]


def placeholders(text: str) -> set[str]:
    """The example answers a template shows (string values of its JSON examples), folded."""
    return {fold(s) for s in example_strings(text)}


def quoted_terms(text: str) -> set[str]:
    """Phrases a template quotes (prescribed answers such as “原文中没有提到。”, or words to avoid)."""
    return {next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)}


def instruction_grams(parts: Iterable[str]) -> set[tuple[str, ...]]:
    """Trigrams of a template's own text, variables as SLOT, quoted phrases left out."""
    grams: set[tuple[str, ...]] = set()
    quoted: set[tuple[str, ...]] = set()
    for part in parts:
        grams.update(trigrams(_VAR.sub(SLOT, part)))
        for term in quoted_terms(part):
            quoted.update(trigrams(term))
    return grams - quoted


def filled_values(part: str, content: str) -> list[str] | None:
    """The values filled into the template part `part` to make `content` (in order), or None
    when `content` was not made from it."""
    pieces = _VAR.split(part.strip())  # literal, name, literal, name, …, literal
    literals = pieces[0::2]
    pattern = "(.*?)".join(re.escape(lit) for lit in literals)
    m = re.fullmatch(pattern, content.strip(), re.S)
    return list(m.groups()) if m else None


def copied_share(text: str, instruction: Collection[tuple[str, ...]], values: Iterable[str] = ()) -> tuple[float, int]:
    """(share, count) of the trigrams of `text` that come from the instructions and not from the
    values filled in. Short values found in `text` stand as SLOT, as in the template."""
    values = [v for v in values if v and v.strip()]
    for v in sorted((v for v in values if len(v) <= SHORT_VALUE), key=len, reverse=True):
        text = text.replace(v, f" {SLOT} ")
    grams = trigrams(text)
    if not grams:
        return 0.0, 0
    source: set[tuple[str, ...]] = set()
    for v in values:
        source.update(trigrams(v))
    copied = sum(1 for g in grams if g in instruction and g not in source and set(g) != {SLOT})
    return copied / len(grams), copied


def _clip(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


# ---- extraction records -------------------------------------------------------------------------
def _choices(hint: Any) -> set[str]:
    """The allowed values a form's hint names ("有意向|无意向"), folded: a field whose choices
    include "无" takes "无" as an answer, not as "nothing"."""
    if not isinstance(hint, str) or "|" not in hint:
        return set()
    return {fold(x) for x in hint.split("|")}


def _blank(v: Any, choices: Collection[str] = ()) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return says_nothing(v) and fold(v) not in choices
    if isinstance(v, list):
        return all(_blank(x, choices) for x in v)
    if isinstance(v, dict):
        return all(_blank(x) for x in v.values())
    return False  # a number or true/false is information


def _form_words(v: Any, key: str, hint: Any) -> bool:
    """Whether `v` only repeats the form: its hint for this field ("有意向|无意向", however
    separated: "有意向/无意向") or the field's own name ("姓名" under "基本信息-姓名")."""
    if isinstance(v, list):
        return bool(v) and all(_form_words(x, key, hint) for x in v)
    if not isinstance(v, str) or not fold(v):
        return False
    own = {fold(key), fold(key.rsplit("-", 1)[-1])}
    if hint is not None and not _blank(hint):
        own.add(fold(hint) if isinstance(hint, str) else fold(json.dumps(hint, ensure_ascii=False)))
    return fold(v) in own


def blank_record(record: Any, example: dict[str, Any] | None = None) -> bool:
    """Whether an extraction record says nothing: every field empty, a word for "nothing"
    ("无", "未知", "N/A", "null" — see core/text/nothing.py; unless the field's choices include it),
    or the form's own words (its hint "有意向|无意向", the field's name)."""
    if not isinstance(record, dict) or not record:
        return False
    example = example or {}
    for k, v in record.items():
        hint = example.get(k)
        if _blank(v, _choices(hint)) or _form_words(v, str(k), hint):
            continue
        return False
    return True


def records_of(value: Any, wrapper: str = "infos") -> list[Any]:
    """The records of an extraction answer: a list, {wrapper: [...]}, or one object."""
    if isinstance(value, dict) and set(value) == {wrapper}:
        value = value[wrapper]
    if isinstance(value, dict):
        return [value]
    return value if isinstance(value, list) else []


# ---- the verdict --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Echo:
    kind: str  # "placeholder", "blank_record", "instruction", "example_reply"
    text: str = ""  # what was echoed (clipped)
    index: int = 0  # blank_record: the record's number, from 1

    def message(self) -> Message:
        if self.kind == "placeholder":
            return say("echo.placeholder", text=self.text)
        if self.kind == "blank_record":
            return say("echo.blank_record", n=self.index)
        if self.kind == "example_reply":
            return say("echo.example_reply", text=self.text)
        return say("echo.instruction", text=self.text)

    def for_model(self) -> str:
        """The reason in the re-ask to the model (English, like the other validation reasons)."""
        if self.kind == "placeholder":
            return (f"you repeated the example “{self.text}” from the instructions; "
                    "write your own content from the text instead")
        if self.kind == "blank_record":
            return (f"record {self.index} has every field empty (or only words like “unknown”, “无”, “N/A”); "
                    "leave out records with nothing in them and fill in only what the text says")
        return (f"you copied the instructions (“{self.text}”) instead of following them; "
                "answer with content from the text")


@dataclass(frozen=True)
class EchoRule:
    """How to tell an echo from an answer for one template. Build with :meth:`of`."""

    parts: tuple[str, str] = ("", "")  # the template's system and user text
    placeholders: frozenset[str] = frozenset()
    instruction: frozenset[tuple[str, ...]] = frozenset()
    ignore_keys: frozenset[str] = frozenset()  # answer fields not checked (e.g. "reasoning")
    example_record: dict[str, Any] | None = None  # extraction: the form's record; None: no records
    _ordinal_placeholders: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def of(cls, template: Any, *, ignore_keys: Iterable[str] = (),
           example_record: dict[str, Any] | None = None) -> EchoRule:
        """The rule of a template (anything with ``system`` and ``user`` text)."""
        parts = (template.system or "", template.user or "")
        marks = placeholders(parts[0]) | placeholders(parts[1])
        loose = {_loose(x) for x in example_strings(parts[0]) + example_strings(parts[1])}
        return cls(parts, frozenset(marks), frozenset(instruction_grams(parts)), frozenset(ignore_keys),
                   example_record, frozenset(x for x in loose if x))

    def values(self, messages: list[dict]) -> list[str] | None:
        """What was filled into the template to make `messages` (None: not made from it)."""
        out: list[str] = []
        for role, part in zip(("system", "user"), self.parts, strict=True):
            if not part.strip():
                continue
            content = next((str(m.get("content") or "") for m in messages if m.get("role") == role), None)
            if content is None:
                return None
            got = filled_values(part, content)
            if got is None:
                return None
            out.extend(got)
        return out

    def placeholder_in(self, text: str) -> bool:
        f = fold(text)
        return bool(f) and (f in self.placeholders or _loose(text) in self._ordinal_placeholders)

    def find(self, value: Any, messages: list[dict] | None = None) -> Echo | None:
        """The echo in an answer's parsed JSON `value` (None: a real answer). `messages` is the
        prompt the answer replies to (needed for the instruction check; without it, or when the
        prompt was not made from this template, that check is left out)."""
        texts = strings_in(value, self.ignore_keys)
        for s in texts:
            if self.placeholder_in(s):
                return Echo("placeholder", _clip(s))
        if self.example_record is not None:
            for i, rec in enumerate(records_of(value), 1):
                if blank_record(rec, self.example_record):
                    return Echo("blank_record", index=i)
        filled = self.values(messages) if messages else None
        if filled is None:
            return None
        for s in texts:
            share, copied = copied_share(s, self.instruction, filled)
            if share >= COPY_SHARE and copied >= MIN_COPIED:
                return Echo("instruction", _clip(s))
        return None


def reply_echo(reply: str, system: str, example_replies: Iterable[str], user_input: str = "") -> Echo | None:
    """The echo in a plain-text reply to a chat prompt (the style flow): one of the example
    replies shown to the model, word for word, or the system prompt's instructions (the user's
    message is what was filled in: a reply that repeats it is not a copy of the instructions)."""
    folded = fold(reply)
    if not folded:
        return None
    for example in example_replies:
        if fold(example) == folded:
            return Echo("example_reply", _clip(reply))
    share, copied = copied_share(reply, instruction_grams([system]), [user_input])
    if share >= COPY_SHARE and copied >= MIN_COPIED:
        return Echo("instruction", _clip(reply))
    return None


# ---- for summaries ------------------------------------------------------------------------------
def is_echo_reason(reason: str | Message | None) -> bool:
    code = code_of(reason)
    return bool(code) and code.startswith("echo.")


def echo_note(result: Any, code: str = "echo.summary") -> str:
    """A run summary's line on echoes, rendered ("" when there were none), after a newline."""
    from core.messages import render

    n = getattr(result, "echoes", 0) or 0
    return "\n" + render(say("echo.summary", n=n) if code == "echo.summary" else say("echo.predict_marked", n=n)) \
        if n else ""


def count_echoes(reasons: Iterable[str | Message | None]) -> int:
    """How many of these stored reasons (failed items, rejected samples) are echoes."""
    return sum(1 for r in reasons if is_echo_reason(r))
