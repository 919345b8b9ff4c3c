"""Small pieces the chat readers and flows put into their messages (core.messages): what kind of
JSON value a record holds, and several problems said as one stored reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.messages import Message, decode, say


def json_kind(value: Any) -> Message:
    """ "an object", "a list" … of a parsed JSON value, in the reader's language."""
    if value is None:
        return say("chats.kind.null")
    if isinstance(value, bool):
        return say("chats.kind.bool")
    if isinstance(value, int | float):
        return say("chats.kind.number")
    if isinstance(value, str):
        return say("chats.kind.text")
    if isinstance(value, list):
        return say("chats.kind.list")
    if isinstance(value, dict):
        return say("chats.kind.object")
    return say("chats.kind.other", name=type(value).__name__)


def as_message(item: Message | str) -> Message | str:
    """A stored (encoded) message read back; a Message or plain text as it is."""
    return (decode(item) or item) if isinstance(item, str) else item


def join_messages(items: Iterable[Message | str]) -> Message | str:
    """Several messages as one stored reason (``encode()``) that keeps every part in the
    reader's language: "2 处——第 1 处：a；第 2 处：b". "" for none, the message itself for one.
    Nested as a balanced tree: each level of nesting escapes the quotes of the level below once
    more, so a chain of twenty would grow to megabytes."""
    parts = [as_message(i) for i in items if i]
    if len(parts) <= 1:
        return parts[0] if parts else ""

    def tree(lo: int, hi: int) -> Message | str:
        if hi - lo == 1:
            return parts[lo]
        mid = (lo + hi) // 2
        return say("chats.joined", first=tree(lo, mid), k=mid + 1, rest=tree(mid, hi))

    return say("chats.problems", n=len(parts), list=tree(0, len(parts)))


def encoded(item: Message | str) -> str:
    """A message as stored text (plain text stays plain)."""
    return item.encode() if isinstance(item, Message) else item
