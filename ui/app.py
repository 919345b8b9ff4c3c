"""Start the app: QApplication, translations, the qasync loop, the crash-proof exception hook."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback

from core.errors import CorpusmithError
from core.logs import setup_logging
from core.paths import resource_path
from core.settings import AppSettings
from ui.qt import QApplication, QMessageBox, QTranslator, qasync

log = logging.getLogger("corpusmith.ui")


def make_application(argv: list[str] | None = None, language: str = "zh_CN") -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Corpusmith")
    app.setOrganizationName("Corpusmith")
    install_translator(app, language)
    return app


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Source strings are Chinese; any other language is a .qm file under resources/i18n."""
    if language.startswith("zh"):
        return None
    translator = QTranslator(app)
    if translator.load(str(resource_path("i18n", f"corpusmith_{language}.qm"))):
        app.installTranslator(translator)
        app._corpusmith_translator = translator  # keep it alive as long as the app
        return translator
    log.warning("no translation file for %s; showing Chinese", language)
    return None


def install_excepthook(log_file: str) -> None:
    """An unexpected error is logged and shown as one short message; the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, CorpusmithError):
            text = str(exc)
        else:
            log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
            text = QApplication.translate(
                "App", "出现了一个意外错误，已记录到日志：\n{0}\n\n你的项目数据已经保存，可以继续操作。"
            ).format(log_file)
        if QApplication.instance() is not None:
            QMessageBox.warning(None, QApplication.translate("App", "出错了"), text)

    sys.excepthook = hook


def run_app(argv: list[str]) -> int:
    settings = AppSettings.load()
    log_file = setup_logging()
    app = make_application(argv, settings.language)
    install_excepthook(str(log_file))

    from ui.main_window import MainWindow

    async def main() -> None:
        window = MainWindow(settings)
        window.show()
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        await closed.wait()

    try:
        qasync.run(main())
    except asyncio.CancelledError:
        pass
    return 0
