"""How long the exported rows are, in tokens (estimated), for a trainer's cutoff length.

The trainer's tokenizer is not at hand (it belongs to the base model, downloaded on the GPU
machine), so tokens are estimated as the rest of the app does (core.llm.limits: a CJK character
about one token, other text about four characters a token), plus a few tokens a message for the
chat template's markers. The estimate errs long for Chinese (Qwen's and GLM's tokenizers take
1.3–1.6 characters a token), which is the safe side for a cutoff: too short cuts answers off.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.llm.limits import MESSAGE_OVERHEAD, estimate_tokens


@dataclass(frozen=True)
class LengthStats:
    rows: int
    p50: int
    p99: int
    longest: int


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def row_tokens(row: Any) -> int:
    """Every text of a row (turns, system prompt, role names) plus a message's template markers:
    a row of any format counts the same way."""
    texts = list(_strings(row))
    return sum(estimate_tokens(t) for t in texts) + MESSAGE_OVERHEAD * len(texts)


def read_rows(path: Path) -> Iterator[Any]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader, None)  # the header
            yield from reader
        return
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
        return
    yield from json.loads(path.read_text(encoding="utf-8"))


def file_lengths(paths: list[Path]) -> list[int]:
    """The estimated tokens of every row of these exported files."""
    return [row_tokens(row) for path in paths for row in read_rows(path)]


def _percentile(sorted_values: list[int], q: float) -> int:
    if not sorted_values:
        return 0
    i = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[i]


def stats(lengths: list[int]) -> LengthStats:
    ordered = sorted(lengths)
    return LengthStats(len(ordered), _percentile(ordered, 0.5), _percentile(ordered, 0.99),
                       ordered[-1] if ordered else 0)


def cutoff_for(p99: int, floor: int = 512, cap: int = 4096) -> int:
    """The 99th percentile rounded up to a power of two, between `floor` and `cap`: a power of two
    because trainers pad and pack to such lengths, the cap because longer sequences do not fit
    one 24 GB GPU with the batch sizes chosen here."""
    n = floor
    while n < p99 and n < cap:
        n *= 2
    return min(n, cap)
