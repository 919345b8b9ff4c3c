"""Heading lines of a document: a Markdown heading (``## 第三节``) or a line that is only a chapter or
section marker of a Chinese book (``第三章 风起``, ``第3节``).

One definition, used by the chunker (a heading starts a chunk rather than ending one) and by the
chunk view (the heading a chunk falls under).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Matched at a line start. The title is capped for chapter lines so a sentence that happens to begin
# with "第三章" is not taken for one; "\r?" because a text read as is keeps its Windows line breaks.
_HEADING = re.compile(
    r"[ \t\u3000]*(?:#{1,6}[ \t]+(?P<md>[^\n]*?)[ \t#]*"
    r"|(?P<ch>第[0-9０-９零〇一二三四五六七八九十百千两]+[章节回卷部篇集幕](?:[ \t\u3000:：][^\n]{0,30})?))"
    r"[ \t\u3000]*\r?$",
    re.M)
# A heading line's first non-space character; finding these with str.find is many times faster
# on a long text than trying the heading pattern at every line start.
_MARKS = "#第"
_INDENT = " \t\u3000"


def heading_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, title) of each heading line, in order: ``start`` is the line start, ``end`` the
    end of its last non-space character, ``title`` the heading without its marks (never empty)."""
    for pos in _candidate_starts(text):
        m = _HEADING.match(text, pos)
        if m is None:
            continue
        title = (m.group("md") if m.group("md") is not None else m.group("ch")).strip()
        if title:
            yield pos, len(text[pos:m.end()].rstrip()) + pos, title


def _candidate_starts(text: str) -> list[int]:
    """The starts of the lines whose first non-space character is a heading mark, in order."""
    found = []
    for mark in _MARKS:
        i = text.find(mark)
        while i >= 0:
            j = i
            while j and text[j - 1] in _INDENT:  # linear overall: each run is walked back once
                j -= 1
            if j == 0 or text[j - 1] == "\n":
                found.append(j)
            i = text.find(mark, i + 1)
    found.sort()
    return found
