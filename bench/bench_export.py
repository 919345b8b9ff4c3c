"""Export speed: every format, JSON and JSON Lines, against a bare read-and-dump loop.

    python bench/bench_export.py            # 200k samples (the target: < 5 s per format)
    python bench/bench_export.py --n 20000  # quicker

Every export masks personal data by default (--mask surrogate); the last two lines time one
format with masking off and on.

Builds a throwaway project of accepted sft/dialogue samples (Chinese text, 1–6 turns, fixed
seed) in a temporary folder, then times export_samples per format. The baseline, in the same
run, is the least an export can cost: iterate the samples and json.dumps their raw turns to a
file. Prints seconds, samples/s and each format's ratio to the baseline. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.export import FORMATS, ExportOptions, export_samples  # noqa: E402
from core.model import Sample, Turn  # noqa: E402
from core.store import Store  # noqa: E402

WORDS = (
    "我们 你 他们 今天 昨天 明天 学校 老师 学生 朋友 家人 城市 公司 工作 问题 方法 时间 地方 事情 "
    "电脑 手机 程序 数据 模型 训练 语言 文章 历史 文化 经济 社会 科学 技术 发展 研究 学习 生活 健康 "
    "运动 音乐 电影 小说 天气 春天 夏天 秋天 冬天 早上 晚上 中午 北京 上海 广州 杭州 长江 黄河 "
    "需要 可以 应该 已经 正在 如果 因为 所以 但是 而且 或者 虽然 然后 于是 觉得 认为 知道 希望 "
    "开始 继续 完成 提高 解决 了解 分析 比较 介绍 说明 讨论 准备 参加 选择 使用 改变 保持 "
    "重要 简单 复杂 清楚 具体 基本 主要 一般 特别 非常 比较 更加 十分 真正 可能 必须 一定 "
    "的 了 在 是 和 也 都 很 就 还 又 把 被 给 对 从 向 跟 让 使 一个 这个 那个 这些 那些 一些"
).split()
QUESTION_ENDS = ("？", "吗？", "呢？", "怎么办？", "是什么意思？")
NAMES = ("林晚", "沈舟", "小满", "阿青", "顾言", "许知")
SYSTEMS = ("你是一个乐于助人的中文助手。", "请用简洁、准确的中文回答问题。", "你是一位耐心的老师。")


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, lo: int, hi: int, end: str) -> str:
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
        dialogue = rng.random() < 0.5
        rounds = rng.randint(2, 3) if dialogue else 1
        names = rng.sample(NAMES, 2) if dialogue else (None, None)
        turns: list[Turn] = []
        for _ in range(rounds):
            turns.append(Turn("user", self.sentence(8, 60, rng.choice(QUESTION_ENDS)), names[0]))
            turns.append(Turn("assistant", self.sentence(30, 400, "。"), names[1]))
        r = rng.random()
        if r < 0.01 and len(turns) < 6:  # a question left without an answer: repaired
            turns.append(Turn("user", self.sentence(8, 40, "？"), names[0]))
        elif r < 0.015:  # only a question: skipped
            turns = turns[:1]
        system = rng.choice(SYSTEMS) if rng.random() < 0.33 else ""
        return Sample(turns=turns, kind="dialogue" if dialogue else "sft", system=system, status="accepted")


def build(path: Path, n: int, seed: int) -> None:
    gen = Gen(seed)
    with Store.create(path) as store:
        for start in range(0, n, 10_000):
            store.add_samples(gen.sample() for _ in range(min(10_000, n - start)))


def baseline(store: Store, out: Path) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for s in store.iter_samples():
            f.write(json.dumps([t.to_dict() for t in s.turns], ensure_ascii=False))
            f.write("\n")
            n += 1
    return time.perf_counter() - t, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000, help="number of samples (default 200000)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--dir", default=None, help="folder for the temporary project (default: system temp)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="corpusmith-bench-", dir=args.dir) as tmp:
        tmpdir = Path(tmp)
        project = tmpdir / "bench.corpus"
        t = time.perf_counter()
        build(project, args.n, args.seed)
        print(f"built {args.n:,} samples in {time.perf_counter() - t:.1f} s ({project.stat().st_size >> 20} MB)")
        with Store(project, readonly=True) as store:
            t = time.perf_counter()
            for _ in store.iter_samples():  # warms the page cache for every run alike
                pass
            read = time.perf_counter() - t
            base, n = baseline(store, tmpdir / "baseline.jsonl")
            (tmpdir / "baseline.jsonl").unlink()
            print(f"iter_samples alone: {read:.2f} s")
            print(f"baseline (iter_samples + json.dumps raw turns): {base:.2f} s, {n / base:,.0f} samples/s")
            print()
            print(f"{'format':<10}{'file':<7}{'seconds':>8}{'samples/s':>12}{'× baseline':>12}{'MB':>7}  written")
            worst = 0.0
            for fmt in FORMATS:
                for jsonl in (False, True) if fmt != "csv" else (False,):
                    opts = ExportOptions(fmt, tmpdir / "out" / f"{fmt}.json", jsonl=jsonl)
                    opts.out.parent.mkdir(exist_ok=True)
                    t = time.perf_counter()
                    report = export_samples(store, opts)
                    dt = time.perf_counter() - t
                    worst = max(worst, dt)
                    size = sum(f.stat().st_size for f in report.files) >> 20
                    kind = "csv" if fmt == "csv" else ("jsonl" if jsonl else "json")
                    print(
                        f"{fmt:<10}{kind:<7}{dt:>8.2f}{n / dt:>12,.0f}{dt / base:>12.2f}{size:>7}  "
                        f"{report.written:,} (repaired {len(report.repaired):,}, skipped {len(report.skipped):,})"
                    )
                    for f in report.files:
                        f.unlink()
            print()
            print(f"slowest format: {worst:.2f} s for {n:,} samples")
            # personal-data masking is on by default: its share, side by side
            for mask in ("off", "surrogate"):
                opts = ExportOptions("sharegpt", tmpdir / "out" / f"mask_{mask}.json", mask=mask)
                t = time.perf_counter()
                report = export_samples(store, opts)
                dt = time.perf_counter() - t
                print(f"sharegpt json, mask {mask:<9}{dt:>6.2f} s  ({dt / base:.2f} × baseline)")
                for f in report.files:
                    f.unlink()


if __name__ == "__main__":
    main()
