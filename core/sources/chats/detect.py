"""Which chat export a file is — told from its content, never from its name — and reading it.

:func:`detect_layout` names the layout of a text; :func:`read_chat_file` reads a file in any
encoding, detects (or takes the forced) layout and hands it to that layout's reader.
"""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.generic import SENDER_KEYS, TEXT_KEYS, parse_message_list, paused_gc
from core.sources.chats.model import LAYOUTS, ChatFile
from core.sources.chats.wording import join_messages
from core.sources.documents.txt import read_text_file_with_encoding

_SAMPLE = 20  # records looked at to tell a layout


_NON_SPACE = re.compile(r"\S")
_WECHAT_OLD_COLUMNS = frozenset({"StrContent", "CreateTime", "IsSender"})
_WECHAT_NEW_COLUMNS = frozenset({"msg", "type_name", "is_sender", "talker"})
# A QQ message header: date, time (maybe 12-hour), nickname, then (QQ number) or <e-mail>.
_QQ_HEADER = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(?: ?[AP]M)? .*(?:\(\d+\)|<[^<>\s]+>)[ \t]*$",
    re.MULTILINE,
)


@dataclass
class _Sniffed:
    """What a look at the text found: the layout, and the parsed JSON so it is parsed only once."""

    layout: str | None = None
    data: Any = None  # the JSON value (a list of records for JSONL)
    jsonl: bool = False
    line_numbers: list[int] = field(default_factory=list)  # JSONL: the line of each record
    problems: list[Message] = field(default_factory=list)  # JSONL: the lines that are not JSON objects
    json_error: json.JSONDecodeError | None = None  # the text looks like JSON but is not valid


# ---- JSON -------------------------------------------------------------------------------------------


def _sample(items: list[Any]) -> list[dict[str, Any]]:
    return [r for r in items[:_SAMPLE] if isinstance(r, dict)]


def _looks_like_messages(records: list[dict[str, Any]]) -> bool:
    """Most records have a sender and a text under one of their synonyms."""
    good = sum(1 for r in records if any(k in r for k in SENDER_KEYS) and any(k in r for k in TEXT_KEYS))
    return bool(records) and good * 2 >= len(records)


def _looks_like_telegram_messages(records: list[dict[str, Any]]) -> bool:
    # Telegram always writes "id", "type" ("message"/"service") and "date" (plus date_unixtime
    # since 2022); a generic {"from", "text"} list has neither type nor date_unixtime.
    return any("date_unixtime" in r or (r.get("type") in ("message", "service") and "date" in r)
               for r in records)


def _object_layout(data: dict[str, Any]) -> str | None:
    if "chat_text" in data:
        return "competition"
    chats = data.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return "telegram"
    messages = data.get("messages")
    if not isinstance(messages, list):
        return "messages" if _looks_like_messages([data]) else None
    sample = _sample(messages)
    if any(isinstance(r.get("author"), dict) for r in sample) or (not sample and "channel" in data):
        return "discord"
    if _looks_like_telegram_messages(sample) or (not sample and "type" in data and "id" in data):
        return "telegram"
    if _looks_like_messages(sample):
        return "messages"
    return None


def _json_layout(data: Any) -> str | None:
    if isinstance(data, dict):
        return _object_layout(data)
    if isinstance(data, list):
        sample = _sample(data)
        if any("chat_text" in r for r in sample):
            return "competition"
        if _looks_like_messages(sample):
            return "messages"
    return None


def _read_jsonl(text: str) -> tuple[list[Any], list[int], list[str]]:
    """(records, their line numbers, problems) of a file with one JSON object per line."""
    records: list[Any] = []
    numbers: list[int] = []
    problems: list[Message] = []
    decode = json.JSONDecoder().decode
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            value = decode(line)
        except json.JSONDecodeError as e:
            problems.append(say("chats.at_line", n=number,
                                problem=say("chats.jsonl.bad_json", error=e.msg, column=e.colno)))
            continue
        if not isinstance(value, dict):
            problems.append(say("chats.at_line", n=number, problem=say("chats.jsonl.not_object")))
            continue
        records.append(value)
        numbers.append(number)
    return records, numbers, problems


def _first_line_is_object(text: str) -> bool:
    found = _NON_SPACE.search(text)
    if found is None:
        return False
    end = text.find("\n", found.start())
    try:
        return isinstance(json.loads(text[found.start():end if end >= 0 else len(text)]), dict)
    except ValueError:
        return False


def _sniff_json(text: str) -> _Sniffed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        # one object per line parses as "Extra data" after the first line
        if text.lstrip().startswith("{") and _first_line_is_object(text):
            records, numbers, problems = _read_jsonl(text)
            layout = _json_layout(records)
            return _Sniffed(layout, records, True, numbers, problems)
        return _Sniffed(json_error=e)
    return _Sniffed(_json_layout(data), data)


# ---- text -------------------------------------------------------------------------------------------


def _csv_columns(text: str) -> set[str]:
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    return {c.strip().strip('"').strip() for c in re.split(r"[,\t]", header)}


