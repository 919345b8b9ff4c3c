"""Importing many documents at once: the format from the content, not the extension; a clear
message naming the file for each bad one; one bad file never stops the others."""

from __future__ import annotations

import codecs
import zipfile

import pytest
from test_documents_fixtures import book_pages, encrypt_pdf, make_docx, make_epub, make_pdf

from core.errors import InputError
from core.messages import render
from core.sources.documents import (
    DocumentImportResult,
    ImportFailure,
    chunks_of,
    detect_format,
    import_document,
    import_documents,
    read_document,
)
from core.store import Store

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SCRIPT = "第1幕\n（夜，客栈。）\n林晚：阿福，挂灯笼。\n阿福：好嘞。\n"


def _error(path, **kw) -> str:
    with pytest.raises(InputError) as e:
        read_document(path, **kw)
    msg = str(e.value)
    assert path.name in msg, msg
    return msg


def test_formats_are_detected_from_content(tmp_path):
    assert detect_format(make_pdf(tmp_path / "a.pdf", [["你好"]])).format == "pdf"
    assert detect_format(make_docx(tmp_path / "a.docx")).format == "docx"
    assert detect_format(make_epub(tmp_path / "a.epub")).format == "epub"
    (tmp_path / "a.md").write_text("# 标题\n正文", encoding="utf-8")
    assert detect_format(tmp_path / "a.md").format == "markdown"
    (tmp_path / "README").write_text("正文", encoding="utf-8")
    assert detect_format(tmp_path / "README").format == "text"
    # renamed: imported as what it is, with a note
    renamed = make_docx(tmp_path / "报告.txt")
    found = detect_format(renamed)
    note_en, note_zh = render(found.note, "en"), render(found.note, "zh")
    assert found.format == "docx" and "报告.txt" in note_en and "Word document" in note_en
    assert note_zh == "“报告.txt”的扩展名是 .txt，实际是Word 文档（.docx）：已按Word 文档（.docx）导入。"
    doc = read_document(renamed)
    assert doc.format == "docx" and "长安客栈经营手册" in doc.text and doc.notes[0] == found.note
    assert "named .doc but is a Word document (.docx)" in render(detect_format(make_docx(tmp_path / "new.doc")).note, "en")
    pdf_named_epub = make_pdf(tmp_path / "book.epub", [["第一页"]])
    assert detect_format(pdf_named_epub).format == "pdf"


def test_text_in_any_common_encoding(tmp_path):
    text = SCRIPT * 3
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"))
    (tmp_path / "notes.md").write_text("# 标题\n\n- **要点**：[链接](http://x)\n", encoding="utf-8")
    assert read_document(tmp_path / "gbk.txt").encoding == "gb18030"
    doc = read_document(tmp_path / "utf16.txt")
    assert (doc.text, doc.encoding, doc.format) == (text, "utf-16-le", "text")
    md = read_document(tmp_path / "notes.md")
    assert md.format == "markdown" and md.text == "# 标题\n\n- **要点**：[链接](http://x)\n"  # nothing stripped


