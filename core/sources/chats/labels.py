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
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Names under which a record holds its labels, the competition's own first.
LABEL_KEYS = ("infos", "info", "labels", "label", "annotations", "annotation", "targets", "target")

LABELLED, EMPTY, NONE = "labelled", "empty", "none"

# Strings that stand for "nothing" (compared stripped and lower-cased).
_NOTHING = frozenset({"", "null", "none", "nil"})


def is_blank(value: Any) -> bool:
    """True when no value in ``value`` is filled in: None, a blank or "null"-like string, a string
    holding only an empty JSON list/object, or a list/dict whose every item is blank.
    Numbers and booleans are values (0 and False are answers)."""
    if value is None:
        return True
    if isinstance(value, str):
        s = value.strip()
        if s.lower() in _NOTHING:
            return True
        if s[:1] in "[{" and s[-1:] in "]}":
            try:
                return is_blank(json.loads(s))
            except ValueError:
                return False
        return False
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
        s = value.strip()
        try:
            value = json.loads(s)
        except ValueError:
            return None
    if isinstance(value, dict):
        return [value]
    return value


def read_labels(record: dict[str, Any]) -> RecordLabels:
    """The labels of one record: see the module docstring. A filled-in value that is not a list of
    records (objects) comes back NONE with a ``problem`` saying so."""
    key = next((k for k in LABEL_KEYS if k in record), None)
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
