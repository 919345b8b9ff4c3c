"""Document import at scale: read and chunk a 10 MB Chinese novel, then index the chunks for BM25.

    python bench/bench_chunking.py [--mb 10] [--encoding utf-8|gb18030] [--size 1024] [--overlap 50]

Prints figures beside a baseline measured in the same run on the same file: a bare
``open().read()`` plus a naive ``re.split`` on sentence ends (the floor: what any reader and
splitter must do at least). The target for read_text_file + chunk_text is under 3 s.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.sources.documents import read_text_file_with_encoding  # noqa: E402
from core.text import chunk_text  # noqa: E402

WORDS = ("客栈 掌柜 雨夜 洛阳 长安 书生 捕头 灯笼 热水 牛肉 官府 牌子 赶考 背影 生意 来路 天气 投宿 "
         "他 她 我们 说道 看见 走进 门口 一个 没有 知道 忽然 慢慢 心里 明白 江湖 刀剑 师父 弟子 山门 "
         "月光 酒楼 马车 城门 夜色 消息 秘密 信 伙计 客官 银子 茶 雪 风 河边 小路 远处").split()
NAMES = "林晚 阿福 沈砚 赵铁 苏婉 陈默".split()


def sentence(rnd: random.Random) -> str:
    body = "".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 14)))
    if rnd.random() < 0.4:
        body += "，" + "".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 8)))
    if rnd.random() < 0.3:  # dialogue
        return f"{rnd.choice(NAMES)}说：“{body}{rnd.choice('。！？…')}”"
    return body + rnd.choice("。。。！？")


def write_novel(path: Path, mb: float, encoding: str, seed: int = 42) -> int:
    """A novel-like text of about ``mb`` megabytes in ``encoding``; returns its size in bytes."""
    rnd = random.Random(seed)
    target = int(mb * 1024 * 1024)
    written = 0
    chapter = 0
    with open(path, "wb") as f:
        while written < target:
            chapter += 1
            parts = [f"第{chapter}章　{rnd.choice(WORDS)}{rnd.choice(WORDS)}\n\n"]
            for _ in range(rnd.randint(20, 60)):
                parts.append("　　" + "".join(sentence(rnd) for _ in range(rnd.randint(1, 8))) + "\n\n")
            data = "".join(parts).replace("\n", "\r\n").encode(encoding)
            f.write(data)
            written += len(data)
    return written


def best_of(n: int, fn):
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--encoding", default="utf-8", choices=("utf-8", "gb18030"))
    ap.add_argument("--size", type=int, default=1024)
    ap.add_argument("--overlap", type=int, default=50)
    ap.add_argument("--queries", type=int, default=100)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-chunking-"))
    path = tmp / "novel.txt"
    t0 = time.perf_counter()
    nbytes = write_novel(path, args.mb, args.encoding)
    print(f"generated {nbytes / 2**20:.1f} MiB ({args.encoding}, CRLF) in {time.perf_counter() - t0:.1f} s: {path}")

    def baseline():
        with open(path, encoding=args.encoding) as f:
            text = f.read()
        return re.split(r"(?<=[。！？])", text)

    def read():
        return read_text_file_with_encoding(path)

    t_base, sentences = best_of(3, baseline)
    t_read, (text, enc) = best_of(3, read)
    t_chunk, chunks = best_of(3, lambda: chunk_text(text, args.size, args.overlap))
    total = t_read + t_chunk
    print(f"text: {len(text):,} characters, encoding found: {enc}")
    print(f"baseline open().read() + re.split: {t_base:.3f} s ({len(sentences):,} pieces)")
    print(f"read_text_file:                    {t_read:.3f} s")
    print(f"chunk_text(size={args.size}, overlap={args.overlap}):  {t_chunk:.3f} s "
          f"({len(chunks):,} chunks, mean {sum(map(len, chunks)) / len(chunks):.0f} chars)")
    print(f"read + chunk:                      {total:.3f} s  = {total / t_base:.1f}x baseline "
          f"[target < 3 s: {'OK' if total < 3 else 'MISSED'}]")

    del text, chunks, sentences
    tracemalloc.start()
    text, _ = read_text_file_with_encoding(path)
    chunks = chunk_text(text, args.size, args.overlap)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python allocation, read + chunk: {peak / 2**20:.0f} MiB "
          f"(file {nbytes / 2**20:.0f} MiB; text as str {sys.getsizeof(text) / 2**20:.0f} MiB)")

    from core.text.retrieval import ChunkIndex  # jieba + bm25s load here, not counted above

    t0 = time.perf_counter()
    index = ChunkIndex((f"c{i}", c) for i, c in enumerate(chunks))
    t_index = time.perf_counter() - t0
    rnd = random.Random(7)
    queries = []
    for _ in range(args.queries):
        c = rnd.choice(chunks)
        i = rnd.randrange(max(1, len(c) - 20))
        queries.append(c[i:i + 20])
    t0 = time.perf_counter()
    hits = [index.search(q, k=3) for q in queries]
    t_query = time.perf_counter() - t0
    print(f"ChunkIndex over {len(index):,} chunks: {t_index:.1f} s (jieba segmentation dominates)")
    print(f"{len(queries)} queries (20-char excerpts, k=3): {t_query:.2f} s total, "
          f"{t_query / len(queries) * 1000:.1f} ms each, {sum(map(len, hits))} hits")
    print(f"max RSS of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    path.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
