"""Chat messages → sessions → dialogue turns. Pure functions: nothing here reads a file or the
project store, and nothing keeps state between calls.

- :func:`resolve_quotes` turns quotes ("这是一条引用/回复消息" blocks, WeChat 引用回复) into
  ``reply_to`` links where the quoted message can be found, so sessions can follow replies.
- :func:`split_sessions` cuts one chat into sessions: by pauses (``gap_seconds``) where the chat
  has times, a late reply joining the session of the message it answers; then by size
  (``max_chars``) at message boundaries, which is the only cut for chats without times.
- :func:`session_turns` makes one session a user/assistant dialogue (or says in plain English
  why it cannot be one), :func:`render_transcript` makes it a ``名字：text`` transcript for an LLM.
- :func:`sender_counts` and :func:`guess_assistants` help the user choose who plays the assistant.
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.errors import InputError
from core.messages import Message, say
from core.model import Turn
from core.sources.chats.model import Chat, ChatMessage

MIN_MAX_CHARS = 200  # a smaller size limit would cut almost every exchange apart
QUOTE_WIDTH = 40  # a quote shown in a turn or a transcript is cut to this many characters
UNKNOWN_SENDER = "（未知）"  # how a message without a sender name is shown
# How many recent messages (per quoted sender, or overall when the quote names nobody) are
# searched for a truncated quote. Exact matches are found at any distance through a dict.
QUOTE_LOOKBACK = 200
# A truncated quote matches by prefix only when the shorter of the two texts has this many
# characters: "好的" must not find "好的，周五见".
MIN_PREFIX_CHARS = 4
_TRAILING_ELLIPSIS = re.compile(r"(…+|\.{3,})$")

# guess_assistants: an introduction in a sender's first message
_ROLE_WORDS = "顾问|客服|老师|销售|经理|助理|专员|管家"
_INTRO_WITH_ROLE = re.compile(rf"(我是|我叫|本人是|这里是|我这边是).{{0,20}}?({_ROLE_WORDS})")
_INTRO_WITH_COMPANY = re.compile(r"我是[\u4e00-\u9fffA-Za-z0-9]{2,12}的[\u4e00-\u9fffA-Za-z]{1,8}")


# ---- options ---------------------------------------------------------------------------------
@dataclass
class SessionOptions:
    gap_seconds: float = 300.0  # a pause longer than this starts a new session; 0 = never split by time
    use_replies: bool = True  # a reply joins the session of the message it answers
    # chats without times (or sessions longer than this) are split by size at message
    # boundaries; 0 = no limit
    max_chars: int = 4000
    include_system: bool = False
    include_media: bool = False

    def check(self) -> None:
        gap = self.gap_seconds
        if not isinstance(gap, (int, float)) or isinstance(gap, bool) or math.isnan(gap) or gap < 0:
            raise InputError(say("chats.session.bad_gap", value=repr(gap)))
        size = self.max_chars
        if not isinstance(size, int) or isinstance(size, bool) or size < 0 or 0 < size < MIN_MAX_CHARS:
            raise InputError(say("chats.session.bad_size", min=MIN_MAX_CHARS, value=repr(size)))


@dataclass
class DialogueOptions:
    assistants: frozenset[str] | set[str]  # sender names that play the assistant
    system_prompt: str = ""  # for the caller's Sample.system; turns never contain it
    # True: consecutive messages of one sender, then consecutive turns of one role, become one
    # turn (user/assistant alternate, as ShareGPT in LLaMA-Factory needs). False: one turn per
    # message (roles may repeat).
    merge_consecutive: bool = True
    show_names: bool = True  # in a turn merged from several speakers, each speaker's part starts "名字："
    min_turns: int = 2
    self_is_assistant: bool = False  # messages with is_self True play the assistant (WeChat "me")
    # A session the assistant opens (a greeting): "context" puts those opening messages in the
    # system prompt as context, "drop" leaves them out (core.flows.chat_dialogues applies it).
    leading_assistant: str = "context"

    def __post_init__(self) -> None:
        # a list or tuple from a caller is fine; lookups need a set
        self.assistants = frozenset(self.assistants)

    def check(self) -> None:
        if not self.assistants and not self.self_is_assistant:
            raise InputError(say("chats.session.choose_assistant"))
        if self.min_turns < 2:
            raise InputError(say("chats.session.min_turns", n=self.min_turns))


# ---- rendering -------------------------------------------------------------------------------
def _squash(text: str) -> str:
    """One line: runs of whitespace (newlines too) become one space."""
    return " ".join(text.split())


def quote_marker(message: ChatMessage) -> str:
    """``「回复 林晓：报价发我一下」`` for a quoting message (the quote on one line, cut to
    QUOTE_WIDTH characters with "…"), "" for any other."""
    if not message.quote:
        return ""
    quote = _squash(message.quote)
    if len(quote) > QUOTE_WIDTH:
        quote = quote[: QUOTE_WIDTH - 1] + "…"
    who = f" {message.quote_sender}" if message.quote_sender else ""
    return f"「回复{who}：{quote}」"


def message_text(message: ChatMessage, *, inline: bool = False) -> str:
    """The text of a message with its quote marker in front: on a line of its own (turns) or on
    the same line (`inline`, transcripts, to keep one line per message)."""
    marker = quote_marker(message)
    if not marker:
        return message.text
    return marker + ("" if inline else "\n") + message.text


def _sender_label(message: ChatMessage) -> str:
    return message.sender or UNKNOWN_SENDER


def _time_label(t: float) -> str:
    # local time: the user reads the transcript in their own clock, as the export showed it
    return datetime.fromtimestamp(t).strftime("[%Y-%m-%d %H:%M]")


def render_transcript(messages: list[ChatMessage], *, times: bool = False) -> str:
    """One ``名字：text`` line per message (continuation lines of a multi-line text as they are),
    quotes shown inline as ``「回复 名字：…」``; with `times` a ``[2023-06-12 09:14] `` prefix on
    messages that have a time."""
    lines = []
    for m in messages:
        line = f"{_sender_label(m)}：{message_text(m, inline=True)}"
        if times and m.time is not None:
            line = f"{_time_label(m.time)} {line}"
        lines.append(line)
    return "\n".join(lines)


def _transcript_chars(message: ChatMessage) -> int:
    """The length of the message's transcript line and its newline (without the time), counted
    without building the line: 100k messages are measured in every split."""
    n = len(message.sender or UNKNOWN_SENDER) + 2 + len(message.text)
    if message.quote:
        n += len(quote_marker(message))
    return n


# ---- quotes → reply links --------------------------------------------------------------------
def _quote_key(quote: str, quote_sender: str | None) -> str:
    """The quote as it compares: without whitespace, without a leading "名字：" line that some
    exports keep inside the quote, without a trailing "…" of a truncated quote."""
    text = quote.strip().strip("“”\"")
    if quote_sender:
        for colon in ("：", ":"):
            head = quote_sender + colon
            if text.startswith(head):
                text = text[len(head):]
                break
    text = "".join(text.split())
    return _TRAILING_ELLIPSIS.sub("", text)


def _is_truncation(a: str, b: str) -> bool:
    """Whether one text is the beginning of the other, the shorter long enough to mean it."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX_CHARS and long.startswith(short)


