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
    from service_helpers import save_service

    window.open_project(tmp_path / "p.corpus", create=True)
    page = window.generate
    picker = page.service_picker

    def choose(name, base_url, provider="Custom", model="m", key=""):
        save_service(window.settings, name, base_url, model, key=key, provider=provider)
        picker.reload()
        assert picker.select(name)

    # a new user: DeepSeek, no key yet; said before anyone clicks, and Start explains instead of calling
    assert picker.name() == "DeepSeek"
    assert not page.provider_banner.isHidden() and "API Key" in page.provider_banner.label.text()
    assert qt_run(page.run_flow()) is None
    assert "无法开始" in page.stage_label.text() and "API Key" in page.stage_label.text()
    choose("空地址", "")
    assert "接口地址" in page.provider_banner.label.text()
    choose("没写协议", "localhost:11434/v1")
    assert "http://" in page.provider_banner.label.text()  # says what is wrong, not "no key"
    # servers that need no key: this computer (any spelling), or a custom one elsewhere
    for url, preset in (("http://127.0.0.1:11434/v1", "DeepSeek"), ("HTTP://LOCALHOST:8000/v1", "DeepSeek"),
                        ("http://[::1]:8000/v1", "DeepSeek"), ("http://gpu-box:8000/v1", "Custom"),
                        ("http://192.168.1.5:11434/v1", "Ollama")):
        choose(url, url, provider=preset)
        assert page.provider_banner.isHidden() and picker.missing() == "", (url, preset)
    # the banner's button, and "更改…" beside the choice, open the settings on the model tab
    picker.select("空地址")
    for button in (page.provider_banner.settings_button, picker.change_button):
        button.click()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None and dialog.tabs.currentIndex() == MODEL_TAB
        dialog.reject()
        dialog.deleteLater()
        QApplication.processEvents()
    chat = window.chat
    assert chat.provider_banner.isHidden() == (chat.service_picker.missing() == "")


def test_settings_dialog_applies_theme_language_and_services(window, qt_run, tmp_path):
    import keyring

    from core.llm.services import service_key_name

    with FakeOpenAI() as server:
        dialog = window.open_settings(MODEL_TAB)
        editor = dialog.services
        editor.name.setText("测试服务")  # the new user's DeepSeek, renamed and pointed elsewhere
        form = editor.form
        form.preset.setCurrentIndex(form.preset.findData("Custom"))
        form.base_url.setText(server.base_url)
        form.model.setEditText("fake-model")
        form.api_key.setText(DEFAULT_KEY)
        qt_run(form.on_test())
        assert form.test_result.text().startswith("✔"), form.test_result.text()
        name = service_key_name("测试服务")
        assert keyring.get_password("corpusmith", name) is None  # a passed test saves nothing yet
        dialog._select(dialog.theme, "dark")
        dialog._select(dialog.language, "en")
        assert "重新启动" in dialog.restart_note.text()
        dialog.accept()
        assert keyring.get_password("corpusmith", name) == DEFAULT_KEY  # OK saved it
        assert window.settings.theme == "dark" and window.settings.language == "en"
        assert window.language_actions["en"].isChecked()  # the menu follows the dialog
        assert window.settings.services[0]["base_url"] == server.base_url
        assert DEFAULT_KEY not in str(window.settings.services)
        # both LLM pages list it under its new name, and their banners go away
        for picker in (window.generate.service_picker, window.chat.service_picker, window.chat.predict.service_picker):
            assert picker.name() == "测试服务" and picker.settings().base_url == server.base_url
        assert window.generate.provider_banner.isHidden()
        app = QApplication.instance()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        saved = AppSettings.load()
        assert saved.theme == "dark" and saved.services[0]["model"] == "fake-model"
        # an emptied key field forgets the stored key on OK
        dialog = window.open_settings(MODEL_TAB)
        dialog.services.form.api_key.setText("")
        dialog.accept()
        assert keyring.get_password("corpusmith", name) is None
    apply_theme(app, "light")


