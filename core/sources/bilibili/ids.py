"""Video ids: BV ↔ av (local, no request) and the forms users paste.

Accepted, one per line: ``https://www.bilibili.com/video/BV…`` (with or without ``?p=`` and
tracking parameters; ``m.bilibili.com`` too; with or without the scheme), ``…/video/av170001``,
links carrying ``bvid=BV…`` or ``aid=…`` in the query, bare ``BV…`` and ``av…`` ids, and
``b23.tv`` short links (these need one request to follow the redirect:
:func:`core.sources.bilibili.client.BiliClient.resolve_short_link`).

:func:`parse_inputs` checks every line before anything is fetched and returns the errors per
line, so the user sees all bad lines at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from core.errors import InputError
from core.messages import Message, render, say

ALPHABET = "FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf"
XOR_CODE = 23442827791579
MASK_CODE = 2251799813685247
MAX_AID = 1 << 51
BASE = 58
PREFIX = "BV1"
_POS = (8, 7, 0, 5, 1, 3, 2, 4, 6)  # where the i-th base-58 digit goes in the 9 characters
_INDEX = {c: i for i, c in enumerate(ALPHABET)}

VIDEO_URL = "https://www.bilibili.com/video/{bvid}"
SHORT_HOSTS = ("b23.tv", "www.b23.tv", "bili2233.cn", "www.bili2233.cn")
VIDEO_HOSTS = ("bilibili.com", "www.bilibili.com", "m.bilibili.com")

_BV_RE = re.compile(r"(?<![0-9A-Za-z])(BV1[0-9A-Za-z]{9})(?![0-9A-Za-z])", re.IGNORECASE)
_AV_RE = re.compile(r"^av(\d{1,17})$", re.IGNORECASE)
_VIDEO_PATH_RE = re.compile(r"/video/(BV1[0-9A-Za-z]{9}|av\d{1,17})(?:[/?#]|$)", re.IGNORECASE)


def av_to_bv(aid: int) -> str:
    """``2`` → ``BV1xx411c7mD``. Raises ValueError outside 1 ≤ aid < 2**51."""
    if not isinstance(aid, int) or not 0 < aid < MAX_AID:
        raise ValueError(f"av id out of range: {aid!r}")
    tmp = (MAX_AID | aid) ^ XOR_CODE
    body = [""] * 9
    for i in range(9):
        body[_POS[i]] = ALPHABET[tmp % BASE]
        tmp //= BASE
    return PREFIX + "".join(body)


def bv_to_av(bvid: str) -> int:
    """``BV1xx411c7mD`` → ``2``. The ``BV`` prefix may be any case; the rest is case-sensitive.
    Raises ValueError for anything that is not a valid id (round-trip checked)."""
    s = str(bvid).strip()
    if len(s) != 12 or s[:3].upper() != PREFIX.upper():
        raise ValueError(f"not a BV id: {bvid!r}")
    body = s[3:]
    tmp = 0
    try:
        for i in reversed(range(9)):
            tmp = tmp * BASE + _INDEX[body[_POS[i]]]
    except KeyError:
        raise ValueError(f"not a BV id (character outside the BV alphabet): {bvid!r}") from None
    aid = (tmp & MASK_CODE) ^ XOR_CODE
    if not 0 < aid < MAX_AID or av_to_bv(aid) != PREFIX + body:
        raise ValueError(f"not a BV id (no video number maps to it): {bvid!r}")
    return aid


@dataclass(frozen=True)
class VideoRef:
    """One video the user asked for. ``short_url`` is set (and aid/bvid are 0/"") for a short
    link that still has to be followed."""

    aid: int = 0
    bvid: str = ""
    page: int | None = None  # ?p= (comments belong to the whole video, kept for display)
    text: str = ""  # the input as the user wrote it
    short_url: str = ""

    @property
    def resolved(self) -> bool:
        return self.aid > 0

    @property
    def url(self) -> str:
        """The canonical video URL (the source's origin)."""
        return VIDEO_URL.format(bvid=self.bvid) if self.bvid else self.short_url

    @property
    def label(self) -> str:
        return self.bvid or self.short_url or self.text

    @classmethod
    def from_aid(cls, aid: int, text: str = "", page: int | None = None) -> VideoRef:
        return cls(aid=aid, bvid=av_to_bv(aid), page=page, text=text or f"av{aid}")

    @classmethod
    def from_bvid(cls, bvid: str, text: str = "", page: int | None = None) -> VideoRef:
        aid = bv_to_av(bvid)
        return cls(aid=aid, bvid=av_to_bv(aid), page=page, text=text or bvid)


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based
    text: str
    message: Message | str  # what is wrong with the line (a message code; plain text from elsewhere)

    def said(self) -> Message:
        """The whole line's complaint, rendered in the reader's language where it is shown."""
        return say("crawl.line_error", line=self.line, text=self.text, message=self.message)

    def __str__(self) -> str:
        return render(self.said())


def message_of(e: Exception) -> Message | str:
    """The message an InputError was raised with (kept as a code, so it renders in any language)."""
    return e.args[0] if e.args and isinstance(e.args[0], Message) else str(e)


def _page(query: dict[str, list[str]]) -> int | None:
    p = (query.get("p") or [""])[0]
    return int(p) if p.isdigit() and int(p) > 0 else None


def _from_id(token: str, text: str, page: int | None) -> VideoRef:
    m = _AV_RE.match(token)
    if m:
        aid = int(m.group(1))
        if not 0 < aid < MAX_AID:
            raise InputError(say("crawl.av_out_of_range", aid=aid))
        return VideoRef.from_aid(aid, text, page)
    try:
        return VideoRef.from_bvid(token, text, page)
    except ValueError:
        raise InputError(say("crawl.bv_invalid", token=token)) from None


def parse_video(text: str) -> VideoRef:
    """One line → a VideoRef, or InputError saying what is wrong with it."""
    raw = text.strip()
    if not raw:
        raise InputError(say("crawl.empty_line"))
    token = raw.strip("<>\"'“”‘’()（）[]【】")
    # a bare id
    if _AV_RE.match(token) or (len(token) == 12 and token[:3].upper() == "BV1"):
        return _from_id(token, raw, None)
    if re.match(r"^BV", token, re.IGNORECASE) and "/" not in token:
        raise InputError(say("crawl.bv_malformed", token=token))
    url = token if re.match(r"^[a-z][a-z0-9+.-]*://", token, re.IGNORECASE) else "https://" + token
    try:
        u = urlparse(url)
        host = (u.hostname or "").lower()
    except ValueError:
        raise InputError(say("crawl.not_a_link")) from None
    if not host or "." not in host:
        raise InputError(say("crawl.not_bilibili"))
    if host in SHORT_HOSTS:
        code = u.path.strip("/")
        if not code or "/" in code:
            raise InputError(say("crawl.b23_needs_code"))
        return VideoRef(text=raw, short_url=f"https://b23.tv/{code}")
    if host not in VIDEO_HOSTS and not host.endswith(".bilibili.com"):
        raise InputError(say("crawl.host_not_bilibili", host=host))
    query = parse_qs(u.query)
    page = _page(query)
    m = _VIDEO_PATH_RE.search(u.path + ("?" if u.query else ""))
    if m:
        return _from_id(m.group(1), raw, page)
    for name in ("bvid", "aid", "oid"):
        value = (query.get(name) or [""])[0]
        if value:
            if name == "bvid" or value.upper().startswith("BV"):
                return _from_id(value, raw, page)
            if value.isdigit():
                return _from_id("av" + value, raw, page)
    m2 = _BV_RE.search(u.path)
    if m2:
        return _from_id(m2.group(1), raw, page)
    raise InputError(say("crawl.link_names_no_video"))


def parse_inputs(text: str | list[str] | tuple[str, ...]) -> tuple[list[VideoRef], list[LineError]]:
    """Every non-blank line (or list item) → (videos, errors), before anything is fetched.
    Blank lines and lines starting with ``#`` are skipped; a video given twice is kept once."""
    lines = text.splitlines() if isinstance(text, str) else [x for item in text for x in
                                                              (str(item).splitlines() or [""])]
    videos: list[VideoRef] = []
    errors: list[LineError] = []
    seen: set[object] = set()
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        try:
            ref = parse_video(s)
        except InputError as e:
            errors.append(LineError(n, s, message_of(e)))
            continue
        key = ref.aid or ref.short_url
        if key in seen:
            continue
        seen.add(key)
        videos.append(ref)
    return videos, errors


def from_redirect(location: str, short: VideoRef) -> VideoRef:
    """The video a short link redirected to (its Location header)."""
    try:
        ref = parse_video(location)
    except InputError as e:
        raise InputError(say("crawl.short_leads_elsewhere", url=short.short_url, location=location,
                             error=message_of(e))) from None
    if not ref.resolved:
        raise InputError(say("crawl.short_leads_short", url=short.short_url, location=location))
    return VideoRef(aid=ref.aid, bvid=ref.bvid, page=ref.page, text=short.text)
