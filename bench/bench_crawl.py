"""Bench the Bilibili comment crawler and the dialogue builder.

    python bench/bench_crawl.py                 # both parts
    python bench/bench_crawl.py --skip-crawl    # dialogues only
    python bench/bench_crawl.py --skip-dialogues --comments 20000 --roots 1000

(1) Crawl: the fake Bilibili server runs in its own process with 100k comments (5k roots, long
    threads and one 3000-deep chain) and ~20 ms latency per answer. Measured: a bare httpx loop
    fetching the same pages one after another (the floor: no store, no pacing), then
    ``crawl_comments`` at the default concurrency 3 and at 16, both with min interval 0 (the
    default 1 s would take hours; the expected time at the default politeness is computed from
    the request count). Each run is checked for completeness: every comment stored exactly once,
    no page asked for twice.
(2) Dialogues: 1M comment raw items written straight into a temporary project (not via HTTP),
    then ``build_dialogues`` and, as the baseline, a bare dict-of-children walk over the same rows
    (key and parent only: no cleaning, no samples). Each runs in a fresh child process, which
    reports its wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402

from core.sources.bilibili.client import USER_AGENT  # noqa: E402
from core.sources.bilibili.crawl import crawl_comments  # noqa: E402
from core.sources.bilibili.ids import VideoRef  # noqa: E402
from core.sources.bilibili.wbi import WbiKeys, signed_query  # noqa: E402
from core.store import Store  # noqa: E402


# ---- (1) crawl ----------------------------------------------------------------------------------
class Server:
    def __init__(self, roots: int, comments: int, deep: int, latency: float):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "fake_bilibili.py"), "--roots", str(roots), "--comments",
             str(comments), "--deep", str(deep), "--latency", str(latency)],
            stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        _, aid, bvid, total = self.proc.stdout.readline().split()
        self.aid, self.bvid, self.total = int(aid), bvid, int(total)
        self.base = f"http://127.0.0.1:{self.port}"

    def _call(self, path: str, method: str = "GET", body: dict | None = None) -> dict:
        data = json.dumps(body or {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, method=method, data=data)
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())

    def reset(self) -> None:
        self._call("/_fake/reset", "POST")

    def stats(self) -> dict:
        return self._call("/_fake/stats")

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


async def bare_loop(server: Server) -> tuple[float, int, int]:
    """Sequential httpx: every root-list page, then every thread page. Returns (wall, requests,
    comments seen)."""
    headers = {"User-Agent": USER_AGENT, "Referer": "https://www.bilibili.com/"}
    seen: set[int] = set()
    n = 0
    t0 = time.perf_counter()
    async with httpx.AsyncClient(headers=headers, timeout=30) as c:
        nav = (await c.get(server.base + "/x/web-interface/nav")).json()
        keys = WbiKeys.from_nav(nav["data"])
        n += 1
        offset, threads = "", []
        while True:
            q = signed_query({"oid": server.aid, "type": 1, "mode": 2, "plat": 1,
                              "pagination_str": json.dumps({"offset": offset}, separators=(",", ":"))}, keys.mixin)
            data = (await c.get(f"{server.base}/x/v2/reply/wbi/main?{q}")).json()["data"]
            n += 1
            for r in data["replies"] or []:
                seen.add(r["rpid"])
                seen.update(x["rpid"] for x in r["replies"] or [])
                if r["rcount"] > len(r["replies"] or []):
                    threads.append(r["rpid"])
            upper = (data.get("top") or {}).get("upper")
            if upper:
                seen.add(upper["rpid"])
                seen.update(x["rpid"] for x in upper["replies"] or [])
                if upper["rcount"] > len(upper["replies"] or []):
                    threads.append(upper["rpid"])
            if data["cursor"]["is_end"]:
                break
            offset = data["cursor"]["pagination_reply"]["next_offset"]
        for root in threads:
            pn = 1
            while True:
                d = (await c.get(f"{server.base}/x/v2/reply/reply",
                                 params={"oid": server.aid, "type": 1, "root": root, "pn": pn, "ps": 20})).json()["data"]
                n += 1
                seen.update(x["rpid"] for x in d["replies"] or [])
                if not d["replies"] or pn * 20 >= d["page"]["count"]:
                    break
                pn += 1
    return time.perf_counter() - t0, n, len(seen)


async def crawler_run(server: Server, tmp: Path, concurrency: int, tag: str) -> dict:
    path = tmp / f"crawl-{tag}.corpus"
    with Store.create(path) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        rep = await crawl_comments(store, VideoRef.from_aid(server.aid), api_base=server.base,
                                   concurrency=concurrency, min_interval=0.0)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        keys = [r[0] for r in store.raw_item_values(rep.source_id, "comment")]
    return {"wall": wall, "cpu": cpu, "report": rep, "stored": len(keys), "unique": len(set(keys))}


async def bench_crawl(args: argparse.Namespace, tmp: Path) -> None:
    t = time.perf_counter()
    server = Server(args.roots, args.comments, args.deep, args.latency)
    print(f"(1) crawl: fake server pid {server.proc.pid}, {server.total} comments ({args.roots} roots, one "
          f"{args.deep}-deep chain), {args.latency * 1000:.0f} ms latency; started in "
          f"{time.perf_counter() - t:.1f} s")
    try:
        wall, n, seen = await bare_loop(server)
        print(f"  bare httpx loop, sequential:        {wall:6.1f} s  {n:6d} requests  {n / wall:6.1f} req/s  "
              f"{seen} comments seen")
        for conc in (3, 16):
            server.reset()
            r = await crawler_run(server, tmp, conc, f"c{conc}")
            rep, st = r["report"], server.stats()
            ok = (rep.status == "complete" and r["stored"] == r["unique"] == server.total
                  and st["repeated_pages"] == 0)
            api = sum(st["calls"].values())
            print(f"  crawl_comments concurrency {conc:2d}, min interval 0: {r['wall']:6.1f} s  {rep.requests:6d} "
                  f"requests  {rep.requests / r['wall']:6.1f} req/s  {rep.new_comments / r['wall']:7.0f} comments/s  "
                  f"client CPU {r['cpu']:.1f} s  max in flight {st['max_in_flight']}  "
                  f"{'COMPLETE' if ok else 'NOT COMPLETE'} ({r['stored']} stored, {r['unique']} unique, "
                  f"{server.total} served, {st['repeated_pages']} pages asked twice, {api} API calls)")
        per = 1.0 * (1 + 0.3 / 2)
        hours = rep.requests * per / 3600
        print(f"  at the default politeness (1 s min interval + 0…30 % jitter ≈ {per:.2f} s a request): "
              f"{rep.requests} requests → about {hours:.1f} h for this video "
              f"({server.total / (rep.requests * per):.0f} comments a second)")
    finally:
        server.stop()


# ---- (2) dialogues ------------------------------------------------------------------------------
PHRASES = ["这个视频太有意思了", "讲得很清楚，学到了", "我觉得不太对吧", "第一次看到这种说法", "前排围观",
           "有没有人知道背景音乐是什么", "同意楼上", "哈哈哈哈哈", "确实如此", "可是为什么呢？", "说得好",
           "我去试了一下，真的可以", "up主辛苦了", "这个我不同意，原因很简单", "求更新", "能不能详细讲讲"]
EMOTES = ["[doge]", "[笑哭]", "[捂脸]", "[妙啊]", "[吃瓜]"]


def generate(path: Path, n: int, roots: int, seed: int = 7) -> None:
    """`n` comments: `roots` roots; each reply answers its root (60 %), the latest reply of the
    thread (30 %: chains) or a random earlier one (10 %); ten 2000-deep chains; 1 % of the
    parents missing (deleted)."""
    rng = random.Random(seed)
    with Store.create(path) as store:
        sid = store.add_source("bilibili", "bench video", "https://www.bilibili.com/video/BV17x411w7KC",
                               {"aid": 170001, "bvid": "BV17x411w7KC"})
        rpid = 1_000_000
        threads: list[list[int]] = []
        names: dict[int, str] = {}
        batch: list = []

        def emit(rp: int, root: int, parent: int, text: str) -> None:
            mid = rng.randrange(1, 200_000)
            names[rp] = f"用户{mid}"
            d = {"rpid": rp, "root": root, "parent": parent, "mid": mid, "name": names[rp], "text": text,
                 "time": 1_600_000_000 + rp, "like": rng.randrange(100)}
            if root == 0:
                d["rcount"] = 0
            e = [x for x in EMOTES if x in text]
            if e:
                d["emotes"] = e
            batch.append((str(rp), str(parent) if parent else None, d))
            if len(batch) >= 50_000:
                store.add_raw_items(sid, "comment", batch)
                batch.clear()

        def text() -> str:  # ~16×17×6 variants: exact duplicate dialogues stay rare, as in real threads
            t = rng.choice(PHRASES)
            if rng.random() < 0.5:
                t += "，" + rng.choice(PHRASES)
            return t + rng.choice(EMOTES) if rng.random() < 0.2 else t

        for _ in range(roots):
            rpid += 1
            threads.append([rpid])
            emit(rpid, 0, 0, text())
        deep = 10 * 2000
        weights = [rng.paretovariate(1.3) for _ in range(roots)]
        for root_i in rng.choices(range(roots), weights, k=n - roots - deep):
            th = threads[root_i]
            rpid += 1
            r = rng.random()
            parent = th[0] if r < 0.6 or len(th) == 1 else (th[-1] if r < 0.9 else rng.choice(th))
            if parent != th[0] and rng.random() < 0.01:
                parent = 999  # deleted
            prefix = f"回复 @{names.get(parent, '已删除')} :" if parent != th[0] else ""
            th.append(rpid)
            emit(rpid, th[0], parent, prefix + text())
        for c in range(10):
            th = threads[c]
            parent = th[0]
            for _ in range(2000):
                rpid += 1
                emit(rpid, th[0], parent, (f"回复 @{names[parent]} :" if parent != th[0] else "") + text())
                parent = rpid
        if batch:
            store.add_raw_items(sid, "comment", batch)


def child_dialogues(path: str) -> None:
    from core.sources.bilibili.dialogues import build_dialogues

    with Store(path) as store:
        t0 = time.perf_counter()
        rep = build_dialogues(store)
        wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "report": {k: v for k, v in vars(rep).items()}}))


def child_baseline(path: str) -> None:
    with Store(path, readonly=True) as store:
        t0 = time.perf_counter()
        children: dict[str, list[str]] = {}
        roots = []
        for key, parent in store.raw_item_values(1, "comment"):
            if parent is None:
                roots.append(key)
            else:
                children.setdefault(parent, []).append(key)
        paths = longest = 0
        stack = [(r, 1) for r in roots]
        while stack:
            k, depth = stack.pop()
            kids = children.get(k)
            if kids:
                stack.extend((c, depth + 1) for c in kids)
            else:
                paths += 1
                longest = max(longest, depth)
        wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "paths": paths, "longest": longest}))


def run_child(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, f"--child-{kind}", str(path)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_dialogues(args: argparse.Namespace, tmp: Path) -> None:
    path = tmp / "dialogues.corpus"
    t = time.perf_counter()
    generate(path, args.dialogue_comments, args.dialogue_roots)
    size = path.stat().st_size / 1e6
    print(f"(2) dialogues: {args.dialogue_comments} comments ({args.dialogue_roots} roots, ten 2000-deep "
          f"chains) written in {time.perf_counter() - t:.1f} s ({size:.0f} MB project)")
    base = run_child("baseline", path)
    print(f"  bare dict-of-children walk (keys only): {base['wall']:5.2f} s  peak RSS {base['rss_mb']:5.0f} MB  "
          f"{base['paths']} paths, longest {base['longest']}")
    for label in ("first build", "rebuild (replaces pending)"):
        r = run_child("dialogues", path)
        rep = r["report"]
        print(f"  build_dialogues, {label}: {r['wall']:5.2f} s  peak RSS {r['rss_mb']:5.0f} MB  "
              f"{rep['paths']} paths → {rep['kept']} kept; dropped {rep['too_short']} too short, "
              f"{rep['duplicate']} duplicate, {rep['empty']} empty; {rep['truncated']} truncated, "
              f"{rep['replaced']} replaced, {rep['reattached']} reattached")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--roots", type=int, default=5000)
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--deep", type=int, default=3000)
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--dialogue-comments", type=int, default=1_000_000)
    ap.add_argument("--dialogue-roots", type=int, default=50_000)
    ap.add_argument("--skip-crawl", action="store_true")
    ap.add_argument("--skip-dialogues", action="store_true")
    ap.add_argument("--child-dialogues", metavar="PATH")
    ap.add_argument("--child-baseline", metavar="PATH")
    args = ap.parse_args()
    if args.child_dialogues:
        child_dialogues(args.child_dialogues)
        return
    if args.child_baseline:
        child_baseline(args.child_baseline)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not args.skip_crawl:
            asyncio.run(bench_crawl(args, tmp))
        if not args.skip_dialogues:
            bench_dialogues(args, tmp)


if __name__ == "__main__":
    main()
