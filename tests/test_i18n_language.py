"""The UI language: Chinese on a Chinese system, English otherwise, or the user's explicit choice;
Qt's own strings (standard buttons, context menus, file dialogs) follow it via qtbase_*.qm."""

from __future__ import annotations

import json

import pytest

from core.settings import AppSettings, resolve_language
from ui.app import default_locale_for, install_translators, qt_translations_dir, remove_translators
from ui.qt import QApplication, QCoreApplication, QLineEdit, QMessageBox


@pytest.mark.parametrize(("setting", "system", "expected"), [
    ("system", "zh_CN", "zh_CN"),
    ("system", "zh_SG", "zh_CN"),
    ("system", "zh_TW", "zh_CN"),  # Traditional-script systems too: the only Chinese UI there is
    ("system", "zh_HK", "zh_CN"),
    ("system", "zh", "zh_CN"),
    ("system", "zh-Hans-CN", "zh_CN"),
    ("system", "en_US", "en"),
    ("system", "en_GB", "en"),
    ("system", "ja_JP", "en"),
    ("system", "de_DE", "en"),
    ("system", "C", "en"),
    ("system", "", "en"),
    ("system", "zu_ZA", "en"),  # not "zh"
    ("zh_CN", "en_US", "zh_CN"),  # an explicit choice wins over the system
    ("en", "zh_CN", "en"),
    ("fr", "zh_CN", "zh_CN"),  # unknown (a newer version's value?): as "system"
    ("fr", "en_US", "en"),
    ("", "zh_TW", "zh_CN"),
])
def test_resolve_language(setting, system, expected):
    assert resolve_language(setting, system) == expected


def test_fresh_settings_follow_the_system_and_saved_choices_stay(tmp_path):
    assert AppSettings().language == "system"
    assert AppSettings.load(tmp_path / "none.json").language == "system"
    old = tmp_path / "settings.json"
    old.write_text(json.dumps({"language": "zh_CN", "recent_projects": []}), encoding="utf-8")
    assert AppSettings.load(old).language == "zh_CN"  # a file from before keeps its explicit choice
    s = AppSettings(language="en")
    s.save(old)
    assert AppSettings.load(old).language == "en"


def test_default_locale_only_changes_when_the_ui_is_not_the_system_language():
    assert default_locale_for("en", "zh_CN") == "en"  # no Chinese dates in an English file dialog
    assert default_locale_for("zh_CN", "de_DE") == "zh_CN"
    assert default_locale_for("en", "en_GB") is None  # keep British dates
    assert default_locale_for("en", "de_DE") is None  # an English UI keeps the user's regional format
    assert default_locale_for("zh_CN", "zh_TW") is None


def test_qt_translations_are_where_the_app_looks():
    folder = qt_translations_dir()
    assert (folder / "qtbase_zh_CN.qm").is_file(), folder


@pytest.fixture
def chinese(qapp):
    translators = install_translators(qapp, "zh_CN")
    assert len(translators) == 1, "qtbase_zh_CN.qm did not load"
    try:
        yield qapp
    finally:
        remove_translators(qapp, translators)


def test_chinese_translates_qts_own_strings(chinese, qtbot):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "正文",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert "全选" in [a.text().split("\t")[0] for a in menu.actions()]
    menu.deleteLater()


def test_chinese_main_window_keeps_its_chinese(chinese, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(AppSettings(language="zh_CN"))
    qtbot.addWidget(w)
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["网址抓取", "文档", "群聊", "生成", "审阅", "导出"]


def test_english_loads_ours_and_removing_restores_chinese(qapp, qtbot):
    translators = install_translators(qapp, "en")
    try:
        assert len(translators) == 1
        assert QCoreApplication.translate("MainWindow", "审阅") == "Review"
        box = QMessageBox(QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"  # Qt's own English
    finally:
        remove_translators(qapp, translators)
    assert QCoreApplication.translate("MainWindow", "审阅") == "审阅"
    assert translators[0] not in getattr(QApplication.instance(), "_corpusmith_translators", [])
