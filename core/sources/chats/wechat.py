"""WeChat chats exported as CSV by third-party tools.

Two column sets are known:

- the older exporter (one file per contact, UTF-8 with BOM):
  ``localId, TalkerId, Type, SubType, IsSender, CreateTime, Status, StrContent, StrTime, Remark,
  NickName, Sender``. ``TalkerId`` is the chat (a wxid, or ``…@chatroom`` for a group);
  ``Remark``/``NickName``/``Sender`` describe the contact in a private chat and the real sender
  (``Sender`` = their wxid) in a group chat. ``CreateTime`` is unix seconds, ``StrTime`` local time.
- the newer exporter (PyWxDump style, sometimes split into several files):
  ``id, MsgSvrID, type_name, is_sender, talker, room_name, msg, src, CreateTime``. Here
  ``room_name`` is the chat and ``talker`` the sender ("我" for the exporting user), ``type_name``
  is Chinese (文本, 图片, 动画表情, 引用回复 …) and ``CreateTime`` local time ("2024/10/4 11:42").

Only the text is wanted downstream: media become placeholders (kind "media"), system lines kind
"system", quote/replies keep their own text with the quoted text in ``quote``/``quote_sender``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.model import Chat, ChatFile, ChatMessage

OLD_COLUMNS = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
               "StrTime", "Remark", "NickName", "Sender")
NEW_COLUMNS = ("id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src", "CreateTime")

# Columns a row cannot be understood without (lower-cased; other columns are optional).
_OLD_REQUIRED = ("talkerid", "type", "issender", "strcontent")
_NEW_REQUIRED = ("type_name", "is_sender", "talker", "room_name")
# An early PyWxDump wrote the message as JSON in a "content" column instead of msg/src.
_NEW_TEXT_COLUMNS = ("msg", "content")

SELF_NAME = "我"  # the exporting user, as the newer exporter itself spells it

# Old exporter: Type → placeholder for media messages.
_MEDIA_TYPES = {3: "[图片]", 34: "[语音]", 42: "[名片]", 43: "[视频]", 47: "[表情]", 48: "[位置]", 50: "[通话]"}
_SYSTEM_TYPES = {10000, 10002, 37}  # system notice, revoke/sysmsg XML, friend request
_APP_TYPE = 49
_TEXT_TYPE = 1
# Old exporter: app message (Type 49) SubType → placeholder; 57 (quote) and link-like ones are text.
_APP_QUOTE = 57
_APP_LINK_SUBTYPES = {3, 4, 5, 51, 63, 87, 88}  # music, link, article, channels video, announcement
_APP_MEDIA_SUBTYPES = {0: "[文件]", 6: "[文件]", 8: "[表情]", 19: "[聊天记录]", 33: "[小程序]",
                       36: "[小程序]", 2000: "[转账]", 2001: "[红包]", 2003: "[红包]"}
APP_PLACEHOLDER = "[应用消息]"
OTHER_PLACEHOLDER = "[其他消息]"

# Newer exporter: words in type_name → placeholder, checked in this order ("语音通话" before "语音",
# "视频号" is a link card, not a video).
_NEW_MEDIA_WORDS = (("通话", "[通话]"), ("视频号", None), ("图片", "[图片]"), ("表情", "[表情]"),
                    ("语音", "[语音]"), ("视频", "[视频]"), ("文件", "[文件]"), ("位置", "[位置]"),
                    ("名片", "[名片]"), ("公众号", "[名片]"), ("聊天记录", "[聊天记录]"),
                    ("小程序", "[小程序]"), ("转账", "[转账]"), ("红包", "[红包]"))
_NEW_SYSTEM_WORDS = ("系统", "拍一拍", "撤回", "邀请", "添加好友")
_NEW_LINK_WORDS = ("链接", "卡片", "分享", "视频号", "群公告")

# "title\n\n[引用](2024-10-04 11:40:00)林晓:原文" — how the newer exporter flattens a quote.
_FLAT_QUOTE = re.compile(r"(?P<reply>.*?)\s*\[引用\]\((?P<time>[^)]*)\)(?P<name>[^:：\n]*)[:：](?P<quoted>.*)",
                         re.S)
_HREF = re.compile(r"""<a\s[^>]*href=["']([^"']+)["'][^>]*>.*?</a>""", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_WXID_PREFIX = re.compile(r"^wxid_[\w-]+:\s*\n")  # group messages inside quotes may carry their sender
_DATE_TIME = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
                        r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?")
_EXPORT_SUFFIX = re.compile(r"_(?:utf-?8|gbk)$", re.I)  # the older exporter names files "<chat>_utf8.csv"


class _BadRow(Exception):
    """A record that cannot be read; its message goes into ChatFile.problems."""


@dataclass
class _Content:
    kind: str
    text: str
    quote: str | None = None
    quote_sender: str | None = None


@dataclass
class _Row:
    """One message with the chat it belongs to."""
    chat_id: str
    title: str  # the chat title this row suggests ("" if none)
    is_group: bool
    own_key: str  # localId / id ("" when absent)
    message: ChatMessage


# ---- public ------------------------------------------------------------------------------------------


def parse_wechat_csv(text: str, name: str) -> ChatFile:
    """Read a WeChat CSV export (either column set). Unreadable records become problems
    ("record N: …", N counted from 1 after the header) and are skipped; an unknown header is an
    InputError."""
    problems: list[Message] = []
    records = _records(text, problems)
    header = next(records, None)
    if header is None:
        raise InputError(_unknown_header_message(name, []))
    columns = [c.strip().lstrip("\ufeff").lower() for c in header[1]]
    parse_row = _row_parser(columns, name)
    collector = _ChatCollector()
    for number, fields in records:
        try:
            collector.add(parse_row(_row_dict(columns, fields), number))
        except _BadRow as e:
            problems.append(say("chats.at_record", n=number, problem=e.args[0]))
    return collector.finish(name, problems)


# ---- reading records ---------------------------------------------------------------------------------


def _records(text: str, problems: list[Message]) -> Iterator[tuple[int, list[str]]]:
    """(record number, fields): the header is record 0. Empty lines are not records."""
    reader = csv.reader(io.StringIO(text, newline=""))
    number = -1
    errors_in_a_row = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # e.g. a field over the csv module's size limit: skip that record
            number += 1
            problems.append(say("chats.at_record", n=number, problem=say("chats.wechat.csv_error", error=str(e))))
            errors_in_a_row += 1
            if errors_in_a_row > 100:  # the reader is stuck; stop rather than loop
                return
            continue
        errors_in_a_row = 0
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        number += 1
        yield number, fields


def _row_dict(columns: list[str], fields: list[str]) -> dict[str, str]:
    if len(fields) < len(columns):
        raise _BadRow(say("chats.wechat.fields_short", got=len(fields), expected=len(columns)))
    if len(fields) > len(columns) and any(f.strip() for f in fields[len(columns):]):
        raise _BadRow(say("chats.wechat.fields_extra", got=len(fields), expected=len(columns)))
    return dict(zip(columns, fields, strict=False))


def _row_parser(columns: list[str], name: str) -> Callable[[dict[str, str], int], _Row]:
    have = set(columns)
    if all(c in have for c in _OLD_REQUIRED) and ("createtime" in have or "strtime" in have):
        return _parse_old_row
    if all(c in have for c in _NEW_REQUIRED) and any(c in have for c in _NEW_TEXT_COLUMNS):
        return _parse_new_row
    raise InputError(_unknown_header_message(name, columns))


def _unknown_header_message(name: str, columns: list[str]) -> Message:
    found = ", ".join(columns) if columns else say("chats.wechat.nothing")
    return say("chats.wechat.unknown_header", name=name, found=found, old=", ".join(OLD_COLUMNS),
               new=", ".join(NEW_COLUMNS))


# ---- the two column sets -----------------------------------------------------------------------------


def _parse_old_row(row: dict[str, str], number: int) -> _Row:
    talker = row["talkerid"].strip()
    if not talker:
        raise _BadRow(say("chats.wechat.talker_empty"))
    type_id = _int_field(row, "type", "Type")
    sub_type = _int_field(row, "subtype", "SubType") if row.get("subtype", "").strip() else 0
    is_self = row["issender"].strip() == "1"
    when = _old_time(row)
    content = _old_content(type_id, sub_type, row["strcontent"])
    remark, nick = row.get("remark", "").strip(), row.get("nickname", "").strip()
    sender_col = row.get("sender", "").strip()
    is_group = talker.endswith("@chatroom")
    message = ChatMessage(key="", sender="", text=content.text, time=when, quote=content.quote,
                          quote_sender=content.quote_sender, kind=content.kind, line=number)
    if content.kind != "system":
        _set_old_sender(message, is_self, is_group, talker, nick or remark or sender_col, sender_col)
    # In a group chat the name columns describe the sender, so they cannot name the chat.
    title = "" if is_group else (remark or nick)
    return _Row(talker, title, is_group, row.get("localid", "").strip(), message)


def _set_old_sender(message: ChatMessage, is_self: bool, is_group: bool, talker: str, name: str,
                    sender_col: str) -> None:
    message.is_self = is_self
    if is_group:
        message.sender = name or (SELF_NAME if is_self else "")
        message.sender_id = sender_col or None
    elif is_self:  # in a private chat the name columns describe the other person, even on own rows
        message.sender = SELF_NAME
    else:
        message.sender = name or talker
        message.sender_id = talker


def _parse_new_row(row: dict[str, str], number: int) -> _Row:
    type_name = row["type_name"].strip()
    talker = row["talker"].strip()
    room = row["room_name"].strip() or talker
    if not room:
        raise _BadRow(say("chats.wechat.room_empty"))
    is_self = row["is_sender"].strip() == "1"
    when = _parse_time(row.get("createtime", ""), "CreateTime")
    content = _new_content(type_name, _new_message_text(row))
    message = ChatMessage(key="", sender="", text=content.text, time=when, quote=content.quote,
                          quote_sender=content.quote_sender, kind=content.kind, line=number)
    if content.kind != "system":
        message.is_self = is_self
        message.sender = talker or (SELF_NAME if is_self else "")
        message.sender_id = talker if talker and talker != SELF_NAME else None
    return _Row(room, room, room.endswith("@chatroom"), row.get("id", "").strip(), message)


def _new_message_text(row: dict[str, str]) -> str:
    if "msg" in row:
        return row["msg"]
    value = row["content"]
    if value.startswith("{"):  # JSON of {"msg": …, "src": …}
        try:
            data = json.loads(value)
        except ValueError:
            return value
        if isinstance(data, dict):
            return str(data.get("msg", ""))
    return value


def _old_time(row: dict[str, str]) -> float | None:
    """CreateTime (unix seconds), else StrTime (local time): either may be empty or broken."""
    try:
        when = _parse_time(row.get("createtime", ""), "CreateTime")
    except _BadRow:
        if not row.get("strtime", "").strip():
            raise
        when = None
    return when if when is not None else _parse_time(row.get("strtime", ""), "StrTime")


def _int_field(row: dict[str, str], key: str, label: str) -> int:
    value = row.get(key, "").strip()
    try:
        return int(value)
    except ValueError:
        raise _BadRow(say("chats.wechat.not_number", label=label, value=value[:20])) from None


def _parse_time(value: str, label: str) -> float | None:
    """Unix seconds from unix seconds/milliseconds or a local date-time; None when empty or 0."""
    value = value.strip()
    if not value or value == "0":
        return None
    if value.isdigit():
        seconds = int(value)
        return float(seconds / 1000 if seconds > 100_000_000_000 else seconds)
    m = _DATE_TIME.fullmatch(value)
    if m is None:
        raise _BadRow(say("chats.wechat.not_time", label=label, value=value[:30]))
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s).timestamp()
    except ValueError:
        raise _BadRow(say("chats.wechat.not_date", label=label, value=value[:30])) from None


# ---- message content ---------------------------------------------------------------------------------


def _old_content(type_id: int, sub_type: int, raw: str) -> _Content:
    if type_id == _TEXT_TYPE:
        return _Content("text", raw.strip())
    if type_id in _MEDIA_TYPES:
        return _Content("media", _MEDIA_TYPES[type_id])
    if type_id in _SYSTEM_TYPES:
        return _Content("system", _system_text(raw))
    if type_id == _APP_TYPE:
        return _app_content(sub_type, raw)
    return _Content("media", OTHER_PLACEHOLDER)


def _app_content(sub_type: int, raw: str) -> _Content:
    if sub_type == _APP_QUOTE:
        return _quote_content(raw)
    if sub_type in _APP_LINK_SUBTYPES:
        return _link_content(raw)
    return _Content("media", _APP_MEDIA_SUBTYPES.get(sub_type, APP_PLACEHOLDER))


def _new_content(type_name: str, raw: str) -> _Content:
    if "引用" in type_name:
        return _quote_content(raw)
    if type_name in ("文本", "粘贴的文本", "text"):
        return _Content("text", raw.strip())
    if any(w in type_name for w in _NEW_SYSTEM_WORDS):
        return _Content("system", _system_text(raw))
    for word, placeholder in _NEW_MEDIA_WORDS:
        if word in type_name and placeholder:
            return _Content("media", placeholder)
    if any(w in type_name for w in _NEW_LINK_WORDS):
        return _link_content(raw)
    if "文本" in type_name:
        return _Content("text", raw.strip())
    return _Content("media", OTHER_PLACEHOLDER)


def _quote_content(raw: str) -> _Content:
    """A reply that quotes an earlier message: XML <appmsg> (older exporter), the newer exporter's
    flattened "reply\\n\\n[引用](time)name:quoted", or plain text when neither is there."""
    if _looks_like_xml(raw):
        fields = _appmsg_fields(raw)
        quoted = _quoted_text(fields.get("refer_type", ""), fields.get("refer_content", ""))
        return _Content("text", fields.get("title", "").strip(), quoted or None,
                        fields.get("refer_name", "").strip() or None)
    m = _FLAT_QUOTE.fullmatch(raw.strip())
    if m:
        return _Content("text", m["reply"].strip(), m["quoted"].strip() or None, m["name"].strip() or None)
    return _Content("text", raw.strip())


def _link_content(raw: str) -> _Content:
    if _looks_like_xml(raw):
        fields = _appmsg_fields(raw)
        title, url = fields.get("title", "").strip(), fields.get("url", "").strip()
    else:  # the newer exporter's "title\ndes\n\n<a href="url">点击查看详情</a>"
        m = _HREF.search(raw)
        url = html.unescape(m.group(1)) if m else ""
        plain = _HREF.sub("", raw).strip()
        title = plain.split("\n", 1)[0].strip()
    text = " ".join(part for part in (title, url) if part)
    return _Content("text", text) if text else _Content("media", "[链接]")


def _system_text(raw: str) -> str:
    text = raw.strip()
    if "<" in text:
        replacement = _xml_tag_text(text, "replacemsg")  # a revoke notice carries its sentence here
        text = replacement if replacement else html.unescape(_TAG.sub("", _CDATA.sub(r"\1", text)))
    text = " ".join(text.split()) if "\n" in text else text.strip()
    return text or "[系统消息]"


def _quoted_text(refer_type: str, content: str) -> str:
    """The quoted message as text: its words, or the placeholder of a quoted image/sticker/…"""
    content = _WXID_PREFIX.sub("", content.strip(), count=1)
    refer_type = refer_type.strip()
    if refer_type == str(_TEXT_TYPE):  # plain words, even if they start with "<"
        return content
    if refer_type.isdigit() and int(refer_type) in _MEDIA_TYPES:
        return _MEDIA_TYPES[int(refer_type)]
    if _looks_like_xml(content):  # a quoted link/file/quote: show its title
        if "<img" in content:
            return "[图片]"
        title = _appmsg_fields(content).get("title", "").strip()
        return title or APP_PLACEHOLDER
    return content


# ---- tolerant XML ------------------------------------------------------------------------------------


def _looks_like_xml(raw: str) -> bool:
    s = raw.lstrip()
    return s.startswith("<") or bool(_WXID_PREFIX.match(s) and "<" in s)


def _appmsg_fields(raw: str) -> dict[str, str]:
    """title, url, refer_type, refer_name, refer_content of an <appmsg>, whatever shape the XML
    is in: parsed when well-formed, by regex when not. Never raises."""
    start = raw.find("<")
    xml = raw[start:] if start >= 0 else raw
    if "<!DOCTYPE" not in xml and "<!ENTITY" not in xml:  # no entity tricks from an untrusted file
        try:
            return _appmsg_fields_parsed(ET.fromstring(xml))
        except ET.ParseError:
            pass
    return _appmsg_fields_by_regex(xml)


def _appmsg_fields_parsed(root: ET.Element) -> dict[str, str]:
    appmsg = root if root.tag == "appmsg" else root.find(".//appmsg")
    if appmsg is None:
        appmsg = root
    fields = {"title": appmsg.findtext("title") or "", "url": appmsg.findtext("url") or ""}
    refer = appmsg.find("refermsg")
    if refer is not None:
        fields["refer_type"] = refer.findtext("type") or ""
        fields["refer_name"] = refer.findtext("displayname") or ""
        fields["refer_content"] = refer.findtext("content") or ""
    return fields


def _appmsg_fields_by_regex(xml: str) -> dict[str, str]:
    # The quoted message sits inside <refermsg>; the reply's own title comes before it.
    cut = xml.find("<refermsg")
    own, refer = (xml[:cut], xml[cut:]) if cut >= 0 else (xml, "")
    fields = {"title": _xml_tag_text(own, "title"), "url": _xml_tag_text(own, "url")}
    if refer:
        fields["refer_type"] = _xml_tag_text(refer, "type")
        fields["refer_name"] = _xml_tag_text(refer, "displayname")
        fields["refer_content"] = _xml_tag_text(refer, "content")
    return fields


_TAG_PATTERNS: dict[str, re.Pattern[str]] = {}


def _xml_tag_text(xml: str, tag: str) -> str:
    pattern = _TAG_PATTERNS.get(tag)
    if pattern is None:
        pattern = _TAG_PATTERNS[tag] = re.compile(rf"<{tag}(?:\s[^>]*)?>(.*?)(?:</{tag}>|$)", re.S)
    m = pattern.search(xml)
    if not m:
        return ""
    return html.unescape(_CDATA.sub(r"\1", m.group(1))).strip()


# ---- chats -------------------------------------------------------------------------------------------


@dataclass
class _ChatState:
    chat: Chat
    is_group: bool
    used_keys: set[str] = field(default_factory=set)
    # (sender, text) → key of the latest such message, and text → key, to resolve quotes
    latest: dict[tuple[str, str], str] = field(default_factory=dict)
    latest_text: dict[str, str] = field(default_factory=dict)


class _ChatCollector:
    """Groups messages into chats in first-seen order and links quotes to what they quote."""

    def __init__(self) -> None:
        self.states: dict[str, _ChatState] = {}

    def add(self, row: _Row) -> None:
        state = self.states.get(row.chat_id)
        if state is None:
            chat = Chat(key=row.chat_id, title=row.title, messages=[], index=len(self.states) + 1)
            state = self.states[row.chat_id] = _ChatState(chat, row.is_group)
        elif not state.chat.title and row.title:
            state.chat.title = row.title
        message = row.message
        message.key = self._unique_key(state, row.own_key, message.line)
        if message.quote is not None:
            message.reply_to = self._quoted_key(state, message)
        state.latest[(message.sender, message.text)] = message.key
        state.latest_text[message.text] = message.key
        state.chat.messages.append(message)

    @staticmethod
    def _unique_key(state: _ChatState, own_key: str, record: int | None) -> str:
        key = own_key if own_key and own_key not in state.used_keys else f"r{record}"
        state.used_keys.add(key)
        return key

    @staticmethod
    def _quoted_key(state: _ChatState, message: ChatMessage) -> str | None:
        if message.quote_sender is None:  # only the text is known
            return state.latest_text.get(message.quote or "")
        return state.latest.get((message.quote_sender, message.quote or ""))

    def finish(self, name: str, problems: list[Message]) -> ChatFile:
        chats = [s.chat for s in self.states.values()]
        notes: list[Message] = []
        stem = _EXPORT_SUFFIX.sub("", PurePath(name).stem)
        for state in self.states.values():
            if not state.chat.title:
                # Group chats carry no name in the rows; the exporter names the file after the chat.
                lone = len(chats) == 1 and stem
                state.chat.title = stem if lone else state.chat.key
                if lone:
                    notes.append(say("chats.note.wechat_named", key=state.chat.key, stem=stem))
        notes.extend(_kind_notes(chats))
        return ChatFile(format="wechat_csv", chats=chats, problems=problems, notes=notes)


def _kind_notes(chats: list[Chat]) -> list[Message]:
    media = sum(1 for c in chats for m in c.messages if m.kind == "media")
    system = sum(1 for c in chats for m in c.messages if m.kind == "system")
    quotes = sum(1 for c in chats for m in c.messages if m.quote is not None)
    notes = []
    if media:
        notes.append(say("chats.note.wechat_media", n=media))
    if system:
        notes.append(say("chats.note.wechat_system", n=system))
    if quotes:
        notes.append(say("chats.note.wechat_quotes", n=quotes))
    return notes
