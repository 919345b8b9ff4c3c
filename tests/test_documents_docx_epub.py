"""DOCX (paragraphs and tables in order) and EPUB (chapters in spine order) text."""

from __future__ import annotations

import zipfile

from test_documents_fixtures import CONTAINER, make_docx, make_epub

from core.messages import render
from core.sources.documents import import_document, read_document
from core.sources.documents.epub_reader import html_to_text
from core.store import Store


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    doc = read_document(make_docx(tmp_path / "手册.docx"))
    assert doc.format == "docx" and doc.encoding == ""
    assert doc.text.split("\n") == [
        "长安客栈经营手册",
        "客栈位于长安城西门外，掌柜林晚，伙计阿福。",
        "",
        "房间 | 价格 | 备注",
        "上房 | 二两 | 临街",
        "通铺 | 五十文",  # the empty last cell is left out
        "",
        "合并的标题",  # a cell merged over two columns counted once
        "左 | 右",
        "",
        "表格之后的段落：客人须在亥时前回店。",
        "第二行",
        "同一段的换行",
    ]


def test_docx_nested_table_and_progress(tmp_path):
    import docx

    d = docx.Document()
    for i in range(250):
        d.add_paragraph(f"第{i}段。")
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内甲"
    inner.cell(0, 1).text = "内乙"
    path = tmp_path / "nested.docx"
    d.save(str(path))
    calls = []
    text = read_document(path, progress=lambda a, b: calls.append((a, b))).text
    assert "外层 | 内甲 | 内乙" in text
    assert len(calls) >= 50 and calls[-1] == (1, 1)


def test_epub_chapters_in_spine_order(tmp_path):
    path = make_epub(tmp_path / "长安客栈.epub")
    calls = []
    doc = read_document(path, progress=lambda a, b: calls.append((a, b)))
    assert doc.format == "epub" and doc.title == "长安客栈"
    assert doc.text == (
        "第一章\u3000雨夜\n雨下了一整夜。林晚把灯笼挂高，阿福在擦桌子。\n“店家，可还有空房？”\n\n"
        "第二章\u3000捕头\n赵捕头上门。捕头问话。\n一\n二\n\n"
        "第三章\u3000别离\n沈砚\n走了。"
    )
    # no <head>/<title>, <style>, <script> or ruby annotation; the nav file is not in the spine
    for gone in ("不要这个", "color", "不要脚本", "bǔ", "目录"):
        assert gone not in doc.text
    assert calls == [(1, 3), (2, 3), (3, 3)]
    with Store.create(tmp_path / "p.corpus") as store:
        r = import_document(store, path)
        (item,) = store.raw_items(r.source_id, "document")
        assert item["data"]["title"] == "长安客栈" and r.summary().endswith(f"(EPUB), source #{r.source_id}")


def test_epub_without_container_or_spine(tmp_path):
    path = tmp_path / "无容器.epub"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("book.opf", '<package xmlns="http://www.idpf.org/2007/opf"><manifest>'
                   '<item id="a" href="a.html" media-type="application/xhtml+xml"/></manifest><spine/></package>')
        z.writestr("a.html", "<html><body><p>只有一章。</p></body></html>")
    doc = read_document(path)
    assert doc.text == "只有一章。" and any("reading order" in render(n, "en") for n in doc.notes)
    assert CONTAINER  # (the builder's container is the standard one)


def test_html_to_text_rules():
    html = ("<div><p>第一行\n  第二行</p><p>English  words\nhere</p><pre>  a\n  b</pre>"
            "<table><tr><td>甲</td><td>乙</td></tr></table>&amp;&#x4e2d;</div>")
    assert html_to_text(html).split("\n") == ["第一行第二行", "English words here", "  a", "  b", "甲 | 乙", "&中"]
