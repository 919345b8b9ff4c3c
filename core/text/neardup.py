"""Near-duplicate samples: MinHash over character n-grams, LSH candidates, verified pairs.

The text of a sample is its system prompt and all its turns, lower-cased, whitespace
collapsed, full-width forms (，？ＡＢ１) read as their ASCII twins. Its character n-grams
(3 by default: Chinese has no spaces, and 3 characters behave like a word pair) are hashed
with numpy and sketched with `rensa`'s R-MinHash (Rust, one flat buffer per batch).

The sketches are cut into LSH bands here, not by rensa's index: that index needs the band
count to divide num_perm (for 0.7 and 128 that leaves 16 bands, which make a pair at 0.7 a
candidate only 61% of the time, or 32, which make many more unrelated candidates) and holds ~80 bytes per band
and sample in Rust (~530 MB for 200k samples). Here a band is a 4-byte key, candidates come
from sorting each band's keys, and each candidate pair is verified by its MinHash estimate,
kept as the low 8 bits of each value (b-bit MinHash, Li and König, corrected for chance
matches): 228 bytes per distinct text with the defaults.

Groups are the connected components of the verified pairs. Exact copies (same normalised
text) are grouped first, by hash; only one of them is sketched.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from core.errors import InputError
from core.messages import say
from core.model import Sample
from core.store.store import SampleFilter, Store
from core.text.quality import live_filter

SEED = 20240601  # fixed: the same project gives the same groups on every run
BATCH = 4096  # samples read from the store at once
SKETCH_BATCH = 1024  # samples sketched at once (their MinHash values pass through Python lists)
MIN_ROWS = 4  # fewest MinHash values per LSH band: fewer makes unrelated short texts candidates
TARGET_RECALL = 0.95  # the chance that a pair exactly at the threshold becomes a candidate
ALL_PAIRS_UP_TO = 32  # an LSH bucket this large or smaller has all its pairs verified
_CHANCE = 1 / 256  # two different 8-bit MinHash values are equal by chance this often
_VERIFY_CHUNK = 50_000

Progress = Callable[[int, int], None]


@dataclass
class DupGroup:
    """Samples that are near-duplicates of each other."""

    ids: list[int]  # the members: the suggested keep first, then by id
    similarity: float  # the lowest estimated Jaccard of a member to the group's first (ids[0])
    keep: int  # the id suggested to keep: accepted over pending, then the longest, then the first
    scores: list[float] = field(default_factory=list)  # each member's estimated Jaccard to ids[0]
    ngram: int = 3  # the n-gram size the group was found with
    threshold: float = 0.0  # the similarity a member must have to the kept one to be rejected

    def score(self, sample_id: int) -> float:
        """The estimated Jaccard of a member to ids[0]."""
        return self.scores[self.ids.index(sample_id)] if self.scores else self.similarity


# ---- text -------------------------------------------------------------------------------------
# full-width ASCII forms (U+FF01–FF5E) -> ASCII; _token_hashes does the same on code points
_FULLWIDTH = 0xFEE0
_FOLD = {c: c - _FULLWIDTH for c in range(0xFF01, 0xFF5F)}


def sample_text(sample: Sample) -> str:
    """What is compared: every turn, whitespace-normalised, lower case (full-width forms are
    folded later, with the n-grams). Not the system prompt: a flow gives many unrelated samples
    the same long one (a style's persona), which would make them look alike."""
    return " ".join(" ".join(t.text for t in sample.turns).lower().split())


def shingles(text: str, n: int) -> list[str]:
    """The character n-grams of a text; a text shorter than n is its own single token."""
    if len(text) <= n:
        return [text] if text else []
    return [text[i:i + n] for i in range(len(text) - n + 1)]


def jaccard(a: str, b: str, n: int = 3) -> float:
    """The exact Jaccard similarity of two sample_text()s' character n-gram sets."""
    sa, sb = set(shingles(a.translate(_FOLD), n)), set(shingles(b.translate(_FOLD), n))
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) for LSH over num_perm MinHash values.

    The most rows a band (the fewest unrelated candidates) for which a pair exactly at the
    threshold still becomes a candidate with probability >= TARGET_RECALL, and never fewer than
    MIN_ROWS. For 128 values: 0.7 gives 25 bands of 5 (a pair at 0.7 is a candidate 99% of the
    time, one at 0.3 6%), 0.8 gives 18 of 7, 0.5 and 0.6 give 32 of 4.
    """
    for r in range(num_perm, MIN_ROWS - 1, -1):
        b = num_perm // r
        if 1 - (1 - threshold**r) ** b >= TARGET_RECALL:
            return b, r
    r = min(MIN_ROWS, num_perm)
    return num_perm // r, r


def _check(threshold: float, ngram: int, num_perm: int) -> None:
    if not 0 < threshold <= 1:
        raise InputError(say("neardup.error.threshold", value=threshold))
    if ngram < 1:
        raise InputError(say("neardup.error.ngram", value=ngram))
    if num_perm < 16:
        raise InputError(say("neardup.error.num_perm", value=num_perm))


# ---- hashing (numpy) --------------------------------------------------------------------------------
_U64 = np.uint64
_PRIME = _U64(0x100000001B3)  # FNV-1a's 64-bit prime


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    h = h ^ (h >> _U64(30))
    h = h * _U64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> _U64(27))
    h = h * _U64(0x94D049BB133111EB)
    return h ^ (h >> _U64(31))


def _token_hashes(texts: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every character n-gram of every text, flat, and the row offsets
    (len(texts) + 1 of them). A text shorter than n is padded to one n-gram."""
    padded = [t if len(t) >= n else t.ljust(n, "\0") for t in texts]
    lens = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    cp = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cp = np.where((cp >= 0xFF01) & (cp <= 0xFF5E), cp - _FULLWIDTH, cp).astype(np.uint64)
    width = len(cp) - n + 1
    h = np.zeros(width, dtype=np.uint64)
    for k in range(n):
        h = (h ^ cp[k:k + width]) * _PRIME
    h = _mix(h)
    counts = lens - n + 1
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    starts = np.cumsum(lens) - lens
    # the n-grams that lie inside one text: k-th of text i starts at starts[i] + k
    positions = np.arange(offsets[-1], dtype=np.int64) + np.repeat(starts - offsets[:-1], counts)
    return h[positions], offsets.astype(np.uint64)


