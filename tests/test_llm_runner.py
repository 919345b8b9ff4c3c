"""The job runner against the real local fake server (the SDK client is never mocked)."""

from __future__ import annotations

import asyncio
import bisect
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI, default_reply

from core.llm import (
    JobItemSpec,
    ProviderSettings,
    RateLimiter,
    Runner,
    add_items,
    estimate_cost,
    make_client,
    shape_validator,
)
from core.messages import render
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent
VALID = shape_validator({"echo": str, "n": int})


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 8)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


def specs(n: int, prefix: str = "q") -> list[JobItemSpec]:
    return [JobItemSpec(f"{prefix}{i}", [{"role": "system", "content": "Reply in JSON."},
                                         {"role": "user", "content": f"{prefix}{i}"}], {"i": i})
            for i in range(n)]


def new_job(store: Store, items: list[JobItemSpec]) -> int:
    job = store.create_job("test", "a test job", {"n": len(items)})
    assert add_items(store, job, items) == len(items)
    return job


def make_runner(store: Store, server: FakeOpenAI, settings: ProviderSettings | None = None,
                key: str = DEFAULT_KEY, **kw) -> Runner:
    s = settings or settings_for(server)
    kw.setdefault("backoff_base", 0.02)
    return Runner(store, lambda: make_client(s, key), s, **kw)


class Recorder:
    def __init__(self) -> None:
        self.done: list[tuple] = []
        self.failed: list[tuple] = []
        self.progress: list = []

    def on_item_done(self, item_id, key, output, meta):
        self.done.append((item_id, key, output, meta))

    def on_item_failed(self, item_id, key, error):
        self.failed.append((item_id, key, error))

    def on_progress(self, snap):
        self.progress.append(snap)


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(bisect.bisect_left(times, t + window) - i for i, t in enumerate(times))


# ---- outcomes ------------------------------------------------------------------------------
async def test_every_item_ends_done_or_failed_with_a_reason(store, server):
    items = specs(30)
    items.append(JobItemSpec("empty", [], {}))
    job = new_job(store, items)
    server.inject("400", prompt="q3")  # a refused request: no retry
    server.inject(*["500"] * 10, prompt="q5")  # a server that never recovers: retries run out
    server.inject("quota", prompt="q7")  # no credit left: retrying cannot help
    server.inject("401", prompt="q9")
    rec = Recorder()
    summary = await make_runner(store, server, events=rec, max_retries=2).run(job)

    assert summary.status == "done" and not summary.cancelled
    assert (summary.done, summary.failed, summary.pending) == (26, 5, 0)
    assert store.job_counts(job) == {"pending": 0, "done": 26, "failed": 5}
    stored = {f["key"]: f["error"] for f in store.failed_items(job)}
    failed = {key: render(error, "en") for key, error in stored.items()}
    assert set(failed) == {"q3", "q5", "q7", "q9", "empty"}
    assert all(reason.strip() for reason in failed.values())
    assert "rejected the request (HTTP 400)" in failed["q3"]
    assert failed["q5"].startswith("Gave up after 3 attempts") and "HTTP 500" in failed["q5"]
    assert "no quota or credit" in failed["q7"]
    assert "API key was refused" in failed["q9"]
    assert "no messages" in failed["empty"]
    # stored as codes: the same reasons read in Chinese
    assert render(stored["q5"], "zh").startswith("试了 3 次仍然失败。服务商的服务器出错（HTTP 500）")
    assert render(stored["q9"], "zh").startswith("API Key 被拒绝（401）")
    assert server.calls_by_prompt["q3"] == 1 and server.calls_by_prompt["q7"] == 1
    assert server.calls_by_prompt["q5"] == 3
    assert sorted(k for _, k, _ in rec.failed) == sorted(failed)
    assert len(rec.done) == 26 and all(meta == {"i": int(k[1:])} for _, k, _, meta in rec.done)
    done = store.done_items(job)
    assert all(d["output"]["content"] and d["tokens_in"] > 0 for d in done)
    assert store.job(job)["status"] == "done"


