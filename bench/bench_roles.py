"""Bench: how many comments of a crawled comment section reach each export format.

    python bench/bench_roles.py                         # ~21k comments, min-turns 2 and 3
    python bench/bench_roles.py --roots 300 --replies 4000

A comment section is grown with tests/fake_bilibili.py's generator and varied texts
(tests/comment_section.py: replies of replies, deleted replies whose answers hang under the root,
emote-only comments, people answering their own comment), served by the local fake Bilibili API
and crawled with the real crawler (logged in, so every comment is fetched). Then, for
``--min-turns`` 2 and 3 and each odd-chain rule, the dialogues are built and exported in every
format, and each file is read back: a comment counts as in the file when its cleaned text is in
the row made from its own chain.

Printed per format: the comments that stand in a chain of >= 2 turns ("chain comments", found
by a walk of its own, not the builder's), how many appear in the file, the share, the rows
written and the rows skipped by reason. Not a timed test: it prints, it asserts nothing.
Target (issue 15): >= 95 % in ShareGPT at the default rule, 0 role skips in Aquila.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from comment_section import chain_comments, comments_in_file, realistic_video  # noqa: E402
from fake_bilibili import FakeBilibili  # noqa: E402

from core.export import ExportOptions, export_samples  # noqa: E402
from core.export.formats import FORMATS  # noqa: E402
from core.messages import render, set_language  # noqa: E402
from core.sources.bilibili.crawl import crawl_comments  # noqa: E402
from core.sources.bilibili.dialogues import DialogueOptions, build_dialogues  # noqa: E402
from core.store import Store  # noqa: E402

ROLE_WORDS = ("assistant turn", "no answer", "roles")


def reason_key(reason: str) -> str:
    """A skip reason without its details, for counting."""
    return render(reason).split(";")[0].split(" (")[0]


def crawl(store: Store, roots: int, replies: int, seed: int) -> int:
    with FakeBilibili() as fake:
        video = fake.add_video(realistic_video(171_001, roots=roots, replies=replies, seed=seed, ids=fake.ids))
        t0 = time.perf_counter()
        report = asyncio.run(crawl_comments(store, video.bvid, api_base=fake.api_base, min_interval=0,
                                            concurrency=8, cookies={"SESSDATA": fake.sessdata}))
        print(f"crawl: {report.status}, {video.all_count():,} comments served, "
              f"{time.perf_counter() - t0:.1f} s")
    return next(s["id"] for s in store.sources() if s["kind"] == "bilibili")


def run(store: Store, sid: int, tmp: Path, min_turns: int, odd: str) -> dict[str, float]:
    opts = DialogueOptions(min_turns=min_turns, odd_chain=odd)
    report = build_dialogues(store, sid, opts)
    chain2 = chain_comments(store, sid, opts, 2)
    chain_n = chain_comments(store, sid, opts, min_turns) if min_turns != 2 else chain2
    print(f"\n== --min-turns {min_turns}, odd chains: {odd} ==")
    print(f"built: {report.kept:,} dialogues from {report.paths:,} chains; not built: {report.too_short:,} too "
          f"short, {report.duplicate:,} duplicate, {report.empty:,} empty; {report.truncated:,} truncated "
          f"(max {opts.max_turns} turns)")
    for m in report.role_messages():
        print("  " + m.render())
    print(f"chain comments: {len(chain2):,} in chains of >= 2 turns, {len(chain_n):,} in chains of >= "
          f"{min_turns}")
    print(f"{'format':<9} {'in file':>8} {'share>=2':>9} {'share>=N':>9} {'rows':>7}  skipped by reason")
    shares = {}
    for fmt in FORMATS:
        out = tmp / f"m{min_turns}-{odd}-{fmt}.json"
        ex = export_samples(store, ExportOptions(fmt, out, include="non_rejected", dataset_info=False))
        found = comments_in_file(store, fmt, ex.files[0], ex.skipped, chain2)
        share = len(found) / max(1, len(chain2))
        share_n = len(found & set(chain_n)) / max(1, len(chain_n))
        reasons = Counter(reason_key(r) for _i, r in ex.skipped)
        role_skips = sum(n for r, n in reasons.items() if any(w in r for w in ROLE_WORDS))
        why = ", ".join(f"{n:,} {r}" for r, n in reasons.most_common()) or "none"
        print(f"{fmt:<9} {len(found):>8,} {share:>8.1%} {share_n:>8.1%} {ex.written:>7,}  {why}"
              + (f"  [role skips: {role_skips}]" if role_skips else ""))
        shares[fmt] = share
    return shares


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--roots", type=int, default=1500)
    ap.add_argument("--replies", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    set_language("en")
    with tempfile.TemporaryDirectory(prefix="bench-roles-") as d:
        tmp = Path(d)
        with Store.create(tmp / "roles.corpus") as store:
            sid = crawl(store, args.roots, args.replies, args.seed)
            results = {}
            for min_turns, odd in ((2, "context"), (2, "drop_first"), (2, "drop_last"), (3, "context")):
                results[(min_turns, odd)] = run(store, sid, tmp, min_turns, odd)
    best = results[(2, "context")]
    print(f"\ntarget: ShareGPT share at --min-turns 2 (default rule) {best['sharegpt']:.1%} (>= 95 %)")


if __name__ == "__main__":
    main()
