"""Off-peak runs against the real local fake server: each call priced at the rate of its hour,
a run paused when a peak window starts, and `generate … --off-peak` waiting for the window. The
clock is the test clock of core/llm/offpeak.py (CORPUSMITH_TEST_NOW: it starts at the given
instant and runs at real speed), so a window a second away opens in a second."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_cli_generate import document
from test_flow_qa import Replies
from test_llm_runner import VALID, new_job, specs

from core.llm import ProviderSettings, Runner, make_client
from core.llm.offpeak import ENV_NOW, PeakGuard, now
from core.llm.timeprices import schedule_of
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
SH = ZoneInfo("Asia/Shanghai")
_seq = iter(range(1, 10**6))


def clock_at(hour: int, minute: int, second: int) -> str:
    """A test-clock start, unique per call (the test clock keys its start on the value)."""
    return datetime(2026, 8, 3, hour, minute, second, next(_seq), tzinfo=SH).isoformat()


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def deepseek_at(server: FakeOpenAI, **kw) -> ProviderSettings:
    """The DeepSeek preset (its peak windows) pointed at the fake server."""
    return ProviderSettings(base_url=server.base_url, model="fake-model", provider="DeepSeek", timeout=5.0,
                            price_in_per_m=2.0, price_out_per_m=8.0, **kw)


async def run_job(tmp_path: Path, server: FakeOpenAI, settings: ProviderSettings, n: int = 6):
    with Store.create(tmp_path / f"p{next(_seq)}.corpus") as store:
        job = new_job(store, specs(n))
        runner = Runner(store, lambda: make_client(settings, DEFAULT_KEY), settings, validate=VALID)
        return await runner.run(job)


async def test_a_run_at_peak_costs_twice_the_same_run_off_peak(tmp_path, server, monkeypatch):
    settings = deepseek_at(server)
    monkeypatch.setenv(ENV_NOW, clock_at(10, 0, 0))
    peak = await run_job(tmp_path, server, settings)
    monkeypatch.setenv(ENV_NOW, clock_at(20, 0, 0))
    off = await run_job(tmp_path, server, settings)
    assert peak.done == off.done == 6 and peak.calls == off.calls == 6
    assert (peak.tokens_in, peak.tokens_out) == (off.tokens_in, off.tokens_out) and off.tokens_out > 0
    assert off.cost == pytest.approx(settings.cost(off.tokens_in, off.tokens_out))
    assert peak.cost == pytest.approx(2 * off.cost)


async def test_a_run_crossing_into_a_peak_window_pauses_until_it_ends(tmp_path, server, monkeypatch):
    server.latency = 0.15
    settings = deepseek_at(server, concurrency=1)
    monkeypatch.setenv(ENV_NOW, clock_at(8, 59, 59))  # one second before the 09:00 peak
    heard = []
    with Store.create(tmp_path / "cross.corpus") as store:
        job = new_job(store, specs(40))
        runner = Runner(store, lambda: make_client(settings, DEFAULT_KEY), settings, validate=VALID)
        guard = PeakGuard(runner, schedule_of(settings), step=0.02,
                          on_change=lambda what, when: heard.append((what, when, now())))
        async with guard.watching():
            task = asyncio.ensure_future(runner.run(job))
            deadline = time.monotonic() + 10
            while not (runner.paused and server.stats()["in_flight"] == 0) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            calls = server.calls
            await asyncio.sleep(0.5)  # paused: no new request goes out
            assert server.calls == calls and not task.done()
            runner.cancel()
            summary = await asyncio.wait_for(task, 10)
        [(what, resume_at, at)] = heard
        assert what == "paused" and resume_at == datetime(2026, 8, 3, 12, 0, tzinfo=SH)
        assert at >= datetime(2026, 8, 3, 9, 0, tzinfo=SH)
        counts = store.job_counts(job)
    # the calls before 09:00 are done and stored, the rest wait for the next run
    assert 3 <= summary.done <= 12 and counts["pending"] == 40 - summary.done and counts["failed"] == 0
    base = settings.cost(summary.tokens_in, summary.tokens_out)
    # priced when sent: all (or all but one sent in the guard's last 20 ms) at the off-peak rate
    assert base <= summary.cost <= base * (1 + 2 / summary.done)


# ---- the CLI ---------------------------------------------------------------------------------
def cli(*args, env=None) -> subprocess.CompletedProcess:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=e)


def qa_run(tmp_path: Path, server: FakeOpenAI, name: str, clock: str, *flags: str):
    """`generate qa` on a copy of one imported project (the same prompts, so the same tokens)."""
    imported = tmp_path / "imported.corpus"
    if not imported.exists():
        r = cli("import", document(tmp_path, 3), "--project", imported, "--size", "80", "--overlap", "0")
        assert r.returncode == 0, r.stderr
    project = tmp_path / f"{name}.corpus"
    shutil.copyfile(imported, project)
    t = time.monotonic()
    # prices high enough that the printed cost (4 decimals) compares to 0.1 %
    r = cli("generate", "qa", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
            "--provider", "DeepSeek", "--price-in", "200", "--price-out", "800", "--questions", "2",
            "--api-key-env", "FAKE_KEY_VAR", *flags, env={"FAKE_KEY_VAR": DEFAULT_KEY, ENV_NOW: clock})
    elapsed = time.monotonic() - t
    assert r.returncode == 0, r.stdout + r.stderr
    with Store(project) as store:
        samples = store.count(SampleFilter())
    cost = float(re.search(r"^cost: +([0-9.]+)$", r.stdout, re.M)[1])
    return r, elapsed, samples, cost


def test_cli_off_peak_waits_for_the_window_then_runs_at_the_low_price(tmp_path):
    with FakeOpenAI() as server:
        server.reply = Replies()
        peak, _, peak_samples, peak_cost = qa_run(tmp_path, server, "peak", clock_at(10, 0, 0))
        low, _, low_samples, low_cost = qa_run(tmp_path, server, "low", clock_at(20, 0, 0), "--off-peak")
        held, waited, held_samples, held_cost = qa_run(tmp_path, server, "held", clock_at(17, 59, 58), "--off-peak")
    # the estimate shows both prices; the run at 10:00 paid the peak price
    assert re.search(r"cost about (\S+) \(peak prices\) / (\S+) \(off-peak prices\)", peak.stdout)
    assert peak_samples == low_samples == held_samples > 0
    assert peak_cost == pytest.approx(2 * low_cost, rel=1e-3) and held_cost == pytest.approx(low_cost, rel=1e-3)
    assert "waiting" not in peak.stderr + low.stderr
    # at 20:00 it started at once; at 17:59:58 it waited for 18:00
    assert "off-peak prices now (until " in low.stderr
    assert "waiting for off-peak prices: they start at " in held.stderr and "(in 2 s)" in held.stderr
    assert held.stderr.index("waiting for") < held.stderr.index("off-peak prices now: starting") \
        < held.stderr.index("questions: ")
    assert waited >= 1.0


def test_cli_off_peak_on_a_service_with_one_price_starts_at_once(tmp_path, server):
    server.reply = Replies()
    project = tmp_path / "flat.corpus"
    assert cli("import", document(tmp_path, 2), "--project", project, "--size", "80").returncode == 0
    r = cli("generate", "qa", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
            "--api-key-env", "K", "--off-peak", env={"K": DEFAULT_KEY, ENV_NOW: clock_at(10, 0, 0)})
    assert r.returncode == 0, r.stderr
    assert "one price all day: --off-peak has nothing to wait for" in r.stderr and "waiting" not in r.stderr
    assert "(peak prices)" not in r.stdout  # and its estimate has one price


def _llm_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every command (path) that runs model calls: its options include the price of the calls."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _llm_commands(sub, (*path, name))
        elif "--price-in" in action.option_strings:
            yield path, parser


def test_every_command_that_calls_a_model_takes_off_peak():
    from core.cli import build_parser

    found = list(_llm_commands(build_parser()))
    names = {" ".join(path) for path, _ in found}
    assert {"generate qa", "generate aspects", "generate novel", "generate style"} <= names
    for path, parser in found:
        assert any("--off-peak" in a.option_strings for a in parser._actions), path
