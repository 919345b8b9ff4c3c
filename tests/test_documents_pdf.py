"""PDF import: text per page with headers, footers and page numbers removed, broken lines joined,
pages kept; encrypted, scanned and damaged PDFs refused with a message naming the file."""

from __future__ import annotations

import pytest
from test_documents_fixtures import BODY, book_pages, encrypt_pdf, make_pdf

from core.errors import InputError
from core.messages import render
from core.sources.documents import (
    PasswordRequiredError,
    chunks_of,
    import_document,
    read_document,
)
from core.sources.documents.pdf_reader import join_broken_lines, strip_headers_footers
from core.store import Store


def test_headers_footers_and_page_numbers_removed_and_lines_joined(tmp_path):
    pages = book_pages(6)
    path = make_pdf(tmp_path / "客栈.pdf", pages)
    calls = []
    doc = read_document(path, progress=lambda d, t: calls.append((d, t)))
    assert doc.format == "pdf" and doc.pages == 6
    assert calls == [(i, 6) for i in range(1, 7)]
    assert "长安客栈·卷一" not in doc.text and "- 3 -" not in doc.text
    assert doc.removed["page numbers"] == 6 and doc.removed["header/footer lines"] == 6
    # The body is the lines joined back (no break inside a sentence) …
    body = "".join(line for p in pages for line in p[1:-1])
    assert doc.text.replace("\n", "") == body
    # … and breaks stay only after a sentence end.
    for line in doc.text.split("\n")[:-1]:
        assert line[-1] in "。！？", line
    assert doc.text.startswith(BODY[:40])
    # page_starts point at each page's first text
    for i, start in enumerate(doc.page_starts):
        first = pages[i][1]
        assert doc.text[start:start + len(first)] == first


def test_page_number_styles_and_short_documents():
    pages = [["第 1 页", "正文第一行。"], ["正文第二行。", "第2页 共3页"], ["Page 3 of 3", "正文第三行。", "iii"]]
    out, numbers, repeated = strip_headers_footers(pages)
    assert numbers == 4 and repeated == 0
    assert out == [["正文第一行。"], ["正文第二行。"], ["正文第三行。"]]
    # a line in the middle of the page that is only a number is kept
    out, numbers, _ = strip_headers_footers([["甲", "乙", "42", "丙", "丁"]])
    assert numbers == 0 and out == [["甲", "乙", "42", "丙", "丁"]]


def test_join_rules():
    text, starts, joined = join_broken_lines([[
        "第一章 雨夜",  # a heading: short, no punctuation → its break is kept
        "雨下了一整夜，客栈掌柜林晚把灯笼挂高，伙计阿福在擦",
        "桌子。三更时分，一个书生推门进来，",  # ends with a comma → joined whatever its length
        "说要一间上房。",
        "一、房间",  # a list item starts a new line
        "The innkeeper hung the lantern higher so that travel-",
        "lers could see it from the road in the heavy rain that",
        "night.",
    ], ["", "新的一段。"]])
    assert text.split("\n") == [
        "第一章 雨夜",
        "雨下了一整夜，客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。三更时分，一个书生推门进来，说要一间上房。",
        "一、房间",
        "The innkeeper hung the lantern higher so that travellers could see it from the road in the heavy "
        "rain that night.",
        "",
        "新的一段。",
    ]
    assert joined == 4 and text[starts[1]:].startswith("新的一段")


def test_import_keeps_pages_on_chunks(tmp_path):
    path = make_pdf(tmp_path / "书.pdf", book_pages(8))
    with Store.create(tmp_path / "p.corpus") as store:
        r = import_document(store, path, size=300, overlap=20)
        assert (r.format, r.pages, r.encoding) == ("pdf", 8, "")
        assert r.summary().startswith(f"imported {path}: ") and "(PDF, 8 pages)" in r.summary()
        (src,) = store.sources()
        assert src["settings"] == {"encoding": "", "chunk_size": 300, "overlap": 20, "format": "pdf", "pages": 8}
        (doc,) = store.raw_items(r.source_id, "document")
        assert doc["data"]["pages"] == 8 and len(doc["data"]["page_starts"]) == 8
        items = list(store.raw_items(r.source_id, "chunk"))
        assert len(items) == r.n_chunks > 3
        assert items[0]["data"]["page"] == 1 and items[-1]["data"]["page_end"] == 8
        assert all(i["data"]["page"] <= i["data"]["page_end"] for i in items)
        assert [c["text"] for c in chunks_of(store, r.source_id)] == [i["data"]["text"] for i in items]


def test_encrypted_pdf_needs_the_password(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", book_pages(2))
    locked = encrypt_pdf(plain, tmp_path / "机密.pdf", "芝麻开门")
    with pytest.raises(PasswordRequiredError) as e:
        read_document(locked)
    assert "机密.pdf" in str(e.value) and "password" in str(e.value) and not e.value.wrong
    with pytest.raises(PasswordRequiredError) as e:
        read_document(locked, password="wrong")
    assert "机密.pdf" in str(e.value) and "wrong" in str(e.value) and e.value.wrong
    doc = read_document(locked, password="芝麻开门")
    assert doc.text == read_document(plain).text
    # an empty user password (only an owner password set) opens without asking
    empty = tmp_path / "empty-user-pw.pdf"
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(str(plain)))
    w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    w.write(str(empty))
    assert read_document(empty).text == doc.text


def test_scanned_pdf_without_text_layer(tmp_path):
    scan = make_pdf(tmp_path / "扫描件.pdf", [[], [], []], image_only=True)
    with pytest.raises(InputError) as e:
        read_document(scan)
    msg = str(e.value)
    assert "扫描件.pdf" in msg and "no text layer" in msg and "OCR is not supported" in msg


def test_some_pages_without_text_are_noted(tmp_path):
    pages = [["第一页正文。"], [], [], ["第四页正文。"]]
    doc = read_document(make_pdf(tmp_path / "mixed.pdf", pages))
    assert doc.text == "第一页正文。\n第四页正文。"
    assert any("pages 2–3" in render(n, "en") and "mixed.pdf" in render(n, "en") for n in doc.notes)
    assert any(render(n, "zh") == "“mixed.pdf”的第 2–3 页没有文字（只有图片？），已跳过" for n in doc.notes)


@pytest.mark.parametrize(("name", "data", "words"), [
    ("坏.pdf", b"%PDF-1.7\n", "damaged PDF"),
    ("truncated.pdf", None, "damaged PDF"),
])
def test_damaged_pdf(tmp_path, name, data, words):
    if data is None:
        data = make_pdf(tmp_path / "whole.pdf", book_pages(2)).read_bytes()[:300]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_document(path)
    assert name in str(e.value) and words in str(e.value)
