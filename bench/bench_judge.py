"""Bench the LLM judge against the fake OpenAI server (its own process, answering as a judge):

    python bench/bench_judge.py                    # 10,000 samples, concurrency 64, 100 ms latency
    python bench/bench_judge.py --samples 2000 --rounds 3

In the same run, for the same number of calls and the same prompts (the judge's own, so the server
does the same work for each):
  (1) judge:  JudgeFlow.run() over N QA samples grounded in chunks, end to end — reading the samples
      and their source text, queueing the items, the calls, checking each verdict, writing it onto
      its sample;
  (2) plain:  the same prompts as plain generation through the same engine (add_items +
      Runner.run, no validation, nothing written to samples);
  (3) bare:   a bare AsyncOpenAI + asyncio.Semaphore(concurrency) loop.
Each in a fresh project (no cache hits). Prints calls/s of each and the ratios; the target is
judge ≥ 0.95 × plain. Client CPU is this process's only (the server runs in another).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
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

from core.flows.judge import JudgeFlow, JudgeOptions  # noqa: E402
from core.llm import JobItemSpec, ProviderSettings, Runner, add_items, make_client  # noqa: E402
from core.model import Sample  # noqa: E402
from core.store import Store  # noqa: E402

SAMPLES_PER_CHUNK = 10


class Server:
    def __init__(self, latency: float):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "fake_openai.py"), "--latency", str(latency), "--reply", "judge"],
            stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def _call(self, path: str, method: str = "GET") -> dict:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=b"{}" if method == "POST" else None)
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())

    def reset(self) -> None:
        self._call("/_fake/reset", "POST")

    def calls(self) -> int:
        return self._call("/_fake/stats")["calls"]

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def make_project(path: Path, n: int, tag: str) -> Store:
    """N QA samples, every ten grounded in one chunk of a document (as the QA flow leaves them)."""
    store = Store.create(path)
    sid = store.add_source("document", "客栈.txt")
    chunks = (n + SAMPLES_PER_CHUNK - 1) // SAMPLES_PER_CHUNK
    store.add_raw_items(sid, "chunk", [
        (f"{sid}:{c}", "客栈.txt", {"text": f"第{c}节。林晚在洛阳开了一家客栈，名叫悦来{c}号，每天卯时开门，伙计阿福在擦桌子。" * 4,
                                   "index": c, "doc": "客栈.txt"}) for c in range(chunks)])
    store.add_samples(
        Sample.qa(f"{tag} 第{i}问：悦来{i // SAMPLES_PER_CHUNK}号客栈几点开门？",
                  f"悦来{i // SAMPLES_PER_CHUNK}号客栈每天卯时开门，伙计阿福那时已经在擦桌子了。", source_id=sid,
                  meta={"flow": "qa", "chunk": f"{sid}:{i // SAMPLES_PER_CHUNK}"}) for i in range(n))
    return store


def settings_for(server: Server, conc: int) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=conc, timeout=60)


async def run_judge(server: Server, n: int, conc: int, tmp: Path, tag: str) -> tuple[float, float]:
    s = settings_for(server, conc)
    with make_project(tmp / f"judge-{tag}.corpus", n, tag) as store:
        flow = JudgeFlow(store, lambda: make_client(s, DEFAULT_KEY), s, JudgeOptions(lang="zh"))
        t0, c0 = time.perf_counter(), time.process_time()
        result = await flow.run()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert result.judged == n and result.calls == n and not result.failed, result
        assert store.count() == n and store.score_counts().get(None, 0) == 0  # every sample carries its score
    return wall, cpu


async def judge_prompts(server: Server, n: int, tmp: Path, tag: str) -> list[list[dict]]:
    """The judge's own prompts for N samples (built, not sent), for the plain and bare runs."""
    s = settings_for(server, 1)
    with make_project(tmp / f"prompts-{tag}.corpus", n, tag) as store:
        specs, _, _ = JudgeFlow(store, None, s, JudgeOptions(lang="zh"))._specs()
    return [spec.messages for spec in specs]


