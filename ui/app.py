"""Start the app: QApplication, translations, the qasync loop, the crash-proof exception hook."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from pathlib import Path

from core.errors import CorpusmithError
from core.logs import setup_logging
from core.messages import set_language as set_core_language
from core.paths import resource_path
from core.settings import AppSettings, resolve_language
from ui.dialogs import warn
from ui.qt import QApplication, QCoreApplication, QIcon, QLocale, QtCore, QTranslator, qasync

log = logging.getLogger("corpusmith.ui")


def make_application(argv: list[str] | None = None, language: str = "system") -> QApplication:
    """The QApplication, with the UI language installed: `language` is the setting ("system",
    "zh_CN" or "en"); "system" follows the OS locale (see core.settings.resolve_language)."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Corpusmith")
    app.setOrganizationName("Corpusmith")
    system = QLocale.system().name()
    ui_language = resolve_language(language, system)
    locale = default_locale_for(ui_language, system)
    if locale:
        QLocale.setDefault(QLocale(locale))
    install_translators(app, ui_language)
    return app


def default_locale_for(ui_language: str, system_locale: str) -> str | None:
    """The locale to make Qt's default (dates and numbers in standard dialogs), or None to keep
    the system's: only when the UI language is not the system's own, so an English UI on a
    Chinese system does not show Chinese dates, while an English UI on en_GB keeps British ones."""
    return None if resolve_language("system", system_locale) == ui_language else ui_language


def qt_translations_dir() -> Path:
    """Where Qt's own translations (qtbase_*.qm: standard buttons, file dialogs, context menus)
    are: Qt's configured path, else the PySide6 package's Qt/translations (a frozen build)."""
    configured = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath))
    if any(configured.glob("qtbase_*.qm")):
        return configured
    bundled = Path(QtCore.__file__).resolve().parent / "Qt" / "translations"
    return bundled if any(bundled.glob("qtbase_*.qm")) else configured


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for a UI language and return them (in installation order; undo
    with remove_translators). Our source strings are Chinese and Qt's are English, so:
    zh_CN loads Qt's qtbase_zh_CN.qm (standard buttons, file dialogs, context menus in Chinese);
    en loads our corpusmith_en.qm. "system" or an unknown value follows the OS locale."""
    language = resolve_language(language, QLocale.system().name())
    set_core_language("zh" if language == "zh_CN" else "en")  # what core says, in the same language
    if language == "zh_CN":
        wanted = [("qtbase_zh_CN", qt_translations_dir())]
    else:
        wanted = [(f"corpusmith_{language}", resource_path("i18n"))]
    installed = []
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation file %s.qm not found in %s", name, folder)
    # keep them alive as long as the app (a translator that is garbage-collected stops working)
    app._corpusmith_translators = [*getattr(app, "_corpusmith_translators", []), *installed]
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo install_translators (tests, or a future switch without restarting)."""
    kept = getattr(app, "_corpusmith_translators", [])
    for translator in translators:
        app.removeTranslator(translator)
        if translator in kept:
            kept.remove(translator)


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Our own translation only (None for Chinese, the source language). Kept for older callers;
    the app uses install_translators, which also loads Qt's own translation."""
    if language.startswith("zh") or resolve_language(language, QLocale.system().name()) == "zh_CN":
        return None
    translators = install_translators(app, language)
    return translators[0] if translators else None


def install_excepthook(log_file: str) -> None:
    """An unexpected error is logged and shown as one short message; the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, CorpusmithError):
            text = str(exc)
            log.warning("%s", exc)
        else:
            log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
            text = QApplication.translate(
                "App", "出现了一个意外错误，已记录到日志：\n{0}\n\n你的项目数据已经保存，可以继续操作。"
            ).format(log_file)
        task = getattr(exc, "corpusmith_task", None)  # set by ui/background.py
        if task:
            text = QApplication.translate("App", "“{0}”没有完成：").format(task) + "\n" + text
        if QApplication.instance() is not None:
            # not QMessageBox.warning(): its nested event loop would stall every running job
            warn(None, QApplication.translate("App", "出错了"), text)

    sys.excepthook = hook


def apply_look(app: QApplication, theme: str) -> None:
    """Version, icon, style and palette (light/dark, following the desktop unless pinned).
    High-DPI needs nothing here: Qt 6 scales by the screen's factor (PassThrough rounding), and
    the icon is a 512 px PNG, so it stays sharp at 200 %."""
    from core import __version__
    from ui.theme import apply_theme, follow_system_theme

    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "corpusmith.png"))))
    apply_theme(app, theme)
    follow_system_theme(app)


def run_app(argv: list[str]) -> int:
    settings = AppSettings.load()
    log_file = setup_logging()
    app = make_application(argv, settings.language)
    install_excepthook(str(log_file))
    apply_look(app, settings.theme)

    from ui.main_window import MainWindow

    async def main() -> None:
        from ui.background import counting_executor, install_collector

        # Automatic garbage collection off; a GUI-thread timer collects instead (a collection in
        # a worker thread could delete Qt objects there). Thread work is counted, so closing a
        # project waits for it (ui/background.py).
        install_collector(app)
        counting_executor(asyncio.get_running_loop())
        window = MainWindow(settings)
        window.show()
        window.restore_session()  # the project open when the app was last closed, if any
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        await closed.wait()

    try:
        qasync.run(main())
    except asyncio.CancelledError:
        pass
    return 0