def _text_layout(text: str) -> str | None:
    columns = _csv_columns(text)
    if len(columns & _WECHAT_OLD_COLUMNS) >= 2 or len(columns & _WECHAT_NEW_COLUMNS) >= 3:
        return "wechat_csv"
    if text.startswith("消息记录") or _QQ_HEADER.search(text[:65536]):
        return "qq_txt"
    return None


def _sniff(text: str) -> _Sniffed:
    text = text.removeprefix("\ufeff")
    first = _NON_SPACE.search(text)
    if first is None:
        return _Sniffed()
    if text[first.start()] in "[{":
        return _sniff_json(text)  # the whole text, so that error line numbers are the file's
    return _Sniffed(_text_layout(text[first.start():]))


def detect_layout(text: str) -> str | None:
    """The layout (one of LAYOUTS) of a chat export's text, or None when it is none of them."""
    return _sniff(text).layout


# ---- reading ----------------------------------------------------------------------------------------


def _check_format(format: str) -> None:
    if format != "auto" and format not in LAYOUTS:
        raise InputError(say("chats.detect.unknown_format", format=format, choices=", ".join(LAYOUTS)))


def _json_error(name: str, e: json.JSONDecodeError) -> InputError:
    return InputError(say("chats.detect.bad_json", name=name, error=e.msg, line=e.lineno, column=e.colno))


def _unknown_layout(name: str, sniffed: _Sniffed) -> InputError:
    hint: Message | str = ""
    data = sniffed.data
    records = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    keys = sorted({k for r in _sample(records) for k in r})[:12]
    if keys:
        hint = say("chats.detect.keys_hint", keys=", ".join(keys))
    return InputError(say("chats.detect.unknown_layout", name=name, hint=hint, layouts=say("chats.detect.layouts")))


def _no_chat(name: str, chat_file: ChatFile) -> InputError:
    why: Message | str = ""
    if chat_file.problems:
        n = len(chat_file.problems)
        more = say("chats.detect.and_more", n=n - 3) if n > 3 else ""
        why = say("chats.detect.problems", n=n, first=join_messages(chat_file.problems[:3]), more=more)
    elif chat_file.notes:
        why = say("chats.detect.notes", notes=join_messages(chat_file.notes))
    return InputError(say("chats.detect.no_chat", name=name, format=chat_file.format, why=why))


def _lazy_reader(module: str, function: str, name: str) -> Callable[[str, str], ChatFile]:
    # WeChat and QQ readers are imported only when such a file is read
    try:
        return getattr(importlib.import_module(f"core.sources.chats.{module}"), function)
    except (ImportError, AttributeError):
        raise InputError(say("chats.detect.no_reader", name=name, module=module)) from None


def _parse_json(layout: str, sniffed: _Sniffed, name: str) -> ChatFile:
    from core.sources.chats.competition import parse_competition
    from core.sources.chats.discord import parse_discord
    from core.sources.chats.telegram import parse_telegram

    data = sniffed.data
    if layout == "messages":
        numbers = sniffed.line_numbers if sniffed.jsonl else None
        return parse_message_list(data, name, line_numbers=numbers)
    if layout == "competition":
        return parse_competition([data] if isinstance(data, dict) else data, name)
    if layout == "telegram":
        return parse_telegram(data, name)
    return parse_discord(data, name)


def _parse(layout: str, text: str, sniffed: _Sniffed, name: str) -> ChatFile:
    if layout == "wechat_csv":
        return _lazy_reader("wechat", "parse_wechat_csv", name)(text, name)
    if layout == "qq_txt":
        return _lazy_reader("qq", "parse_qq_txt", name)(text, name)
    if sniffed.json_error is not None:
        raise _json_error(name, sniffed.json_error)
    if sniffed.data is None:
        raise InputError(say("chats.detect.not_json", name=name, layout=layout))
    chat_file = _parse_json(layout, sniffed, name)
    chat_file.problems[:0] = sniffed.problems  # bad JSONL lines come first, in line order
    return chat_file


def read_chat_file(path: str | os.PathLike, format: str = "auto") -> ChatFile:
    """Read a chat export: any text encoding, layout detected from the content unless ``format``
    (one of LAYOUTS) forces it. Raises InputError naming the file and the fix when the file cannot
    be read, is not valid JSON, has an unknown layout or holds no readable message; records that
    are bad on their own are listed in ChatFile.problems and the rest is returned."""
    _check_format(format)
    name = Path(path).name
    text, encoding = read_text_file_with_encoding(path)
    with paused_gc():  # json.loads of a big export is 2-3 times faster without the collector
        sniffed = _sniff(text)
    if format == "auto":
        if sniffed.json_error is not None:
            raise _json_error(name, sniffed.json_error)
        if sniffed.data in ([], {}):
            raise InputError(say("chats.detect.empty_list", name=name) if sniffed.data == []
                             else say("chats.detect.empty_object", name=name))
        if sniffed.layout is None:
            raise _unknown_layout(name, sniffed)
    layout = sniffed.layout if format == "auto" else format
    chat_file = _parse(layout, text, sniffed, name)
    chat_file.encoding = encoding
    if chat_file.n_messages == 0:
        raise _no_chat(name, chat_file)
    return chat_file