def resolve_quotes(messages: list[ChatMessage]) -> int:
    """Set ``reply_to`` on messages that quote an earlier message but carry no link: the latest
    earlier message (by ``quote_sender`` when the quote names one) whose text, whitespace removed,
    equals the quote; failing that, the latest one within the last QUOTE_LOOKBACK messages (of
    that sender) whose text begins with the quote or is the beginning of it (quotes are often
    cut). Messages are taken in the given order (chat order). Changes the messages in place;
    returns how many links were set."""
    if not any(m.quote and m.reply_to is None for m in messages):
        return 0  # most chats: nothing to resolve, so no index to build
    exact: dict[str, str] = {}  # text → key of its latest message
    exact_by_sender: dict[tuple[str, str], str] = {}
    recent: deque[tuple[str, str]] = deque(maxlen=QUOTE_LOOKBACK)  # (text, key), newest last
    recent_by_sender: dict[str, deque[tuple[str, str]]] = {}
    resolved = 0
    for m in messages:
        if m.quote and m.reply_to is None:
            q = _quote_key(m.quote, m.quote_sender)
            if q:
                if m.quote_sender:
                    target = exact_by_sender.get((m.quote_sender, q))
                    window = recent_by_sender.get(m.quote_sender) or deque()
                else:
                    target = exact.get(q)
                    window = recent
                if target is None:
                    target = next((k for t, k in reversed(window) if _is_truncation(q, t)), None)
                if target is not None:
                    m.reply_to = target
                    resolved += 1
        text = "".join(m.text.split())
        if text:
            exact[text] = m.key
            exact_by_sender[(m.sender, text)] = m.key
            recent.append((text, m.key))
            mine = recent_by_sender.get(m.sender)
            if mine is None:
                mine = recent_by_sender[m.sender] = deque(maxlen=QUOTE_LOOKBACK)
            mine.append((text, m.key))
    return resolved


