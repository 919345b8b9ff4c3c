"""Competition-style labelled chats (the iFlytek group-chat role-extraction task): a JSON array of
``{"chat_text": str, "infos"?: [...]}`` records, one chat per record, one message per
``name：text`` line (or per timestamped header, see :mod:`.stamped`), with WeCom quote/reply blocks:

    林晓2：这是一条引用/回复消息：
    “赵磊5：
    沙发报价发我一下”
    ------
    好的，稍等

is ONE message of 林晓2 ("好的，稍等") quoting 赵磊5 — a naive line splitter would give 赵磊5 a
message he did not write here.

Labels count only where something is filled in (see :mod:`.labels`): ``"infos": []`` is not
"no customer" unless the user says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.labels import EMPTY, read_labels
from core.sources.chats.model import Chat, ChatFile, ChatMessage
from core.sources.chats.stamped import stamped_header, stamped_starts
from core.sources.chats.wording import json_kind

QUOTE_MARK = "这是一条引用/回复消息"

_SEPARATOR = re.compile(r"\s*[-—－]{3,}\s*")
_CLOSING_QUOTE = {"“": "”", "「": "」", "『": "』", '"': '"'}
# Characters that never occur in a speaker's name but do before a colon in ordinary sentences.
_NOT_IN_NAME = re.compile(r"[，。！？；、,!?;:：“”\"‘’「」『』【】\[\]《》<>@#/\\|…]")
_MAX_NAME = 20
# The whole text of a message that only stands for media (text emoji like [玫瑰] stay text).
_MEDIA_ONLY = re.compile(r"\[(?:图片|视频|语音|文件|动画表情|表情|位置|链接|小程序|名片|聊天记录)\]")
# A quote block is short; looking further than this for its end would swallow real messages.
_MAX_QUOTE_LINES = 60
_MAX_UNQUOTED_LINES = 4
_PREFIX = 8  # length of the text prefixes the reply index files long messages under


def _looks_like_name(name: str) -> bool:
    return 0 < len(name) <= _MAX_NAME and not name.isdigit() and _NOT_IN_NAME.search(name) is None


def _line_start(line: str) -> tuple[str, str] | None:
    """(name, rest) when the line starts a message ``name：rest``, else None. An ASCII colon counts
    only on a line without a full-width one, and only after a short name without spaces that is
    not the start of a URL or a time (``https://``, ``10:30``)."""
    colon = line.find("：")
    if colon > 0:
        name = line[:colon].strip()
        return (name, line[colon + 1:]) if _looks_like_name(name) else None
    if colon == 0:
        return None
    colon = line.find(":")
    if colon <= 0:
        return None
    name, rest = line[:colon].strip(), line[colon + 1:]
    if not _looks_like_name(name) or any(c.isspace() for c in name) or rest.startswith("//"):
        return None
    if name[-1].isdigit() and rest[:1].isdigit():
        return None
    return name, rest


def _message_starts(lines: list[str]) -> list[tuple[str, str] | None]:
    """Which lines start a message. The competition anonymises every speaker as a name plus a number
    (林晓2): when such names are the majority, a "name" without a number (地址：…, 备注：…) is a
    label inside a message, not a speaker."""
    starts = [_line_start(line) for line in lines]
    names = [s[0] for s in starts if s is not None]
    numbered = sum(1 for n in names if n[-1].isdigit())
    if numbered > len(names) - numbered:
        starts = [s if s is None or s[0][-1].isdigit() else None for s in starts]
    return starts


# ---- quote blocks -----------------------------------------------------------------------------------


@dataclass
class _QuoteBlock:
    sender: str | None  # who wrote the quoted text, where the block names them
    text: str  # the quoted text
    reply_head: str  # reply text on the closing line itself (usually "")
    next_index: int  # the index in `lines` where the reply text goes on


def _close_curly(block: list[str], k0: int, opening: str) -> tuple[str, int, str] | None:
    """(quoted content, index of its last line, what follows the closing quote on that line) for a
    quote opened by ``opening`` on block[k0]; nested pairs are counted. A separator line ends an
    unclosed quote (unless it belongs to a quote block quoted inside). None when neither is found."""
    close = _CLOSING_QUOTE[opening]
    pieces: list[str] = []
    depth = 1
    nested = 0  # quote blocks inside this quote whose own separator line is still to come
    for k in range(k0, len(block)):
        line = block[k].lstrip()[1:] if k == k0 else block[k]
        if k > k0 and _SEPARATOR.fullmatch(line):
            if not nested:
                return "\n".join(pieces), k, line
            nested -= 1
        nested += line.count(QUOTE_MARK)
        if opening in line or close in line:
            for pos, ch in enumerate(line):
                depth += (ch == opening) - (ch == close)
                if depth == 0:
                    pieces.append(line[:pos])
                    return "\n".join(pieces), k, line[pos + 1:]
        pieces.append(line)
    return None


def _close_straight(block: list[str], k0: int) -> tuple[str, int, str] | None:
    """Like :func:`_close_curly` for a quote in straight quotes: it ends at a line ending with one."""
    pieces: list[str] = []
    nested = 0
    for k in range(k0, len(block)):
        line = block[k].lstrip()[1:] if k == k0 else block[k]
        if k > k0 and _SEPARATOR.fullmatch(line):
            if not nested:
                return "\n".join(pieces), k, line
            nested -= 1
        nested += line.count(QUOTE_MARK)
        stripped = line.rstrip()
        if stripped.endswith('"'):
            pieces.append(stripped[:-1])
            return "\n".join(pieces), k, ""
        pieces.append(line)
    return None


def _close_unquoted(block: list[str], k0: int) -> tuple[str, int, str] | None:
    """A quote without quote marks: the few lines up to a separator line."""
    for k in range(k0, min(len(block), k0 + _MAX_UNQUOTED_LINES + 1)):
        if _SEPARATOR.fullmatch(block[k]):
            return "\n".join(block[k0:k]), k, block[k]
        if QUOTE_MARK in block[k]:  # the next quote block: this one has no separator
            return None
    return None


def _split_quoted(content: str, depth: int) -> tuple[str | None, str]:
    """(quoted name, quoted text) of the content of the quote marks."""
    content = content.strip()
    first, _, more = content.partition("\n")
    stamped = stamped_header(first)
    start = (stamped.name, stamped.rest) if stamped is not None else _line_start(first)
    if start is None:
        return None, content
    sender, text = start[0], (start[1] + "\n" + more).strip()
    if text.startswith(QUOTE_MARK) and depth < 2:
        # the quoted message is itself a quote: what it quotes is its reply text
        lines = text.split("\n")
        inner = _read_quote_block(lines, 1, lines[0][len(QUOTE_MARK):].lstrip("：: "), depth + 1)
        if inner is not None:
            text = "\n".join([inner.reply_head, *lines[inner.next_index:]]).strip()
    return sender, text


def _read_quote_block(lines: list[str], first: int, head: str, depth: int = 0) -> _QuoteBlock | None:
    """The quote block after a quote-marker line: ``head`` is what followed the marker on that line
    (usually ""), ``first`` the index of the next line. None when the lines do not form a block."""
    block = [head, *lines[first:first + _MAX_QUOTE_LINES]]  # block[k] is lines[first - 1 + k]
    k0 = next((k for k, line in enumerate(block) if line.strip()), None)
    if k0 is None:
        return None
    opening = block[k0].lstrip()[0]
    if opening in _CLOSING_QUOTE:
        closed = (_close_straight(block, k0) if opening == '"' else _close_curly(block, k0, opening))
    else:
        closed = _close_unquoted(block, k0)
    if closed is None:
        return None
    content, end, after = closed
    after = after.strip()
    next_k = end + 1
    if _SEPARATOR.fullmatch(after):
        after = ""
    elif not after and next_k < len(block) and _SEPARATOR.fullmatch(block[next_k]):
        next_k += 1
    sender, text = _split_quoted(content, depth)
    return _QuoteBlock(sender, text, after, first - 1 + next_k)


# ---- reply links ------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.split())


class _ReplyIndex:
    """The latest message of each sender by its text, to find what a quote quotes without scanning
    the chat: exact texts, short prefixes, and long texts filed under their first characters (a
    quote may be cut short). Sender None stands for "anyone" (a quote that names nobody)."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str | None, str], str] = {}
        self._short: dict[tuple[str | None, str], str] = {}
        self._long: dict[tuple[str | None, str], list[tuple[str, str]]] = {}

    def add(self, sender: str, text: str, key: str) -> None:
        norm = _normalise(text)
        if not norm:
            return
        for who in (sender, None):
            self._exact[(who, norm)] = key
            for n in range(2, min(len(norm), _PREFIX)):
                self._short[(who, norm[:n])] = key
            if len(norm) >= _PREFIX:
                self._long.setdefault((who, norm[:_PREFIX]), []).append((key, norm))

    def find(self, sender: str | None, quoted: str) -> str | None:
        norm = _normalise(quoted)
        key = self._exact.get((sender, norm))
        if key is not None or not norm:
            return key
        norm = norm.rstrip(".…").rstrip()  # a long quote is shown cut short with an ellipsis
        if len(norm) < 2:
            return None
        if len(norm) < _PREFIX:
            return self._short.get((sender, norm))
        for key, text in reversed(self._long.get((sender, norm[:_PREFIX]), ())):
            if text.startswith(norm):
                return key
        return None


# ---- messages ---------------------------------------------------------------------------------------


@dataclass
class _Draft:
    sender: str
    line: int
    parts: list[str] = field(default_factory=list)
    time: float | None = None
    quote: str | None = None
    quote_sender: str | None = None


class _ChatBuilder:
    """Turns drafts into numbered messages and links quotes to what they quote."""

    def __init__(self, indexed: bool = True) -> None:
        self.messages: list[ChatMessage] = []
        # the reply index costs half the parse: only chats that quote anything need it
        self.index = _ReplyIndex() if indexed else None
        self.quotes = self.linked = 0

    def add(self, draft: _Draft | None) -> None:
        if draft is None:
            return
        text = "\n".join(draft.parts).strip()
        key = str(len(self.messages) + 1)
        message = ChatMessage(key=key, sender=draft.sender, text=text, line=draft.line, time=draft.time,
                              kind="media" if _MEDIA_ONLY.fullmatch(text) else "text")
        if draft.quote is not None:
            self.quotes += 1
            message.quote, message.quote_sender = draft.quote, draft.quote_sender
            message.reply_to = self.index.find(draft.quote_sender, draft.quote) if self.index else None
            self.linked += message.reply_to is not None
        self.messages.append(message)
        if self.index is not None:
            self.index.add(draft.sender, text, key)


def _starts(lines: list[str]) -> list[tuple[str, str, float | None] | None]:
    """Which lines start a message, as (name, rest of the line, time): timestamped headers where the
    chat is written with them (then only those), else ``name：text`` lines."""
    plain = _message_starts(lines)
    stamped = stamped_starts(lines)
    if stamped is not None:
        headers = sum(h is not None for h in stamped)
        # an untimed chat whose messages mention dates ("2024-03-05 14:00 到店") stays untimed
        others = sum(p is not None and h is None for p, h in zip(plain, stamped, strict=True))
        if headers >= others:
            return [(h.name, h.rest, h.time) if h is not None else None for h in stamped]
    return [(p[0], p[1], None) if p is not None else None for p in plain]


def split_chat_text(chat_text: str) -> tuple[list[ChatMessage], int, int]:
    """(messages, quote blocks, quote blocks linked to the message they quote) of one chat_text."""
    lines = [line.rstrip("\r") for line in chat_text.split("\n")]
    starts = _starts(lines)
    builder = _ChatBuilder(indexed=QUOTE_MARK in chat_text)
    draft: _Draft | None = None
    i = 0
    while i < len(lines):
        start = starts[i]
        if start is None:  # a continuation line (text before any speaker gets an unknown one)
            if draft is None:
                draft = _Draft(sender="", line=i + 1)
            draft.parts.append(lines[i])
            i += 1
            continue
        builder.add(draft)
        name, rest, time = start
        draft = _Draft(sender=name, line=i + 1, parts=[rest], time=time)
        i += 1
        marked = rest.strip()
        if not marked and i < len(lines) and lines[i].strip().startswith(QUOTE_MARK) and starts[i] is None:
            marked = lines[i].strip()  # a header on its own line: the quote marker opens the next one
            i += 1
        if marked.startswith(QUOTE_MARK):
            block = _read_quote_block(lines, i, marked[len(QUOTE_MARK):].lstrip("：: "))
            if block is not None:  # else the lines stay plain text of this message
                draft.parts = [block.reply_head]
                draft.quote, draft.quote_sender = block.text, block.sender
                i = block.next_index
            elif not rest.strip():
                draft.parts.append(marked)
    builder.add(draft)
    return builder.messages, builder.quotes, builder.linked


# ---- records ----------------------------------------------------------------------------------------

_RECORD_SHAPE = '{"chat_text": "…", "infos": [...]}'


def _record_problem(record: Any) -> Message | None:
    """What is wrong with a record, with the fix; None for a usable one."""
    if not isinstance(record, dict):
        return say("chats.competition.not_object", kind=json_kind(record), shape=_RECORD_SHAPE)
    if "chat_text" not in record:
        return say("chats.competition.no_chat_text")
    chat_text = record["chat_text"]
    if not isinstance(chat_text, str):
        return say("chats.competition.chat_text_not_text", kind=json_kind(chat_text))
    if not chat_text.strip():
        return say("chats.competition.chat_text_empty")
    labels = read_labels(record)
    if labels.problem is not None:
        return say("chats.competition.bad_labels", key=labels.key)
    return None


def parse_competition(data: list, name: str) -> ChatFile:
    """A ChatFile with one Chat per competition record (key "1", "2" … = 1-based file order, the
    competition's submission index). Bad records become problems "record N: …" and are skipped;
    ``name`` is the file name, for messages."""
    if not isinstance(data, list):
        raise InputError(say("chats.competition.not_array", name=name, shape=_RECORD_SHAPE))
    chats: list[Chat] = []
    problems: list[Message] = []
    quotes = linked = 0
    for index, record in enumerate(data, 1):
        problem = _record_problem(record)
        if problem is not None:
            problems.append(say("chats.at_record", n=index, problem=problem))
            continue
        messages, n_quotes, n_linked = split_chat_text(record["chat_text"])
        quotes, linked = quotes + n_quotes, linked + n_linked
        labels = read_labels(record)
        chats.append(Chat(key=str(index), title=f"记录 {index}", messages=messages, index=index,
                          labels=labels.labels, text=record["chat_text"], empty_labels=labels.state == EMPTY))
    notes = []
    if quotes:
        notes.append(say("chats.competition.quotes", n=quotes, linked=linked))
    return ChatFile(format="competition", chats=chats, problems=problems, notes=notes)