async def test_429_retry_after_is_honoured(store, server):
    job = new_job(store, specs(1) + specs(1, "ms"))
    server.inject("429:1", prompt="q0")
    server.inject("429-ms:600", prompt="ms0")
    summary = await make_runner(store, server, settings_for(server, concurrency=1)).run(job)
    assert summary.done == 2 and summary.retries == 2
    t = server.times_by_prompt["q0"]
    assert len(t) == 2 and 1.0 <= t[1] - t[0] < 2.0, t
    t = server.times_by_prompt["ms0"]
    assert len(t) == 2 and 0.6 <= t[1] - t[0] < 1.5, t


async def test_5xx_retried_then_success(store, server):
    job = new_job(store, specs(3))
    server.inject("500", "503", prompt="q1")
    server.inject("502", "drop", prompt="q2")
    summary = await make_runner(store, server).run(job)
    assert summary.done == 3 and summary.failed == 0 and summary.retries == 4
    assert server.calls_by_prompt["q1"] == 3 and server.calls_by_prompt["q2"] == 3
    assert store.job_item(store.done_items(job)[1]["id"])["attempts"] == 3


async def test_hung_request_times_out_and_is_retried(store, server):
    job = new_job(store, specs(2))
    server.inject("hang:10", prompt="q0")
    t0 = time.monotonic()
    summary = await make_runner(store, server, settings_for(server, timeout=0.5)).run(job)
    elapsed = time.monotonic() - t0
    assert summary.done == 2 and summary.retries == 1
    assert server.calls_by_prompt["q0"] == 2
    assert 0.5 <= elapsed < 3.0


# ---- structured output -----------------------------------------------------------------------
async def test_malformed_json_is_reasked_then_accepted(store, server):
    job = new_job(store, specs(4))
    server.reply = lambda m: default_reply(m[:2])  # answer the original question, even when re-asked
    server.inject("malformed", prompt="q0")
    server.inject("fenced", prompt="q1")
    server.inject("prose", prompt="q2")
    server.inject("trailing-comma", prompt="q3")
    summary = await make_runner(store, server, validate=VALID).run(job)
    assert summary.done == 4 and summary.reasks == 1 and server.calls == 5
    out = {d["key"]: d["output"] for d in store.done_items(job)}
    assert all(o["value"] == {"echo": k, "n": len(k)} for k, o in out.items())
    assert out["q1"]["content"].startswith("```json")  # the raw answer is kept as it came
    reask = [b for b in server.bodies if len(b["messages"]) == 4]
    assert len(reask) == 1
    assert reask[0]["messages"][2] == {"role": "assistant",
                                       "content": "Sorry, I can only answer in plain words today."}
    assert reask[0]["messages"][3]["content"].startswith("Your answer was not valid: ")
    assert reask[0]["messages"][3]["content"].endswith("reply with JSON only.")


async def test_permanently_malformed_fails_with_reason_and_is_retryable(store, server):
    job = new_job(store, specs(3))
    server.inject("malformed", "malformed", "malformed", prompt="q1")
    rec = Recorder()
    summary = await make_runner(store, server, validate=VALID, max_reasks=2, events=rec).run(job)
    assert (summary.done, summary.failed) == (2, 1)
    [failed] = store.failed_items(job)
    assert failed["key"] == "q1" and failed["attempts"] == 3
    assert render(failed["error"], "en").startswith("No valid answer after 3 tries: the answer contains no JSON")
    assert render(failed["error"], "zh") == "试了 3 次仍没有合格的回答：回答里没有 JSON 对象或数组"
    assert rec.failed == [(failed["id"], "q1", failed["error"])]
    calls = server.calls

    assert store.reset_failed(job) == 1
    summary = await make_runner(store, server, validate=VALID).run(job)
    assert summary.done == 3 and summary.failed == 0 and summary.done_now == 1
    assert server.calls == calls + 1  # asked again (the bad answers were not replayed from the cache)
    assert store.job_item(failed["id"])["error"] == ""


