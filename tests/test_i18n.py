"""Every user-visible string goes through tr(); English is a translation file, kept complete."""

import shutil
import xml.etree.ElementTree as ET

from core import __version__
from core.settings import AppSettings
from ui.app import install_translator, install_translators, remove_translators
from ui.i18n import run_lrelease, run_lupdate, ts_path
from ui.qt import QApplication


def test_english_translation_is_complete_and_compiled(tmp_path):
    ts = tmp_path / "en.ts"
    shutil.copy(ts_path("en"), ts)
    run_lupdate(ts)  # adds any new tr() string as unfinished
    messages = list(ET.parse(ts).iter("message"))
    assert len(messages) > 100
    untranslated = [m.find("source").text for m in messages
                    if m.find("translation").get("type") == "unfinished" or not m.find("translation").text]
    assert untranslated == [], "run `python -m ui.i18n` and translate these in resources/i18n/corpusmith_en.ts"
    qm = tmp_path / "en.qm"
    run_lrelease(ts, qm)
    assert qm.read_bytes() == ts_path("en").with_suffix(".qm").read_bytes(), (
        "corpusmith_en.qm is stale: run `python -m ui.i18n`"
    )


def test_main_window_in_english(qtbot):
    from ui.main_window import MainWindow

    app = QApplication.instance()
    translators = install_translators(app, "en")
    assert len(translators) == 1
    try:
        w = MainWindow(AppSettings(language="en"))
        qtbot.addWidget(w)
        assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["URL crawl", "Documents", "Group chat", "Generate", "Review", "Export"]
        assert w.review.accept_action.text() == "Accept (A)"
        assert w.windowTitle() == f"Corpusmith {__version__}"
    finally:
        remove_translators(app, translators)


def test_install_translator_still_answers_for_older_callers(qapp):
    app = QApplication.instance()
    assert install_translator(app, "zh_CN") is None  # Chinese is the source language
    translator = install_translator(app, "en")
    try:
        assert translator is not None and app.translate("MainWindow", "审阅") == "Review"
    finally:
        remove_translators(app, [translator])
    assert app.translate("MainWindow", "审阅") == "审阅"
