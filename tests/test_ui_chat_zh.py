"""The chat import preview and the import result in the Chinese window: the records that cannot be
read, the file that is not JSON, the reader's notes and the page's result lines are Chinese."""

from __future__ import annotations

import json
import re

import pytest
from chat_fixtures import write_competition_json

from core.messages import set_language
from core.settings import AppSettings
from ui.main_window import MainWindow
from ui.pages.chat import read_outcomes
from ui.widgets.chat_import_dialog import ChatImportDialog

ENGLISH = re.compile(r"\b[A-Za-z]+(?:[ ,']+[A-Za-z]+){3,}")


@pytest.fixture
def chinese():
    set_language("zh")  # what ui/app.py does for the Chinese window
    yield
    set_language(None)


def files(tmp_path):
    records = json.loads(write_competition_json(tmp_path).read_text(encoding="utf-8"))
    records.insert(1, {"chat_text": 42})
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"chat_text": "a', encoding="utf-8")
    return partial, bad


def test_import_preview_speaks_chinese(qtbot, tmp_path, qt_run, chinese):
    partial, bad = files(tmp_path)
    dialog = ChatImportDialog(qt_run(read_outcomes([partial, bad], "auto")), read_outcomes)
    qtbot.addWidget(dialog)
    problems = dialog.problems.toPlainText()
    assert "跳过：第 2 条记录：\"chat_text\" 是数字，不是文本" in problems
    assert "读到 5 条引用回复，其中 5 条已连到被引用的消息" in problems
    dialog.show_file(1)
    facts = dialog.facts.text()
    assert facts.startswith("无法导入：“bad.json”不是有效的 JSON：第 1 行")
    # JSON's own error words ("Unterminated string …") are a parameter, as file names are
    assert not ENGLISH.findall(problems + re.sub(r"（[^）]*）", "", facts))


def test_import_result_lines_speak_chinese(qtbot, tmp_path, qt_run, chinese):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(tmp_path / "chat.corpus", create=True)
    partial, bad = files(tmp_path)
    lines = qt_run(w.chat.import_files([partial, bad], confirm=False))
    assert lines[0].startswith("已导入 partial.json：3 个聊天") and "跳过 1 条无法读取的记录" in lines[0]
    assert lines[1] == "  · 第 2 条记录：\"chat_text\" 是数字，不是文本——把整段聊天写成一个字符串"
    assert lines[2].startswith("未导入：“bad.json”不是有效的 JSON")
