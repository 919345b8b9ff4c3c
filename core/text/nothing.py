"""Words that fill a field without saying anything: "无", "未知", "N/A", "null", "-".

Annotators and weak models both write them where a value is unknown. A record whose every field
holds one says as little as a record of empty strings, so the label reader (a record whose labels
are all such words is unlabelled) and the echo check (an extraction answer of such records is the
blank form, filled with "unknown") treat them alike. Only a whole value counts: "无意向" and
"未知来电 138…" are values.
"""

from __future__ import annotations

import unicodedata

# Compared after folding (width and case folded, spaces and punctuation dropped): "N/A", "n.a."
# and "Ｎ／Ａ" are all "na"; "-", "—", "/" and "" fold to "".
NOTHING_WORDS = frozenset({
    "", "null", "none", "nil", "na", "nan", "undefined", "unknown", "notmentioned", "notgiven",
    "无", "暂无", "未知", "不详", "不明", "空", "未提及", "未提到", "没提到", "没有提到",
})


def folded(text: str) -> str:
    """`text` with width and case folded, spaces, punctuation and symbols dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def says_nothing(text: str) -> bool:
    """Whether a string value only stands for "no value" (blank, "null", "无", "N/A", "-" …)."""
    return folded(text) in NOTHING_WORDS