async def run_plain(server: Server, prompts: list[list[dict]], conc: int, tmp: Path, tag: str) -> tuple[float, float]:
    s = settings_for(server, conc)
    with Store.create(tmp / f"plain-{tag}.corpus") as store:
        t0, c0 = time.perf_counter(), time.process_time()
        job = store.create_job("bench")
        add_items(store, job, (JobItemSpec(f"{tag}-{i}", m) for i, m in enumerate(prompts)))
        summary = await Runner(store, lambda: make_client(s, DEFAULT_KEY), s).run(job)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert summary.done == len(prompts) and summary.calls == len(prompts), summary
    return wall, cpu


async def run_bare(server: Server, prompts: list[list[dict]], conc: int) -> tuple[float, float]:
    client = openai.AsyncOpenAI(
        base_url=server.base_url, api_key=DEFAULT_KEY, max_retries=0, timeout=60,
        http_client=openai.DefaultAsyncHttpxClient(
            limits=httpx2.Limits(max_connections=2 * conc, max_keepalive_connections=conc + 4)))
    sem = asyncio.Semaphore(conc)

    async def one(messages: list[dict]) -> None:
        async with sem:
            await client.chat.completions.create(model="fake-model", messages=messages, temperature=0.7,
                                                 max_tokens=1024)

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(m) for m in prompts))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    await client.close()
    return wall, cpu


async def main_async(args: argparse.Namespace, tmp: Path) -> None:
    n, conc, lat = args.samples, args.concurrency, args.latency
    server = Server(lat)
    try:
        print(f"judge bench: {n} samples, concurrency {conc}, {lat * 1000:.0f} ms server latency, ideal "
              f"{conc / lat:.0f} calls/s (fake server pid {server.proc.pid}, replying as a judge)")
        warm = await judge_prompts(server, 256, tmp, "warm")
        await run_bare(server, warm, conc)  # connections, imports, caches
        rows: dict[str, list[tuple[float, float]]] = {"judge (JudgeFlow.run)": [], "plain (Runner)": [],
                                                      "bare AsyncOpenAI": []}
        names = list(rows)
        for rnd in range(args.rounds):
            prompts = await judge_prompts(server, n, tmp, f"p{rnd}")
            # the three in turn within a round, each round starting with the next one: drift on a
            # shared machine hits all alike
            for name in names[rnd % 3:] + names[:rnd % 3]:
                server.reset()
                if name.startswith("judge"):
                    rows[name].append(await run_judge(server, n, conc, tmp, f"j{rnd}"))
                elif name.startswith("plain"):
                    rows[name].append(await run_plain(server, prompts, conc, tmp, f"p{rnd}"))
                else:
                    rows[name].append(await run_bare(server, prompts, conc))
                assert server.calls() == n, (name, server.calls())
        best = {}
        for name, runs in rows.items():
            for wall, cpu in runs:
                print(f"    {name:<24} {wall:6.2f} s  {n / wall:6.0f} calls/s  client CPU {cpu / n * 1000:5.2f} ms/call")
            best[name] = min(runs)[0]
        judge, plain, bare = (best[k] for k in rows)
        print(f"best: judge {n / judge:.0f} calls/s, plain {n / plain:.0f} calls/s, bare {n / bare:.0f} calls/s")
        print(f"judge / plain throughput, best of each = {plain / judge:.3f}  (target >= 0.95)")
        per_round = sorted(p[0] / j[0] for j, p in zip(rows[names[0]], rows[names[1]], strict=True))
        print(f"judge / plain per round: {', '.join(f'{r:.3f}' for r in per_round)}; median "
              f"{statistics.median(per_round):.3f}")
        print(f"judge / bare = {bare / judge:.3f}   plain / bare = {bare / plain:.3f}")
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        asyncio.run(main_async(args, Path(d)))


if __name__ == "__main__":
    main()
