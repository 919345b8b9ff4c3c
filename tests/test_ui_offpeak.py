"""「在低价时段运行」 on the Generate tab and the peak windows in Settings, against the real local
fake server, on the test clock of core/llm/offpeak.py (CORPUSMITH_TEST_NOW: starts at the given
instant, runs at real speed)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from service_helpers import use_service
from test_ui_generate import TEXT
from ui_windows import healed_server, open_window

from core.llm.offpeak import ENV_NOW
from core.llm.providers import DEEPSEEK_TIME_PRICES, ProviderSettings
from core.llm.services import ModelService
from ui.qt import QApplication, Qt
from ui.widgets.provider_form import ProviderForm

SH = ZoneInfo("Asia/Shanghai")
_seq = count(1)


def clock_at(hour: int, minute: int, second: int, micro: int = 0) -> str:
    # unique per call: the test clock keys its start on the value
    return datetime(2026, 8, 3, hour, minute, second, micro or next(_seq), tzinfo=SH).isoformat()


@pytest.fixture
def server():
    with healed_server() as s:
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "offpeak.corpus", size=(1280, 800))


async def ready(window, server, tmp_path, **service):
    page = window.generate
    (tmp_path / "客栈.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "客栈.txt"])
    use_service(page.service_picker, server, concurrency=4, timeout=5, price_in_per_m=2.0, price_out_per_m=8.0,
                **service)
    page.questions.setValue(2)
    window.tabs.setCurrentWidget(page)
    page.update_estimate()
    return page


async def until(condition, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_hold_counts_down_and_start_now_runs(window, server, tmp_path, qt_run, qtbot, monkeypatch):
    monkeypatch.setenv(ENV_NOW, clock_at(17, 30, 0))  # peak prices until 18:00
    qt_run(_hold_counts_down_and_start_now_runs(window, server, tmp_path, qtbot))


async def _hold_counts_down_and_start_now_runs(window, server, tmp_path, qtbot):
    page = await ready(window, server, tmp_path, time_prices=DEEPSEEK_TIME_PRICES)
    off = page.off_peak
    assert off.isVisible() and not off.check.isChecked()
    assert off.next_label.text() == "下一个低价时段：10:00 开始"  # 18:00 Beijing on this machine's clock (UTC)
    # the estimate shows the cost at both prices (the peak windows are twice the price entered)
    m = re.search(r"按时段计价：高峰价约 ([0-9.]+) / 低价时段价约 ([0-9.]+)", page.estimate_label.text())
    assert m and float(m[1]) == pytest.approx(2 * float(m[2]), abs=0.011) and float(m[2]) > 0
    off.check.setChecked(True)

    task = asyncio.ensure_future(page.run_flow())
    await until(lambda: off.holding() and "还有" in off.wait_label.text())
    first = off.wait_label.text()
    assert re.fullmatch(r"等待低价时段：10:00 开始，还有 00:(29|30):\d\d。程序要一直开着。", first), first
    await asyncio.sleep(1.2)
    assert off.wait_label.text() != first  # the countdown moves
    assert server.calls == 0 and page.cancel_button.isEnabled() and not page.run_button.isEnabled()
    assert off.start_now_button.isVisible() and off.cancel_button.isVisible() and not off.check.isEnabled()
    page.grab().save(str(tmp_path / "offpeak_hold.png"))
    window.grab().save("/tmp/offpeak_hold.png")

    qtbot.mouseClick(off.start_now_button, Qt.MouseButton.LeftButton)
    result = await asyncio.wait_for(task, 30)
    assert result is not None and not result.cancelled and result.answered == 16 and not result.failed
    assert window.store.count() == 16 and server.calls > 0
    assert not off.hold_row.isVisible() and off.check.isEnabled() and page.run_button.isEnabled()


def test_cancel_while_holding_sends_nothing(window, server, tmp_path, qt_run, monkeypatch):
    monkeypatch.setenv(ENV_NOW, clock_at(10, 0, 0))
    qt_run(_cancel_while_holding_sends_nothing(window, server, tmp_path))


async def _cancel_while_holding_sends_nothing(window, server, tmp_path):
    page = await ready(window, server, tmp_path, time_prices=DEEPSEEK_TIME_PRICES)
    page.off_peak.check.setChecked(True)
    task = asyncio.ensure_future(page.run_flow())
    await until(page.off_peak.holding)
    page.off_peak.cancel_button.click()
    assert await asyncio.wait_for(task, 10) is None
    assert server.calls == 0 and window.store.count() == 0
    assert page.stage_label.text() == "已取消：还没有发出任何请求。"
    assert page.run_button.isEnabled() and not page.off_peak.hold_row.isVisible()


def test_the_window_opens_by_itself_and_a_flat_service_hides_the_choice(window, server, tmp_path, qt_run,
                                                                          monkeypatch):
    monkeypatch.setenv(ENV_NOW, clock_at(11, 59, 58, 500_000))  # the 12:00 off-peak window, 1.5 s away
    qt_run(_opens_by_itself(window, server, tmp_path))


async def _opens_by_itself(window, server, tmp_path):
    page = await ready(window, server, tmp_path, time_prices=DEEPSEEK_TIME_PRICES)
    page.off_peak.check.setChecked(True)
    task = asyncio.ensure_future(page.run_flow())
    await until(page.off_peak.holding)
    assert server.calls == 0
    result = await asyncio.wait_for(task, 30)
    assert result.answered == 16 and server.calls > 0
    assert page.off_peak.next_label.text().startswith("现在是低价时段（到 ")
    # a service with one price all day: no off-peak choice, one price in the estimate
    use_service(page.service_picker, server, name="全天一个价", price_in_per_m=2.0, price_out_per_m=8.0)
    page.update_estimate()
    assert not page.off_peak.isVisible() and "按时段计价" not in page.estimate_label.text()


def test_settings_show_the_presets_peak_windows_and_keep_the_users_own(qtbot, tmp_path):
    form = ProviderForm()
    qtbot.addWidget(form)
    form.show()
    form.preset.setCurrentIndex(form.preset.findData("DeepSeek"))
    assert form.time_windows.text() == "09:00-12:00 x2, 14:00-18:00 x2"
    assert form.time_zone.currentText() == "Asia/Shanghai"
    assert form.settings().time_prices is None  # the preset's, as they are
    form.grab().save(str(tmp_path / "form.png"))
    form.grab().save("/tmp/offpeak_form.png")

    form.time_windows.setText("08:00-12:00 x2, 14:00-18:00 x2")
    own = form.settings().time_prices
    assert own["tz"] == "Asia/Shanghai" and own["windows"][0] == {"start": "08:00", "end": "12:00", "factor": 2.0}
    form.time_windows.setText("")  # one price all day
    assert form.settings().time_prices == {}
    form.time_windows.setText("9点到12点")
    assert form.time_note.text().startswith("✘ ") and "“9点到12点”" in form.time_note.text()  # (core's language)
    assert form.settings().time_prices is None  # unreadable: what it had is kept

    # a saved service with its own windows shows them; a Qwen service has none
    night = {"tz": "UTC+8", "windows": [{"start": "22:00", "end": "06:00", "factor": 0.5}]}
    deepseek = ProviderSettings.from_preset("DeepSeek", time_prices=night)
    form.set_service(ModelService("夜里半价", deepseek), key="")
    assert form.time_windows.text() == "22:00-06:00 x0.5" and form.time_zone.currentText() == "UTC+8"
    assert form.settings().time_prices == night
    form.set_service(ModelService("千问", ProviderSettings.from_preset("Qwen (DashScope)")), key="")
    assert form.time_windows.text() == "" and form.settings().time_prices is None
    QApplication.processEvents()


def test_a_peak_window_pauses_the_run_and_resume_goes_on(window, server, tmp_path, qt_run, monkeypatch):
    monkeypatch.setenv(ENV_NOW, clock_at(8, 59, 59))  # off-peak for one more second
    qt_run(_peak_pauses(window, server, tmp_path))


async def _peak_pauses(window, server, tmp_path):
    page = await ready(window, server, tmp_path, time_prices=DEEPSEEK_TIME_PRICES)
    server.latency = 0.25
    page.off_peak.check.setChecked(True)
    task = asyncio.ensure_future(page.run_flow())
    await until(lambda: page.pause_button.isChecked())  # 09:00: the guard paused it
    assert not page.off_peak.hold_row.isVisible()  # it started at once: already off-peak
    assert page.off_peak.next_label.text().startswith("高峰时段：已暂停发出新请求，")
    assert page.pause_button.text() == "继续"
    await until(lambda: server.stats()["in_flight"] == 0)
    calls = server.calls
    await asyncio.sleep(0.6)
    assert server.calls == calls and not task.done()  # paused: nothing new goes out
    window.grab().save("/tmp/offpeak_paused.png")
    page.pause_button.click()  # 继续: on at peak prices
    result = await asyncio.wait_for(task, 30)
    assert result.answered == 16 and not result.failed and server.calls > calls