def test_old_word_doc_and_renamed_files(tmp_path):
    doc = tmp_path / "合同.doc"
    doc.write_bytes(OLE + b"\x00" * 600)
    msg = _error(doc)
    assert "old Word document" in msg and ".docx" in msg
    renamed = tmp_path / "合同.docx"
    renamed.write_bytes(OLE + b"\x00" * 600)
    msg = _error(renamed)
    assert "named .docx" in msg and "old Microsoft Office file" in msg and "save it as a Word document (.docx)" in msg
    locked = tmp_path / "加密.docx"
    locked.write_bytes(OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    assert "password-protected" in _error(locked)
    archive = tmp_path / "资料.docx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    msg = _error(archive)
    assert "named .docx" in msg and "ZIP archive" in msg
    plain_zip = tmp_path / "资料.zip"
    plain_zip.write_bytes(archive.read_bytes())
    assert "Extract it" in _error(plain_zip)
    xlsx = tmp_path / "表.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in _error(xlsx)
    fake_pdf = tmp_path / "论文.pdf"
    fake_pdf.write_bytes(b"\x01\x02garbage" * 50)
    msg = _error(fake_pdf)
    assert "named .pdf but is not a PDF document" in msg
    png = tmp_path / "扫描.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    assert "PNG image" in _error(png) and "OCR" in _error(png)


def test_empty_missing_and_corrupt_files(tmp_path):
    for name in ("空.txt", "空.pdf", "空.docx", "空.epub"):
        (tmp_path / name).write_bytes(b"")
        assert "empty" in _error(tmp_path / name)
    assert "does not exist" in _error(tmp_path / "没有.docx")
    (tmp_path / "目录.pdf").mkdir()
    assert "folder" in _error(tmp_path / "目录.pdf")
    good = make_docx(tmp_path / "good.docx").read_bytes()
    cut = tmp_path / "截断.docx"
    cut.write_bytes(good[: len(good) // 2])
    assert "damaged" in _error(cut)
    broken_epub = tmp_path / "坏书.epub"
    with zipfile.ZipFile(broken_epub, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", "<container><rootfiles>")  # not XML
    assert "damaged EPUB" in _error(broken_epub)
    no_text = tmp_path / "空文档.docx"
    import docx

    docx.Document().save(str(no_text))
    assert "contains no text" in _error(no_text)
    drm = make_epub(tmp_path / "加密书.epub", encrypted=True)
    assert "DRM" in _error(drm)


def test_many_files_one_bad_never_stops_the_others(tmp_path):
    script = tmp_path / "剧本.txt"
    script.write_bytes(SCRIPT.encode("gbk"))
    pdf = make_pdf(tmp_path / "书.pdf", book_pages(3))
    locked = encrypt_pdf(pdf, tmp_path / "锁.pdf", "pw")
    paths = [
        make_docx(tmp_path / "手册.docx"), tmp_path / "missing.txt", script, pdf, locked,
        make_epub(tmp_path / "书.epub"), make_pdf(tmp_path / "scan.pdf", [[]], image_only=True),
    ]
    (tmp_path / "empty.md").write_bytes(b"")
    paths.append(tmp_path / "empty.md")
    seen, progress = [], []
    with Store.create(tmp_path / "p.corpus") as store:
        results = import_documents(store, paths, size=200, overlap=10, on_result=seen.append,
                                   progress=lambda d, t: progress.append((d, t)))
        assert seen == results and len(results) == len(paths)
        ok = [r for r in results if isinstance(r, DocumentImportResult)]
        failed = [r for r in results if isinstance(r, ImportFailure)]
        assert [r.format for r in ok] == ["docx", "text", "pdf", "epub"]
        assert [f.name for f in failed] == ["missing.txt", "锁.pdf", "scan.pdf", "empty.md"]
        for f in failed:
            assert f.name in f.message and not f.ok and f.summary().startswith("failed: ")
        assert [f.needs_password for f in failed] == [False, True, False, False]
        assert progress[-1] == (8000, 8000) and progress == sorted(progress)
        assert len(store.sources()) == 4
        # every format stored in the TXT import's shape: the QA flow's chunks work for all
        for r in ok:
            (doc,) = store.raw_items(r.source_id, "document")
            assert doc["key"] == r.name and doc["data"]["format"] == r.format
            assert chunks_of(store, r.source_id) and all(c["doc"] == r.name for c in chunks_of(store, r.source_id))
        # the password, per file name, opens the encrypted one
        again = import_documents(store, [locked], password={"锁.pdf": "pw"})
        assert again[0].ok and again[0].pages == 3


def test_bad_chunk_settings_fail_before_reading(tmp_path):
    with Store.create(tmp_path / "p.corpus") as store:
        with pytest.raises(InputError, match="overlap"):
            import_documents(store, [tmp_path / "missing.txt"], size=10, overlap=20)
        with pytest.raises(InputError, match="overlap"):
            import_document(store, tmp_path / "missing.txt", size=10, overlap=20)
        assert store.sources() == []


def test_unexpected_reader_failure_is_a_failure_not_a_crash(tmp_path, monkeypatch):
    from core.sources.documents import docx_reader

    def boom(*a, **k):
        raise RuntimeError("library bug")

    monkeypatch.setattr(docx_reader, "read_docx", boom)
    path = make_docx(tmp_path / "x.docx")
    with Store.create(tmp_path / "p.corpus") as store:
        (r,) = import_documents(store, [path])
        assert not r.ok and "x.docx" in r.message and "library bug" in r.message
