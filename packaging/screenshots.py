"""Grab every page of the real window, offscreen, over the bundled demo project, for the README.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [docs/screenshots] [--lang en]

Needs a CJK font (Debian: fonts-noto-cjk), or Chinese renders as boxes. Settings are isolated
in a temporary folder, so the user's own settings and keys are never read or written.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def grab_all(out: Path, lang: str, theme: str = "light") -> list[Path]:
    from core.demo import build_demo_project
    from core.settings import AppSettings
    from ui.main_window import MainWindow
    from ui.widgets.about_dialog import AboutDialog
    from ui.widgets.settings_dialog import MODEL_TAB, SettingsDialog

    suffix = ("" if lang.startswith("zh") else f"_{lang}") + ("" if theme == "light" else f"_{theme}")
    shots: list[Path] = []

    async def save(widget, name: str) -> None:
        # Qt events run through the loop (never processEvents() inside this task: an async slot a
        # timer fires there could not start while this task runs, e.g. the export preview)
        for _ in range(5):
            await asyncio.sleep(0.02)
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        shots.append(path)

    window = MainWindow(AppSettings(language=lang))
    window.settings.save = lambda *a, **k: None
    window.resize(1280, 800)
    window.show()
    await save(window, "welcome")

    project = Path(tempfile.mkdtemp(prefix="corpusmith-shots-")) / "demo.corpus"
    build_demo_project(project)
    window.open_project(project)
    await asyncio.sleep(0.3)
    for name, page in (("crawl", window.crawl), ("documents", window.documents), ("chat", window.chat),
                       ("generate", window.generate), ("review", window.review), ("export", window.export)):
        window.tabs.setCurrentWidget(page)
        if page is window.review:
            page.table.selectRow(0)
        if page is window.documents and page.documents.count():
            page.documents.setCurrentRow(0)
            await asyncio.sleep(0.5)  # the script is parsed in a thread
        if page is window.export:
            await asyncio.sleep(1.0)  # the first-record preview is written in a thread, debounced
        if page is window.chat and page.chats.count():
            page.chats.setCurrentRow(0)
            await asyncio.sleep(0.3)
        await asyncio.sleep(0.2)
        await save(window, name)
    settings = SettingsDialog(window.settings, window, MODEL_TAB)
    settings.show()
    await save(settings, "settings")
    settings.close()
    about = AboutDialog(window)
    about.show()
    await save(about, "about")
    about.close()
    window.close()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CORPUSMITH_CONFIG_DIR"] = tempfile.mkdtemp(prefix="corpusmith-shots-cfg-")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from ui.app import make_application
    from ui.qt import qasync
    from ui.theme import apply_theme

    app = make_application([sys.argv[0]], args.lang)
    apply_theme(app, args.theme)
    shots = qasync.run(grab_all(out, args.lang, args.theme))
    for p in shots:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
