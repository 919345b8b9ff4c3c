"""Time-of-day prices (core/llm/timeprices.py) and the off-peak hold and guard (core/llm/offpeak.py),
on fixed clocks: the same instants seen from several zones, a zone with daylight saving time,
windows across midnight."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import InputError
from core.llm.offpeak import OffPeakHold, PeakGuard
from core.llm.providers import DEEPSEEK_TIME_PRICES, ProviderSettings
from core.llm.timeprices import TimePrices, parse_windows, price_range, schedule_of, zone_of

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
DEEPSEEK = TimePrices.from_dict(DEEPSEEK_TIME_PRICES)
NIGHT = TimePrices.from_dict({"tz": "Asia/Shanghai", "windows": [{"start": "22:00", "end": "06:00", "factor": 0.5}]})


def sh(day: int, h: int, m: int = 0, s: int = 0) -> datetime:
    return datetime(2026, 8, day, h, m, s, tzinfo=SH)


@pytest.mark.parametrize(("when", "factor"), [
    (sh(3, 8, 59, 59), 1.0), (sh(3, 9), 2.0), (sh(3, 11, 59, 59), 2.0), (sh(3, 12), 1.0),
    (sh(3, 13, 59), 1.0), (sh(3, 14), 2.0), (sh(3, 17, 59), 2.0), (sh(3, 18), 1.0), (sh(4, 0, 30), 1.0),
])
def test_deepseek_peak_windows_in_beijing_time(when, factor):
    assert DEEPSEEK.factor_at(when) == factor
    # the same instant seen from other zones has the same price
    for zone in (UTC, NY, ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Kolkata")):
        assert DEEPSEEK.factor_at(when.astimezone(zone)) == factor
    assert DEEPSEEK.low_factor(when) == 1.0 and DEEPSEEK.high_factor(when) == 2.0


def test_next_low_start_and_the_end_of_a_cheap_stretch():
    assert DEEPSEEK.next_low(sh(3, 9, 10)) == sh(3, 12)
    assert DEEPSEEK.next_low(sh(3, 15)) == sh(3, 18)
    assert DEEPSEEK.next_low(sh(3, 12, 30)) == sh(3, 12, 30)  # already low: now
    assert DEEPSEEK.low_until(sh(3, 12, 30)) == sh(3, 14)
    assert DEEPSEEK.low_until(sh(3, 20)) == sh(4, 9)  # across midnight to the next morning
    assert DEEPSEEK.low_until(sh(3, 10)) is None  # not in a cheap stretch
    # asked in New York time, answered in New York time (the same instant)
    asked = sh(3, 10).astimezone(NY)
    answer = DEEPSEEK.next_low(asked)
    assert answer == sh(3, 12) and answer.tzinfo is NY and answer.hour == 0


def test_a_window_across_midnight_as_a_night_discount():
    assert NIGHT.low_factor(sh(3, 12)) == 0.5 and NIGHT.high_factor(sh(3, 12)) == 1.0
    assert NIGHT.factor_at(sh(3, 23)) == 0.5 and NIGHT.factor_at(sh(4, 5, 59)) == 0.5
    assert NIGHT.factor_at(sh(4, 6)) == 1.0 and NIGHT.factor_at(sh(3, 21, 59)) == 1.0
    assert NIGHT.next_low(sh(3, 12)) == sh(3, 22)
    assert NIGHT.next_low(sh(4, 2)) == sh(4, 2)
    assert NIGHT.low_until(sh(3, 23)) == sh(4, 6)
    assert NIGHT.low_until(sh(4, 1)) == sh(4, 6)  # started the evening before
    assert price_range(10.0, NIGHT, sh(3, 12)) == (5.0, 10.0)


def test_one_price_all_day_is_always_low():
    whole = TimePrices.from_dict({"tz": "UTC+8", "windows": [{"start": "00:00", "end": "24:00", "factor": 2}]})
    t = sh(3, 10)
    assert whole.factor_at(t) == 2.0 and whole.is_low(t)
    assert whole.next_low(t) == t and whole.low_until(t) is None
    assert price_range(3.0, whole, t) == (6.0, 6.0)


def test_windows_follow_the_wall_clock_through_daylight_saving_time():
    office = TimePrices.from_dict({"tz": "America/New_York",
                                   "windows": [{"start": "09:00", "end": "17:00", "factor": 3}]})
    # 2026-03-08 the clocks go forward: 09:00 is 14:00 UTC the day before, 13:00 UTC that day
    before, after = datetime(2026, 3, 7, 13, 30, tzinfo=UTC), datetime(2026, 3, 8, 13, 30, tzinfo=UTC)
    assert office.factor_at(before) == 1.0 and office.factor_at(after) == 3.0
    assert office.next_low(datetime(2026, 3, 9, 14, 0, tzinfo=UTC)) == datetime(2026, 3, 9, 21, 0, tzinfo=UTC)


def test_fixed_offsets_and_bad_data_are_said_by_code():
    assert zone_of("UTC+8").utcoffset(None) == timedelta(hours=8)
    assert zone_of("UTC-05:30").utcoffset(None) == -timedelta(hours=5, minutes=30)
    cases = [
        ({"tz": "Mars/Olympus", "windows": [{"start": "09:00", "end": "10:00", "factor": 2}]}, "offpeak.bad_zone"),
        ({"tz": "UTC", "windows": []}, "offpeak.no_windows"),
        ({"tz": "UTC", "windows": [{"start": "25:00", "end": "10:00", "factor": 2}]}, "offpeak.bad_time"),
        ({"tz": "UTC", "windows": [{"start": "24:00", "end": "10:00", "factor": 2}]}, "offpeak.bad_time"),
        ({"tz": "UTC", "windows": [{"start": "09:00", "end": "09:00", "factor": 2}]}, "offpeak.empty_window"),
        ({"tz": "UTC", "windows": [{"start": "09:00", "end": "10:00", "factor": 0}]}, "offpeak.bad_factor"),
        ("09:00-10:00", "offpeak.bad_schedule"),
    ]
    for data, code in cases:
        with pytest.raises(InputError) as e:
            TimePrices.from_dict(data)
        assert e.value.args[0].code == code, data


def test_windows_as_a_person_writes_them():
    windows = parse_windows("09:00-12:00 x2，14:00～18:00 ×2; 22:00-24:00 x0.5")
    assert [(w.start, w.end, w.factor) for w in windows] == [
        ("09:00", "12:00", 2.0), ("14:00", "18:00", 2.0), ("22:00", "24:00", 0.5)]
    assert parse_windows(DEEPSEEK.window_text()) == DEEPSEEK.windows
    for bad, code in (("9点到12点", "offpeak.bad_window"), ("", "offpeak.no_windows"),
                      ("09:00-12:00 x0", "offpeak.bad_factor")):
        with pytest.raises(InputError) as e:
            parse_windows(bad)
        assert e.value.args[0].code == code


def test_a_service_has_its_presets_schedule_unless_it_keeps_its_own():
    deepseek = ProviderSettings.from_preset("DeepSeek", price_in_per_m=2.0, price_out_per_m=8.0)
    assert schedule_of(deepseek) == DEEPSEEK
    by_url = ProviderSettings(base_url="https://api.deepseek.com/v1/", model="deepseek-chat")
    assert schedule_of(by_url) == DEEPSEEK
    assert schedule_of(ProviderSettings.from_preset("Qwen (DashScope)")) is None
    flat = ProviderSettings.from_dict({**deepseek.to_dict(), "time_prices": {}})
    assert schedule_of(flat) is None  # the user removed the windows
    own = ProviderSettings.from_dict({**deepseek.to_dict(), "time_prices": NIGHT.to_dict()})
    assert schedule_of(own) == NIGHT
    broken = ProviderSettings.from_dict({**deepseek.to_dict(), "time_prices": {"tz": "nowhere"}})
    assert schedule_of(broken) is None  # one price then; the form says what is wrong
    # priced at the hour: a million output tokens at peak and off-peak
    assert deepseek.cost_at(0, 1_000_000, sh(3, 10)) == pytest.approx(16.0)
    assert deepseek.cost_at(0, 1_000_000, sh(3, 20)) == pytest.approx(8.0)
    assert deepseek.cost(0, 1_000_000) == pytest.approx(8.0)


# ---- hold and guard on a fake clock --------------------------------------------------------------
class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self, start: datetime, stop: datetime | None = None):
        self.t, self.stop, self.slept = start, stop, 0

    def clock(self) -> datetime:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept += 1
        self.t += timedelta(seconds=seconds)
        if self.stop is not None and self.t >= self.stop:
            raise asyncio.CancelledError
        await asyncio.sleep(0)


async def test_the_hold_waits_for_the_window_and_tells_how_long_is_left():
    fake = FakeTime(sh(3, 17, 58, 30))
    hold = OffPeakHold(DEEPSEEK, clock=fake.clock, sleep=fake.sleep, step=30)
    assert hold.opens_at() == sh(3, 18)
    ticks = []
    assert await hold.wait(ticks.append) is True
    assert fake.t == sh(3, 18)
    assert [t.left for t in ticks] == [90, 60, 30] and all(t.opens_at == sh(3, 18) for t in ticks)
    # in the cheap stretch: no wait at all
    low = FakeTime(sh(3, 12, 5))
    assert OffPeakHold(DEEPSEEK, clock=low.clock, sleep=low.sleep).opens_at() is None
    assert await OffPeakHold(DEEPSEEK, clock=low.clock, sleep=low.sleep).wait() is True and low.slept == 0


async def test_start_now_ends_the_wait_at_once():
    fake = FakeTime(sh(3, 9, 30))

    async def real_sleep(seconds: float) -> None:  # the clock stands still; only start_now ends it
        await asyncio.sleep(3600)

    hold = OffPeakHold(DEEPSEEK, clock=fake.clock, sleep=real_sleep)
    waiting = asyncio.ensure_future(hold.wait())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    hold.start_now()
    assert await asyncio.wait_for(waiting, 1) is False


class Flow:
    def __init__(self):
        self.paused, self.log = False, []

    def pause(self):
        self.paused = True
        self.log.append("pause")

    def resume(self):
        self.paused = False
        self.log.append("resume")


async def guard_run(flow: Flow, start: datetime, stop: datetime, **kw) -> list:
    fake = FakeTime(start, stop)
    heard = []
    guard = PeakGuard(flow, DEEPSEEK, clock=fake.clock, sleep=fake.sleep, step=600,
                      on_change=lambda what, when: heard.append((what, when, fake.t)), **kw)
    with pytest.raises(asyncio.CancelledError):
        await guard.watch()
    return heard


async def test_the_guard_pauses_at_a_peak_and_resumes_when_it_ends():
    flow = Flow()
    heard = await guard_run(flow, sh(3, 7, 0), sh(3, 19, 0))
    assert heard == [("paused", sh(3, 12), sh(3, 9)), ("resumed", None, sh(3, 12)),
                     ("paused", sh(3, 18), sh(3, 14)), ("resumed", None, sh(3, 18))]
    assert flow.log == ["pause", "resume", "pause", "resume"] and not flow.paused


async def test_the_guard_leaves_a_run_started_at_peak_and_the_users_own_pause_alone():
    flow = Flow()  # started at 10:00 with 立即开始: runs on through this peak
    heard = await guard_run(flow, sh(3, 10, 0), sh(3, 13, 0))
    assert heard == [] and flow.log == []
    flow = Flow()
    flow.paused = True  # the user paused before the peak: the guard neither pauses nor resumes
    heard = await guard_run(flow, sh(3, 8, 0), sh(3, 13, 0))
    assert heard == [] and flow.log == [] and flow.paused


async def test_a_users_resume_during_a_peak_holds_until_the_next_peak():
    flow = Flow()
    fake = FakeTime(sh(3, 8, 0))
    guard = PeakGuard(flow, DEEPSEEK, clock=fake.clock, sleep=fake.sleep, step=600)
    task = asyncio.ensure_future(guard.watch())
    while fake.t < sh(3, 9, 30):
        await asyncio.sleep(0)
    assert flow.paused
    flow.resume()  # the user goes on at peak prices
    while fake.t < sh(3, 15, 0):
        await asyncio.sleep(0)
    task.cancel()
    assert flow.log == ["pause", "resume", "pause"]  # 12:00 had nothing to resume; 14:00 pauses again
