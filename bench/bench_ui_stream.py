"""UI responsiveness while LLM results stream into the Review table.

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_stream.py [--n 2000] [--concurrency 64]

The real main window runs on the qasync loop with a project open on the Review tab. A Runner
job of N requests goes to the fake OpenAI server (its own process, 100 ms latency); every
answer is written as a sample and handed to the Review model, exactly as the Generate page
does. A 10 ms QTimer measures how late the loop serves it (the stall). The baseline in the same
run is the same probe on the same loop with the same window, idle (no job).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_llm import Server  # noqa: E402
from fake_openai import DEFAULT_KEY  # noqa: E402

from core.llm import JobItemSpec, ProviderSettings, Runner, add_items, make_client  # noqa: E402
from core.model import Sample  # noqa: E402
from core.settings import AppSettings  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.qt import QApplication, QTimer, qasync  # noqa: E402


class Probe:
    """A 10 ms timer; each late tick is a stall of the event loop."""

    def __init__(self):
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def report(self, label: str) -> str:
        g = sorted(self.gaps)
        p99 = g[int(len(g) * 0.99)] if g else 0
        return (f"{label}: longest gap between 10 ms ticks {max(g, default=0):.1f} ms, p99 {p99:.1f} ms, "
                f"median {statistics.median(g) if g else 0:.1f} ms over {len(g)} ticks")


class ToReview:
    def __init__(self, store, model):
        self.store, self.model, self.samples = store, model, 0

    def on_item_done(self, item_id, key, output, meta):
        [sid] = self.store.add_samples([Sample.qa(meta["q"], output["content"])])
        self.model.add_new([sid])
        self.samples += 1


async def run(args) -> None:
    from core.store import Store
    from ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    path = tmp / "stream.corpus"
    Store.create(path).close()
    window = MainWindow(AppSettings())
    window.settings.save = lambda *a, **k: None
    window.resize(1280, 800)
    window.show()
    window.open_project(path)
    window.tabs.setCurrentWidget(window.review)
    probe = Probe()

    probe.start()
    await asyncio.sleep(3)
    probe.stop()
    idle = probe.report("baseline, same window idle")

    server = Server(0.1)
    try:
        store = window.store
        settings = ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=args.concurrency,
                                    max_tokens=64, timeout=30)
        job = store.create_job("bench", "ui stream")
        add_items(store, job, (JobItemSpec(f"k{i}", [{"role": "user", "content": f"问题 {i}"}], {"q": f"问题 {i}"})
                               for i in range(args.n)))
        client = make_client(settings, DEFAULT_KEY)
        sink = ToReview(store, window.review.model)
        runner = Runner(store, client, settings, events=sink)
        probe.start()
        t0 = time.perf_counter()
        summary = await runner.run(job)
        wall = time.perf_counter() - t0
        await asyncio.sleep(0.3)  # the last batch reaches the table
        probe.stop()
        await client.close()
        streaming = probe.report("while streaming into Review (target: longest < 50 ms)")
        bare = make_client(settings, DEFAULT_KEY)
        sem = asyncio.Semaphore(args.concurrency)

        async def one(i: int) -> None:
            async with sem:
                await bare.chat.completions.create(model="fake-model", max_tokens=64,
                                                   messages=[{"role": "user", "content": f"问题 {i}"}])

        probe.start()
        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(args.n)))
        bare_wall = time.perf_counter() - t0
        probe.stop()
        bare_report = probe.report("baseline, bare AsyncOpenAI + semaphore, no project, no table")
        await bare.close()
    finally:
        server.stop()
    rows = window.review.model.rowCount()
    ideal = args.n / (args.concurrency / 0.1)
    if summary.done != args.n:
        print(f"WARNING: only {summary.done} of {args.n} items done ({summary.failed} failed)")
    print(f"{args.n} results at concurrency {args.concurrency}, 100 ms latency: {wall:.2f} s "
          f"(ideal {ideal:.2f} s, {ideal / wall * 100:.0f}%), done {summary.done}, rows in Review {rows}")
    print(streaming)
    print(f"{bare_report} ({bare_wall:.2f} s)")
    print(idle)
    window.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()
    make_application(["bench"])
    qasync.run(run(args))
    QApplication.instance().quit()


if __name__ == "__main__":
    main()
