"""QQ's exported message record (.txt):

    消息记录（此消息记录为文本格式，不支持重新导入）
    ================================================================
    消息分组:我的群聊
    ================================================================
    消息对象:周末羽毛球群
    ================================================================

    2023-06-12 9:14:03 阿杰(10001)
    明天几点？

A message starts at a header line "date time nickname(QQ)" (or "nickname<e-mail>", or a bare
nickname in discussion-group exports) and runs to the next header. One file may hold several
"消息对象" sections, each a chat. The caller decodes the file (GBK or UTF-8 with BOM) first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.model import Chat, ChatFile, ChatMessage

_HEADER = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})\s+"
    r"(?:(?P<cn>上午|下午|中午|晚上|凌晨|早上)\s*)?"
    r"(?P<h>\d{1,2}):(?P<mi>\d{1,2}):(?P<s>\d{1,2})"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?=\s))?"  # "8:43:38 PM"; the lookahead keeps "Amy" a name
    r"\s+(?P<who>\S.*?)\s*")
# The LAST "(digits)" is the QQ number: nicknames may hold parentheses themselves.
_WITH_QQ = re.compile(r"(?P<name>.*?)\s*[(（](?P<id>\d{5,12})[)）]")
_WITH_MAIL = re.compile(r"(?P<name>.*?)\s*<(?P<id>[^<>\s@]+@[^<>\s]+)>")
_TITLE_PREFIX = re.compile(r"【[^】]{1,12}】\s*")  # 【管理员】, 【群主】, level titles
_SEPARATOR = re.compile(r"={10,}")
_GROUP_LINE = re.compile(r"消息分组[:：](?P<v>.*)")
_TARGET_LINE = re.compile(r"消息对象[:：](?P<v>.*)")
_RECALL = re.compile(r"撤回了一条(?:成员)?消息[。.!！]?$")
_PLACEHOLDERS_ONLY = re.compile(r"(?:\s*\[(?:图片|表情|动画表情|闪照|语音|视频|文件)\])+\s*")

SYSTEM_QQ = "10000"
SYSTEM_NAME = "系统消息"
_BARE_NAME_MAX = 40
_RECALL_MAX = 40  # a bare-nickname header longer than this is more likely a message line
_AFTERNOON = ("下午", "晚上")


@dataclass
class _Header:
    line: int
    time: float | None
    sender: str
    sender_id: str | None


@dataclass
class _Section:
    title: str
    messages: list[ChatMessage] = field(default_factory=list)


def parse_qq_txt(text: str, name: str) -> ChatFile:
    """Read a QQ message record. Each "消息对象" section becomes a Chat (key = its name, made
    unique), message keys are "1", "2" … per chat and ``line`` the header's line number."""
    reader = _RecordReader(PurePath(name).stem)
    for number, line in enumerate(text.split("\n"), 1):
        reader.feed(number, line)
    reader.close_message()
    if reader.n_headers == 0:
        raise InputError(say("chats.qq.no_header", name=name))
    return reader.result()


