"""DiscordChatExporter JSON: one channel per file,
``{"guild": {…}, "channel": {"id", "name", …}, "messages": [{"id", "type", "timestamp", "content",
"author": {"id", "name", "nickname"}, "reference"?: {"messageId"}, "attachments": […]}]}``."""

from __future__ import annotations

from typing import Any

from core.errors import InputError
from core.messages import say
from core.sources.chats.generic import parse_time, paused_gc
from core.sources.chats.model import Chat, ChatFile, ChatMessage

# Message types people write; the others (joins, pins, thread creation, calls …) are system events.
_SPOKEN_TYPES = frozenset({"Default", "Reply", "ChatInputCommand", "ContextMenuCommand"})

_IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp", "heic"})
_VIDEO_EXTENSIONS = frozenset({"mp4", "mov", "webm", "mkv", "avi"})
_AUDIO_EXTENSIONS = frozenset({"mp3", "ogg", "wav", "m4a", "flac"})


def _attachment_placeholder(attachments: list[Any]) -> str:
    first = attachments[0] if isinstance(attachments[0], dict) else {}
    file_name = str(first.get("fileName") or first.get("url") or "")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in _IMAGE_EXTENSIONS:
        return "[图片]"
    if extension in _VIDEO_EXTENSIONS:
        return "[视频]"
    if extension in _AUDIO_EXTENSIONS:
        return "[音频]"
    return "[文件]"


def _media_placeholder(m: dict[str, Any]) -> str | None:
    if m.get("attachments"):
        return _attachment_placeholder(m["attachments"])
    if m.get("stickers"):
        return "[贴纸]"
    if m.get("embeds"):
        return "[链接]"
    return None


def _sender(author: Any) -> tuple[str, str | None]:
    if not isinstance(author, dict):
        return "", None
    name = author.get("nickname") or author.get("name") or ""
    author_id = author.get("id")
    return str(name), (str(author_id) if author_id is not None else None)


def _reply_id(m: dict[str, Any], channel_id: str | None) -> str | None:
    reference = m.get("reference")
    if not isinstance(reference, dict) or reference.get("messageId") is None:
        return None
    other_channel = reference.get("channelId")
    if other_channel is not None and channel_id is not None and str(other_channel) != channel_id:
        return None  # a reply to (or a forward of) a message in another channel
    return str(reference["messageId"])


def _message(m: dict[str, Any], position: int) -> ChatMessage | None:
    """The message, or None for one with neither text nor media."""
    text = m.get("content") if isinstance(m.get("content"), str) else ""
    kind = "text"
    if not text.strip():
        placeholder = _media_placeholder(m)
        if placeholder is None:
            return None
        text, kind = placeholder, "media"
    sender, sender_id = _sender(m.get("author"))
    return ChatMessage(key=str(m.get("id") or f"#{position}"), sender=sender, text=text,
                       time=parse_time(m.get("timestamp")), kind=kind, line=position, sender_id=sender_id)


def _messages(items: list[Any], channel_id: str | None) -> tuple[list[ChatMessage], list[str]]:
    """The channel's messages, replies linked, and notes on what was skipped."""
    messages: list[ChatMessage] = []
    replies: list[tuple[ChatMessage, str]] = []
    system = empty = 0
    for position, m in enumerate(items, 1):
        if not isinstance(m, dict):
            empty += 1
            continue
        if m.get("type", "Default") not in _SPOKEN_TYPES:
            system += 1
            continue
        message = _message(m, position)
        if message is None:
            empty += 1
            continue
        messages.append(message)
        reply = _reply_id(m, channel_id)
        if reply is not None:
            replies.append((message, reply))
    keys = {m.key for m in messages}
    dangling = 0
    for message, reply in replies:
        if reply in keys:
            message.reply_to = reply
        else:
            dangling += 1
    notes = []
    if system:
        notes.append(say("chats.note.system_skipped", n=system))
    if empty:
        notes.append(say("chats.note.empty_skipped", n=empty))
    if dangling:
        notes.append(say("chats.note.dangling_export", n=dangling))
    return messages, notes


def parse_discord(data: dict, name: str) -> ChatFile:
    """A ChatFile with the one channel of a DiscordChatExporter JSON export. ``name`` is the
    file name, for messages."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise InputError(say("chats.discord.not_export", name=name))
    channel = data.get("channel") if isinstance(data.get("channel"), dict) else {}
    channel_id = str(channel["id"]) if channel.get("id") is not None else None
    with paused_gc():
        messages, notes = _messages(data["messages"], channel_id)
    title = channel.get("name") or (f"Channel {channel_id}" if channel_id else "Discord channel")
    chats = [Chat(key=channel_id or "1", title=str(title), messages=messages, index=1)] if messages else []
    return ChatFile(format="discord", chats=chats, notes=notes)