# ---- sessions --------------------------------------------------------------------------------
def _kept(messages: list[ChatMessage], options: SessionOptions) -> list[ChatMessage]:
    """The messages a session may hold: not blank; system and media ones only when asked for."""
    out = []
    for m in messages:
        if m.kind == "system" and not options.include_system:
            continue
        if m.kind == "media" and not options.include_media:
            continue
        if not m.text.strip():
            continue
        out.append(m)
    return out


def _time_session_ids(messages: list[ChatMessage], gap_seconds: float) -> list[int]:
    """A session number per message: a new one after each pause longer than `gap_seconds`.
    A message without a time stays in the current session (nothing says there was a pause)."""
    ids = []
    sid = 0
    last: float | None = None
    for m in messages:
        t = m.time
        if t is not None:
            if last is not None and gap_seconds > 0 and t - last > gap_seconds:
                sid += 1
            last = t
        ids.append(sid)
    return ids


def _follow_replies(messages: list[ChatMessage], ids: list[int]) -> list[int]:
    """A reply whose target is in an earlier session moves there; a reply to that reply follows
    it (targets are looked up among the messages already placed, so chains resolve in one pass)."""
    placed: dict[str, int] = {}
    out = []
    for m, sid in zip(messages, ids, strict=True):
        if m.reply_to is not None:
            target_sid = placed.get(m.reply_to)
            if target_sid is not None and target_sid < sid:
                sid = target_sid
        placed.setdefault(m.key, sid)  # a key given twice: the first message keeps it
        out.append(sid)
    return out


def _group(messages: list[ChatMessage], ids: list[int]) -> list[list[ChatMessage]]:
    """Messages grouped by session number, sessions in number order, each in chat order."""
    groups: dict[int, list[ChatMessage]] = {}
    for m, sid in zip(messages, ids, strict=True):
        group = groups.get(sid)
        if group is None:
            groups[sid] = [m]
        else:
            group.append(m)
    return [groups[sid] for sid in sorted(groups)]


def split_by_size(session: list[ChatMessage], max_chars: int) -> list[list[ChatMessage]]:
    """`session` cut at message boundaries into parts of at most `max_chars` transcript characters
    (a single longer message stays whole, in a part of its own); 0 = no limit."""
    if max_chars <= 0:
        return [session]
    parts: list[list[ChatMessage]] = []
    part: list[ChatMessage] = []
    size = 0
    for m in session:
        n = _transcript_chars(m)
        if part and size + n > max_chars:
            parts.append(part)
            part, size = [], 0
        part.append(m)
        size += n
    if part:
        parts.append(part)
    return parts


def split_sessions(messages: list[ChatMessage], options: SessionOptions) -> list[list[ChatMessage]]:
    """One chat's messages → sessions (lists of the same ChatMessage objects, in chat order).

    Blank messages are left out, and system and media messages unless the options include them.
    Where every message has a time they are sorted by it (stable) and a pause longer than
    ``gap_seconds`` starts a new session; with ``use_replies`` a message whose ``reply_to`` target
    is in an earlier session joins that session instead (only the reply moves: what follows it
    stays where the times put it). A chat without times is one session. Then every session
    longer than ``max_chars`` is cut at message boundaries."""
    options.check()
    kept = _kept(messages, options)
    if not kept:
        return []
    if all(m.time is not None for m in kept):
        kept.sort(key=lambda m: m.time)  # type: ignore[arg-type, return-value]
    if any(m.time is not None for m in kept):
        ids = _time_session_ids(kept, options.gap_seconds)
        if options.use_replies:
            ids = _follow_replies(kept, ids)
        sessions = _group(kept, ids)
    else:
        sessions = [kept]
    return [part for s in sessions for part in split_by_size(s, options.max_chars)]


# ---- dialogues -------------------------------------------------------------------------------
@dataclass
class _Block:
    """Consecutive messages of one role (or one sender): who spoke, in order, and what."""

    role: str
    parts: list[tuple[str, str]]  # (sender, text), consecutive parts of one sender already joined

    @property
    def speakers(self) -> set[str]:
        return {s for s, _ in self.parts}


def _is_assistant(m: ChatMessage, options: DialogueOptions) -> bool:
    return m.sender in options.assistants or (options.self_is_assistant and m.is_self is True)


