"""The guided first run: the welcome page's three steps lead each kind of material to the tab
that reads it (making a project first), and Help → 使用指南 shows the bundled guide in the UI's
language."""

from __future__ import annotations

import re

import pytest

from core.messages import current_language, set_language
from core.settings import AppSettings
from ui.main_window import MainWindow
from ui.qt import QApplication, QFileDialog
from ui.widgets.guide_dialog import GuideDialog, guide_file


@pytest.fixture
def window(qtbot):
    previous = current_language()
    set_language("zh")  # what ui.app's install_translators does for the Chinese UI
    w = MainWindow(AppSettings(language="zh_CN"))
    qtbot.addWidget(w)
    w.settings.save = lambda *a, **k: None  # never touch the user's settings
    w.show()
    yield w
    set_language(previous)


@pytest.mark.parametrize(("kind", "tab"), [("crawl", "网址抓取"), ("documents", "文档"), ("chat", "群聊")])
def test_step_one_makes_a_project_and_opens_the_tab_for_the_material(window, tmp_path, monkeypatch, kind, tab):
    asked = []

    def save_dialog(*args, **kwargs):
        asked.append(args[1])
        return str(tmp_path / "first"), ""  # the user types a name without the suffix

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    assert window.stack.currentWidget() is window.welcome
    window.welcome.material_buttons[kind].click()
    assert asked == ["新建项目"]  # the New project flow, once
    assert window.store is not None and window.store.path == tmp_path / "first.corpus"
    assert window.stack.currentWidget() is window.tabs
    assert window.tabs.tabText(window.tabs.currentIndex()) == tab


def test_going_back_from_the_new_project_dialog_stays_on_the_welcome_page(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.welcome.material_buttons["chat"].click()
    assert window.store is None and window.stack.currentWidget() is window.welcome


def test_with_a_project_open_the_step_only_switches_tab(window, tmp_path, monkeypatch):
    assert window.open_project(tmp_path / "open.corpus", create=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("asked for a new project"))
    assert window.start_with_material("crawl")
    assert window.tabs.currentWidget() is window.crawl and window.store.path == tmp_path / "open.corpus"


def test_the_three_steps_are_on_the_welcome_page(window):
    texts = " ".join(label.text() for label in window.welcome.findChildren(type(window.welcome.recent_label)))
    for step in ("① 带来材料", "② 生成", "③ 审阅并导出"):
        assert step in texts
    assert [b.text() for b in window.welcome.material_buttons.values()] == [
        "B站视频 → 网址抓取", "文档、剧本、小说 → 文档", "群聊记录 → 群聊"]


def test_help_menu_shows_the_guide_in_the_ui_language(window):
    titles = [a.text() for a in window.menuBar().actions()]
    help_menu = window.menuBar().actions()[titles.index("帮助(&H)")].menu()
    assert "使用指南" in [a.text() for a in help_menu.actions()]
    window.guide_action.trigger()
    QApplication.processEvents()
    guide = next(w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog) and w.isVisible())
    text = guide.text.toPlainText()
    assert current_language() == "zh" and text.startswith("语料匠使用指南")
    for tab in ("网址抓取", "文档", "群聊", "生成", "审阅", "导出"):
        assert f"「{tab}」" in text  # the guide names the tabs as the window does
    guide.close()


def test_both_guides_are_bundled_plain_and_name_the_same_steps(qtbot):
    zh, en = (guide_file(lang).read_text(encoding="utf-8") for lang in ("zh", "en"))
    assert guide_file("zh") != guide_file("en")
    # the same sections in both, and short: a guide, not the README
    assert len(re.findall(r"^## ", zh, re.M)) == len(re.findall(r"^## ", en, re.M)) == 5
    assert len(zh) < 3000 and len(en) < 5000
    previous = current_language()
    try:
        set_language("en")
        dialog = GuideDialog()
        qtbot.addWidget(dialog)
        assert dialog.text.toPlainText().startswith("Corpusmith user guide")
    finally:
        set_language(previous)
