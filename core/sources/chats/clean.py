"""Chat noise the user can remove before importing, with counts shown first.

Kinds (``NOISE_KINDS``):

- media: placeholders such as [图片] [语音] [视频] [文件] [动画表情] [表情] inside a text, and whole
  messages of kind "media";
- emoji: WeChat/QQ text emoji such as [玫瑰] [微笑] [捂脸]: 1–4 Chinese characters in square
  brackets that are not a media placeholder, plus the few Latin/digit names WeChat uses ([OK],
  [Emm], [666]). Kept on purpose: brackets around digits or Latin text ([1], [a]), Chinese numerals
  ([一], [三]) and words writers use as markers ([注], [附], [图], [原文], [更新] …, see
  ``NOT_EMOJI``);
- mentions: "@name" up to a space, U+2005 (what WeChat puts after a mention), a line end or a
  sentence mark (，。！？ …). An "@" right after a Latin letter, digit, "." "/" … is part of an
  e-mail address or a URL and stays;
- urls: http://, https:// and www. links;
- repeats: a run of identical consecutive messages from one sender keeps its first message.

Messages left empty (or only whitespace) are removed; keys of the others stay as they were. A reply pointing at a
removed message points at nothing (None), except when its target was a repeat: then it points at
the identical message that was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.sources.chats.model import Chat, ChatMessage

NOISE_KINDS = ("media", "emoji", "mentions", "urls", "repeats")
MESSAGES_REMOVED = "messages_removed"  # extra key of clean_chats' result: messages dropped in total


@dataclass
class CleanOptions:
    media: bool = True
    emoji: bool = True
    mentions: bool = True
    urls: bool = False
    repeats: bool = True


# Words in brackets that stand for a non-text message (what the readers write, and what
# WeChat/QQ/WeCom write in text exports).
MEDIA_PLACEHOLDERS = frozenset({
    "图片", "语音", "视频", "文件", "动画表情", "表情", "闪照", "链接", "位置", "名片", "通话",
    "聊天记录", "小程序", "转账", "红包", "应用消息", "其他消息", "语音消息", "视频消息", "语音通话",
    "视频通话"})
# Bracketed Chinese words that are not emoji: writing markers and placeholders for text.
NOT_EMOJI = frozenset({
    "注", "注释", "附", "附件", "附图", "图", "表", "译注", "编者按", "原文", "转", "转载", "转发",
    "引用", "来源", "更新", "补充", "广告", "置顶", "公告", "通知", "原创", "系统消息", "草稿", "待办"})
EXTRA_EMOJI = frozenset({"OK", "Emm", "666"})  # WeChat emoji whose names are not Chinese

_BRACKETED = re.compile(r"\[([^\[\]\n]{1,6})\]")
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]{1,4}")
_CHINESE_NUMERALS = frozenset("一二三四五六七八九十百零〇")
# Not after a Latin letter, digit or URL/e-mail character: "xiaoyu@example.com" keeps its "@".
_MENTION = re.compile(
    r"(?<![A-Za-z0-9._%+\-/=:])@[^\s@，。！？；：、,!?;:]{1,24}(?:[ \u2005]|(?=[\s，。！？；：、,!?;:])|$)")
_URL_STOP = r"\s<>\"'\u3000-\u303f\uff00-\uffef\u4e00-\u9fff"  # ends a URL: spaces, CJK text and marks
_URL = re.compile(rf"(?:https?://|www\.)[^{_URL_STOP}]*[^{_URL_STOP}.,;:!?)\]]", re.I)
_MULTI_SPACE = re.compile(r"[ \t\u2005\u3000]{2,}")
_LINE_EDGE = re.compile(r"[ \t\u2005\u3000]*\n[ \t\u2005\u3000]*")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACE_BEFORE_MARK = re.compile(r"[ \t\u2005\u3000]+(?=[，。！？；：、）》」】])")
_LEADING_MARK = re.compile(r"^[，、,]+")  # what is left at the start when a leading "@name，" went

_EVERYTHING = CleanOptions(media=True, emoji=True, mentions=True, urls=True, repeats=True)
_bracket_kinds: dict[str, str | None] = {}  # bracket word → "media" / "emoji" / None, memoised


def bracket_kind(word: str) -> str | None:
    """"media", "emoji" or None (keep) for the word between square brackets."""
    kind = _bracket_kinds.get(word, "")
    if kind != "":
        return kind
    if word in MEDIA_PLACEHOLDERS:
        kind = "media"
    elif word in EXTRA_EMOJI or (_CHINESE_WORD.fullmatch(word) and word not in NOT_EMOJI
                                 and not all(c in _CHINESE_NUMERALS for c in word)):
        kind = "emoji"
    else:
        kind = None
    if len(_bracket_kinds) < 10_000:
        _bracket_kinds[word] = kind
    return kind


def clean_text(text: str, options: CleanOptions, counts: dict[str, int]) -> str:
    """``text`` without the kinds of noise ``options`` select, whitespace tidied where something
    was removed; adds what was removed to ``counts`` (kind → number)."""
    if not text:
        return text
    changed = False
    # URLs first: a URL may hold "@" or "[" that the other rules must not see.
    if options.urls and ("http" in text or "www." in text or "HTTP" in text):
        text, n = _URL.subn("", text)
        changed = _add(counts, "urls", n) or changed
    if options.mentions and "@" in text:
        text, n = _MENTION.subn("", text)
        changed = _add(counts, "mentions", n) or changed
    if (options.media or options.emoji) and "[" in text:
        text, n = _remove_bracketed(text, options, counts)
        changed = changed or n > 0
    return _tidy(text) if changed else text


def count_noise(chats: list[Chat]) -> dict[str, int]:
    """How much of each kind there is (for the preview); nothing is changed. Repeats are counted
    on the texts as they would be with every kind removed, which is what makes them identical."""
    counts = dict.fromkeys(NOISE_KINDS, 0)
    for chat in chats:
        previous: tuple[str, str, str | None] | None = None
        for message in chat.messages:
            if message.kind == "media":
                counts["media"] += 1
                continue
            text = clean_text(message.text, _EVERYTHING, counts)
            if not text or text.isspace():
                continue
            identity = (message.sender, text, message.quote)
            if identity == previous:
                counts["repeats"] += 1
            previous = identity
    return counts


def clean_chats(chats: list[Chat], options: CleanOptions) -> dict[str, int]:
    """Remove what ``options`` select, in place; returns the counts removed per kind plus
    ``MESSAGES_REMOVED`` (messages dropped because they were media, empty or repeats)."""
    counts = dict.fromkeys(NOISE_KINDS, 0)
    counts[MESSAGES_REMOVED] = 0
    for chat in chats:
        _clean_chat(chat, options, counts)
    return counts


# ---- helpers -----------------------------------------------------------------------------------------


def _clean_chat(chat: Chat, options: CleanOptions, counts: dict[str, int]) -> None:
    kept: list[ChatMessage] = []
    removed: dict[str, str | None] = {}  # removed key → the key replies should now point at
    quote_counts: dict[str, int] = {}  # quotes are cleaned too, but the counts are about messages
    for message in chat.messages:
        if message.kind == "media" and options.media:
            counts["media"] += 1
            removed[message.key] = None
            continue
        if message.kind != "media":
            message.text = clean_text(message.text, options, counts)
            if message.quote:
                message.quote = clean_text(message.quote, options, quote_counts) or None
        if not message.text or message.text.isspace():
            removed[message.key] = None
            continue
        previous = kept[-1] if kept else None
        if options.repeats and previous is not None and _same(previous, message):
            counts["repeats"] += 1
            removed[message.key] = previous.key
            continue
        kept.append(message)
    if removed:
        counts[MESSAGES_REMOVED] += len(removed)
        for message in kept:
            if message.reply_to is not None and message.reply_to in removed:
                message.reply_to = removed[message.reply_to]
        chat.messages[:] = kept


def _same(a: ChatMessage, b: ChatMessage) -> bool:
    return a.text == b.text and a.sender == b.sender and a.quote == b.quote


def _remove_bracketed(text: str, options: CleanOptions, counts: dict[str, int]) -> tuple[str, int]:
    removed = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal removed
        kind = bracket_kind(m.group(1))
        if kind is None or not getattr(options, kind):
            return m.group(0)
        counts[kind] = counts.get(kind, 0) + 1
        removed += 1
        return ""

    text = _BRACKETED.sub(replace, text)
    return text, removed


def _add(counts: dict[str, int], kind: str, n: int) -> bool:
    if n:
        counts[kind] = counts.get(kind, 0) + n
    return n > 0


def _tidy(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub("", _MULTI_SPACE.sub(" ", text))
    if "\n" in text:
        text = _BLANK_LINES.sub("\n\n", _LINE_EDGE.sub("\n", text))
    return _LEADING_MARK.sub("", text.strip()).strip()
