"""A realistic comment section for the role tests and bench/bench_roles.py, and a way to count
which of its comments reach an exported file.

:func:`realistic_video` grows a video with tests/fake_bilibili.py's generator (replies of replies,
deleted replies whose answers hang under the root, emote-only comments, ``回复 @名字 :`` prefixes)
and then gives it what real sections have and the generator's 20 phrases lack: varied texts (so
exact-duplicate dialogues stay rare, as in real threads, while short ones such as 哈哈哈哈哈 still
repeat) and people who answer their own comment (same-speaker runs).

:func:`chain_comments` says, independently of the builder's walk, which comments stand in a chain
of at least n turns; :func:`comments_in_file` reads an exported file back (every format) and says
which of those comments appear in the row made from their own chain.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path
from typing import Any

from fake_bilibili import EMOTES, FakeVideo, make_video

from core.sources.bilibili.dialogues import DialogueOptions, clean_comment
from core.store import SampleFilter, Store

SUBJECTS = ["这段剪辑", "背景音乐", "第三分钟那里", "up主的解说", "这个观点", "结尾的彩蛋", "字幕", "开头的实验",
            "评论区", "这期选题", "数据来源", "那个比喻", "画质", "讲的例子", "最后的结论", "配色", "节奏",
            "封面", "标题", "弹幕"]
VERDICTS = ["真的很用心", "有点问题吧", "我看了三遍", "讲得比课本清楚", "让我想起小时候", "值得一个三连",
            "和我查到的不一样", "是不是剪错了", "太真实了", "我没看懂", "可以再展开讲讲", "简直绝了",
            "逻辑有点跳", "比上期好多了", "建议收藏", "笑不活了"]
TAILS = ["", "", "", "，有同感的吗", "，不接受反驳", "，求出处", "，你们觉得呢？", "，我去试试", "。", "！"]
SHORT = ["哈哈哈哈哈", "同意楼上", "+1", "确实", "说得好", "前排"]
PREFIX = re.compile(r"^(回复 @[^:：]+\s*[:：])(.*)$", re.S)


def _text(rng: random.Random) -> str:
    if rng.random() < 0.06:
        return rng.choice(SHORT)
    t = rng.choice(SUBJECTS) + rng.choice(VERDICTS) + rng.choice(TAILS)
    if rng.random() < 0.2:
        t += rng.choice(EMOTES)
    return t


def realistic_video(aid: int, *, roots: int, replies: int, seed: int = 3, ids: Any = None) -> FakeVideo:
    """A video of about roots + replies comments (3 % of replies deleted, so their answers have
    no parent; 3 % emote-only; 6 % of the replies to a reply written by that reply's author)."""
    v = make_video(aid, roots=roots, replies=replies, seed=seed, chain=0.55, deleted=0.03, ids=ids,
                   title=f"评论区 av{aid}")
    rng = random.Random(seed + 1)
    comments = v.all_comments()
    for c in sorted(comments.values(), key=lambda c: c.rpid):
        m = PREFIX.match(c.message)
        prefix, body = (m.group(1), m.group(2)) if m else ("", c.message)
        if body.strip() not in EMOTES:  # emote-only comments stay as they are
            body = _text(rng)
        parent = comments.get(c.parent) if c.parent and c.parent != c.root else None
        if parent is not None and rng.random() < 0.06:
            c.mid, c.uname = parent.mid, parent.uname  # answers their own comment
            prefix = ""
        c.message = prefix + body
    v.changed()
    return v


def _comments(store: Store, source_id: int) -> dict[str, dict]:
    """rpid → the stored comment, with its stored parent key (None for a root)."""
    return {i["key"]: {**i["data"], "parent_key": i["parent_key"]} for i in store.raw_items(source_id, "comment")}


def chain_comments(store: Store, source_id: int, opts: DialogueOptions, min_turns: int = 2) -> dict[str, str]:
    """rpid → cleaned text of every comment that is a turn (has content after cleaning) on a
    root-to-leaf chain of at least `min_turns` turns (consecutive comments of one person count as
    one turn). A reply whose parent is missing hangs under its root, as on the site."""
    data = _comments(store, source_id)
    children: dict[str, list[str]] = {}
    roots = []
    for k, d in data.items():
        parent = d["parent_key"]
        if parent is not None and parent not in data:
            parent = str(d["root"]) if str(d.get("root") or "") in data else None
        if parent is None:
            roots.append(k)
        else:
            children.setdefault(parent, []).append(k)
    text = {k: clean_comment(d.get("text") or "", opts, d.get("emotes")) for k, d in data.items()}
    out: dict[str, str] = {}
    stack = [(r, ()) for r in roots]
    while stack:
        k, path = stack.pop()
        path = (*path, k)
        kids = children.get(k)
        if kids:
            stack.extend((c, path) for c in kids)
            continue
        turns, last = 0, None
        for p in path:
            if text[p] is not None and data[p].get("mid") != last:
                turns += 1
            if text[p] is not None:
                last = data[p].get("mid")
        if turns >= min_turns:
            out.update((p, text[p]) for p in path if text[p] is not None)
    return out


def _rows(fmt: str, path: Path) -> list[str]:
    """Every row of an exported file as one text holding all its strings."""
    raw = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return ["\n".join(r) for r in list(csv.reader(raw.splitlines(keepends=True)))[1:]]
    records = json.loads(raw) if path.suffix == ".json" else [json.loads(x) for x in raw.splitlines() if x]

    def strings(x: Any) -> list[str]:
        if isinstance(x, str):
            return [x]
        if isinstance(x, dict):
            return [s for v in x.values() for s in strings(v)]
        if isinstance(x, list):
            return [s for v in x for s in strings(v)]
        return []

    return ["\n".join(strings(r)) for r in records]


def comments_in_file(store: Store, fmt: str, path: Path, skipped: list[tuple[int, str]],
                     wanted: dict[str, str]) -> set[str]:
    """The rpids of `wanted` whose text appears in the row exported from a dialogue of their own
    chain. Rows come in sample-id order without the skipped ones (no test split)."""
    skip = {i for i, _ in skipped}
    paths = [s.meta.get("path", ()) for s in store.iter_samples(SampleFilter(kind="dialogue"))
             if s.status != "rejected" and s.id not in skip]
    rows = _rows(fmt, path)
    assert len(rows) == len(paths), f"{fmt}: {len(rows)} rows for {len(paths)} written samples"
    found: set[str] = set()
    for chain, row in zip(paths, rows, strict=True):
        for rpid in chain:
            t = wanted.get(str(rpid))
            if t is not None and t in row:
                found.add(str(rpid))
    return found
