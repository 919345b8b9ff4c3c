"""How long the exported rows are, in tokens (estimated), for a trainer's cutoff length.

The trainer's tokenizer is not at hand (it belongs to the base model, downloaded on the GPU
machine), so tokens are estimated as the rest of the app does (core.llm.limits: a CJK character
about one token, other text about four characters a token), over a row's JSON text: its keys and
role names stand in for the chat template's markers. The estimate errs long for Chinese (Qwen's
and GLM's tokenizers take 1.3–1.6 characters a token), the safe side for a cutoff: too short cuts
answers off.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LengthStats:
    rows: int
    p50: int
    p99: int
    longest: int


def text_tokens(text: str) -> int:
    """estimate_tokens' count without a regex: a character UTF-8 spells in three bytes (CJK,
    full-width punctuation) is about one token, other text about four characters a token. Fast
    enough for every row of a 200k-row export."""
    n = len(text)
    wide = (len(text.encode("utf-8")) - n) // 2
    return wide + math.ceil((n - wide) / 4)


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
    """The estimated tokens of every row of these exported files: a row's whole text (its turns,
    system prompt, and the keys and role names standing in for the template's markers)."""
    out: list[int] = []
    for path in paths:
        if path.suffix == ".csv":
            out += [text_tokens(" ".join(row)) for row in read_rows(path)]
            continue
        with path.open(encoding="utf-8") as f:  # JSON Lines, or the writer's array: a row a line
            for line in f:
                line = line.strip().rstrip(",")
                if line and line not in ("[", "]"):
                    out.append(text_tokens(line))
    return out


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
