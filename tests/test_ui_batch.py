"""The Generate page's 「批量模式」 against the local Batch API (tests/fake_batch.py): the choice
where the provider has a Batch API, the estimate at both prices, a run that submits and ends, the
app closed, the batches polled and collected on reopening, the next stage submitted, the samples
in Review, and 取消批量任务 cancelling the provider's batch."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from fake_batch import FakeBatch
from service_helpers import use_service
from test_ui_generate import TEXT
from ui_windows import healed_server, open_window


@pytest.fixture
def server():
    with healed_server(FakeBatch) as s:
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "batch.corpus")


def point_at(page, server, provider: str = "SiliconFlow") -> None:
    use_service(page.service_picker, server, provider=provider, concurrency=4, timeout=5, price_in_per_m=2.0,
                price_out_per_m=8.0)
    page.questions.setValue(2)
    page.update_estimate()


def statuses(page) -> list[str]:
    t = page.batch.table
    return [t.item(i, 2).text() for i in range(t.rowCount())]


async def until(condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def test_batch_mode_submits_closes_reopens_collects_and_chains(window, server, tmp_path, qt_run):
    qt_run(_batch_round_trip(window, server, tmp_path))


async def _batch_round_trip(window, server, tmp_path):
    page = window.generate
    (tmp_path / "客栈.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "客栈.txt"])
    point_at(page, server)
    assert not page.batch.check.isHidden() and page.batch.check.text() == "批量模式（半价，24 小时内完成）"
    m = re.search(r"费用约 ([\d.]+).*批量模式约 ([\d.]+)（实时价的 50%）", page.estimate_label.text())
    assert m and float(m.group(2)) == pytest.approx(float(m.group(1)) / 2, abs=0.011)
    assert page.batch.status_area.isHidden()  # no batch yet

    page.batch.check.setChecked(True)
    server.steps_per_poll = 0  # the provider holds the batch
    first = await page.run_flow()
    assert first is not None and first.samples == 0 and not first.cancelled
    assert "条请求在批量任务里等待" in page.stage_label.text() and server.calls == 0
    assert statuses(page) == ["校验中"] and not page.batch.status_area.isHidden()
    window.tabs.setCurrentWidget(page)
    await asyncio.sleep(0.05)
    window.grab().save(str(tmp_path / "submitted.png"))

    # the app closes; the provider finishes; the project opens again and polls by itself
    path = window.store.path
    assert page.batch.timer.isActive()  # polls every two minutes while the project is open
    window.close_project()
    assert not page.batch.timer.isActive()  # and nothing once it is closed
    server.steps_per_poll = 3
    assert window.open_project(path)
    assert page.batch.timer.isActive()
    await until(lambda: statuses(page) == ["已完成，已收回"])
    assert "结果已收回" in page.batch.note.text()

    second = await page.run_flow()  # the questions become answer items, sent as the next batch
    assert second.questions == 16 and second.samples == 0
    assert statuses(page) == ["校验中", "已完成，已收回"]  # the answers' batch, newest first
    assert await page.batch.poll() == 1 and "1 个批量任务的结果已收回" in page.batch.note.text()
    third = await page.run_flow()
    assert third.answered == 16 and third.failed == [] and "等待" not in page.stage_label.text()
    await asyncio.sleep(0.25)  # Review inserts in 100 ms batches
    assert window.review.model.rowCount() == window.store.count() == 16
    assert server.calls == 0 and all(n == 1 for n in server.lines_answered.values())
    assert all(r["collected"] for r in window.store.batches())


def test_cancel_and_the_choice_only_where_a_batch_api_is(window, server, tmp_path, qt_run):
    qt_run(_cancel(window, server, tmp_path))


async def _cancel(window, server, tmp_path):
    page = window.generate
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "a.txt"])
    point_at(page, server, provider="DeepSeek")  # no Batch API: not offered, one price shown
    assert page.batch.check.isHidden() and "批量模式" not in page.estimate_label.text()
    point_at(page, server, provider="Custom")  # a custom URL: offered, the user knows
    assert not page.batch.check.isHidden()
    page.batch.check.setChecked(True)
    server.steps_per_poll = 0
    await page.run_flow()
    assert page.batch.cancel_button.isEnabled()
    assert await page.batch.cancel_batches() == 1 and server.cancels == 1
    assert statuses(page) == ["取消中"] and "已请求取消 1 个批量任务" in page.batch.note.text()
    server.steps_per_poll = 1
    await page.batch.poll()
    assert statuses(page) == ["已取消，已收回"] and not page.batch.cancel_button.isEnabled()
    # realtime again: the cancelled requests are asked now, nothing waits
    page.batch.check.setChecked(False)
    done = await page.run_flow()
    assert done.answered == 16 and server.calls == 8 + 16
    row = window.store.batches()[0]
    assert json.dumps(row).count(server.api_key or "-") == 0  # the key is never stored
