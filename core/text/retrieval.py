"""BM25 search over chunks, with Chinese word segmentation (jieba) and an in-memory index (bm25s).

Building an index segments every chunk (jieba does about half a million characters a second), so
build it once per set of chunks, off the UI thread, and reuse it for all queries.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import bm25s
import jieba
import numpy as np

jieba.setLogLevel(logging.WARNING)  # its dictionary load prints to stderr at DEBUG level
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import

_WORD = re.compile(r"\w")  # a token worth indexing has a letter, digit or Chinese character
# Function words so common that they only add noise to a query.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 就 都 而 着 之 吗 呢 吧 啊 呀 么 把 被 给 这 那 个 一个 "
    "the a an of to in on and or is are was were be it".split()
)
_init_lock = threading.Lock()


def tokenize(text: str) -> list[str]:
    """Search tokens: jieba words (with the shorter words inside long ones), Latin lower-cased,
    full-width forms folded (NFKC), without punctuation, whitespace and stop words."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in jieba.lcut_for_search(text) if _WORD.search(t) and t not in STOPWORDS]


class ChunkIndex:
    """BM25 over (key, text) chunks. Immutable once built; ``search`` is safe from any thread."""

    def __init__(self, chunks: Iterable[tuple[str, str]]):
        with _init_lock:  # jieba loads its dictionary on first use; do it once
            jieba.initialize()
        self.keys: list[str] = []
        self._positions: dict[str, list[int]] = {}
        vocab: dict[str, int] = {}
        corpus_ids: list[list[int]] = []
        for key, text in chunks:
            self._positions.setdefault(key, []).append(len(self.keys))
            self.keys.append(key)
            corpus_ids.append([vocab.setdefault(t, len(vocab)) for t in tokenize(text)])
        self._vocab = vocab
        self._bm25: bm25s.BM25 | None = None
        if vocab:  # bm25s cannot index a corpus without a single token
            self._bm25 = bm25s.BM25()
            self._bm25.index((corpus_ids, vocab), create_empty_token=False, show_progress=False)

    def __len__(self) -> int:
        return len(self.keys)

    def search(self, query: str, k: int = 3, exclude: set[str] | None = None) -> list[tuple[str, float]]:
        """The best ``k`` chunks for ``query`` as (key, score), best first; only chunks sharing
        a word with the query; none whose key is in ``exclude``."""
        if self._bm25 is None or k <= 0 or not query.strip():
            return []
        ids = list(dict.fromkeys(self._vocab[t] for t in tokenize(query) if t in self._vocab))
        if not ids:
            return []
        scores = self._bm25.get_scores_from_ids(ids)
        if exclude:
            for key in exclude:
                for i in self._positions.get(key, ()):
                    scores[i] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        # Best first; equal scores in corpus order.
        order = sorted(hits.tolist(), key=lambda i: (-float(scores[i]), i))
        return [(self.keys[i], float(scores[i])) for i in order]
