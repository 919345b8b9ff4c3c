"""Bench batch mode (issue 20 point 1) against the local Batch API (tests/fake_batch.py).

    python bench/bench_batch.py                  # 40 chunks × 3 questions; collect 5,000 lines
    python bench/bench_batch.py --chunks 200 --lines 20000

(1) Cost: the same QA project run twice, in realtime and in batch mode (--wait), priced as a
    SiliconFlow service (its preset: a Batch API at half price, 5,000 lines a file). The provider
    fails every 7th batch line (500) and lets the first batch expire with half its lines run; the
    output comes back shuffled. Printed: what each run paid, the ratio (target 0.50), samples,
    requests answered, batch lines run and answered (target: none answered twice), batches, time.
(2) Collect: one finished batch of N lines (answers in shuffled order) polled, downloaded, read
    and stored in the response cache by a batch session, in lines/s; baseline: the same N answers
    stored one cache write (one transaction) at a time, as the realtime runner stores each answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_batch import FakeBatch  # noqa: E402
from fake_openai import DEFAULT_KEY  # noqa: E402

from core.flows.qa import QAFlow, QAOptions  # noqa: E402
from core.llm import ProviderSettings, make_client  # noqa: E402
from core.llm.batch import request_line  # noqa: E402
from core.llm.batch_session import BatchSession  # noqa: E402
from core.store import Store  # noqa: E402


def reply(messages: list[dict]) -> str:
    """Three questions about each chunk; a short grounded answer to each question."""
    user = messages[-1]["content"]
    if '"questions"' in user:
        tag = user.split("第", 1)[1].split("节", 1)[0] if "第" in user else "?"
        return json.dumps({"questions": [f"第{tag}节的第{i}个问题是什么？" for i in range(3)]}, ensure_ascii=False)
    return json.dumps({"answer": "客栈开在洛阳。", "found": True, "reasoning": "原文第一句。"}, ensure_ascii=False)


def add_chunks(store: Store, n: int) -> None:
    sid = store.add_source("document", "客栈.txt")
    store.add_raw_items(sid, "chunk", [(f"{sid}:{i}", "客栈.txt", {
        "text": f"第{i}节。林晚在洛阳开了一家客栈，名叫悦来{i}号。客栈每天{i % 12 + 5}点开门，伙计阿福在擦桌子。" * 3,
        "index": i, "doc": "客栈.txt"}) for i in range(n)])


async def run_qa(server: FakeBatch, chunks: int, batch: bool) -> dict:
    settings = ProviderSettings(base_url=server.base_url, model="fake-model", provider="SiliconFlow",
                                price_in_per_m=2.0, price_out_per_m=8.0, concurrency=16, timeout=10)
    with tempfile.TemporaryDirectory() as tmp, Store.create(Path(tmp) / "b.corpus") as store:
        add_chunks(store, chunks)
        session = BatchSession(store, settings, wait=True, poll_interval=0.02) if batch else None
        options = {"batch": session} if session else {}
        flow = QAFlow(store, lambda: make_client(settings, DEFAULT_KEY), settings,
                      QAOptions(questions_per_chunk=3, top_k=1), runner_options=options)
        t0 = time.monotonic()
        result = await flow.run()
        elapsed = time.monotonic() - t0
        rows = store.batches()
        return {"cost": sum(r["cost"] for r in rows) if batch else result.cost, "samples": result.samples,
                "failed": len(result.failed), "batches": len(rows), "elapsed": elapsed,
                "expired": sum(r["status"] == "expired" for r in rows)}


def bench_cost(args: argparse.Namespace) -> None:
    with FakeBatch() as server:
        server.reply = reply
        realtime = asyncio.run(run_qa(server, args.chunks, batch=False))
        requests = server.calls
        server.reset_counters()
        server.fail_every, server.expire_next = 7, 1
        batch = asyncio.run(run_qa(server, args.chunks, batch=True))
        twice = sum(1 for n in server.lines_answered.values() if n > 1)
        print(f"(1) QA flow, {args.chunks} chunks × 3 questions, priced as SiliconFlow (2 / 8 per M tokens)")
        print(f"    realtime: cost {realtime['cost']:.4f}, {realtime['samples']} samples, {requests} requests, "
              f"{realtime['elapsed']:.1f} s")
        print(f"    batch:    cost {batch['cost']:.4f}, {batch['samples']} samples, {batch['failed']} failed, "
              f"{batch['batches']} batches ({batch['expired']} expired), {sum(server.lines_run.values())} lines run, "
              f"{sum(server.lines_answered.values())} answered, {twice} answered twice, "
              f"{server.calls} realtime requests, {batch['elapsed']:.1f} s")
        print(f"    batch / realtime cost: {batch['cost'] / realtime['cost']:.3f} (target 0.500)")


async def collect_once(server: FakeBatch, n: int) -> tuple[float, float]:
    settings = ProviderSettings(base_url=server.base_url, model="fake-model", provider="SiliconFlow",
                                price_in_per_m=2.0, price_out_per_m=8.0)
    body = {"model": "fake-model", "messages": [{"role": "user", "content": "你好，请用一句话介绍洛阳。"}]}
    with tempfile.TemporaryDirectory() as tmp, Store.create(Path(tmp) / "c.corpus") as store:
        ids = [f"k{i:06d}" for i in range(n)]
        content = b"".join(request_line(k, {**body, "messages": [{"role": "user", "content": f"{k} 你好"}]})
                           for k in ids)
        client = make_client(settings, DEFAULT_KEY)
        uploaded = await client.files.create(file=("b.jsonl", content, "application/jsonl"), purpose="batch")
        created = await client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                              completion_window="24h")
        row = store.batch_begin(settings.base_url, "fake-model", ids, input_file_id=uploaded.id)
        store.batch_started(row, created.id, created.status)
        server.finish_all()  # the lines run now, not in the timed part
        session = BatchSession(store, settings, submit=False, client=client)
        t0 = time.monotonic()
        await session.collect(client)
        collect = time.monotonic() - t0
        assert store.batch(row)["collected"] and store.cache_size() == n
        hits = [store.cache_get(k) for k in ids]
        # the store step alone: the same answers under new ids, in one transaction …
        again = [f"c{k}" for k in ids]
        row2 = store.batch_begin(settings.base_url, "fake-model", again, input_file_id="file-x")
        t0 = time.monotonic()
        answers = [(k, h["response"], h["tokens_in"], h["tokens_out"]) for k, h in zip(again, hits, strict=True)]
        store.batch_collect(row2, answers, [], lost_error="", lost_counts=True, cost_of=lambda i, o: 0.0)
        one_tx = time.monotonic() - t0
        # … and the realtime runner's way: one committed write per answer
        t0 = time.monotonic()
        for k, h in zip(ids, hits, strict=True):
            store.cache_put(f"b{k}", h["response"], h["tokens_in"], h["tokens_out"])
        one_by_one = time.monotonic() - t0
        await client.close()
        return collect, one_tx, one_by_one


def bench_collect(args: argparse.Namespace) -> None:
    with FakeBatch() as server:
        collect, one_tx, baseline = asyncio.run(collect_once(server, args.lines))
    n = args.lines
    print(f"(2) collect one finished batch of {n} lines (the local server runs in this process)")
    print(f"    collect end to end (poll, download, read, store): {collect:.2f} s = {n / collect:,.0f} lines/s")
    print(f"    its store step (one transaction):  {one_tx:.3f} s = {n / one_tx:,.0f} lines/s")
    print(f"    baseline, one write per answer as in realtime: {baseline:.3f} s = {n / baseline:,.0f} lines/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chunks", type=int, default=40)
    ap.add_argument("--lines", type=int, default=5000)
    args = ap.parse_args(argv)
    bench_cost(args)
    bench_collect(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
