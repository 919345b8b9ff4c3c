"""Message headers with a timestamp, as some chat texts write every message:

    2024-03-02 10:01:12 客服-阿敏：        (time, name, colon; the message on the next lines)
    2024-03-02 10:01:12 客服-阿敏：您好    (… or on the same line)
    客服-阿敏 2024-03-02 10:01:12          (name first, no colon)
    [2024/3/2 10:01] 客服-阿敏:            (brackets, slashes, no seconds, ASCII colon)
    2024-03-02T10:01:12.345+08:00 Amy Chen  (ISO, fraction of a second, zone; a name with a space)

:func:`stamped_header` reads one line; :func:`stamped_starts` decides, for a whole chat text,
whether it is written this way and which lines start a message. A line only counts when it has
the chat's dominant header form (time first or name first, with or without a colon): a message
that mentions "会议改到 2024-03-05 14:00" on a line of its own is then text, not a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

_DATE = r"(?P<y>\d{4})(?:[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})|年(?P<mo2>\d{1,2})月(?P<d2>\d{1,2})日)"
# seconds may carry a fraction (10:01:12.345) and an ISO time a zone (Z, +08:00): read, not used —
# the zone of a chat's own clock is the one its people lived in
_CLOCK = (r"(?P<half>上午|下午|晚上|凌晨|中午)?\s?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,6})?)?"
          r"(?:\s?(?P<ampm>[AaPp])\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2}(?!\d))?")
_STAMP_BODY = rf"(?:{_DATE}(?:[T\s]+|\s*)?)?{_CLOCK}"
_OPEN, _CLOSE = "[(（【", "])）】"
_STAMP_FIRST = re.compile(rf"^[\[(（【]?{_STAMP_BODY}[\])）】]?\s+(?P<after>\S.*)$")
_NAME_FIRST = re.compile(rf"^(?P<name>\S.*?)\s+[\[(（【]?{_STAMP_BODY}[\])）】]?\s*(?P<colon>[：:])?(?P<rest>.*)$")
# Characters that never occur in a speaker's name but do in sentences.
_NOT_IN_NAME = re.compile(r"[，。！？；、,!?;：:“”\"‘’「」『』《》<>@#/\\|…]")
_MAX_NAME = 24
_DATE_LIKE = re.compile(r"[\d\s\-.年月日]+")  # a date (or a number) is never a name
_CLOCK_HINT = re.compile(r"\d:\d\d")
_MAX_LINE = 120  # a header is short; a long line is message text
_PM = {"下午": True, "晚上": True, "上午": False, "凌晨": False, "中午": None}


@dataclass
class StampedHeader:
    name: str
    rest: str  # text after the header on the same line ("" when the message starts on the next line)
    time: float | None  # unix seconds (local time); None without a date
    # ("time_first" | "name_first", has a colon, has a date): a chat keeps one form
    form: tuple[str, bool, bool]


def _name_ok(name: str) -> bool:
    return (0 < len(name) <= _MAX_NAME and _NOT_IN_NAME.search(name) is None
            and _DATE_LIKE.fullmatch(name) is None)


def _time_of(m: re.Match) -> float | None:
    g = m.groupdict()
    if not g.get("y"):
        return None
    hour = int(g["h"])
    half = g.get("half")
    pm = g["ampm"].lower() == "p" if g.get("ampm") else _PM.get(half) if half else None
    if pm is True and hour < 12:
        hour += 12
    elif pm is False and hour == 12 and g.get("ampm"):
        hour = 0
    try:
        return datetime(int(g["y"]), int(g["mo"] or g["mo2"]), int(g["d"] or g["d2"]), hour, int(g["mi"]),
                        int(g["s"] or 0)).timestamp()
    except (ValueError, OverflowError):
        return None


def stamped_header(line: str) -> StampedHeader | None:
    """The header a line holds, or None. Time first: ``<time> <name>`` alone, or
    ``<time> <name>：<text>``. Name first: ``<name> <time>`` alone, or with a colon and text."""
    line = line.strip()
    if len(line) > _MAX_LINE or _CLOCK_HINT.search(line) is None:  # cheap: most lines have no clock
        return None
    if not (line[0].isdigit() or line[0] in _OPEN or line[0] in "上下晚凌中"):
        m = None
    else:
        m = _STAMP_FIRST.match(line)
    if m is not None:
        after = m.group("after")
        colon = min((i for i in (after.find("："), after.find(":")) if i > 0), default=-1)
        if colon > 0:
            name, rest, has_colon = after[:colon].strip(), after[colon + 1:], True
        else:
            name, rest, has_colon = after.strip(), "", False
        if _name_ok(name):
            return StampedHeader(name, rest.strip(), _time_of(m), ("time_first", has_colon, bool(m.group("y"))))
        return None
    m = _NAME_FIRST.match(line)
    if m is None:
        return None
    name, rest, colon = m.group("name").strip(), m.group("rest"), m.group("colon")
    if not _name_ok(name) or (rest.strip() and not colon):
        return None
    return StampedHeader(name, rest.strip(), _time_of(m), ("name_first", bool(colon), bool(m.group("y"))))


def stamped_starts(lines: list[str]) -> list[StampedHeader | None] | None:
    """Per line, the header that starts a message there — or None for the whole text when it is
    not written with timestamped headers (fewer than two headers of one form, unless the text
    starts with its only one)."""
    found = [stamped_header(line) if line[:1] not in "“「『\"" else None for line in lines]
    forms = Counter(h.form for h in found if h is not None)
    if not forms:
        return None
    form, n = forms.most_common(1)[0]
    first = next((h for h, line in zip(found, lines, strict=True) if line.strip()), None)
    if n < 2 and (first is None or first.form != form):
        return None
    return [h if h is not None and h.form == form else None for h in found]
