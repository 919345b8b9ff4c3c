"""Request and token rate limits (RPM / TPM) for asyncio, and rough token counts.

The guarantee is a sliding window: in no rolling window of `window` seconds (60 by default)
do more than `rpm` requests start, or more than `tpm` tokens go out (estimated before the
call, corrected with the real usage after it). Inside that guarantee requests are paced
evenly (one every window/rpm seconds, with a small burst allowance), because providers often
enforce a per-minute limit per second (600 RPM as 10 a second): an even pace gets the full
rate without tripping them.
"""

from __future__ import annotations

import asyncio
import collections
import math
import re
import time
from collections.abc import Callable, Iterable

# CJK ideographs, kana, hangul, CJK punctuation and full-width forms: about one token each.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]")
MESSAGE_OVERHEAD = 4  # tokens a chat message costs beyond its text (role, separators)


def estimate_tokens(text: str) -> int:
    """A rough count: a CJK character ≈ 1 token, other text ≈ 4 characters a token."""
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


def estimate_message_tokens(messages: Iterable[dict]) -> int:
    n = 3  # every reply is primed with a few tokens
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        n += MESSAGE_OVERHEAD + estimate_tokens(str(content or ""))
    return n


class Ticket:
    """One admitted request; `settle()` it with the real token count when the answer comes."""

    __slots__ = ("time", "tokens", "counted")

    def __init__(self, t: float, tokens: int):
        self.time = t
        self.tokens = tokens
        self.counted = False  # inside the limiter's window


class RateLimiter:
    """RPM + TPM over a sliding window. ``rpm``/``tpm`` 0 = unlimited.

    ``margin`` lengthens the enforced window a little (0.2%: 120 ms a minute) against jitter.
    ``burst`` is how many requests may start back to back before the even pace applies
    (default: 1/60 of `rpm` — one second's worth of a per-minute limit — at least 1). The hard
    window limit holds regardless of the burst.
    """

    def __init__(self, rpm: int = 0, tpm: int = 0, *, window: float = 60.0, burst: int | None = None,
                 margin: float = 0.002, clock: Callable[[], float] = time.monotonic):
        self.rpm = max(0, int(rpm))
        self.tpm = max(0, int(tpm))
        # the window we enforce is a little longer than the provider's, so that network jitter
        # (a request arriving a millisecond early) cannot put one request too many in its window
        self.window = float(window) * (1.0 + max(0.0, margin))
        self.clock = clock
        self.interval = self.window / self.rpm if self.rpm else 0.0
        if burst is None:
            burst = max(1, self.rpm // 60)
        self.burst = max(1, int(burst))
        self._starts: collections.deque[Ticket] = collections.deque()
        self._tokens_in_window = 0
        self._tat = 0.0  # theoretical arrival time of the next request (GCRA pacing)
        self._cool_until = 0.0
        self._lock = asyncio.Lock()
        self._changed: asyncio.Event | None = None

    @property
    def limited(self) -> bool:
        return bool(self.rpm or self.tpm)

    def cool_down(self, seconds: float) -> None:
        """Start nothing for `seconds` (the provider said so with a 429 and Retry-After)."""
        self._cool_until = max(self._cool_until, self.clock() + max(0.0, seconds))

    async def acquire(self, tokens: int = 0) -> Ticket:
        """Wait until a request estimated at `tokens` may start; returns its ticket."""
        if not self.limited and self._cool_until <= 0:
            return Ticket(self.clock(), tokens)
        async with self._lock:  # FIFO: requests start in the order they asked
            while True:
                now = self.clock()
                wait = self._wait_time(now, tokens)
                if wait <= 0:
                    return self._admit(now, tokens)
                await self._sleep(wait)

    def _prune(self, now: float) -> None:
        edge = now - self.window
        starts = self._starts
        while starts and starts[0].time <= edge:
            t = starts.popleft()
            t.counted = False
            self._tokens_in_window -= t.tokens

    def _wait_time(self, now: float, tokens: int) -> float:
        self._prune(now)
        wait = self._cool_until - now
        if self.rpm:
            # even pace (GCRA): allow up to `burst` ahead of the schedule
            wait = max(wait, self._tat - (self.burst - 1) * self.interval - now)
            # hard limit: the rpm-th most recent start must leave the window first
            if len(self._starts) >= self.rpm:
                wait = max(wait, self._starts[-self.rpm].time + self.window - now)
        if self.tpm and self._starts:
            excess = self._tokens_in_window + tokens - self.tpm
            if excess > 0:
                # the oldest starts leave the window first; find when enough tokens have gone
                freed = 0
                for t in self._starts:
                    freed += t.tokens
                    if freed >= excess:
                        wait = max(wait, t.time + self.window - now)
                        break
                else:  # everything in the window must leave (a huge request waits for an empty window)
                    wait = max(wait, self._starts[-1].time + self.window - now)
        return wait

    def _admit(self, now: float, tokens: int) -> Ticket:
        ticket = Ticket(now, tokens)
        if self.rpm:
            self._tat = max(self._tat, now) + self.interval
        if self.rpm or self.tpm:
            ticket.counted = True
            self._starts.append(ticket)
            self._tokens_in_window += tokens
        return ticket

    async def _sleep(self, seconds: float) -> None:
        # wake early when a settle() frees tokens
        if self._changed is None:
            self._changed = asyncio.Event()
        self._changed.clear()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout=max(seconds, 0.001))
        except TimeoutError:
            pass

    def settle(self, ticket: Ticket, tokens: int) -> None:
        """Replace the ticket's estimate by the real token count (0 if nothing was processed)."""
        tokens = max(0, int(tokens))
        if ticket.tokens == tokens:
            return
        if ticket.counted:
            self._tokens_in_window += tokens - ticket.tokens
        ticket.tokens = tokens
        if self._changed is not None:
            self._changed.set()

    def in_window(self) -> tuple[int, int]:
        """(requests, tokens) in the current window."""
        self._prune(self.clock())
        return len(self._starts), self._tokens_in_window