def test_settings_ok_without_edits_leaves_the_pages_alone(window):
    from service_helpers import save_service

    save_service(window.settings, "本地", "http://localhost:11434/v1", "qwen2.5:7b", key="")
    before = [dict(s) for s in window.settings.services]
    picker = window.generate.service_picker
    picker.reload()
    picker.select("本地")
    dialog = window.open_settings(MODEL_TAB)
    assert dialog.services.list.currentItem().text() == "本地"  # opens on the service in use
    changed = window.apply_settings(dialog) if dialog.services.changed() else {}
    dialog.accept()  # nothing touched on the model tab
    assert "services" not in changed and window.settings.services == before
    assert picker.name() == "本地"


def test_settings_change_during_a_job_reaches_the_page_when_it_ends(window, qt_run, tmp_path):
    import asyncio

    from service_helpers import use_service

    window.open_project(tmp_path / "p.corpus", create=True)
    (tmp_path / "t.txt").write_text("林晚在长安开了一家客栈。" * 40, encoding="utf-8")
    page = window.generate
    with FakeOpenAI() as server:
        server.latency = 0.3
        use_service(page.service_picker, server)

        async def scenario():
            await page.import_files([tmp_path / "t.txt"])
            job = asyncio.ensure_future(page.run_flow())
            while server.calls == 0 and not job.done():
                await asyncio.sleep(0.02)
            assert page.running() and not page.service_picker.isEnabled()  # a run keeps the service it started with
            dialog = window.open_settings(MODEL_TAB)
            dialog.services.form.model.setEditText("fake-model-large")
            dialog.accept()
            await asyncio.sleep(0.5)
            page.cancel()
            await job

        qt_run(scenario())
    assert {b["model"] for b in server.bodies} == {"fake-model"}  # not swapped under the running job
    assert page.service_picker.isEnabled() and page.service_picker.settings().model == "fake-model-large"


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
        generate = w.generate
        for i in range(generate.flow_kind.count()):  # each flow's options widen the page as they need
            generate.flow_kind.setCurrentIndex(i)
            page = generate.minimumSizeHint()
            assert page.width() <= 1366 and page.height() <= 640, (language, generate.flow_kind.itemData(i), page)
    finally:
        remove_translators(app, translators)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_generate_flow_fields_are_whole_at_1280_by_800(qtbot, tmp_path, language):
    """At the window's default size every field of every Generate flow is shown whole, without
    scrolling: the task's options first, the one-line model service and Run below them."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractButton

    from ui.app import install_translators, remove_translators
    from ui.qt import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

    app = QApplication.instance()
    translators = install_translators(app, language) if language != "zh_CN" else []
    try:
        w = MainWindow(AppSettings(language=language))
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        assert w.open_project(tmp_path / "fit.corpus", create=True)
        w.tabs.setCurrentWidget(w.generate)
        page = w.generate
        viewport = page.options_area.viewport()
        kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox)
        for i in range(page.flow_kind.count()):
            page.flow_kind.setCurrentIndex(i)
            app.processEvents()
            kind = page.flow_kind.itemData(i)
            fields = [x for x in page.flow_stack.currentWidget().findChildren(QWidget)
                      if isinstance(x, kinds) and x.isVisible()]
            assert len(fields) >= 3, kind
            for field in fields:
                at = field.mapTo(viewport, QPoint(0, 0))
                inside = (at.x() >= 0 and at.y() >= 0 and at.x() + field.width() <= viewport.width()
                          and at.y() + field.height() <= viewport.height())
                chain = []
                x = field
                while x is not None and x is not viewport:
                    chain.append((type(x).__name__, x.geometry().getRect(), x.minimumSizeHint().width()))
                    x = x.parentWidget()
                assert inside, str((language, kind, type(field).__name__, at, field.size(), viewport.size(), chain))
                assert field.width() >= field.minimumSizeHint().width(), (language, kind, type(field).__name__)
            for always in (page.service_picker.combo, page.service_picker.change_button, page.run_button):
                assert always.isVisible() and always.visibleRegion().boundingRect().size() == always.size()
    finally:
        remove_translators(app, translators)