async def test_retry_failed_without_reset(store, server):
    job = new_job(store, specs(2))
    server.inject("400", prompt="q0")
    await make_runner(store, server).run(job)
    assert store.job_counts(job)["failed"] == 1
    summary = await make_runner(store, server).run(job, retry_failed=True)
    assert (summary.done, summary.failed, summary.done_now) == (2, 0, 1)


async def test_validator_bug_fails_the_item_not_the_job(store, server):
    job = new_job(store, specs(3))

    def validate(text):
        if '"q1"' in text:
            raise KeyError("oops")
        return VALID(text)

    summary = await make_runner(store, server, validate=validate).run(job)
    assert (summary.done, summary.failed) == (2, 1)
    assert "Internal error" in render(store.failed_items(job)[0]["error"], "en")


async def test_json_mode_where_supported(store, server):
    job = new_job(store, specs(2))
    await make_runner(store, server, validate=VALID).run(job)
    assert all(b.get("response_format") == {"type": "json_object"} for b in server.bodies)

    server.reset_counters()
    spark = settings_for(server, provider="iFlytek Spark")  # a provider without JSON mode
    job = new_job(store, specs(2, "s"))
    await make_runner(store, server, spark, validate=VALID).run(job)
    assert server.calls == 2 and all("response_format" not in b for b in server.bodies)

    server.reset_counters()
    job = new_job(store, specs(2, "plain"))
    await make_runner(store, server).run(job)  # no validator: free text, no JSON mode
    assert all("response_format" not in b for b in server.bodies)

    server.reset_counters()
    server.reject_json_mode = True  # a server that refuses response_format
    job = new_job(store, specs(3, "r"))
    summary = await make_runner(store, server, validate=VALID).run(job)
    assert summary.done == 3 and summary.failed == 0


async def test_reasoning_content_is_stored(store, server):
    server.reply = lambda m: {"content": '{"echo": "x", "n": 1}', "reasoning_content": "先想一想"}
    job = new_job(store, specs(1))
    await make_runner(store, server, validate=VALID).run(job)
    out = store.done_items(job)[0]["output"]
    assert out == {"content": '{"echo": "x", "n": 1}', "reasoning": "先想一想", "value": {"echo": "x", "n": 1}}


# ---- resume, cache, crash ----------------------------------------------------------------------
async def test_cancel_midway_then_resume_repeats_no_finished_item(store, server):
    server.latency = 0.05
    job = new_job(store, specs(40))
    rec = Recorder()
    runner = make_runner(store, server, settings_for(server, concurrency=4), events=rec)
    rec.on_item_done = lambda *a: (Recorder.on_item_done(rec, *a), len(rec.done) == 10 and runner.cancel())
    summary = await runner.run(job)
    assert summary.cancelled and summary.status == "cancelled"
    assert 10 <= summary.done < 40 and summary.failed == 0 and summary.pending == 40 - summary.done
    assert store.job(job)["status"] == "cancelled"
    first = {d["key"] for d in store.done_items(job)}
    assert len(first) == summary.done

    summary = await make_runner(store, server).run(job)
    assert summary.done == 40 and summary.pending == 0 and not summary.cancelled
    assert all(server.calls_by_prompt[k] == 1 for k in first)
    assert all(server.calls_by_prompt[f"q{i}"] >= 1 for i in range(40))
    assert server.calls <= 40 + 4  # at most the requests abandoned in flight were asked twice


async def test_second_run_of_the_same_work_hits_the_cache(store, server):
    items = specs(12)
    server.inject("malformed", prompt="q0")  # one answer needs a re-ask: the chain is cached too
    s = settings_for(server, price_in_per_m=1.0, price_out_per_m=2.0)
    first = await make_runner(store, server, s, validate=VALID).run(new_job(store, items))
    assert first.done == 12 and first.calls == 13 and first.cost > 0
    calls = server.calls

    again = await make_runner(store, server, s, validate=VALID).run(new_job(store, items))
    assert server.calls == calls  # zero requests
    assert again.done == 12 and again.calls == 0 and again.cached == 13 and again.cost == 0.0
    assert (await make_runner(store, server, s, validate=VALID).run(new_job(store, items))).calls == 0

    # a different parameter is a different request
    hot = settings_for(server, temperature=1.2)
    assert (await make_runner(store, server, hot, validate=VALID).run(new_job(store, items))).calls == 12


