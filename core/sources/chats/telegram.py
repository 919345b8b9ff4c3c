"""Telegram Desktop exports (``result.json``): one chat ``{"name", "type", "id", "messages"}`` or a
whole account ``{"chats": {"list": [chat, …]}, "left_chats": {"list": […]}}``."""

from __future__ import annotations

from typing import Any

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.generic import flatten_text, parse_time, paused_gc
from core.sources.chats.model import Chat, ChatFile, ChatMessage

# What stands for a media message that has no caption, by its "media_type".
_MEDIA_PLACEHOLDERS = {
    "sticker": "[贴纸]",
    "voice_message": "[语音]",
    "video_message": "[视频]",
    "video_file": "[视频]",
    "animation": "[动图]",
    "audio_file": "[音频]",
}
# … and by the key a media message has when it has no media_type.
_KEY_PLACEHOLDERS = (
    ("photo", "[图片]"),
    ("sticker_emoji", "[贴纸]"),
    ("file", "[文件]"),
    ("poll", "[投票]"),
    ("location_information", "[位置]"),
    ("contact_information", "[联系人]"),
    ("game_title", "[游戏]"),
)


def _media_placeholder(message: dict[str, Any]) -> str | None:
    media_type = message.get("media_type")
    if media_type is not None:
        return _MEDIA_PLACEHOLDERS.get(media_type, "[文件]")
    for key, placeholder in _KEY_PLACEHOLDERS:
        if key in message:
            return placeholder
    return None


def _text(message: dict[str, Any]) -> str:
    # text_entities is always a flat list of {"type", "text"}: simpler than the mixed "text" list
    entities = message.get("text_entities")
    if type(entities) is list and entities:
        try:  # the fast way first: this runs once per message
            return "".join([e["text"] for e in entities])
        except (KeyError, TypeError):
            return flatten_text(entities)
    return flatten_text(message.get("text"))


def _time(message: dict[str, Any]) -> float | None:
    unixtime = message.get("date_unixtime")
    if unixtime is not None:
        try:
            return float(unixtime)
        except (TypeError, ValueError):
            pass
    return parse_time(message.get("date"))


class _Counts:
    """What was skipped or odd across the file, for the notes."""

    def __init__(self) -> None:
        self.service = self.deleted = self.empty = self.dangling = self.empty_chats = 0


def _message(m: dict[str, Any], counts: _Counts) -> tuple[ChatMessage, str | None] | None:
    """The message and the raw id it replies to; None for a message with nothing in it."""
    text = _text(m)
    kind = "text"
    if not text.strip():
        placeholder = _media_placeholder(m)
        if placeholder is None:
            counts.empty += 1
            return None
        text, kind = placeholder, "media"
    sender = m.get("from")
    if sender is None and "from" in m:
        counts.deleted += 1
    sender_id = m.get("from_id")
    message = ChatMessage(key=str(m.get("id", "")), sender=flatten_text(sender), text=text,
                          time=_time(m), kind=kind, sender_id=str(sender_id) if sender_id is not None else None)
    reply = m.get("reply_to_message_id")
    # a reply to a message of another chat names that chat in reply_to_peer_id
    return message, (str(reply) if reply is not None and "reply_to_peer_id" not in m else None)


def _chat(data: dict[str, Any], index: int, counts: _Counts) -> Chat:
    messages: list[ChatMessage] = []
    replies: list[tuple[ChatMessage, str]] = []
    for position, m in enumerate(data.get("messages") or [], 1):
        if not isinstance(m, dict):
            counts.empty += 1
            continue
        if m.get("type") == "service":  # joins, pins, calls …: not something anyone said
            counts.service += 1
            continue
        found = _message(m, counts)
        if found is None:
            continue
        message, reply = found
        if not message.key:
            message.key = f"#{position}"
        message.line = position
        messages.append(message)
        if reply is not None:
            replies.append((message, reply))
    keys = {m.key for m in messages}
    for message, reply in replies:
        if reply in keys:
            message.reply_to = reply
        else:
            counts.dangling += 1
    chat_id = data.get("id")
    title = data.get("name") or ("Saved Messages" if data.get("type") == "saved_messages" else f"Chat {index}")
    return Chat(key=str(chat_id) if chat_id is not None else str(index), title=str(title),
                messages=messages, index=index)


def _chat_dicts(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    if isinstance(data.get("messages"), list):
        return [data]
    found: list[dict[str, Any]] = []
    for section in ("chats", "left_chats"):
        part = data.get(section)
        items = part.get("list") if isinstance(part, dict) else part
        if isinstance(items, list):
            found.extend(c for c in items if isinstance(c, dict) and isinstance(c.get("messages"), list))
    if not found and not any(k in data for k in ("chats", "left_chats")):
        raise InputError(say("chats.telegram.no_messages", name=name))
    return found


def _notes(counts: _Counts) -> list[Message]:
    notes = []
    if counts.service:
        notes.append(say("chats.note.service_skipped", n=counts.service))
    if counts.deleted:
        notes.append(say("chats.note.deleted_accounts", n=counts.deleted))
    if counts.empty:
        notes.append(say("chats.note.empty_skipped", n=counts.empty))
    if counts.dangling:
        notes.append(say("chats.note.dangling_export", n=counts.dangling))
    if counts.empty_chats:
        notes.append(say("chats.note.empty_chats", n=counts.empty_chats))
    return notes


def parse_telegram(data: dict, name: str) -> ChatFile:
    """A ChatFile of a Telegram Desktop JSON export (one chat, or a whole account's chats).
    ``name`` is the file name, for messages."""
    if not isinstance(data, dict):
        raise InputError(say("chats.telegram.not_object", name=name))
    counts = _Counts()
    chats: list[Chat] = []
    seen: set[str] = set()
    for chat_data in _chat_dicts(data, name):
        with paused_gc():
            chat = _chat(chat_data, len(chats) + 1, counts)
        if not chat.messages:
            counts.empty_chats += 1
            continue
        if chat.key in seen:  # the same chat in "chats" and "left_chats"
            chat.key = f"{chat.key}#{chat.index}"
        seen.add(chat.key)
        chats.append(chat)
    return ChatFile(format="telegram", chats=chats, notes=_notes(counts))
