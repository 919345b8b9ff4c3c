"""A heading starts a chunk, never ends one (core/text/chunking.py with core/text/headings.py): a
12-section Markdown file (with and without blank lines before its headings) and a TXT book with
第N章 lines, chunked directly at several sizes and through the document importer into the chunk view."""

from __future__ import annotations

import random

import pytest

from core.sources.documents import chunk_edit as ce
from core.sources.documents import import_document
from core.store import Store
from core.text.chunking import chunk_spans
from core.text.headings import heading_lines

WORDS = "客栈 掌柜 雨夜 洛阳 长安 书生 捕头 灯笼 热水 牛肉 官府 伙计 赶考 背影 生意 来路 天气 投宿".split()


def paragraph(rnd: random.Random) -> str:
    return "".join("".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 10))) + "。"
                   for _ in range(rnd.randint(1, 8)))


def markdown_book(seed: int = 7) -> str:
    """12 sections of 1 to 5 paragraphs, some with a sub-heading, one heading right after another."""
    rnd = random.Random(seed)
    parts = ["# 客栈志\n"]
    for i in range(1, 13):
        parts.append(f"## 第{i}节 {rnd.choice(WORDS)}\n")
        if i == 5:
            parts.append("### 小记\n")  # two headings in a row
        for _ in range(rnd.randint(1, 5)):
            parts.append(paragraph(rnd) + "\n")
            if rnd.random() < 0.2:
                parts.append(f"### {rnd.choice(WORDS)}\n")
                parts.append(paragraph(rnd) + "\n")
    return "\n".join(parts)


def txt_book(seed: int = 8) -> str:
    rnd = random.Random(seed)
    return "".join(f"第{i}章　{rnd.choice(WORDS)}\r\n\r\n" + "".join(
        "　　" + paragraph(rnd) + "\r\n\r\n" for _ in range(rnd.randint(1, 4))) for i in range(1, 13))


def tight_book() -> str:
    """Headings right under the text before them (no blank line), paragraphs still apart."""
    return markdown_book().replace("\n\n#", "\n#")


def check(text: str, spans: list[tuple[int, int]], size: int) -> None:
    heads = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e, _ in heading_lines(text)]
    assert len(heads) >= 12
    assert all(0 < b - a <= size for a, b in spans)
    ends = {b for _, b in spans}
    for hs, he in heads:
        # no chunk ends with a heading line …
        assert he not in ends or he == len(text.rstrip()), text[hs:he]
        # … and each heading sits in a chunk together with text of its section after it
        assert any(a <= hs and he < b for a, b in spans), text[hs:he]
    # nothing lost: every non-space character is in some chunk
    covered = bytearray(len(text))
    for a, b in spans:
        covered[a:b] = b"\1" * (b - a)
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


@pytest.mark.parametrize("size,overlap", [(60, 0), (80, 20), (120, 30), (200, 50), (333, 40), (1024, 50)])
@pytest.mark.parametrize("book", [markdown_book, tight_book, txt_book])
def test_no_chunk_ends_with_a_heading(book, size, overlap):
    text = book()
    spans = chunk_spans(text, size, overlap)
    check(text, spans, size)
    heads = {s + len(text[s:e]) - len(text[s:e].lstrip()) for s, e, _ in heading_lines(text)}
    for (_, prev_end), (a, _) in zip(spans, spans[1:], strict=False):
        new_text = prev_end + len(text[prev_end:]) - len(text[prev_end:].lstrip())
        if new_text in heads:  # a chunk whose new text starts a section repeats nothing before its heading
            assert a == new_text, text[a:new_text]


def test_headings_that_fit_stay_with_their_text():
    text = "## 第一节\n\n" + "林晚开了客栈。" * 5 + "\n\n## 第二节\n\n" + "阿福擦桌子。" * 5
    assert chunk_spans(text, 1024, 50) == [(0, len(text))]  # short enough: one chunk, as before
    # A heading longer than the chunk size cannot keep text with it: hard cut, nothing lost.
    long_head = "# " + "长" * 40 + "\n\n正文。"
    spans = chunk_spans(long_head, 20, 5)
    assert all(b - a <= 20 for a, b in spans) and long_head[spans[-1][0]:spans[-1][1]].endswith("正文。")


def test_imported_markdown_chunks_start_at_their_headings(tmp_path):
    md = tmp_path / "客栈志.md"
    md.write_text(markdown_book(), encoding="utf-8")
    with Store.create(tmp_path / "c.corpus") as store:
        r = import_document(store, md, size=150, overlap=30)
        doc = ce.document_chunks(store, r.source_id)
        check(doc.text, [(c.start, c.end) for c in doc.chunks], 150)
        titles = {doc.text[s:e].strip(): t for s, e, t in heading_lines(doc.text)}
        started = 0
        for c in doc.chunks:
            first = c.text.split("\n", 1)[0].strip()
            if first in titles:
                started += 1
                assert c.heading == titles[first]  # the view's label is the heading the chunk starts with
        assert started >= 12
