"""Quality filters at scale: near-duplicate detection and the rule scan over 200k samples.

    python bench/bench_neardup.py            # 200k samples (the target: < 30 s on 2 cores)
    python bench/bench_neardup.py --n 20000  # quicker

Builds a throwaway project of short Chinese samples (median ~50 characters: questions and
answers, short dialogues, plain texts; fixed seed) in which 10k samples are planted copies of
other samples with ~5% of their characters edited (replaced, inserted or deleted). Then times,
each in a fresh child process so that its peak memory is its own:

* find_near_duplicates (MinHash/LSH over character 3-grams, threshold 0.7): seconds, peak RSS,
  how many planted pairs land in one group (recall), and how many groups hold no planted pair;
* the simplest baseline, in the same run: exact duplicates by hashing the normalised text;
* the rule scan (core.text.quality.scan with every rule).

A planted copy's true 3-gram Jaccard to its original is ~0.74 on average, so some copies fall
below the threshold: the bench prints that ceiling next to the recall. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_export import NAMES, QUESTION_ENDS, SYSTEMS, WORDS  # noqa: E402
from core.model import Sample, Turn  # noqa: E402
from core.store import SampleFilter, Store  # noqa: E402

PLANTED = 10_000
EDIT_SHARE = 0.05
CHARS = sorted({c for w in WORDS for c in w})
JUNK = ("？？？", "[doge][doge]", "。。。。", "😂😂😂", "(╯°□°）╯︵ ┻━┻", "！！！！！")
REFUSALS = ("作为一个AI，我无法提供这方面的建议。", "抱歉，我不能回答这个问题。",
            "I'm sorry, but I cannot help with that.")


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def text(self, lo: int, hi: int, end: str) -> str:
        rng, out, n = self.rng, [], 0
        goal = rng.randint(lo, hi)
        while n < goal:
            w = rng.choice(WORDS)
            out.append(w)
            n += len(w)
            if rng.random() < 0.12:
                out.append("，" if rng.random() < 0.7 else "。")
        return "".join(out).rstrip("，。") + end

    def sample(self) -> Sample:
        rng = self.rng
        r = rng.random()
        status = "accepted" if rng.random() < 0.3 else "pending"
        if r < 0.55:  # a question and its answer
            s = Sample.qa(self.text(6, 22, rng.choice(QUESTION_ENDS)), self.text(12, 56, "。"), status=status)
            if rng.random() < 0.1:
                s.system = rng.choice(SYSTEMS)
        elif r < 0.8:  # a short dialogue between two named speakers
            names = rng.sample(NAMES, 2)
            turns = [Turn(("user", "assistant")[i % 2], self.text(3, 16, rng.choice(("", "。", "！", "？"))),
                          names[i % 2]) for i in range(rng.choice((2, 2, 4)))]
            s = Sample(turns=turns, kind="dialogue", status=status)
        else:  # a plain text
            s = Sample.text(self.text(15, 90, "。"), status=status)
        # a little of what the rules look for, so that the scan has something to count
        r = rng.random()
        if r < 0.005:
            s.turns[-1].text = rng.choice(JUNK)
        elif r < 0.01 and s.kind == "sft":
            s.turns[-1].text = rng.choice(REFUSALS)
        elif r < 0.015 and s.kind == "sft":
            s.turns[-1].text = s.turns[0].text
        elif r < 0.02:
            s.turns = s.turns[:1] if s.kind != "pretrain" else [Turn("assistant", "好的")]
        return s

    def edit(self, text: str, n: int) -> str:
        """`n` edits at random places: mostly replacements, some insertions and deletions."""
        rng, chars = self.rng, list(text)
        for _ in range(n):
            if not chars:
                break
            i = rng.randrange(len(chars))
            r = rng.random()
            if r < 0.7:
                chars[i] = rng.choice(CHARS)
            elif r < 0.85:
                chars.insert(i, rng.choice(CHARS))
            else:
                del chars[i]
        return "".join(chars)

    def near_copy(self, s: Sample) -> Sample:
        """The sample with ~5% of its characters edited (at least one edit)."""
        total = sum(len(t.text) for t in s.turns)
        edits = max(1, round(total * EDIT_SHARE * self.rng.uniform(0.6, 1.4)))
        turns = [Turn(t.role, t.text, t.name) for t in s.turns]
        for _ in range(edits):  # each edit in a turn chosen by its length
            t = self.rng.choices(turns, weights=[len(t.text) + 1 for t in turns])[0]
            t.text = self.edit(t.text, 1)
        return Sample(turns=turns, kind=s.kind, system=s.system, status="pending")


def build(path: Path, n: int, seed: int, planted: int) -> list[tuple[int, int]]:
    """Write `n` samples, `planted` of them near copies of others; return (original, copy) ids."""
    gen = Gen(seed)
    originals = [gen.sample() for _ in range(n - planted)]
    picks = gen.rng.sample(range(len(originals)), planted)
    copies = [(i, gen.near_copy(originals[i])) for i in picks]
    # the copies go in at random places among the originals
    order: list[tuple[int, Sample, int | None]] = [(i, s, None) for i, s in enumerate(originals)]
    order += [(len(originals) + k, c, i) for k, (i, c) in enumerate(copies)]
    gen.rng.shuffle(order)
    with Store.create(path) as store:
        for start in range(0, len(order), 10_000):
            store.add_samples(s for _, s, _ in order[start:start + 10_000])
    id_of = {key: s.id for key, s, _ in order}
    return [(id_of[orig], s.id) for _, s, orig in order if orig is not None]


# ---- the measured runs (each in a child process: `--child <what> <project>`) ----------------------
def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start VmHWM afresh (Linux >= 4.0), so the peak is that of the measured call alone."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def child(what: str, project: str, threshold: float, ngram: int) -> None:
    from core.text.neardup import find_near_duplicates, sample_text
    from core.text.quality import scan

    out: dict = {}
    with Store(project, readonly=True) as store:
        for _ in store.iter_samples():  # warms the page cache alike for every run
            pass
        base = status_mb("VmRSS")
        reset_peak()
        t = time.perf_counter()
        if what == "neardup":
            groups = find_near_duplicates(store, threshold=threshold, ngram=ngram)
            out["groups"] = [g.ids for g in groups]
        elif what == "exact":  # the baseline: hash the normalised text, group equal hashes
            by_hash: dict[bytes, list[int]] = {}
            for s in store.iter_samples():
                h = hashlib.blake2b(sample_text(s).encode(), digest_size=8).digest()
                by_hash.setdefault(h, []).append(s.id)
            out["groups"] = [ids for ids in by_hash.values() if len(ids) > 1]
        else:
            hits = scan(store)
            out["counts"] = {k: len(v) for k, v in hits.items()}
        out["seconds"] = time.perf_counter() - t
    out["rss_base_mb"] = base
    out["rss_peak_mb"] = status_mb("VmHWM")
    print(json.dumps(out))


def measure(what: str, project: Path, threshold: float, ngram: int) -> dict:
    cmd = [sys.executable, __file__, "--child", what, str(project),
           "--threshold", str(threshold), "--ngram", str(ngram)]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout.splitlines()[-1])


def found(groups: list[list[int]], pairs: list[tuple[int, int]]) -> tuple[int, int]:
    """(planted pairs inside one group, groups holding no planted pair)."""
    group_of = {i: k for k, ids in enumerate(groups) for i in ids}
    hit = sum(1 for a, b in pairs if a in group_of and group_of[a] == group_of.get(b))
    planted = {i for p in pairs for i in p}
    stray = sum(1 for ids in groups if not planted.intersection(ids))
    return hit, stray


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000, help="number of samples (default 200000)")
    ap.add_argument("--planted", type=int, default=PLANTED,
                    help=f"near copies among them (default {PLANTED})")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--ngram", type=int, default=3)
    ap.add_argument("--dir", default=None, help="folder for the temporary project (default: system temp)")
    ap.add_argument("--child", nargs=2, metavar=("WHAT", "PROJECT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.threshold, args.ngram)
        return

    from core.text.neardup import jaccard, sample_text

    planted = min(args.planted, args.n // 2)
    with tempfile.TemporaryDirectory(prefix="corpusmith-bench-", dir=args.dir) as tmp:
        project = Path(tmp) / "bench.corpus"
        t = time.perf_counter()
        pairs = build(project, args.n, args.seed, planted)
        with Store(project, readonly=True) as store:
            lengths = sorted(r[7] for r in store.rows(list(store.query_ids())).values())
            planted_ids = SampleFilter(ids=[i for p in pairs for i in p])
            texts = {s.id: sample_text(s) for s in store.iter_samples(planted_ids)}
        size = project.stat().st_size >> 20
        print(f"built {args.n:,} samples in {time.perf_counter() - t:.1f} s ({size} MB), "
              f"median {lengths[len(lengths) // 2]} characters; {planted:,} planted near copies")
        true = [jaccard(texts[a], texts[b], args.ngram) for a, b in pairs]
        reachable = sum(j >= args.threshold for j in true)
        print(f"planted pairs: true {args.ngram}-gram Jaccard mean {sum(true) / len(true):.2f}, "
              f"{reachable / len(pairs):.1%} at or above {args.threshold} "
              "(the most a verified method can find)")
        print()
        print(f"{'method':<44}{'seconds':>8}{'peak RSS':>10}{'growth':>8}"
              f"{'groups':>8}{'recall':>8}{'stray':>7}")
        for what, label in (("neardup", f"find_near_duplicates (MinHash/LSH, {args.threshold})"),
                            ("exact", "baseline: exact hash of normalised text")):
            m = measure(what, project, args.threshold, args.ngram)
            hit, stray = found(m["groups"], pairs)
            growth = m["rss_peak_mb"] - m["rss_base_mb"]
            print(f"{label:<44}{m['seconds']:>8.2f}{m['rss_peak_mb']:>7.0f} MB{growth:>5.0f} MB"
                  f"{len(m['groups']):>8,}{hit / len(pairs):>8.1%}{stray:>7,}")
        m = measure("scan", project, args.threshold, args.ngram)
        print(f"{'rule scan (all six rules)':<44}{m['seconds']:>8.2f}{m['rss_peak_mb']:>7.0f} MB"
              f"{m['rss_peak_mb'] - m['rss_base_mb']:>5.0f} MB")
        print("  " + ", ".join(f"{k} {v:,}" for k, v in m["counts"].items()))
        print()
        print("recall: planted pairs whose two samples land in one group;")
        print("stray: groups holding no planted pair;")
        print("peak RSS: of the child process during the call; growth: that peak above the process before it")
        print("(imports done, the project read once).")


if __name__ == "__main__":
    main()