def _blocks(messages: list[ChatMessage], options: DialogueOptions) -> list[_Block]:
    """Messages → blocks; with merging, one block per run of one role (runs of one sender inside
    it joined), else one block per message."""
    blocks: list[_Block] = []
    for m in messages:
        role = "assistant" if _is_assistant(m, options) else "user"
        text = message_text(m)
        if not options.merge_consecutive or not blocks or blocks[-1].role != role:
            blocks.append(_Block(role, [(m.sender, text)]))
            continue
        parts = blocks[-1].parts
        if parts[-1][0] == m.sender:
            parts[-1] = (m.sender, parts[-1][1] + "\n" + text)
        else:
            parts.append((m.sender, text))
    return blocks


def _turn(block: _Block, show_names: bool) -> Turn:
    if len(block.speakers) == 1:
        return Turn(block.role, "\n".join(t for _, t in block.parts), name=block.parts[0][0] or None)
    if show_names:
        text = "\n".join(f"{s or UNKNOWN_SENDER}：{t}" for s, t in block.parts)
    else:
        text = "\n".join(t for _, t in block.parts)
    return Turn(block.role, text)


def _assistant_names(options: DialogueOptions) -> Message | str:
    names = ", ".join(sorted(options.assistants))
    if options.self_is_assistant:
        return say("chats.session.names_and_me", names=names) if names else say("chats.session.me")
    return names or say("chats.session.none_chosen")


def session_turns(session: list[ChatMessage], options: DialogueOptions) -> tuple[list[Turn], Message | None]:
    """One session → dialogue turns, or ([], why not) as a message (core.messages).

    A message plays the assistant when its sender is one of ``options.assistants`` (or it is the
    exporting user's and ``self_is_assistant``); everyone else is the user. With
    ``merge_consecutive`` a run of one sender becomes one text (lines joined by "\\n"), and a run
    of one role one turn; a turn with several speakers gets "名字：" before each speaker's part
    (``show_names``). Quoting messages start with ``「回复 名字：…」`` on a line of its own. Leading
    assistant turns and trailing user turns are dropped: a dialogue starts with the user and
    ends with the assistant. ``Turn.name`` is the sender of a single-speaker turn."""
    messages = [m for m in session if m.text.strip()]
    if not messages:
        return [], say("chats.session.no_text")
    roles = [_is_assistant(m, options) for m in messages]
    if not any(roles):
        return [], say("chats.session.no_assistant", names=_assistant_names(options))
    if all(roles):
        return [], say("chats.session.only_assistant")
    first_user = roles.index(False)
    last_assistant = len(roles) - 1 - roles[::-1].index(True)
    if first_user > last_assistant:
        return [], say("chats.session.never_answers")
    blocks = _blocks(messages[first_user: last_assistant + 1], options)
    turns = [_turn(b, options.show_names) for b in blocks]
    if len(turns) < options.min_turns:
        return [], say("chats.session.too_few_turns", min=options.min_turns, n=len(turns))
    return turns, None


# ---- choosing the assistant ------------------------------------------------------------------
def _messages_of(chats_or_messages: Iterable[Chat | ChatMessage] | Chat) -> Iterable[ChatMessage]:
    if isinstance(chats_or_messages, Chat):
        yield from chats_or_messages.messages
        return
    for item in chats_or_messages:
        if isinstance(item, Chat):
            yield from item.messages
        else:
            yield item


def sender_counts(chats_or_messages: Iterable[Chat | ChatMessage] | Chat) -> list[tuple[str, int]]:
    """(sender, messages) most active first, ties in order of first appearance; system messages
    and messages without a sender name are not counted (nobody can pick them as the assistant)."""
    counts: Counter[str] = Counter()
    for m in _messages_of(chats_or_messages):
        if m.kind != "system" and m.sender:
            counts[m.sender] += 1
    # Counter keeps first-appearance order and sorted() is stable: ties stay in that order
    return sorted(counts.items(), key=lambda kv: -kv[1])


def _introduces_staff(text: str) -> bool:
    return bool(_INTRO_WITH_ROLE.search(text) or _INTRO_WITH_COMPANY.search(text))


def guess_assistants(messages: Iterable[ChatMessage]) -> set[str]:
    """A SUGGESTION of who plays the assistant, for the picker to pre-select; the user decides.

    The exporting user's names (``is_self`` True) when the export marks them; else the senders
    whose first text message introduces them as staff ("我是星河家居的顾问林晓", "我是…的…",
    客服/老师/销售/经理/助理 after 我是/我叫). Empty when nothing suggests anyone."""
    messages = [m for m in messages if m.kind != "system" and m.sender]
    own = {m.sender for m in messages if m.is_self is True}
    if own:
        return own
    seen: set[str] = set()
    staff: set[str] = set()
    for m in messages:
        if m.sender in seen or m.kind != "text":
            continue
        seen.add(m.sender)
        if _introduces_staff(m.text):
            staff.add(m.sender)
    return staff
