"""The Documents tab, driven like a user: add files (one encrypted, one broken), read the parse
preview and character table, make character QA, scene dialogues and pre-training chunks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_documents_fixtures import encrypt_pdf, make_docx, make_pdf

from core.settings import AppSettings
from core.store import SampleFilter
from ui.main_window import MainWindow
from ui.pages.documents import parse_aliases
from ui.qt import QInputDialog

SCRIPT = Path(__file__).resolve().parent / "data" / "script_inn.txt"


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(tmp_path / "docs.corpus", create=True)
    assert w.tabs.currentWidget() is w.documents
    return w


def test_parse_aliases():
    assert parse_aliases("嬛嬛,莞贵人=甄嬛； 阿福=福伯; bad") == {"嬛嬛": "甄嬛", "莞贵人": "甄嬛", "阿福": "福伯"}


def test_import_parse_and_generate(window, tmp_path, qt_run, monkeypatch):
    page = window.documents
    script = shutil.copy(SCRIPT, tmp_path / "长安客栈.txt")
    pdf = make_pdf(tmp_path / "plain.pdf", [["第一页的文字。林晚在长安开客栈。"], ["第二页的文字。"]])
    locked = encrypt_pdf(pdf, tmp_path / "locked.pdf", "芝麻开门")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    asked = []
    monkeypatch.setattr(QInputDialog, "open",  # the prompt is opened, never exec()'d (ui/dialogs.py)
                        lambda d: (asked.append(d.labelText()), d.setTextValue("芝麻开门"), d.accept()))
    lines = qt_run(page.import_files([Path(script), broken, locked]))
    assert lines[0].startswith("已导入 长安客栈.txt")
    assert lines[1].startswith("未导入：") and "broken.docx" in lines[1]  # the others carried on
    assert any(x.startswith("已导入 locked.pdf") and "2 页" in x for x in lines)
    assert asked and "locked.pdf" in asked[0]  # the password was asked for, by file name
    assert page.documents.count() == 2
    assert "未导入" in page.import_log.toPlainText()

    page.documents.setCurrentRow(0)  # the script
    script_obj = qt_run(page.reparse())
    assert script_obj is not None and not script_obj.heuristic
    names = [page.characters.item(r, 0).data(0x0100) for r in range(page.characters.rowCount())]
    assert {"林晚", "阿福", "沈砚", "赵铁"} <= set(names)
    assert "沈砚（抖落雨水）：从洛阳来，往西边去。" in page.preview.toPlainText()
    assert "识别为剧本" in page.parse_info.text()
    page.characters.selectRow(names.index("林晚"))
    assert page.selected_character() == "林晚"
    page.history.setValue(1)
    qt_run(page.generate_qa())
    made = window.store.count(SampleFilter(kind="sft"))
    assert made > 5 and "new sft sample" in page.result.toPlainText()
    lin = window.store.get_sample(next(iter(window.store.query_ids(SampleFilter(kind="sft")))))
    assert lin.system == "现在你要扮演林晚。" and lin.turns[-1].role == "assistant"
    qt_run(page.generate_qa())  # the same options again: nothing twice
    assert window.store.count(SampleFilter(kind="sft")) == made
    assert "already made" in page.result.toPlainText()

    qt_run(page.generate_dialogues())
    assert window.store.count(SampleFilter(kind="dialogue")) >= 3
    page.size.setValue(200)
    page.overlap.setValue(20)
    qt_run(page.generate_chunks())
    assert window.store.count(SampleFilter(kind="pretrain")) >= 3
    qt_run(__import__("asyncio").sleep(0.25))  # Review inserts in 100 ms batches
    assert window.review.model.rowCount() == window.store.count()


def test_docx_is_read_in_order_and_feeds_the_qa_flow(window, tmp_path, qt_run):
    docx = make_docx(tmp_path / "说明.docx")
    lines = qt_run(window.documents.import_files([docx]))
    assert lines[0].startswith("已导入 说明.docx") and "DOCX" in lines[0]
    assert window.generate.chunk_info.text().endswith("个文本段")
    assert window.generate.source.count() == 2  # "all documents" + this one


def test_import_lines_and_the_format_tags_are_in_the_windows_language(window, tmp_path, qt_run):
    """What the import says (a bad file's reason, a renamed file's note, what was cleaned) and the
    tag after each document's name follow the language core renders in (the window sets it)."""
    from core.messages import set_language

    page = window.documents
    text = tmp_path / "手册.txt"
    text.write_text("长安客栈开在西市旁边。", encoding="utf-8")
    renamed = make_docx(tmp_path / "报告.txt")  # a Word document with a .txt name
    pdf = make_pdf(tmp_path / "书.pdf", [["第一页正文。", "1"], ["第二页正文。", "2"], ["第三页正文。", "3"]])
    empty = tmp_path / "空.md"
    empty.write_bytes(b"")
    set_language("zh")
    try:
        lines = qt_run(page.import_files([text, renamed, pdf, empty]))
        tags = [page.documents.item(i).text() for i in range(page.documents.count())]
        set_language("en")
        page.reload_documents()
        tags_en = [page.documents.item(i).text() for i in range(page.documents.count())]
    finally:
        set_language(None)
    assert "  · “报告.txt”的扩展名是 .txt，实际是Word 文档（.docx）：已按Word 文档（.docx）导入。" in lines
    assert "  · 已清理：页码 3 处" in lines
    assert f"未导入：“{empty}”是空文件（0 字节）。请选择有文字的文件。" in lines
    assert tags == ["手册.txt  ·  纯文本", "报告.txt  ·  Word 文档", "书.pdf  ·  PDF 文档"]
    assert tags_en == ["手册.txt  ·  text", "报告.txt  ·  DOCX", "书.pdf  ·  PDF"]