def _band_keys(digests: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per band and sample: equal bands give equal keys."""
    v = digests[:, :bands * rows].reshape(len(digests), bands, rows).astype(np.uint64)
    acc = np.full(v.shape[:2], _U64(0xCBF29CE484222325))
    for j in range(rows):
        acc = (acc ^ v[:, :, j]) * _PRIME
    return (_mix(acc) >> _U64(32)).astype(np.uint32)


def _estimate(d8: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of the pairs (a[i], b[i]) from their 8-bit MinHash values."""
    equal = (d8[a] == d8[b]).mean(axis=1)
    return np.clip((equal - _CHANCE) / (1 - _CHANCE), 0.0, 1.0)


def _candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """Pairs (as a * n + b, a < b) of sketches that share at least one band key. A bucket of
    up to ALL_PAIRS_UP_TO gives all its pairs; a larger one each member with the bucket's
    first and with its neighbour (enough to connect what is similar, at linear cost)."""
    n = len(keys)
    found: list[np.ndarray] = []
    for j in range(keys.shape[1]):
        col = keys[:, j]
        order = np.argsort(col, kind="stable")
        s = col[order]
        brk = np.flatnonzero(s[1:] != s[:-1]) + 1
        starts = np.concatenate(([0], brk))
        sizes = np.diff(np.concatenate((starts, [n])))
        two = starts[sizes == 2]
        a, b = order[two], order[two + 1]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
        for st, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
            members = order[st:st + size].tolist()
            if size <= ALL_PAIRS_UP_TO:
                pairs = itertools.combinations(members, 2)
            else:
                star = ((members[0], m) for m in members[1:])
                pairs = itertools.chain(star, itertools.pairwise(members[1:]))
            found.append(np.array([min(p) * n + max(p) for p in pairs], dtype=np.int64))
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


# ---- union-find ---------------------------------------------------------------------------------
class _Components:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while (p := parent.get(root, root)) != root:
            root = p
        while (p := parent.get(x, x)) != root:  # path compression
            parent[x] = root
            x = p
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# ---- detection ----------------------------------------------------------------------------------
def _samples_by_id(store: Store, ids: Iterable[int], chunk: int = 20_000) -> Iterator[Sample]:
    ids = sorted(ids)
    for i in range(0, len(ids), chunk):
        yield from store.iter_samples(SampleFilter(ids=ids[i:i + chunk]), batch=BATCH)


def find_near_duplicates(store: Store, *, threshold: float = 0.7, ngram: int = 3, num_perm: int = 128,
                         flt: SampleFilter | None = None, progress: Progress | None = None) -> list[DupGroup]:
    """Groups of near-duplicate samples among those `flt` selects (rejected ones never count).

    Nothing is changed; see reject_near_duplicates. Groups come in the order of their lowest id.
    `progress(done, total)` is called as samples are read.
    """
    import rensa

    _check(threshold, ngram, num_perm)
    flt = live_filter(flt)
    total = store.count(flt)
    bands, rows = lsh_params(threshold, num_perm)

    # Per row (sample read): id, length, accepted?, and its representative row: the first row
    # with the same normalised text (-1 for an empty text). Per key (representative sketched):
    # its row, its band keys and its 8-bit MinHash values.
    ids = array("q")
    chars = array("q")
    accepted = bytearray()
    rep = array("q")
    exact: dict[int, int] = {}  # hash of the normalised text -> first row
    key_row = array("q")
    row_key = array("q")  # row -> key, -1 for a row not sketched
    cap = max(total, 1)
    keys = np.empty((cap, bands), dtype=np.uint32)
    d8 = np.empty((cap, num_perm), dtype=np.uint8)
    texts: list[str] = []

    def flush() -> None:
        nonlocal keys, d8
        start = len(key_row) - len(texts)
        flat, offsets = _token_hashes(texts, ngram)
        matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, num_perm, SEED)
        digests = np.array(matrix.to_rows(), dtype=np.uint32)
        end = start + len(texts)
        if end > len(keys):  # samples added since counting
            keys = np.resize(keys, (end + BATCH, bands))
            d8 = np.resize(d8, (end + BATCH, num_perm))
        keys[start:end] = _band_keys(digests, bands, rows)
        d8[start:end] = (digests & 0xFF).astype(np.uint8)
        texts.clear()

    for s in store.iter_samples(flt, batch=BATCH):
        row = len(ids)
        ids.append(s.id)
        chars.append(s.n_chars)
        accepted.append(s.status == "accepted")
        text = sample_text(s)
        first = exact.setdefault(hash(text), row) if text else -1
        rep.append(first)
        if first != row:
            row_key.append(-1)
            continue
        row_key.append(len(key_row))
        key_row.append(row)
        texts.append(text)
        if len(texts) >= SKETCH_BATCH:
            flush()
            if progress:
                progress(len(ids), total)
    if texts:
        flush()
    del exact
    n_keys = len(key_row)
    keys, d8 = keys[:n_keys], d8[:n_keys]

    # Candidates from the bands, verified by their estimate; components by union-find.
    comps = _Components()
    codes = _candidate_pairs(keys) if n_keys > 1 else np.zeros(0, dtype=np.int64)
    del keys
    for i in range(0, len(codes), _VERIFY_CHUNK):
        a, b = np.divmod(codes[i:i + _VERIFY_CHUNK], n_keys)
        ok = _estimate(d8, a, b) >= threshold - 1e-9
        for x, y in zip(a[ok].tolist(), b[ok].tolist(), strict=True):
            comps.union(x, y)
    del codes

    # Groups: each component's samples, with the exact copies of each.
    members: dict[int, list[int]] = {}
    for row, r in enumerate(rep):
        if r >= 0:
            members.setdefault(comps.find(row_key[r]), []).append(row)
    groups: list[DupGroup] = []
    for group_rows in members.values():
        if len(group_rows) < 2:
            continue
        keep = max(group_rows, key=lambda r: (accepted[r], chars[r], -ids[r]))
        rest = sorted((r for r in group_rows if r != keep), key=lambda r: ids[r])
        k0 = row_key[rep[keep]]
        others = np.array([row_key[rep[r]] for r in rest], dtype=np.int64)
        est = _estimate(d8, np.full(len(others), k0), others)
        # a chain A~B~C can join texts that are far apart: only members close to the kept one
        # stay in its group (the others are not flagged by this group)
        close = [(r, 1.0 if rep[r] == rep[keep] else round(float(e), 4))
                 for r, e in zip(rest, est.tolist(), strict=True)]
        close = [(r, e) for r, e in close if e >= threshold]
        if not close:
            continue
        scores = [1.0] + [e for _, e in close]
        groups.append(DupGroup(ids=[ids[keep]] + [ids[r] for r, _ in close], similarity=min(scores),
                               keep=ids[keep], scores=scores, ngram=ngram, threshold=threshold))
    groups.sort(key=lambda g: min(g.ids))
    if progress:
        progress(total, total)
    return groups


