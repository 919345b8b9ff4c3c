"""The window around the pages: version and icon, About with licences, Settings (language, theme,
model service with its connection test), the "no model service yet" banner, remembered geometry
and last project, the dark palette, Review's keyboard shortcuts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core import __version__
from core.licenses import bundled_libraries
from core.model import Sample
from core.settings import AppSettings
from core.store import Store
from ui.main_window import MainWindow
from ui.qt import QApplication, QPalette, Qt
from ui.theme import apply_theme, dark_palette
from ui.widgets.about_dialog import AboutDialog
from ui.widgets.settings_dialog import MODEL_TAB, SettingsDialog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def window(qtbot):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    return w


def test_version_comes_from_pyproject_and_shows_in_title_and_about(window, qtbot):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert __version__ == pyproject["project"]["version"]
    assert window.windowTitle().endswith(__version__)
    assert not window.windowIcon().isNull()
    about = AboutDialog(window)
    qtbot.addWidget(about)
    assert f"版本 {__version__}" in about.title.text()
    assert "LGPL" in about.qt_notice.text() and "PySide6" in about.qt_notice.text()
    names = {about.table.item(r, 0).text(): about.table.item(r, 2).text() for r in range(about.table.rowCount())}
    assert "LGPL" in names["PySide6_Essentials"]
    assert names["openai"] == "Apache-2.0"


def test_bundled_libraries_cover_every_runtime_dependency_and_no_dev_extra():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    libs = {lib.name.lower().replace("_", "-"): lib for lib in bundled_libraries()}
    for req in pyproject["project"]["dependencies"]:
        name = req.split(">")[0].split("<")[0].split("=")[0].strip().lower().replace("_", "-")
        assert name in libs, name
        assert libs[name].direct and libs[name].license, name
    for dev in ("pytest", "datasets", "ruff", "pytest-qt"):
        assert dev not in libs  # extras are not shipped, so not listed
    assert "certifi" in libs and not libs["certifi"].direct  # indirect ones are listed too


def test_no_provider_banner_offers_settings_and_run_does_not_call(window, qt_run, tmp_path):
    window.open_project(tmp_path / "p.corpus", create=True)
    page = window.generate
    form = page.provider
    form.preset.setCurrentIndex(form.preset.findData("Custom"))
    form.base_url.setText("")
    assert not page.provider_banner.isHidden()
    assert "接口地址" in page.provider_banner.label.text()
    form.base_url.setText("localhost:11434/v1")
    assert "http://" in page.provider_banner.label.text()  # says what is wrong, not "no key"
    # a cloud preset needs a key: said before anyone clicks, and Start explains instead of calling
    form.preset.setCurrentIndex(form.preset.findData("DeepSeek"))
    form.model.setEditText("deepseek-chat")
    form.api_key.setText("")
    assert not page.provider_banner.isHidden() and "API Key" in page.provider_banner.label.text()
    assert qt_run(page.run_flow()) is None
    assert "无法开始" in page.stage_label.text() and "API Key" in page.stage_label.text()
    # servers that need no key: this computer (any spelling), or a custom one elsewhere
    for url, preset in (("http://127.0.0.1:11434/v1", "DeepSeek"), ("HTTP://LOCALHOST:8000/v1", "DeepSeek"),
                        ("http://[::1]:8000/v1", "DeepSeek"), ("http://gpu-box:8000/v1", "Custom"),
                        ("http://192.168.1.5:11434/v1", "Ollama")):
        form.preset.setCurrentIndex(form.preset.findData(preset))
        form.base_url.setText(url)
        form.model.setEditText("m")
        assert page.provider_banner.isHidden() and form.missing() == "", (url, preset)
    # the banner's button opens the settings on the model tab
    form.base_url.setText("")
    page.provider_banner.settings_button.click()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.tabs.currentIndex() == MODEL_TAB
    dialog.reject()
    chat = window.chat
    assert chat.provider_banner.isHidden() == (chat.provider.missing() == "")


def test_settings_dialog_applies_theme_language_and_provider(window, qt_run, tmp_path):
    import keyring

    from core.llm.providers import key_name

    with FakeOpenAI() as server:
        dialog = window.open_settings(MODEL_TAB)
        form = dialog.provider
        form.preset.setCurrentIndex(form.preset.findData("Custom"))
        form.base_url.setText(server.base_url)
        form.model.setEditText("fake-model")
        form.api_key.setText(DEFAULT_KEY)
        qt_run(form.on_test())
        assert form.test_result.text().startswith("✔"), form.test_result.text()
        name = key_name(form.settings())
        assert keyring.get_password("corpusmith", name) is None  # a passed test saves nothing yet
        dialog._select(dialog.theme, "dark")
        dialog._select(dialog.language, "en")
        assert "重新启动" in dialog.restart_note.text()
        dialog.accept()
        assert keyring.get_password("corpusmith", name) == DEFAULT_KEY  # OK saved it
        assert window.settings.theme == "dark" and window.settings.language == "en"
        assert window.language_actions["en"].isChecked()  # the menu follows the dialog
        assert window.settings.llm["base_url"] == server.base_url
        assert "api_key" not in str(window.settings.llm) and DEFAULT_KEY not in str(window.settings.llm)
        # pushed into both LLM pages, whose banners go away
        assert window.generate.provider.base_url.text() == server.base_url
        assert window.chat.provider.model.currentText() == "fake-model"
        assert window.generate.provider_banner.isHidden()
        app = QApplication.instance()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        saved = AppSettings.load()
        assert saved.theme == "dark" and saved.llm["model"] == "fake-model"
        # an emptied key field forgets the stored key on OK
        dialog = window.open_settings(MODEL_TAB)
        dialog.provider.api_key.setText("")
        dialog.accept()
        assert keyring.get_password("corpusmith", name) is None
    apply_theme(app, "light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_settings_ok_without_edits_leaves_the_pages_alone(window):
    page = window.generate.provider
    page.preset.setCurrentIndex(page.preset.findData("DeepSeek"))
    page.api_key.setText("sk-typed-on-the-page")
    dialog = window.open_settings(MODEL_TAB)
    dialog.accept()  # nothing touched on the model tab
    assert page.preset.currentData() == "DeepSeek" and page.key() == "sk-typed-on-the-page"
    assert window.settings.llm == {}


def test_settings_change_during_a_job_reaches_the_page_when_it_ends(window, qt_run, tmp_path):
    import asyncio

    from core.llm.providers import ProviderSettings

    window.open_project(tmp_path / "p.corpus", create=True)
    (tmp_path / "t.txt").write_text("林晚在长安开了一家客栈。" * 40, encoding="utf-8")
    page = window.generate
    with FakeOpenAI() as server:
        server.latency = 0.3
        form = page.provider
        form.preset.setCurrentIndex(form.preset.findData("Custom"))
        form.base_url.setText(server.base_url)
        form.model.setEditText("fake-model")

        async def scenario():
            await page.import_files([tmp_path / "t.txt"])
            job = asyncio.ensure_future(page.run_flow())
            while not page.running():
                await asyncio.sleep(0.02)
            page.offer_provider(ProviderSettings(base_url="http://127.0.0.1:9/v1", model="next-model"))
            assert form.model.currentText() == "fake-model"  # not swapped under the running job
            page.cancel()
            await job

        qt_run(scenario())
    assert form.model.currentText() == "next-model" and form.base_url.text() == "http://127.0.0.1:9/v1"


def test_theme_follows_a_dark_desktop_that_reports_no_scheme(qapp):
    from ui.theme import system_is_dark

    saved = getattr(qapp, "_corpusmith_platform_palette", None)
    try:
        qapp._corpusmith_platform_palette = dark_palette()  # what such a desktop hands the app
        assert system_is_dark(qapp, Qt.ColorScheme.Unknown)
        assert apply_theme(qapp, "system", Qt.ColorScheme.Unknown) is True
    finally:
        qapp._corpusmith_platform_palette = saved
        apply_theme(qapp, "light")


def test_settings_file_with_wrong_types_falls_back_per_field(tmp_path):
    import json

    f = tmp_path / "settings.json"
    f.write_text(json.dumps({"window_geometry": 1, "theme": "dark", "recent_projects": "x"}), encoding="utf-8")
    s = AppSettings.load(f)
    assert (s.window_geometry, s.theme, s.recent_projects) == ("", "dark", [])


def test_dark_palette_is_readable():
    p = dark_palette()
    for bg, fg in ((QPalette.ColorRole.Window, QPalette.ColorRole.WindowText),
                   (QPalette.ColorRole.Base, QPalette.ColorRole.Text),
                   (QPalette.ColorRole.Button, QPalette.ColorRole.ButtonText),
                   (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText)):
        assert abs(p.color(fg).lightness() - p.color(bg).lightness()) > 100


def test_geometry_and_last_project_are_remembered(qtbot, tmp_path):
    project = tmp_path / "last.corpus"
    with Store.create(project) as store:
        store.add_samples([Sample.qa("问", "答", source_id=None)])
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    w.resize(w.width(), 612)
    assert w.open_project(project)
    w.close()
    saved = AppSettings.load()
    assert saved.window_geometry and saved.last_project == str(project.absolute())

    w2 = MainWindow(saved)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.height() == 612  # (the offscreen screen is 800 px wide: the width is clamped)
    assert w2.restore_session() and w2.store is not None and w2.store.path == project.absolute()
    assert w2.tabs.currentWidget() is w2.review  # a project with samples opens on Review
    w2.close_project_by_user()
    assert AppSettings.load().last_project == ""  # closed on purpose: next start shows welcome
    w2.close()

    w3 = MainWindow(AppSettings.load())
    qtbot.addWidget(w3)
    assert not w3.restore_session() and w3.stack.currentWidget() is w3.welcome


def test_a_damaged_last_project_is_reported_once(qtbot, tmp_path, monkeypatch):
    warnings = []  # shown with ui.dialogs.warn (opened, not a nested event loop)
    monkeypatch.setattr("ui.main_window.warn", lambda *a, **k: warnings.append(a[2]))
    bad = tmp_path / "bad.corpus"
    bad.write_bytes(b"not a project at all" * 100)
    w = MainWindow(AppSettings(last_project=str(bad)))
    qtbot.addWidget(w)
    assert not w.restore_session() and len(warnings) == 1
    assert w.settings.last_project == "" and AppSettings.load().last_project == ""
    assert not w.restore_session() and len(warnings) == 1  # the next start says nothing


def test_review_keyboard(window, qtbot, tmp_path):
    project = tmp_path / "r.corpus"
    with Store.create(project) as store:
        store.add_samples([Sample.qa(f"问题{i}", f"回答{i}", source_id=None) for i in range(3)])
    window.open_project(project)
    review = window.review
    review.table.setFocus()
    review.table.selectRow(0)
    qtbot.keyClick(review.table, Qt.Key.Key_A)
    assert window.store.get_sample(review.model.sample_id(0)).status == "accepted"
    assert review.table.currentIndex().row() == 1  # moved on to the next sample
    qtbot.keyClick(review.table, Qt.Key.Key_R)
    assert window.store.get_sample(review.model.sample_id(1)).status == "rejected"
    qtbot.keyClick(review.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert review.search.hasFocus()
    qtbot.keyClick(review.search, Qt.Key.Key_Return)
    assert review.table.hasFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_F2)
    editors = review.editor.turn_editors()
    assert editors and editors[-1].text.hasFocus()


def test_thread_work_without_a_count_shows_a_busy_bar(window, qt_run):
    import asyncio
    import time

    from ui.widgets.busy import SHOW_AFTER_MS, busy

    page = window.documents
    seen = []

    async def slow_then_quick():
        async with busy(page, "正在慢慢做…"):
            await asyncio.to_thread(time.sleep, SHOW_AFTER_MS / 1000 + 1.0)  # margin for a busy CI
            seen.append((window.busy_bar.isVisible(), window.busy_bar.label.text()))
        seen.append(window.busy_bar.isVisible())
        async with busy(page, "很快"):
            await asyncio.sleep(0.01)
            seen.append(window.busy_bar.isVisible())  # quick work: no flicker

    qt_run(slow_then_quick())
    assert seen == [(True, "正在慢慢做…"), False, False]


def test_welcome_demo_opens_a_project_that_reviews_and_exports_without_a_key(window, qt_run, tmp_path):
    from core.demo import demo_project_path
    from core.export import ExportOptions

    assert window.stack.currentWidget() is window.welcome
    window.welcome.demo_button.click()  # schedules the (threaded) build on the running loop
    qt_run(_until(lambda: window.store is not None))
    assert window.store is not None and window.store.path == demo_project_path().absolute()
    assert window.tabs.currentWidget() is window.review
    rows = window.review.model.rowCount()
    assert rows == window.store.count() >= 20
    # the demo's crawled video is listed on the crawl page with what is stored
    assert window.crawl.videos.rowCount() == 1
    assert window.crawl.videos.item(0, 3).text().split(" / ")[1] == str(
        window.store.count_raw_items(source_id=window.store.sources()[1]["id"]))
    out = tmp_path / "demo_sharegpt.json"
    report = qt_run(window.export.run_export(ExportOptions(format="sharegpt", out=out)))
    assert report is not None and out.exists() and report.written > 0
    # the second time it opens the same copy, with the user's review work kept
    window.review.table.selectRow(0)
    window.review.set_status("rejected")
    window.close_project_by_user()
    assert qt_run(window.open_demo())
    assert window.store.get_sample(window.review.model.sample_id(0)).status == "rejected"


def test_dark_palette_follows_the_desktop_unless_pinned(qapp):
    from ui.theme import on_system_scheme_changed

    def window_lightness():
        return qapp.palette().color(QPalette.ColorRole.Window).lightness()

    try:
        apply_theme(qapp, "system", Qt.ColorScheme.Light)
        assert window_lightness() > 180
        assert on_system_scheme_changed(qapp, Qt.ColorScheme.Dark) is True and window_lightness() < 80
        assert on_system_scheme_changed(qapp, Qt.ColorScheme.Light) is False and window_lightness() > 180
        apply_theme(qapp, "light")  # pinned: the desktop going dark changes nothing
        assert on_system_scheme_changed(qapp, Qt.ColorScheme.Dark) is None and window_lightness() > 180
    finally:
        apply_theme(qapp, "light")


async def _until(condition, timeout: float = 20.0) -> None:
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_fits_a_laptop_screen(qtbot, language):
    """1366×768 with a task bar (about 700 px left): no page may demand more, in either language
    (English labels are longer; settings columns scroll instead of growing)."""
    from ui.app import install_translators, remove_translators

    app = QApplication.instance()
    translators = install_translators(app, language) if language != "zh_CN" else []
    try:
        w = MainWindow(AppSettings(language=language))
        qtbot.addWidget(w)
        w.show()
        need = w.minimumSizeHint()
        assert need.width() <= 1366 and need.height() <= 700, (language, need)
        for name in ("crawl", "documents", "chat", "generate", "review", "export"):
            page = getattr(w, name).minimumSizeHint()
            assert page.width() <= 1366 and page.height() <= 640, (language, name, page)
    finally:
        remove_translators(app, translators)