KILL_SCRIPT = textwrap.dedent("""
    import asyncio, os, sys
    sys.path.insert(0, os.environ["CORPUSMITH_ROOT"])
    from core.store import Store
    from core.llm import ProviderSettings, Runner, make_client

    store = Store(sys.argv[1])
    s = ProviderSettings(base_url=sys.argv[2], model="fake-model", concurrency=4, timeout=10)
    asyncio.run(Runner(store, lambda: make_client(s, os.environ["FAKE_KEY"]), s).run(int(sys.argv[3])))
""")


def _done_count(path: Path, job: int) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM job_items WHERE job_id=? AND status='done'", (job,)).fetchone()[0]
    finally:
        conn.close()


async def test_killed_process_resumes_without_repeating_finished_items(tmp_path, server):
    server.latency = 0.05
    path = tmp_path / "killed.corpus"
    with Store.create(path) as st:
        job = new_job(st, specs(80))
    script = tmp_path / "run_job.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "CORPUSMITH_ROOT": str(ROOT), "FAKE_KEY": DEFAULT_KEY}
    proc = subprocess.Popen([sys.executable, str(script), str(path), server.base_url, str(job)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while _done_count(path, job) < 12:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the job did not start"
            await asyncio.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(10)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    with Store(path) as st:
        finished = {d["key"] for d in st.done_items(job)}
        assert 12 <= len(finished) < 80
        assert st.job(job)["status"] == "running"  # it never got to say otherwise
        calls_before = server.calls
        summary = await make_runner(st, server).run(job)
        assert summary.done == 80 and summary.pending == 0 and summary.failed == 0
    assert all(server.calls_by_prompt[k] == 1 for k in finished)
    resumed = server.calls - calls_before
    assert resumed <= 80 - len(finished)  # answers cached before the kill were not bought again


# ---- limits, pause, progress, secrets ----------------------------------------------------------
async def test_rpm_limit_holds_on_the_wire(store, server):
    server.latency = 0.01
    job = new_job(store, specs(41))
    limiter = RateLimiter(rpm=20, window=1.0)
    summary = await make_runner(store, server, settings_for(server, concurrency=8), limiter=limiter).run(job)
    assert summary.done == 41
    times = server.request_times
    assert max_in_window(times, 1.0) <= 20
    rate = (len(times) - 1) / (max(times) - min(times))
    assert rate >= 0.95 * 20, rate


async def test_concurrency_is_bounded_and_used(store, server):
    server.latency = 0.2
    job = new_job(store, specs(64))
    t0 = time.monotonic()
    await make_runner(store, server, settings_for(server, concurrency=32)).run(job)
    assert server.max_in_flight == 32
    assert time.monotonic() - t0 < 1.5  # two waves of 200 ms, not 64


async def test_pause_stops_new_calls_until_resume(store, server):
    server.latency = 0.05
    job = new_job(store, specs(12))
    rec = Recorder()
    runner = make_runner(store, server, settings_for(server, concurrency=2), events=rec)
    task = asyncio.create_task(runner.run(job))
    while not rec.done:
        await asyncio.sleep(0.005)
    runner.pause()
    await asyncio.sleep(0.15)  # in-flight requests finish
    calls = server.calls
    assert store.job(job)["status"] == "paused" and runner.paused
    await asyncio.sleep(0.3)
    assert server.calls == calls  # nothing new while paused
    assert rec.progress[-1].paused
    runner.resume()
    summary = await task
    assert summary.done == 12 and summary.status == "done"


async def test_progress_snapshots(store, server):
    server.latency = 0.02
    job = new_job(store, specs(20))
    rec = Recorder()
    s = settings_for(server, concurrency=4, price_in_per_m=1000.0, price_out_per_m=2000.0)
    summary = await make_runner(store, server, s, events=rec, progress_interval=0.0).run(job)
    snaps = rec.progress
    assert len(snaps) >= 20
    assert all(p.total == 20 and p.done + p.failed + p.in_flight + p.pending == 20 for p in snaps)
    assert max(p.in_flight for p in snaps) <= 4
    assert any(p.eta_seconds for p in snaps[1:-1])
    last = snaps[-1]
    assert (last.done, last.pending, last.in_flight, last.eta_seconds) == (20, 0, 0, 0.0)
    tin, tout = store.job_tokens(job)
    assert (last.tokens_in, last.tokens_out) == (tin, tout) == (summary.tokens_in, summary.tokens_out)
    assert last.cost == pytest.approx(tin * 1000 / 1e6 + tout * 2000 / 1e6) == summary.cost
    assert [p.done for p in snaps] == sorted(p.done for p in snaps)


def test_estimate_cost():
    s = ProviderSettings(base_url="x", model="m", max_tokens=100, price_in_per_m=2.0, price_out_per_m=4.0)
    items = [JobItemSpec("a", [{"role": "user", "content": "你好世界"}]),
             [{"role": "user", "content": "hello world!"}], {"messages": []}]
    tin, tout, money = estimate_cost(items, s)
    assert (tin, tout) == ((3 + 4 + 4) + (3 + 4 + 3) + 3, 300)
    assert money == pytest.approx(tin * 2 / 1e6 + 300 * 4 / 1e6)
    assert estimate_cost(items, s, tokens_out_per_item=10)[1] == 30


async def test_api_key_never_in_project_file_or_logs(tmp_path, caplog):
    key = "sk-LEAKCHECK-7f3a9c1e5b2d4068"
    for name in ("openai", "httpx", "httpx2", "httpcore", "httpcore2", "corpusmith", ""):
        caplog.set_level(logging.DEBUG, logger=name or None)
    with FakeOpenAI(api_key=key) as server, Store.create(tmp_path / "k.corpus") as st:
        job = new_job(st, specs(10))
        server.inject("429:0.1", prompt="q1")
        server.inject("400", prompt="q2")
        server.inject("malformed", prompt="q3")
        summary = await make_runner(st, server, key=key, validate=VALID).run(job)
        assert summary.done == 9 and summary.failed == 1
        await make_runner(st, server, key="sk-WRONG-0000000000000", validate=VALID).run(
            new_job(st, specs(1, "w")))  # the 401 path too
        data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("k.corpus"))
        assert (tmp_path / "k.corpus-wal").exists()
        assert key.encode() not in data and b"LEAKCHECK" not in data
    assert any(r.name.startswith("openai") for r in caplog.records)
    assert any(r.name.startswith("httpcore") or r.name.startswith("httpx") for r in caplog.records)
    assert any(r.name.startswith("corpusmith") for r in caplog.records)
    assert key not in caplog.text and "LEAKCHECK" not in caplog.text
    assert "sk-WRONG-0000000000000" not in caplog.text


async def test_runner_takes_a_ready_client_and_leaves_it_open(store, server):
    s = settings_for(server)
    client = make_client(s, DEFAULT_KEY)
    try:
        summary = await Runner(store, client, s).run(new_job(store, specs(3)))
        assert summary.done == 3
        assert not client.is_closed()
        summary = await Runner(store, client, s).run(new_job(store, specs(2, "again")))
        assert summary.done == 2
    finally:
        await client.close()


async def test_cancel_before_the_run_starts(store, server):
    job = new_job(store, specs(5))
    runner = make_runner(store, server)
    task = asyncio.create_task(runner.run(job))
    runner.cancel()
    summary = await task
    assert summary.cancelled and summary.calls == 0 and summary.pending == 5
    summary = await runner.run(job)  # the same runner works again afterwards
    assert summary.done == 5 and not summary.cancelled