def reject_near_duplicates(store: Store, groups: Iterable[DupGroup],
                           keep: dict[int, int] | None = None) -> int:
    """Reject every member of each group but the kept one (`keep` maps a group's first id to the
    member to keep instead of its suggestion), with the reason
    ``near-duplicate of #<kept> (similarity 0.83)`` (stored as a message code, core.messages). Members rejected or deleted since the groups
    were found are left alone. Returns how many samples were rejected."""
    keep = keep or {}
    plan: list[tuple[DupGroup, int]] = []
    for g in groups:
        kept = keep.get(g.ids[0], g.keep)
        if kept not in g.ids:
            raise InputError(say("neardup.error.not_in_group", kept=kept, first=g.ids[0]))
        plan.append((g, kept))
    by_reason: dict[str, list[int]] = {}
    for chunk in _chunks(plan, 2000):
        status = {i: r[3] for i, r in store.rows([i for g, _ in chunk for i in g.ids]).items()}
        for g, kept in chunk:
            if status.get(kept) in (None, "rejected"):
                continue  # the copy to keep is gone since the scan: reject nothing "as a copy of" it
            others = [i for i in g.ids if i != kept and status.get(i) not in (None, "rejected")]
            if not others:
                continue
            if kept == g.ids[0]:
                sims = {i: g.score(i) for i in others}
            else:  # another member kept: measure against it, exactly; only close ones are copies of it
                texts = {s.id: sample_text(s) for s in _samples_by_id(store, [kept, *others])}
                sims = {i: jaccard(texts.get(kept, ""), texts.get(i, ""), g.ngram) for i in others}
                others = [i for i in others if sims[i] >= g.threshold]
            for i in others:
                reason = say("neardup.reason", kept=kept, similarity=f"{sims[i]:.2f}").encode()
                by_reason.setdefault(reason, []).append(i)
    return sum(store.set_status(i, "rejected", reason) for reason, i in by_reason.items())


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
