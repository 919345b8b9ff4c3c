"""Review page at scale: open a 200k-sample project and show the first screen; memory.

    QT_QPA_PLATFORM=offscreen python bench/bench_review.py [--n 200000]

Prints figures beside two baselines measured in the same run: a bare QTableView over a
40-row LIMIT query (the floor: nothing to do but draw), and reading all rows into a list (what a
naive table does before it can draw anything).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.model import Sample, Turn  # noqa: E402
from core.store import Store  # noqa: E402

WORDS = "客栈 掌柜 雨夜 洛阳 长安 书生 捕头 灯笼 热水 牛肉 官府 牌子 赶考 背影 生意 来路 天气 投宿".split()


def make_samples(n: int, seed: int = 7):
    rnd = random.Random(seed)
    for _ in range(n):
        turns = []
        for t in range(rnd.choice((2, 2, 2, 4, 6))):
            text = "".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 40)))
            turns.append(Turn("user" if t % 2 == 0 else "assistant", text))
        yield Sample(turns=turns, kind="sft" if len(turns) == 2 else "dialogue",
                     status=rnd.choice(("pending", "accepted", "rejected")))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-review-"))
    path = tmp / "big.corpus"
    t0 = time.perf_counter()
    with Store.create(path) as store:
        src = store.add_source("import", "bench")
        batch = []
        for s in make_samples(args.n):
            s.source_id = src
            batch.append(s)
            if len(batch) == 10_000:
                store.add_samples(batch)
                batch.clear()
        store.add_samples(batch)
    insert_s = time.perf_counter() - t0
    print(f"insert {args.n} samples: {insert_s:.2f} s ({args.n / insert_s:,.0f}/s), "
          f"file {path.stat().st_size / 1e6:.0f} MB")

    from ui.app import make_application
    from ui.qt import QApplication, QStandardItemModel, QTableView

    app = make_application(["bench"])  # noqa: F841  (kept alive for the run)
    rss_base = rss_mb()

    # baseline 1: the floor — a bare view over the first 40 rows
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, kind, status, preview FROM samples ORDER BY id LIMIT 40").fetchall()
    m = QStandardItemModel(len(rows), 4)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            m.setData(m.index(r, c), str(v))
    view = QTableView()
    view.setModel(m)
    view.resize(1200, 800)
    view.show()
    view.grab()
    QApplication.processEvents()
    floor_s = time.perf_counter() - t0
    view.close()

    # baseline 2: what a naive table does first — every row into a Python list
    t0 = time.perf_counter()
    everything = conn.execute("SELECT id, kind, status, preview, answer FROM samples").fetchall()
    naive_s = time.perf_counter() - t0
    del everything
    conn.close()

    from core.settings import AppSettings
    from ui.main_window import MainWindow

    window = MainWindow(AppSettings())
    window.settings.save = lambda *a, **k: None
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    rss_before = rss_mb()
    t0 = time.perf_counter()
    window.open_project(path)
    window.review.table.grab()  # forces the first screen to be laid out and painted
    QApplication.processEvents()
    open_s = time.perf_counter() - t0
    rss_open = rss_mb()

    # scrolling to the middle and the end must stay as fast
    t0 = time.perf_counter()
    for frac in (0.5, 0.999):
        window.review.table.scrollTo(window.review.model.index(int(args.n * frac), 0))
        window.review.table.grab()
    jump_s = (time.perf_counter() - t0) / 2

    t0 = time.perf_counter()
    window.review.search.setText("洛阳长安书生")
    window.review.apply_filter()
    window.review.table.grab()
    filter_s = time.perf_counter() - t0
    found = window.review.model.rowCount()

    t0 = time.perf_counter()
    window.review.table.sortByColumn(7, window.review.table.horizontalHeader().sortIndicatorOrder())
    window.review.table.grab()
    sort_s = time.perf_counter() - t0

    print(f"open project + first screen of Review: {open_s * 1000:.0f} ms (target < 1000 ms)")
    print(f"  baseline, bare view over a 40-row LIMIT query: {floor_s * 1000:.0f} ms "
          f"-> ratio {open_s / floor_s:.1f}x")
    print(f"  baseline, naive read of all rows into a list (before drawing): {naive_s * 1000:.0f} ms")
    print(f"jump to middle/end and paint: {jump_s * 1000:.0f} ms each")
    print(f"text filter over {args.n} samples ({found} hits) and paint: {filter_s * 1000:.0f} ms")
    print(f"sort by length and paint: {sort_s * 1000:.0f} ms")
    print(f"RSS: app with project open {rss_mb():.0f} MB (target < 400 MB); "
          f"bare QApplication {rss_base:.0f} MB; window before opening {rss_before:.0f} MB; "
          f"right after open {rss_open:.0f} MB")
    window.close()


if __name__ == "__main__":
    main()
