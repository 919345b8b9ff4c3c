"""Scoring speed: load_predictions + load_labels + score() against a naive loop.

    python bench/bench_score.py             # 10k chats (the target: < 2 s)
    python bench/bench_score.py --n 100000  # bigger

Generates labelled chats (fixed seed; 0–3 customers each, most with one, all 21 fields of the
built-in schema) and predictions with some fields wrong, some customers missed or made up, two
customers in swapped order, a few chats not predicted and a few extra indexes. Writes
train.json-style labels and a submission file to a temporary folder, then times reading and
scoring them. The baseline, in the same run, is the obvious hand-written scorer: json.load both
files, pair records by position and compare field by field (==, set F1, difflib's
SequenceMatcher.ratio for text). Prints seconds, the ratio and both totals. Not a test.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.flows.extract_schema import BUILTIN_SCHEMA, SchemaField  # noqa: E402
from core.flows.scoring import load_labels, load_predictions, score  # noqa: E402

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕张孔曹严华金魏陶姜"
GIVEN = "磊晓伟芳娜敏静丽强军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
REGIONS = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "苏州")
STREETS = ("中山路", "人民大道", "解放路", "建设路", "和平街", "长江路", "滨江大道", "文化路")
PRODUCTS = ("沙发", "床垫", "餐桌", "衣柜", "书桌", "茶几", "电视柜", "儿童床", "窗帘", "地毯")
ASKS = ("报价", "售后", "安装", "物流", "定制", "材质", "优惠活动")
OBJECTIONS = ("价格偏高", "工期太长", "颜色不合适", "担心质量", "尺寸不合适")
STAGES = ("需求确认", "方案交流", "报价谈判", "签约", "交付")
WHEN = ("明天", "周末", "下周一", "月底", "三天后", "节后")
TASKS = ("发送报价单", "上门测量尺寸", "确认安装时间", "寄送样品", "安排设计师沟通方案", "跟进物流进度")
COMPETITORS = ("宜家", "顾家家居", "林氏木业", "全友家居", "索菲亚")


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def maybe(self, p: float, value: str) -> str:
        return value if self.rng.random() < p else ""

    def some(self, pool: tuple[str, ...], most: int) -> list[str]:
        return self.rng.sample(pool, self.rng.randint(0, most))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))

    def customer(self) -> dict:
        rng = self.rng
        region = rng.choice(REGIONS)
        return {
            "基本信息-姓名": self.name(),
            "基本信息-手机号码": self.maybe(0.6, f"1{rng.randint(30, 99)}{rng.randint(0, 99999999):08d}"),
            "基本信息-邮箱": self.maybe(0.1, f"user{rng.randint(1, 9999)}@example.com"),
            "基本信息-地区": self.maybe(0.5, region),
            "基本信息-详细地址": self.maybe(0.3, f"{region}市{rng.choice(STREETS)}{rng.randint(1, 999)}号"),
            "基本信息-性别": self.maybe(0.3, rng.choice(("男", "女"))),
            "基本信息-年龄": self.maybe(0.1, str(rng.randint(22, 65))),
            "基本信息-生日": self.maybe(0.05, f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"),
            "咨询类型": self.some(ASKS, 3),
            "意向产品": self.some(PRODUCTS, 3),
            "购买异议点": self.some(OBJECTIONS, 2),
            "客户预算-预算是否充足": self.maybe(0.3, rng.choice(("充足", "不充足"))),
            "客户预算-总体预算金额": self.maybe(0.3, f"{rng.randint(1, 50)}000元"),
            "客户预算-预算明细": self.maybe(0.2, f"{rng.choice(PRODUCTS)}{rng.randint(1, 9)}000元左右"),
            "竞品信息": self.maybe(0.2, f"对比过{rng.choice(COMPETITORS)}的同款"),
            "客户是否有意向": rng.choice(("有意向", "有意向", "无意向")),
            "客户是否有卡点": rng.choice(("有卡点", "无卡点")),
            "客户购买阶段": rng.choice(STAGES),
            "下一步跟进计划-参与人": [self.name() + str(rng.randint(1, 9))],
            "下一步跟进计划-时间点": self.maybe(0.7, rng.choice(WHEN)),
            "下一步跟进计划-具体事项": self.maybe(0.7, rng.choice(TASKS)),
        }

    def chat(self) -> list[dict]:
        r = self.rng.random()
        count = 0 if r < 0.05 else 1 if r < 0.85 else 2 if r < 0.97 else 3
        return [self.customer() for _ in range(count)]

    def wrong(self, f: SchemaField, value: str | list[str]) -> str | list[str]:
        rng = self.rng
        if f.type == "list":
            if value and rng.random() < 0.5:
                return value[:-1]  # an item missed
            return [*value, rng.choice(PRODUCTS + ASKS)]  # an item made up
        if f.values:
            return rng.choice(f.values)
        if value and rng.random() < 0.6:
            return value[: max(1, len(value) - rng.randint(1, 3))] + rng.choice("的了号元")  # near miss
        return "" if value else rng.choice(TASKS)

    def predict(self, label: list[dict]) -> list[dict]:
        rng = self.rng
        out = []
        for rec in label:
            if rng.random() < 0.03:
                continue  # a customer missed
            out.append({f.name: self.wrong(f, rec[f.name]) if rng.random() < 0.15 else rec[f.name]
                        for f in BUILTIN_SCHEMA.fields})
        if rng.random() < 0.03:
            out.append(self.customer())  # a customer made up
        if len(out) > 1 and rng.random() < 0.5:
            out.reverse()  # the same customers in another order
        return out


def write_files(folder: Path, n: int, seed: int) -> tuple[Path, Path]:
    gen = Gen(seed)
    labels = [gen.chat() for _ in range(n)]
    train = [{"chat_text": f"顾问{i % 7}：您好\n客户{i % 5}：想了解一下", "infos": infos}
             for i, infos in enumerate(labels)]
    submission = [{"infos": gen.predict(infos), "index": i}
                  for i, infos in enumerate(labels, 1) if gen.rng.random() > 0.005]  # a few not predicted
    submission += [{"infos": [gen.customer()], "index": n + k} for k in range(1, 6)]  # extra indexes
    label_path, pred_path = folder / "train.json", folder / "submission.json"
    label_path.write_text(json.dumps(train, ensure_ascii=False), encoding="utf-8")
    pred_path.write_text(json.dumps(submission, ensure_ascii=False), encoding="utf-8")
    return label_path, pred_path


def naive_field(f: SchemaField, p: object, g: object) -> float:
    if f.score == "set":
        a, b = set(p or []), set(g or [])
        return 1.0 if not a and not b else 2 * len(a & b) / (len(a) + len(b))
    if f.score == "similarity":
        if p == g:
            return 1.0
        return difflib.SequenceMatcher(None, p or "", g or "").ratio() if p and g else 0.0
    return 1.0 if p == g else 0.0


def naive(label_path: Path, pred_path: Path) -> float:
    """Pairs records by position; a record with no partner scores 0."""
    with open(label_path, encoding="utf-8") as f:
        labels = {i: item["infos"] for i, item in enumerate(json.load(f), 1)}
    with open(pred_path, encoding="utf-8") as f:
        preds = {item["index"]: item["infos"] for item in json.load(f)}
    fields = BUILTIN_SCHEMA.fields
    sums = [0.0] * len(fields)
    pairs = 0
    for index, gold in labels.items():
        pred = preds.get(index, [])
        for p, g in zip(pred, gold, strict=False):
            for k, f in enumerate(fields):
                sums[k] += naive_field(f, p.get(f.name), g.get(f.name))
        pairs += max(len(pred), len(gold))
    return sum(sums) / len(fields) / pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="number of labelled chats (default 10000)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--dir", default=None, help="folder for the temporary files (default: system temp)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="corpusmith-bench-", dir=args.dir) as tmp:
        label_path, pred_path = write_files(Path(tmp), args.n, args.seed)
        size = (label_path.stat().st_size + pred_path.stat().st_size) / 2**20
        print(f"{args.n:,} labelled chats; labels + predictions: {size:.1f} MB")
        label_path.read_bytes(), pred_path.read_bytes()  # warms the page cache for both runs alike

        t = time.perf_counter()
        base_total = naive(label_path, pred_path)
        base = time.perf_counter() - t

        t = time.perf_counter()
        labels = load_labels(label_path)
        predictions = load_predictions(pred_path)
        loaded = time.perf_counter() - t
        t = time.perf_counter()
        report = score(predictions, labels)
        scored = time.perf_counter() - t

    ours = loaded + scored
    print()
    print(report.table())
    print()
    print(f"{'run':<52}{'seconds':>8}{'total':>9}")
    print(f"{'naive (json.load, by position, difflib)':<52}{base:>8.2f}{base_total:>9.4f}")
    print(f"{'load_labels + load_predictions':<52}{loaded:>8.2f}")
    print(f"{'score()':<52}{scored:>8.2f}{report.total:>9.4f}")
    print(f"{'load + score':<52}{ours:>8.2f}")
    print(f"naive / ours: {base / ours:.1f}×   target < 2 s: {'met' if ours < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
