"""Time-of-day prices: a service whose price depends on the hour (DeepSeek charges twice its
off-peak rate 09:00–12:00 and 14:00–18:00 Beijing time).

A schedule is data, never code: a time zone and a list of windows of wall-clock time in that
zone, each with a factor applied to the service's own prices (``price_in_per_m`` /
``price_out_per_m``). Outside every window the factor is 1. A window may cross midnight
("22:00"–"06:00"); "24:00" ends a window at midnight. Presets carry a schedule
(core/llm/providers.py); a service keeps its own copy once the user edits it.

Zones are IANA names read with :mod:`zoneinfo` (Windows has no system database: the ``tzdata``
package, a dependency, supplies it there and in the frozen app), or a fixed offset such as
``UTC+8``. Every computation goes through real instants, so a zone with daylight saving time
keeps its windows on the wall clock.

"Low" means the cheapest factor the schedule has anywhere; "peak" any higher one. All functions
take the instant to reason about (an aware datetime); nothing here reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import InputError
from core.messages import say

HORIZON_DAYS = 8  # windows repeat daily: a week and a day always holds the next change
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_OFFSET = re.compile(r"^\s*(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.I)


@dataclass(frozen=True)
class PriceWindow:
    start: str  # "HH:MM", wall clock in the schedule's zone
    end: str  # "HH:MM" or "24:00"; at or before start: the window runs past midnight
    factor: float  # times the service's prices

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "factor": self.factor}


@dataclass(frozen=True)
class TimePrices:
    tz: str
    windows: tuple[PriceWindow, ...]

    # ---- data ------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Any) -> TimePrices:
        """A schedule from settings data; InputError (a message code) naming what is wrong."""
        if not isinstance(data, dict):
            raise InputError(say("offpeak.bad_schedule"))
        tz = str(data.get("tz") or "").strip()
        zone_of(tz)  # raises for an unknown zone
        raw = data.get("windows")
        if not isinstance(raw, list | tuple) or not raw:
            raise InputError(say("offpeak.no_windows"))
        windows = []
        for w in raw:
            if not isinstance(w, dict):
                raise InputError(say("offpeak.bad_schedule"))
            start, end = str(w.get("start", "")), str(w.get("end", ""))
            _clock(start, end_of_day=False)
            _clock(end, end_of_day=True)
            if _minutes(start) == _minutes(end) % (24 * 60) and _minutes(end) != 24 * 60:
                raise InputError(say("offpeak.empty_window", start=start, end=end))
            try:
                factor = float(w.get("factor", 1.0))
            except (TypeError, ValueError):
                factor = -1.0
            if not factor > 0 or factor > 1000:
                raise InputError(say("offpeak.bad_factor", start=start, end=end, factor=str(w.get("factor"))))
            windows.append(PriceWindow(_norm(start), _norm(end), factor))
        return cls(tz, tuple(windows))

    def to_dict(self) -> dict[str, Any]:
        return {"tz": self.tz, "windows": [w.to_dict() for w in self.windows]}

    def zone(self) -> tzinfo:
        return zone_of(self.tz)

    # ---- prices in time ----------------------------------------------------------------------
    def factor_at(self, when: datetime) -> float:
        """The factor in effect at `when`: the highest of the windows holding it, else 1."""
        t = _utc(when)
        return _factor(t, self._spans(t))

    def low_factor(self, when: datetime | None = None) -> float:
        t = _utc(when or datetime.now(UTC))
        return min(_levels(t, self._spans(t)))

    def high_factor(self, when: datetime | None = None) -> float:
        t = _utc(when or datetime.now(UTC))
        return max(_levels(t, self._spans(t)))

    def is_low(self, when: datetime) -> bool:
        return self.factor_at(when) <= self.low_factor(when)

    def next_low(self, when: datetime) -> datetime:
        """When the cheapest price is next in effect: `when` itself if it already is."""
        spans = self._spans(_utc(when))
        low = min(_levels(_utc(when), spans))
        if _factor(_utc(when), spans) <= low:
            return when
        for b in _boundaries(_utc(when), spans):
            if _factor(b, spans) <= low:
                return b.astimezone(when.tzinfo)
        return when  # (unreachable: the low factor is taken from these same boundaries)

    def low_until(self, when: datetime) -> datetime | None:
        """When the cheap stretch `when` is in ends (a dearer window starts); None when `when`
        is not in one, or the schedule is one price all day."""
        spans = self._spans(_utc(when))
        low = min(_levels(_utc(when), spans))
        if _factor(_utc(when), spans) > low:
            return None
        for b in _boundaries(_utc(when), spans):
            if _factor(b, spans) > low:
                return b.astimezone(when.tzinfo)
        return None

    def window_text(self) -> str:
        """The windows as a person writes them: "09:00-12:00 x2, 14:00-18:00 x2" (parse_windows
        reads it back)."""
        return ", ".join(f"{w.start}-{w.end} x{w.factor:g}" for w in self.windows)

    # ---- spans -----------------------------------------------------------------------------
    def _spans(self, when: datetime) -> Spans:
        """Every window as UTC instants, from the day before `when` to HORIZON_DAYS after."""
        zone = self.zone()
        today = when.astimezone(zone).date()
        spans = []
        for offset in range(-1, HORIZON_DAYS + 1):
            day = today + timedelta(days=offset)
            for w in self.windows:
                start, end = _minutes(w.start), _minutes(w.end)
                a = _at(day, start, zone)
                b = _at(day + timedelta(days=1), end % (24 * 60), zone) if end <= start or end == 24 * 60 \
                    else _at(day, end, zone)
                spans.append((a, b, w.factor))
        return spans



def zone_of(name: str) -> tzinfo:
    """An IANA zone ("Asia/Shanghai") or a fixed offset ("UTC+8", "UTC+05:30")."""
    m = _OFFSET.match(name or "")
    if m:
        sign = 1 if m[1] == "+" else -1
        hours, minutes = int(m[2]), int(m[3] or 0)
        if hours <= 14 and minutes < 60:
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if name and name.strip():
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise InputError(say("offpeak.bad_zone", tz=name))


def parse_windows(text: str) -> tuple[PriceWindow, ...]:
    """"09:00-12:00 x2, 14:00-18:00 x2" (also with – or ～ and × or *, separated by , ; 、 or
    new lines) → windows; InputError for a part it cannot read."""
    parts = [p.strip() for p in re.split(r"[,;，；、\n]+", text or "") if p.strip()]
    windows = []
    for part in parts:
        m = re.match(r"^(\d{1,2}:\d{2})\s*[-–—~～至到]\s*(\d{1,2}:\d{2})\s*(?:[x×*]\s*([0-9.]+))?$", part, re.I)
        if not m:
            raise InputError(say("offpeak.bad_window", text=part))
        windows.append({"start": m[1], "end": m[2], "factor": m[3] or "2"})
    if not windows:
        raise InputError(say("offpeak.no_windows"))
    # validated as a whole (times, factors) by from_dict, with a zone that always exists
    return TimePrices.from_dict({"tz": "UTC", "windows": windows}).windows


def schedule_of(settings: Any) -> TimePrices | None:
    """The schedule of a service: its own (``time_prices``: a dict, ``{}`` = one price all day),
    else its preset's (None = follow the preset). None when the price never changes or the data
    cannot be read (the estimate then shows one price; the form says what is wrong)."""
    data = getattr(settings, "time_prices", None)
    if data is None:
        p = settings.preset() if hasattr(settings, "preset") else None
        data = getattr(p, "time_prices", None) if p is not None else None
    if not data:
        return None
    try:
        return TimePrices.from_dict(dict(data))
    except InputError:
        return None


def price_range(cost: float, schedule: TimePrices | None, when: datetime | None = None) -> tuple[float, float]:
    """(cost at the cheapest hour, cost at the dearest) for `cost` figured at the service's own
    prices (factor 1)."""
    if schedule is None:
        return cost, cost
    return cost * schedule.low_factor(when), cost * schedule.high_factor(when)


# ---- helpers ---------------------------------------------------------------------------------
Spans = list[tuple[datetime, datetime, float]]


def _factor(t: datetime, spans: Spans) -> float:
    inside = [f for a, b, f in spans if a <= t < b]
    return max(inside) if inside else 1.0


def _boundaries(t: datetime, spans: Spans) -> list[datetime]:
    """Where the price may change after `t`, in order, for a week (well inside the spans, whose
    far end is no change of price)."""
    last = t + timedelta(days=HORIZON_DAYS - 1)
    return sorted({x for a, b, _ in spans for x in (a, b) if t < x <= last})


def _levels(t: datetime, spans: Spans) -> set[float]:
    """Every factor in effect from `t` on (prices are constant between boundaries)."""
    return {_factor(t, spans)} | {_factor(b, spans) for b in _boundaries(t, spans)}


def _clock(text: str, end_of_day: bool) -> None:
    m = _CLOCK.match(text or "")
    ok = bool(m) and int(m[2]) < 60 and (int(m[1]) < 24 or (end_of_day and int(m[1]) == 24 and int(m[2]) == 0))
    if not ok:
        raise InputError(say("offpeak.bad_time", time=text))


def _minutes(text: str) -> int:
    h, m = text.strip().split(":")
    return int(h) * 60 + int(m)


def _norm(text: str) -> str:
    n = _minutes(text)
    return f"{n // 60:02d}:{n % 60:02d}"


def _at(day: date, minutes: int, zone: tzinfo) -> datetime:
    """Wall-clock `minutes` after midnight of `day` in `zone`, as a UTC instant."""
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return local.astimezone(UTC)


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("an aware datetime is needed (with its time zone)")
    return when.astimezone(UTC)
