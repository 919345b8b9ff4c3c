"""Bench the quality report (issue 19 point 4) on a large project.

    python bench/bench_report.py              # 200,000 samples in 20 sources × 5 flows
    python bench/bench_report.py --samples 50000

The project holds samples of several sources and flows with every gate's coded reason, the
user's own rejections, judge scores, failed job items and an export record. Printed: the time to
count it (build_report: one SQL pass, no sample's text parsed), to render the terminal tables and
the HTML file (and its size), and whether made = failed + rejected + kept on every row. The
window counts in a worker thread; this is how long that thread works.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.messages import say  # noqa: E402
from core.model import Sample  # noqa: E402
from core.report.counts import build_report  # noqa: E402
from core.report.exports import LAST_EXPORT  # noqa: E402
from core.report.html import report_html  # noqa: E402
from core.report.text import report_text  # noqa: E402
from core.store import Store  # noqa: E402

FLOWS = ("qa", "script_qa", "bilibili", "chat_dialogue", "style")
REASONS = [
    say("quality.hit.too_short", n=2, limit=5).encode(), say("neardup.reason", kept=1, similarity="0.81").encode(),
    say("store.duplicate_of", id=1).encode(), say("judge.below_threshold", score=2, threshold=3).encode(),
    say("flows.not_found_in_source").encode(), say("echo.placeholder", text="回答").encode(),
]


def build(path: Path, n: int, seed: int = 7) -> Store:
    rnd = random.Random(seed)
    store = Store.create(path)
    sources = [store.add_source("document", f"书{i}.txt") for i in range(20)]
    batch: list[Sample] = []
    for i in range(n):
        flow = FLOWS[i % len(FLOWS)]
        meta = {"flow": flow} if flow in ("qa", "style", "bilibili") else {"gen": flow}
        if rnd.random() < 0.3:
            meta["judge"] = {"score": rnd.randint(1, 5), "reason": "还行", "model": "m"}
        s = Sample.qa(f"问题{i}" + "问" * rnd.randint(5, 60), "答" * rnd.randint(5, 400), source_id=rnd.choice(sources),
                      meta=meta)
        if rnd.random() < 0.25:
            s.status, s.reason = "rejected", rnd.choice(REASONS)
        batch.append(s)
        if len(batch) == 20_000:
            store.add_samples(batch)
            batch = []
    store.add_samples(batch)
    by_hand = list(range(1, n, 97))
    store.set_status(by_hand, "rejected", "审阅时拒绝")
    job = store.create_job("qa_answers", "answers", {})
    store.add_job_items(job, [(f"k{i}", {"meta": {"source_id": rnd.choice(sources)}}) for i in range(n // 100)])
    for item in store.pending_items(job):
        store.fail_item(item["id"], say("llm.request_rejected", status=400, said="bad").encode())
    store.set_meta(LAST_EXPORT, {"format": "sharegpt", "files": ["/tmp/x.jsonl"], "time": time.time(), "rows": n // 2,
                                 "samples": n // 2, "groups": [[sources[0], "qa", n // 2]]})
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "big.corpus", args.samples)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = build_report(store)
        counted = time.perf_counter() - t0
        t0 = time.perf_counter()
        text = report_text(report, "zh")
        as_text = time.perf_counter() - t0
        t0 = time.perf_counter()
        html = report_html(report, "zh")
        as_html = time.perf_counter() - t0
        t = report.total
        gates = Counter({g: n for g, n in t.rejected.items() if n})
        print(f"project: {args.samples:,} samples, {len(report.groups)} source×flow groups (built in {built:.1f} s)")
        print(f"count (build_report):  {counted:.2f} s")
        print(f"terminal tables:       {as_text * 1000:.0f} ms ({len(text.splitlines())} lines)")
        print(f"HTML:                  {as_html * 1000:.0f} ms ({len(html.encode()) / 1024:.0f} KiB)")
        print(f"made {t.made:,} = failed {t.failed:,} + rejected {t.rejected_total:,} ({dict(gates)}) + kept {t.kept:,}")
        print(f"adds up on every row: {report.adds_up()}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
