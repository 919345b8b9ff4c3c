"""Off-peak runs: hold a run until the low prices of its service start (core/llm/timeprices.py),
and keep it to them while it runs.

- :class:`OffPeakHold` waits for the next cheap stretch, one short step at a time (so a clock
  that jumps — a laptop waking up — is noticed), telling how long is left; ``start_now()`` ends
  the wait at once (「立即开始」); ``cancel()`` (or cancelling the task that waits) cancels the
  run before any request.
- :class:`PeakGuard` watches a running flow: when a dearer window starts it pauses the flow (no
  new request; those already sent finish and are kept, priced at the rate of when they were
  sent) and resumes it when the low prices return. It only acts on a change it sees: a run the
  user started at peak prices on purpose goes on until the next cheap stretch has come and
  gone; a pause the user made is never lifted by it, and a resume the user made during a peak is
  respected until the next peak.
- :func:`now` is the clock everything here and the runner's cost accounting read. Tests set
  ``CORPUSMITH_TEST_NOW`` to an ISO instant: the clock then starts there and runs at real speed
  (the CLI can be tested a second before a window opens, with no hours of sleeping).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.llm.timeprices import TimePrices

log = logging.getLogger("corpusmith.llm")

ENV_NOW = "CORPUSMITH_TEST_NOW"
STEP = 1.0  # seconds between looks at the clock while waiting

_fake_started: dict[str, float] = {}  # ENV_NOW value → monotonic time it was first read


def now() -> datetime:
    """The wall clock as an aware datetime (local zone), or the test clock of ENV_NOW."""
    fake = os.environ.get(ENV_NOW, "").strip()
    if fake:
        start = datetime.fromisoformat(fake)
        if start.tzinfo is None:
            start = start.astimezone()
        t0 = _fake_started.setdefault(fake, time.monotonic())
        return start + timedelta(seconds=time.monotonic() - t0)
    return datetime.now().astimezone()


Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True)
class Wait:
    """Where a held run stands."""

    opens_at: datetime  # when the low prices start
    left: float  # seconds until then


class OffPeakHold:
    def __init__(self, schedule: TimePrices, *, clock: Clock = now, sleep: Sleep = asyncio.sleep,
                 step: float = STEP):
        self.schedule = schedule
        self.clock = clock
        self.sleep = sleep
        self.step = step
        self._go = asyncio.Event()
        self._cancelled = False

    def opens_at(self) -> datetime | None:
        """When the wait would end; None when the low prices are on now."""
        t = self.clock()
        target = self.schedule.next_low(t)
        return None if target <= t else target

    def start_now(self) -> None:
        """End the wait at once (the run starts at the price of the moment)."""
        self._go.set()

    def cancel(self) -> None:
        """End the wait with asyncio.CancelledError: the run never starts."""
        self._cancelled = True
        self._go.set()

    async def wait(self, on_tick: Callable[[Wait], Any] | None = None) -> bool:
        """Until the low prices start (True) or start_now() (False). `on_tick` hears how long is
        left, at every step."""
        while not self._go.is_set():
            t = self.clock()
            target = self.schedule.next_low(t)
            left = (target - t).total_seconds()
            if left <= 0:
                return True
            if on_tick is not None:
                on_tick(Wait(target, left))
            await self._sleep_or_go(min(self.step, left))
        if self._cancelled:
            raise asyncio.CancelledError
        return False

    async def _sleep_or_go(self, seconds: float) -> None:
        sleeper = asyncio.ensure_future(self.sleep(seconds))
        go = asyncio.ensure_future(self._go.wait())
        try:
            await asyncio.wait({sleeper, go}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, go):
                task.cancel()
            await asyncio.gather(sleeper, go, return_exceptions=True)


class PeakGuard:
    """Pauses `flow` (anything with pause(), resume() and paused) when a dearer window starts,
    resumes it when the low prices return. `on_change("paused", resume_at)` and
    `on_change("resumed", None)` tell what it did."""

    def __init__(self, flow: Any, schedule: TimePrices, *, clock: Clock = now, sleep: Sleep = asyncio.sleep,
                 step: float = STEP, on_change: Callable[[str, datetime | None], Any] | None = None):
        self.flow = flow
        self.schedule = schedule
        self.clock = clock
        self.sleep = sleep
        self.step = step
        self.on_change = on_change
        self.paused_by_guard = False

    async def watch(self) -> None:
        was_low = self.schedule.is_low(self.clock())
        while True:
            t = self.clock()
            low = self.schedule.is_low(t)
            if was_low and not low and not _paused(self.flow):
                self.flow.pause()
                self.paused_by_guard = True
                self._tell("paused", self.schedule.next_low(t))
            elif low and not was_low and self.paused_by_guard:
                self.paused_by_guard = False
                if _paused(self.flow):
                    self.flow.resume()
                    self._tell("resumed", None)
            was_low = low
            change = self.schedule.low_until(t) if low else self.schedule.next_low(t)
            if change is None:  # one price from here on: nothing more to do
                return
            await self.sleep(max(0.01, min(self.step, (change - t).total_seconds())))

    @contextlib.asynccontextmanager
    async def watching(self) -> AsyncIterator[PeakGuard]:
        """The guard runs while the block does (its run), and stops with it."""
        task = asyncio.ensure_future(self.watch())
        try:
            yield self
        finally:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:  # the guard's own failure must not replace the run's outcome
                log.exception("the off-peak guard failed")

    def _tell(self, what: str, when: datetime | None) -> None:
        if self.on_change is not None:
            self.on_change(what, when)


async def run_in_low_prices(run: Callable[[], Awaitable[Any]], flow: Any, hold: OffPeakHold, *,
                            on_tick: Callable[[Wait], Any] | None = None,
                            on_change: Callable[[str, datetime | None], Any] | None = None) -> Any:
    """`run()` once the low prices are on (at once if they are; earlier on hold.start_now()),
    with a PeakGuard on `flow` while it runs. The CLI's --off-peak and the window's
    「在低价时段运行」 both run this way."""
    await hold.wait(on_tick)
    async with PeakGuard(flow, hold.schedule, clock=hold.clock, sleep=hold.sleep,
                         on_change=on_change).watching():
        return await run()


def _paused(flow: Any) -> bool:
    paused = getattr(flow, "paused", False)
    return bool(paused() if callable(paused) else paused)


def clock_text(when: datetime, reference: datetime) -> str:
    """`when` on the local clock: "18:00", or "08-04 09:00" when not on the day of `reference`."""
    local, ref = when.astimezone(), reference.astimezone()
    return local.strftime("%H:%M") if local.date() == ref.date() else local.strftime("%m-%d %H:%M")
