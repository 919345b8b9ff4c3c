"""Generic message lists: a JSON array (or JSONL file) of message objects
``{sender, content, time?, id?, reply_to?}`` under whatever field names the exporting tool chose.

Also home of the helpers the other JSON readers share: :func:`parse_time` (unix seconds or
milliseconds, or a date-time string, to unix seconds), :func:`flatten_text`, :func:`paused_gc`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import PurePath
from typing import Any

from core.errors import InputError
from core.gc_pause import paused_gc  # the other readers import it from here
from core.messages import Message, say
from core.sources.chats.model import Chat, ChatFile, ChatMessage
from core.sources.chats.wording import json_kind

# Synonyms of each field, most specific first: the first one a record has (with a value) wins.
SENDER_KEYS = ("sender", "from", "user", "name", "author", "nickname", "speaker", "role")
TEXT_KEYS = ("text", "message", "msg", "content", "body")
TIME_KEYS = ("time", "timestamp", "date", "created_at", "send_time", "create_time", "datetime", "sent_at")
ID_KEYS = ("id", "msg_id", "message_id", "msgid")
REPLY_KEYS = ("reply_to", "reply_to_id", "reply_to_message_id", "parent_id", "quote_id", "in_reply_to")
CHAT_KEYS = ("chat", "group", "room", "conversation", "talker", "chat_name", "group_name", "room_name")
SENDER_ID_KEYS = ("sender_id", "from_id", "user_id", "author_id", "uid")
SELF_KEYS = ("is_self", "is_sender", "from_me", "is_me")

# The fields of a sender/chat object that name it (e.g. {"user": {"id": 7, "name": "林晓"}}).
_NAME_FIELDS = ("nickname", "name", "display_name", "username", "title", "id")

_FIELDS = (SENDER_KEYS, TEXT_KEYS, TIME_KEYS, ID_KEYS, REPLY_KEYS, CHAT_KEYS, SENDER_ID_KEYS, SELF_KEYS)

# ---- times ------------------------------------------------------------------------------------------

_DATETIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[T\s]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _from_number(value: float) -> float | None:
    """Unix seconds from seconds, milliseconds or microseconds (told apart by size)."""
    if value <= 0:
        return None
    if value > 1e14:
        return value / 1e6
    if value > 1e11:  # 1e11 seconds is the year 5138; as milliseconds it is 1973
        return value / 1000
    return float(value)


def _tz(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
    return timezone(sign * timedelta(minutes=minutes))


def parse_time(value: Any) -> float | None:
    """Unix seconds from a number (seconds, ms or µs), a numeric string, or a string such as
    "2023-06-12 09:14:03", "2023/6/12 9:14", "2023-06-12T09:14:03.5+08:00", "…Z". Times without a
    zone are local times. None when the value is missing or not a time."""
    if type(value) is int or type(value) is float:
        return _from_number(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_number(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    if s.isdigit() or _NUMBER.fullmatch(s):
        return _from_number(float(s))
    if s[4:5] == "-":  # ISO 8601: the standard library reads it several times faster than the regex
        try:
            return datetime.fromisoformat(s).timestamp()
        except (ValueError, OverflowError):
            pass
    m = _DATETIME.fullmatch(s)
    if m is None:
        return None
    y, mo, d, h, mi, sec, frac, zone = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0),
                      int((frac or "0")[:6].ljust(6, "0")), tzinfo=_tz(zone) if zone else None)
        return dt.timestamp()
    except (ValueError, OverflowError):  # 2023-13-45, or a year the platform cannot convert
        return None


# ---- values -----------------------------------------------------------------------------------------


def flatten_text(value: Any) -> str:
    """The text of a value: a string as is; a list of strings and {"text": …} parts joined (rich
    text as Telegram and multimodal chat logs write it); a number as digits; else ""."""
    if type(value) is str:  # the common case first: this runs once per message
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return "".join(flatten_text(v) if not isinstance(v, dict) else flatten_text(v.get("text")) for v in value)
    if isinstance(value, dict):
        return flatten_text(value.get("text", value.get("content")))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _name_of(value: Any) -> str:
    """A sender or chat as a display name: a string, a number, or an object's name field."""
    if type(value) is str:
        return value.strip()
    if isinstance(value, dict):
        for k in _NAME_FIELDS:
            v = value.get(k)
            if v not in (None, ""):
                return _name_of(v)
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _id_of(value: Any) -> str | None:
    """A message id as a string: "12" for 12 or "12"; an object's id; None for nothing."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str or value is None:
        return value or None
    if isinstance(value, dict):
        value = value.get("id", value.get("message_id", value.get("messageId")))
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, str | int | float) else None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "0", "false", "no"):
        return value.strip().lower() in ("1", "true", "yes")
    return None


# ---- records ----------------------------------------------------------------------------------------

# Which synonym each field uses, per set of record keys: exports repeat the same keys on every
# record, so the synonyms are looked up once per shape rather than once per record.
_shape_cache: dict[tuple[str, ...], tuple[str | None, ...]] = {}


def _shape(record: dict[str, Any]) -> tuple[str | None, ...]:
    keys = tuple(record)
    found = _shape_cache.get(keys)
    if found is None:
        present = set(keys)
        found = tuple(next((k for k in synonyms if k in present), None) for synonyms in _FIELDS)
        if len(_shape_cache) > 256:  # a file of all-different shapes must not grow it without end
            _shape_cache.clear()
        _shape_cache[keys] = found
    return found


def _field(record: dict[str, Any], key: str | None, synonyms: tuple[str, ...]) -> Any:
    """The value of the synonym the shape chose, or of the next one with a value if that is empty."""
    if key is None:  # the shape has none of the synonyms
        return None
    v = record[key]
    if v is not None and v != "":
        return v
    for k in synonyms:
        v = record.get(k)
        if v is not None and v != "":
            return v
    return None


class _Row:
    """A message read from a record, with what places it: its chat, its export id, the id it answers."""

    __slots__ = ("message", "chat", "id", "reply")

    def __init__(self, message: ChatMessage, chat: str | None, id: str | None, reply: str | None) -> None:
        self.message, self.chat, self.id, self.reply = message, chat, id, reply


def _record_problem(record: Any) -> Message:
    """Why a record gives no message (it has no sender, no text, or is not an object), with the fix."""
    if not isinstance(record, dict):
        return say("chats.generic.not_object", kind=json_kind(record))
    if not _name_of(_field(record, _shape(record)[0], SENDER_KEYS)):
        return say("chats.generic.no_sender", keys=", ".join(SENDER_KEYS))
    return say("chats.generic.no_text", keys=", ".join(TEXT_KEYS))


def _read_record(record: Any, number: int) -> _Row | None:
    """One record as a row; None when it has no sender or no text (see :func:`_record_problem`).
    Written for speed: it runs once per message of files with hundreds of thousands."""
    if type(record) is not dict:
        return None
    k_sender, k_text, k_time, k_id, k_reply, k_chat, k_sender_id, k_self = _shape(record)
    sender_value = _field(record, k_sender, SENDER_KEYS)
    sender = _name_of(sender_value)
    text = flatten_text(_field(record, k_text, TEXT_KEYS))
    if not sender or not text or text.isspace():
        return None
    sender_id = _id_of(_field(record, k_sender_id, SENDER_ID_KEYS)) if k_sender_id is not None else None
    if sender_id is None and type(sender_value) is dict:
        sender_id = _id_of(sender_value.get("id"))
    time_value = _field(record, k_time, TIME_KEYS) if k_time is not None else None
    message = ChatMessage(
        key="", sender=sender, text=text, line=number, sender_id=sender_id,
        time=parse_time(time_value) if time_value is not None else None,
        is_self=_flag(record[k_self]) if k_self is not None else None,
    )
    chat = _field(record, k_chat, CHAT_KEYS) if k_chat is not None else None
    return _Row(message, _name_of(chat) if chat is not None else None,
                _id_of(_field(record, k_id, ID_KEYS)) if k_id is not None else None,
                _id_of(_field(record, k_reply, REPLY_KEYS)) if k_reply is not None else None)


def _unwrap(records: Any, name: str) -> tuple[list[Any], str | None]:
    """(the message records, the chat title the wrapper gives) of a list or {"messages": [...]}."""
    if isinstance(records, list):
        return records, None
    if isinstance(records, dict):
        inner = records.get("messages")
        if isinstance(inner, list):
            title = _name_of(records.get("name") or records.get("title") or "")
            return inner, title or None
        if any(k in records for k in SENDER_KEYS) and any(k in records for k in TEXT_KEYS):
            return [records], None  # a JSONL file with a single line parses as one object
    raise InputError(say("chats.generic.not_list", name=name))


def _assign_keys(rows: list[_Row]) -> dict[str, str]:
    """Give each row of one chat its key; the map from export ids to keys (for reply_to)."""
    ids = [r.id for r in rows]
    use_ids = None not in ids and len(set(ids)) == len(ids)
    id_to_key: dict[str, str] = {}
    for position, row in enumerate(rows, 1):
        row.message.key = row.id if use_ids else str(position)
        if row.id is not None and row.id not in id_to_key:
            id_to_key[row.id] = row.message.key
    return id_to_key


def _link_replies(rows: list[_Row], id_to_key: dict[str, str]) -> int:
    """Set reply_to where the answered message is in the same chat; the count of those that are not."""
    dangling = 0
    for row in rows:
        if row.reply is not None:
            key = id_to_key.get(row.reply)
            if key is None:
                dangling += 1
            else:
                row.message.reply_to = key
    return dangling


def parse_message_list(records: list, name: str, *, line_numbers: list[int] | None = None) -> ChatFile:
    """A ChatFile of a generic message list (or ``{"messages": [...]}``).

    ``name`` is the file name: its stem titles the chat when records name no chat. A chat field
    (chat/group/room/conversation/talker) splits the messages into one Chat per value, in
    first-seen order. ``line_numbers`` (JSONL) gives each record's line in the file: problems then
    say "line N" and ChatMessage.line is that line, else the 1-based record number."""
    with paused_gc():
        return _parse_message_list(records, name, line_numbers)


def _parse_message_list(records: Any, name: str, line_numbers: list[int] | None) -> ChatFile:
    items, wrapper_title = _unwrap(records, name)
    stem = wrapper_title or PurePath(name).stem or name
    at = "chats.at_line" if line_numbers is not None else "chats.at_record"
    groups: dict[str | None, list[_Row]] = {}
    problems: list[Message] = []
    numbers = line_numbers if line_numbers is not None else range(1, len(items) + 1)
    for record, number in zip(items, numbers, strict=True):
        row = _read_record(record, number)
        if row is None:
            problems.append(Message(at, {"n": number, "problem": _record_problem(record)}))
            continue
        chat = row.chat or None
        rows = groups.get(chat)
        if rows is None:
            rows = groups[chat] = []
        rows.append(row)
    chats: list[Chat] = []
    dangling = untimed = 0
    for index, (chat_name, rows) in enumerate(groups.items(), 1):
        dangling += _link_replies(rows, _assign_keys(rows))
        untimed += sum(1 for r in rows if r.message.time is None)
        key = chat_name if chat_name is not None else stem
        if chat_name is None and stem in groups:  # a chat that happens to be named like the file
            key = f"{stem} (no chat name)"
        chats.append(Chat(key=key, title=key, messages=[r.message for r in rows], index=index))
    notes = []
    if dangling:
        notes.append(say("chats.note.dangling_file", n=dangling))
    n_messages = sum(len(c.messages) for c in chats)
    if untimed and untimed < n_messages:
        notes.append(say("chats.note.untimed", n=untimed))
    return ChatFile(format="messages", chats=chats, problems=problems, notes=notes)