class _RecordReader:
    """Line by line: structure lines (=====, 消息分组, 消息对象), headers, message lines."""

    def __init__(self, default_title: str) -> None:
        self.default_title = default_title or "QQ"
        self.sections: list[_Section] = []
        self.header: _Header | None = None
        self.body: list[str] = []
        self.after_break = True  # the previous line was blank or structure (bare-name headers need it)
        self.n_headers = 0
        self.problems: list[Message] = []

    def feed(self, number: int, raw: str) -> None:
        line = raw.rstrip().lstrip("\ufeff")
        if self._structure(line):
            self.after_break = True
            return
        header = self._header(number, line)
        if header is not None:
            self.close_message()
            if not self.sections:
                self.sections.append(_Section(self.default_title))
            self.header = header
            self.n_headers += 1
        elif self.header is not None:
            self.body.append(line)
        # lines before the first header (the "消息记录（…）" title) carry nothing
        self.after_break = not line

    def _structure(self, line: str) -> bool:
        if not line or line[0] not in "=消":
            return False
        if _SEPARATOR.fullmatch(line) or _GROUP_LINE.fullmatch(line):
            self.close_message()
            return True
        target = _TARGET_LINE.fullmatch(line)
        if target:
            self.close_message()
            self.sections.append(_Section(target["v"].strip() or self.default_title))
            return True
        return False

    def _header(self, number: int, line: str) -> _Header | None:
        if len(line) < 14 or not line[:4].isdigit():  # cheap test before the regex
            return None
        m = _HEADER.fullmatch(line)
        if m is None:
            return None
        sender, sender_id = _split_sender(m["who"])
        if sender_id is None and (not self.after_break or len(sender) > _BARE_NAME_MAX):
            return None  # a bare nickname only counts where a new message can start
        return _Header(number, self._time(m, number), sender, sender_id)

    def _time(self, m: re.Match[str], number: int) -> float | None:
        hour = _hour_24(int(m["h"]), m["cn"], m["ampm"])
        try:
            return datetime(int(m["y"]), int(m["mo"]), int(m["d"]), hour, int(m["mi"]), int(m["s"])).timestamp()
        except ValueError:
            self.problems.append(say("chats.at_line", n=number,
                                     problem=say("chats.qq.bad_time", time=m.group(0)[:30])))
            return None

    def close_message(self) -> None:
        if self.header is None:
            return
        section = self.sections[-1]
        text = "\n".join(self.body).strip()
        h = self.header
        section.messages.append(ChatMessage(
            key=str(len(section.messages) + 1), sender=h.sender, text=text, time=h.time,
            kind=_kind(h, text), line=h.line, sender_id=h.sender_id))
        self.header = None
        self.body = []

    def result(self) -> ChatFile:
        chats: list[Chat] = []
        used: dict[str, int] = {}  # key → last number given to a duplicate of it
        notes: list[Message] = []
        for section in self.sections:
            key = _unique(section.title, used)
            chats.append(Chat(key=key, title=section.title, messages=section.messages, index=len(chats) + 1))
            if not section.messages:
                notes.append(say("chats.note.qq_empty_chat", title=section.title))
        system = sum(1 for c in chats for m in c.messages if m.kind == "system")
        media = sum(1 for c in chats for m in c.messages if m.kind == "media")
        if system:
            notes.append(say("chats.note.qq_system", n=system))
        if media:
            notes.append(say("chats.note.qq_media", n=media))
        return ChatFile(format="qq_txt", chats=chats, problems=self.problems, notes=notes)


def _split_sender(who: str) -> tuple[str, str | None]:
    """(display name without a group title, QQ number or e-mail or None)."""
    m = _WITH_QQ.fullmatch(who) or _WITH_MAIL.fullmatch(who)
    name, sender_id = (m["name"], m["id"]) if m else (who, None)
    name = _TITLE_PREFIX.sub("", name.strip(), count=1) if name.startswith("【") else name.strip()
    return name, sender_id


def _hour_24(hour: int, cn: str | None, ampm: str | None) -> int:
    pm = (ampm is not None and ampm[0] in "Pp") or cn in _AFTERNOON or (cn == "中午" and hour < 11)
    am = (ampm is not None and ampm[0] in "Aa") or cn in ("上午", "凌晨", "早上")
    if pm and hour < 12:
        return hour + 12
    if am and hour == 12:
        return 0
    return hour


def _kind(header: _Header, text: str) -> str:
    if header.sender_id == SYSTEM_QQ or header.sender == SYSTEM_NAME or _is_recall_notice(text):
        return "system"
    if text and "[" in text and _PLACEHOLDERS_ONLY.fullmatch(text):
        return "media"
    return "text"


def _is_recall_notice(text: str) -> bool:
    # "阿杰撤回了一条消息" is a one-line notice; a long or multi-line text merely mentions recalling
    return len(text) <= _RECALL_MAX and "\n" not in text and _RECALL.search(text) is not None


def _unique(title: str, used: dict[str, int]) -> str:
    """``title``, or "title #2", "title #3" … when an earlier chat has it (counted, not searched)."""
    if title not in used:
        used[title] = 1
        return title
    n = used[title]
    while True:
        n += 1
        key = f"{title} #{n}"
        if key not in used:
            used[title] = n
            used[key] = 1
            return key
