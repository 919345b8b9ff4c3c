"""Bench the crawl pace after refusals (issue 18 point 3) and the visitor-repeat stop (point 4).

    python bench/bench_pace.py                       # defaults: interval 0.1 s, ~120 requests a run
    python bench/bench_pace.py --interval 1.0        # the app's default pace (takes ~30 min)

(1) Pace: the same video (logged in, so the whole section) crawled three times into fresh projects
    against the local fake server at the same politeness settings: without refusals; with the
    site refusing every 7th request (-352) and the recovering pace; and with the old behaviour
    (every refusal doubles the interval up to 8×, nothing lowers it: ``recover_step=0``, which is
    exactly what the client did before). Printed: wall times and the ratios to the refusal-free
    run (target ≤ 1.5 for the recovering pace). The backoff after a refusal is kept at the app's
    2:1 ratio to the interval (default 2 s for 1 s), so a shorter interval scales the whole run.
(2) Repeats: a visitor whose every root-list request is answered with page 1 (the cursor moving
    on, like the real site); printed: root-list requests made and how many were wasted (target ≤ 5),
    against the pages the list really has (what the old crawler asked for).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_bilibili import FakeBilibili, make_video  # noqa: E402

from core.sources.bilibili.client import Politeness  # noqa: E402
from core.sources.bilibili.crawl import crawl_comments  # noqa: E402
from core.store import Store  # noqa: E402


async def _crawl(fake: FakeBilibili, bvid: str, policy: Politeness, *, login: bool = True):
    with tempfile.TemporaryDirectory() as tmp, Store.create(Path(tmp) / "b.corpus") as store:
        t0 = time.monotonic()
        rep = await crawl_comments(store, bvid, api_base=fake.api_base, concurrency=policy.concurrency,
                                   min_interval=policy.min_interval, politeness=policy,
                                   cookies={"SESSDATA": fake.sessdata} if login else None)
        return rep, time.monotonic() - t0


def bench_pace(args: argparse.Namespace) -> None:
    with FakeBilibili(latency=args.latency) as fake:
        video = make_video(170001, roots=args.roots, replies=args.replies, seed=7, deleted=0.0, ids=fake.ids)
        fake.add_video(video)
        base = Politeness(min_interval=args.interval, backoff_base=2 * args.interval, concurrency=3)
        old = Politeness(min_interval=args.interval, backoff_base=2 * args.interval, concurrency=3,
                         recover_step=0.0)
        runs = [("no refusals", base, None), (f"refusal every {args.every}th, recovering pace", base, args.every),
                (f"refusal every {args.every}th, old pace (never recovers)", old, args.every)]
        print(f"video: {video.all_count()} comments, {args.roots} roots; interval {args.interval} s, "
              f"backoff {2 * args.interval} s, jitter {base.jitter:.0%}, concurrency 3, latency {args.latency} s")
        first = None
        for name, policy, every in runs:
            fake.reset_counters()
            fake.refuse_every = every
            rep, seconds = asyncio.run(_crawl(fake, video.bvid, policy))
            assert rep.status == "complete" and rep.stored == video.all_count(), rep.line("en")
            first = first or seconds
            print(f"  {name:48s} {seconds:7.1f} s  ×{seconds / first:4.2f}  requests {rep.requests:4d}  "
                  f"refused {fake.refused:3d}")
        fake.refuse_every = None


def bench_repeats(args: argparse.Namespace) -> None:
    with FakeBilibili(latency=args.latency) as fake:
        fake.guest_repeat = True
        video = make_video(170002, roots=args.repeat_roots, replies=0, seed=8, deleted=0.0, ids=fake.ids)
        fake.add_video(video)
        rep, seconds = asyncio.run(_crawl(fake, video.bvid, Politeness(min_interval=0.0, concurrency=3),
                                          login=False))
        pages = -(-(args.repeat_roots - 1) // fake.page_size)  # the pinned root is not in the list
        print(f"visitor served page 1 for every cursor ({args.repeat_roots} roots, {pages} root-list pages):")
        print(f"  status {rep.status}; root-list requests {fake.calls['main']} "
              f"(wasted: {fake.calls['main'] - 1}); the old crawler asked for all {pages}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--latency", type=float, default=0.01)
    ap.add_argument("--every", type=int, default=7)
    ap.add_argument("--roots", type=int, default=60)
    ap.add_argument("--replies", type=int, default=1200)
    ap.add_argument("--repeat-roots", type=int, default=20001, help="roots of the visitor's video (20 a page)")
    args = ap.parse_args(argv)
    bench_pace(args)
    bench_repeats(args)


if __name__ == "__main__":
    main()
