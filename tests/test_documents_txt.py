import codecs
import zipfile

import pytest

from core.errors import InputError
from core.sources.documents import (
    ImportResult,
    chunks_of,
    import_text_file,
    read_text_file,
    read_text_file_with_encoding,
)
from core.store import Store
from core.text import chunk_text

# A short original text (fictional people and places).
TEXT = (
    "第一回　雨夜投宿\n\n"
    "雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。\n"
    "三更时分，一个从洛阳来的书生推门进来：“店家，可还有空房？”\n"
    "林晚说：“有的。客官从哪里来？”书生答：“洛阳。往长安赶考。”\n\n"
    "第二回　捕头上门\n\n"
    "次日清晨，赵捕头拍着官府的牌子问：“昨夜可有生人住店？”\n"
)


@pytest.mark.parametrize(
    ("encoding", "raw", "found"),
    [
        ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8"),
        ("utf-16 le", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        ("utf-16 be", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        ("gbk", lambda t: t.encode("gbk"), "gb18030"),
        ("gb18030", lambda t: (t + "𠀀€").encode("gb18030"), "gb18030"),  # beyond GBK
    ],
)
def test_encodings_are_detected(tmp_path, encoding, raw, found):
    path = tmp_path / "小说.txt"
    path.write_bytes(raw(TEXT))
    text, enc = read_text_file_with_encoding(path)
    assert enc == found
    assert text.startswith(TEXT) and "\ufeff" not in text
    assert read_text_file(str(path)) == text


def test_big5_traditional_chinese(tmp_path):
    trad = "掌櫃的抬起頭，看見一個書生從雨裡走進客棧。「客官打尖還是住店？」書生說他從洛陽來，要去長安趕考。\n" * 3
    path = tmp_path / "繁體.txt"
    path.write_bytes(trad.encode("big5"))
    assert read_text_file_with_encoding(path) == (trad, "big5")


def test_line_breaks_are_normalised(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes("# 标题\r\n\r\n第一行\r\n第二行\r第三行\n".encode("gbk"))
    assert read_text_file(path) == "# 标题\n\n第一行\n第二行\n第三行\n"
    path.write_bytes(codecs.BOM_UTF16_LE + "甲\r\n乙".encode("utf-16-le"))
    assert read_text_file(path) == "甲\n乙"


def _error(path) -> str:
    with pytest.raises(InputError) as e:
        read_text_file(path)
    msg = str(e.value)
    assert path.name in msg
    return msg


def test_missing_empty_and_blank_files(tmp_path):
    assert "does not exist" in _error(tmp_path / "没有这个文件.txt")
    (tmp_path / "空.txt").write_bytes(b"")
    assert "empty" in _error(tmp_path / "空.txt")
    (tmp_path / "blank.txt").write_bytes(codecs.BOM_UTF8 + " \r\n\t\u3000".encode())
    assert "no text" in _error(tmp_path / "blank.txt")
    (tmp_path / "folder.txt").mkdir()
    assert "folder" in _error(tmp_path / "folder.txt")


def test_renamed_docx_and_pdf_are_named_as_such(tmp_path):
    docx = tmp_path / "报告.txt"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    msg = _error(docx)
    assert "ZIP" in msg and ".docx" in msg
    pdf = tmp_path / "论文.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "PDF" in _error(pdf)


def test_binary_and_undecodable_files(tmp_path):
    nul = tmp_path / "data.txt"
    nul.write_bytes(b"abc\x00\x01\x02" * 100)
    assert "binary" in _error(nul)
    controls = tmp_path / "ctl.txt"
    controls.write_bytes(bytes(range(1, 32)) * 40 + b"\xff")
    assert "binary" in _error(controls)
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(bytes(0x80 + i % 60 for i in range(600)))  # no text encoding fits
    msg = _error(junk)
    assert "encoding" in msg and "UTF-8" in msg


def test_import_stores_document_and_chunks(tmp_path):
    path = tmp_path / "长安客栈.txt"
    text = TEXT * 20
    path.write_bytes(text.encode("gbk"))
    with Store.create(tmp_path / "p.corpus") as store:
        res = import_text_file(store, path, size=200, overlap=30)
        assert isinstance(res, ImportResult)
        assert (res.name, res.encoding, res.chars) == ("长安客栈.txt", "gb18030", len(text))
        expected = chunk_text(text, 200, 30)
        assert res.n_chunks == len(expected) > 5

        (src,) = store.sources()
        assert src["id"] == res.source_id and src["kind"] == "document" and src["name"] == path.name
        assert src["origin"] == path.name  # the name, never the folder (core/sources/origin.py)
        assert src["settings"] == {"encoding": "gb18030", "chunk_size": 200, "overlap": 30}

        (doc,) = store.raw_items(res.source_id, "document")
        assert doc["key"] == path.name and doc["data"]["text"] == text
        items = list(store.raw_items(res.source_id, "chunk"))
        assert store.count_raw_items(res.source_id, "chunk") == len(expected)
        for i, (item, chunk) in enumerate(zip(items, expected, strict=True)):
            assert item["key"] == f"{res.source_id}:{i}"
            assert item["parent_key"] == path.name
            a, b = item["data"]["start"], item["data"]["end"]
            assert item["data"] == {"text": chunk, "index": i, "doc": path.name, "start": a, "end": b}
            assert text[a:b] == chunk  # its span in the text, which the chunk view edits

        got = chunks_of(store, res.source_id)
        assert got[0] == {"key": f"{res.source_id}:0", "text": expected[0], "source_id": res.source_id,
                          "doc": path.name}
        assert [c["text"] for c in got] == expected

        # importing again makes a second source with its own keys
        again = import_text_file(store, path, size=200, overlap=30)
        assert again.source_id != res.source_id
        assert len(store.sources()) == 2
        assert len(chunks_of(store)) == 2 * len(expected)
        assert chunks_of(store, again.source_id)[0]["key"] == f"{again.source_id}:0"


def test_import_defaults_and_bad_file_leaves_no_source(tmp_path):
    path = tmp_path / "短.txt"
    path.write_text(TEXT, encoding="utf-8")
    with Store.create(tmp_path / "p.corpus") as store:
        res = import_text_file(store, path)
        assert res.n_chunks == 1
        assert store.sources()[0]["settings"] == {"encoding": "utf-8", "chunk_size": 1024, "overlap": 50}
        bad = tmp_path / "坏.txt"
        bad.write_bytes(b"%PDF-1.4")
        with pytest.raises(InputError, match="坏.txt"):
            import_text_file(store, bad)
        with pytest.raises(InputError):
            import_text_file(store, path, size=100, overlap=100)
        assert len(store.sources()) == 1


def test_works_without_charset_normalizer(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # import fails
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert read_text_file_with_encoding(path) == (TEXT, "gb18030")
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(bytes(0x80 + i % 60 for i in range(600)))
    assert "encoding" in _error(junk)
