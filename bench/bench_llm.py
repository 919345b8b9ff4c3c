"""Bench the LLM job runner against the fake OpenAI server (run in its own process).

    python bench/bench_llm.py                      # both parts, RPM part 65 s
    python bench/bench_llm.py --rpm-seconds 125    # a longer RPM run
    python bench/bench_llm.py --skip-rpm           # throughput only

(1) Throughput: N requests at 100 ms server latency, concurrency 64. Ideal = 64 / 0.1 s =
    640 requests a second. Reports wall time, % of ideal and client CPU ms per request
    (time.process_time of this process only: the server runs in another process) for the
    Runner (project file, cache, limiter, events) and for a bare AsyncOpenAI +
    asyncio.Semaphore(64) loop against the same server, and their ratio.
(2) RPM: rpm=600 with plentiful work for --rpm-seconds; reports the most requests in any
    60-s window (on the client's start times and on the server's arrival times) and the mean
    rate as a % of 600.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx2  # noqa: E402
import openai  # noqa: E402
from fake_openai import DEFAULT_KEY  # noqa: E402

from core.llm import JobItemSpec, ProviderSettings, RateLimiter, Runner, add_items, make_client  # noqa: E402
from core.store import Store  # noqa: E402


class Server:
    def __init__(self, latency: float):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "fake_openai.py"), "--latency", str(latency)],
            stdout=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline()
        self.port = int(line.split()[1])
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def _call(self, path: str, method: str = "GET") -> dict:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=b"{}" if method == "POST" else None)
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())

    def reset(self) -> None:
        self._call("/_fake/reset", "POST")

    def stats(self) -> dict:
        return self._call("/_fake/stats")

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def messages(i: int, tag: str) -> list[dict]:
    return [{"role": "system", "content": "你是一个乐于助人的助手。"},
            {"role": "user", "content": f"{tag} 第{i}个问题：请解释一下这段文字的意思。"}]


async def bare_loop(base_url: str, n: int, conc: int, tag: str) -> tuple[float, float]:
    client = openai.AsyncOpenAI(
        base_url=base_url, api_key=DEFAULT_KEY, max_retries=0, timeout=60,
        http_client=openai.DefaultAsyncHttpxClient(
            limits=httpx2.Limits(max_connections=2 * conc, max_keepalive_connections=conc + 4)),
    )
    sem = asyncio.Semaphore(conc)

    async def one(i: int) -> None:
        async with sem:
            await client.chat.completions.create(model="fake-model", messages=messages(i, tag),
                                                 temperature=0.7, max_tokens=1024)

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    await client.close()
    return wall, cpu


async def runner_loop(base_url: str, n: int, conc: int, tag: str, tmp: Path) -> tuple[float, float, dict]:
    s = ProviderSettings(base_url=base_url, model="fake-model", concurrency=conc, timeout=60)
    with Store.create(tmp / f"{tag}.corpus") as store:
        job = store.create_job("bench")
        add_items(store, job, (JobItemSpec(f"{tag}-{i}", messages(i, tag)) for i in range(n)))
        runner = Runner(store, lambda: make_client(s, DEFAULT_KEY), s)
        t0, c0 = time.perf_counter(), time.process_time()
        summary = await runner.run(job)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert summary.done == n and summary.calls == n, summary
        return wall, cpu, store.job_counts(job)


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)


async def throughput(args: argparse.Namespace, tmp: Path) -> None:
    n, conc, lat = args.requests, args.concurrency, args.latency
    ideal = conc / lat
    server = Server(lat)
    try:
        print(f"(1) throughput: {n} requests, {lat * 1000:.0f} ms latency, concurrency {conc}, "
              f"ideal {ideal:.0f} req/s (server in pid {server.proc.pid})")
        await bare_loop(server.base_url, 256, conc, "warmup")  # connections, imports, caches
        rows: dict[str, list[tuple[float, float]]] = {"bare AsyncOpenAI + Semaphore": [], "Runner": []}
        for rnd in range(args.rounds):
            server.reset()
            wall, cpu = await bare_loop(server.base_url, n, conc, f"bare{rnd}")
            rows["bare AsyncOpenAI + Semaphore"].append((wall, cpu))
            peak_bare = server.stats()["max_in_flight"]
            server.reset()
            wall, cpu, _ = await runner_loop(server.base_url, n, conc, f"run{rnd}", tmp)
            rows["Runner"].append((wall, cpu))
            peak_run = server.stats()["max_in_flight"]
            print(f"    round {rnd + 1}: server peak in flight bare {peak_bare}, runner {peak_run}")
        best = {}
        for name, runs in rows.items():
            for wall, cpu in runs:
                print(f"    {name:<30} {wall:6.2f} s  {n / wall:6.0f} req/s  {n / wall / ideal:6.1%} of ideal  "
                      f"client CPU {cpu / n * 1000:5.2f} ms/req")
            best[name] = min(runs)
        (bw, bc), (rw, rc) = best["bare AsyncOpenAI + Semaphore"], best["Runner"]
        print(f"    best: runner {n / rw:.0f} req/s ({n / rw / ideal:.1%} of ideal), bare {n / bw:.0f} req/s "
              f"({n / bw / ideal:.1%}); runner/bare throughput {bw / rw:.1%}; CPU per request "
              f"runner {rc / n * 1000:.2f} ms vs bare {bc / n * 1000:.2f} ms ({rc / bc:.2f}x)")
    finally:
        server.stop()


async def rpm(args: argparse.Namespace, tmp: Path) -> None:
    limit, seconds = 600, args.rpm_seconds
    server = Server(args.latency)
    starts: list[float] = []

    class Recording(RateLimiter):
        async def acquire(self, tokens: int = 0):
            t = await super().acquire(tokens)
            starts.append(t.time)
            return t

    try:
        print(f"\n(2) rpm={limit}, concurrency 64, plentiful work, {seconds:g} s")
        s = ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=64, rpm=limit, timeout=60)
        n = int(limit / 60 * seconds * 1.5) + 200
        with Store.create(tmp / "rpm.corpus") as store:
            job = store.create_job("bench-rpm")
            add_items(store, job, (JobItemSpec(f"rpm-{i}", messages(i, "rpm")) for i in range(n)))
            runner = Runner(store, lambda: make_client(s, DEFAULT_KEY), s, limiter=Recording(rpm=limit))
            task = asyncio.create_task(runner.run(job))
            await asyncio.sleep(seconds)
            runner.cancel()
            summary = await task
        arrivals = server.stats()["request_times"]
        span = max(starts) - min(starts)
        print(f"    {len(starts)} requests started in {span:.1f} s ({summary.done} answers stored before the cancel)")
        for name, times in (("client starts", starts), ("server arrivals", arrivals)):
            times = sorted(times)
            worst = max_in_window(times, 60.0)
            mean = (len(times) - 1) / (times[-1] - times[0]) * 60
            print(f"    {name:<16} max in any 60-s window {worst} (limit {limit}); mean rate {mean:.0f}/min "
                  f"= {mean / limit:.1%} of {limit}")
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--rpm-seconds", type=float, default=65.0)
    ap.add_argument("--skip-rpm", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        if not args.skip_throughput:
            asyncio.run(throughput(args, Path(d)))
        if not args.skip_rpm:
            asyncio.run(rpm(args, Path(d)))


if __name__ == "__main__":
    main()
