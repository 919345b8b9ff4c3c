"""Whether a chat record carries labels — and when it only seems to.

A record can hold its labels (the competition's ``infos``) under a few names and in a few shapes;
what matters is whether any value is filled in. The competition's test file writes ``"infos": []``
or the string ``"[]"``; a sloppy one writes ``null``, ``""`` or records whose every field is empty.
None of those is a label: reading them as "this chat has no customer" would teach a model to
answer that for every chat. So a record's labels are one of three things:

- ``LABELLED``: at least one value somewhere is filled in;
- ``EMPTY``: the record says, explicitly, "no record" — an empty list (``[]``, also as the string
  ``"[]"``) or records whose every value is empty. It may be a real answer ("no customer in this
  chat"), but only the user can say so (``--empty-labels-are-answers`` / the preview's choice);
  until then it is unlabelled;
- ``NONE``: no labels at all (the key is missing, ``null``, ``""``, ``"null"`` or blank).

"Empty" covers the words annotators write for "nothing" ("无", "未知", "N/A", "-": see
core/text/nothing.py), JSON written as a string once or twice (``"\"[]\""``), and the key in
any case (``"Infos"``) or under a Chinese name (``"标注"``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.text.nothing import says_nothing

# Names under which a record holds its labels, the competition's own first.
LABEL_KEYS = ("infos", "info", "labels", "label", "annotations", "annotation", "targets", "target", "标注", "标签")

LABELLED, EMPTY, NONE = "labelled", "empty", "none"

_MAX_NESTING = 3  # JSON inside a string inside a string …: a sloppy export, never deeper than this


def label_key(record: dict[str, Any]) -> str | None:
    """The key under which `record` holds its labels ("infos", "Infos", " labels" …), or None."""
    by_name = {k.strip().casefold(): k for k in record if isinstance(k, str)}
    return next((by_name[k] for k in LABEL_KEYS if k in by_name), None)


def unwrap_json_text(value: Any) -> Any:
    """A string holding JSON (``"[]"``, ``"[{…}]"``, even ``"\"[]\""``) as the value it holds."""
    for _ in range(_MAX_NESTING):
        if not isinstance(value, str):
            break
        s = value.strip()
        if not (s[:1] in "[{" and s[-1:] in "]}") and not (s[:1] == '"' and s[-1:] == '"'):
            break
        try:
            value = json.loads(s)
        except ValueError:
            break
    return value


def is_blank(value: Any) -> bool:
    """True when no value in ``value`` is filled in: None, a blank or "null"-like string, a string
    holding only an empty JSON list/object, or a list/dict whose every item is blank.
    Numbers and booleans are values (0 and False are answers)."""
    if value is None:
        return True
    if isinstance(value, str):
        inner = unwrap_json_text(value)
        return says_nothing(value) if isinstance(inner, str) else is_blank(inner)
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(is_blank(v) for v in value)
    return False


@dataclass
class RecordLabels:
    state: str  # LABELLED, EMPTY or NONE
    labels: list[dict[str, Any]] | None  # the records when LABELLED, else None
    key: str | None = None  # the record's key that held them ("infos" …)
    problem: str | None = None  # why they cannot be used (the chat still imports, unlabelled)


def _as_records(value: Any) -> Any:
    """A list of records from a list, a single record (dict) or a JSON string of either."""
    if isinstance(value, str):
        value = unwrap_json_text(value)
        if isinstance(value, str):
            return None
    if isinstance(value, dict):
        return [value]
    return value


def read_labels(record: dict[str, Any]) -> RecordLabels:
    """The labels of one record: see the module docstring. A filled-in value that is not a list of
    records (objects) comes back NONE with a ``problem`` saying so."""
    key = label_key(record)
    if key is None:
        return RecordLabels(NONE, None)
    value = record[key]
    if is_blank(value):
        explicit = _as_records(value) if value is not None else None
        # [] or records with nothing filled in say "no record"; null, "" and "null" say nothing
        state = EMPTY if isinstance(explicit, list) else NONE
        return RecordLabels(state, None, key)
    records = _as_records(value)
    if not (isinstance(records, list) and all(isinstance(r, dict) for r in records)):
        return RecordLabels(NONE, None, key, "not_records")
    # records with nothing filled in, beside filled ones, are not customers: leave them out
    return RecordLabels(LABELLED, [r for r in records if not is_blank(r)], key)


def has_labels(labels: Any) -> bool:
    """Whether stored labels hold anything (projects imported before empty labels were told apart
    store ``[]`` for "no labels")."""
    return labels is not None and not is_blank(labels)


def take_empty_labels_as_answers(chats: list[Any]) -> int:
    """The user's word that empty labels are real answers ("no customer"): those chats get the
    labels ``[]``. Returns how many."""
    n = 0
    for c in chats:
        if c.empty_labels and c.labels is None:
            c.labels = []
            n += 1
    return n


def label_notes(chat_file: Any, empty_answers: int = 0) -> list[Any]:
    """What the user should know about a file's labels, as catalogue messages."""
    from core.messages import say

    notes = []
    if empty_answers:
        notes.append(say("chats.labels.empty_answers", n=empty_answers))
    if chat_file.empty_labelled:
        notes.append(say("chats.labels.empty_unlabelled", n=chat_file.empty_labelled))
    if chat_file.is_test_file:
        notes.append(say("chats.labels.test_file", n=len(chat_file.chats)))
    return notes
