"""`--off-peak` on every `generate …` command that calls a model (added with the LLM options,
core.cli_generate.add_llm_args): wait for the service's low prices (time-of-day prices, see
core/llm/timeprices.py), then run, pausing new requests while a dearer window is on.

Already in the cheap stretch: the run starts at once. A service with one price all day: said,
and the run starts at once. Ctrl+C while waiting cancels the run before any request (exit 130,
like any interrupted run). The wait is printed on stderr: once, and on a terminal as a countdown.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from core.cli_summary import duration
from core.messages import say

# core.llm (and so openai) loads only when a run is held: `python main.py --help` and every
# command that calls no model start without it (about 0.6 s on a small machine).


def add_off_peak_arg(q: argparse.ArgumentParser) -> None:
    q.add_argument("--off-peak", action="store_true",
                   help="wait until the service's off-peak prices start (time-of-day prices, e.g. DeepSeek's "
                   "peak windows; edit them in the app's Settings), then run; new requests pause while peak "
                   "prices are on. Starts at once when prices are low now or never change")


def hold_off_peak(args: argparse.Namespace, settings: Any, flow: Any) -> None:
    """With --off-peak, `flow.run(...)` first waits for the low prices, then runs under a
    PeakGuard (the command's own run_flow call is unchanged). Without the flag: nothing."""
    if not getattr(args, "off_peak", False):
        return
    from core.llm.offpeak import OffPeakHold, clock_text, now, run_in_low_prices
    from core.llm.timeprices import schedule_of

    run = flow.run

    async def held_run(*a: Any, **kw: Any) -> Any:
        schedule = schedule_of(settings)
        if schedule is None:
            _tell(say("offpeak.no_schedule"))
            return await run(*a, **kw)
        hold = OffPeakHold(schedule)
        t = now()
        if hold.opens_at() is None:
            until = schedule.low_until(t)
            _tell(say("offpeak.is_low", until=clock_text(until, t)) if until else say("offpeak.is_low_all_day"))
        countdown = _Countdown(t)

        def on_change(what: str, when: datetime | None) -> None:
            _tell(say("offpeak.peak_paused", until=clock_text(when, now())) if what == "paused"
                  else say("offpeak.peak_resumed"), newline_first=sys.stderr.isatty())

        async def started() -> Any:
            if countdown.shown:
                _tell(say("offpeak.started"), newline_first=countdown.tty)
            return await run(*a, **kw)

        return await run_in_low_prices(started, flow, hold, on_tick=countdown, on_change=on_change)

    flow.run = held_run  # (an instance attribute: this flow object only)


class _Countdown:
    """The wait on stderr: one line, redrawn every second on a terminal."""

    def __init__(self, started: datetime):
        self.started = started
        self.shown = False
        self.tty = sys.stderr.isatty()

    def __call__(self, wait: Any) -> None:  # a core.llm.offpeak.Wait
        from core.llm.offpeak import clock_text

        line = say("offpeak.waiting", when=clock_text(wait.opens_at, self.started), left=duration(wait.left)).render()
        if self.tty:
            sys.stderr.write("\r" + line + "   ")
            sys.stderr.flush()
        elif not self.shown:
            print(line, file=sys.stderr, flush=True)
        self.shown = True


def _tell(message: Any, newline_first: bool = False) -> None:
    print(("\n" if newline_first else "") + message.render(), file=sys.stderr, flush=True)
