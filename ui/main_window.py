"""The main window: File menu, one page per stage, the open project in the title bar."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path

from core import __version__
from core.errors import CorpusmithError
from core.paths import resource_path
from core.settings import AppSettings
from core.store import PROJECT_SUFFIX, Store
from ui.background import Background, collect_soon, report_failure, task_name
from ui.dialogs import ask, choice, clicked, tell, warn
from ui.pages.chat import ChatPage, is_chat_export
from ui.pages.crawl import CrawlPage
from ui.pages.documents import DocumentsPage
from ui.pages.export import ExportPage
from ui.pages.generate import GeneratePage
from ui.pages.review import ReviewPage
from ui.pages.welcome import WelcomePage
from ui.qt import (
    QAction,
    QActionGroup,
    QApplication,
    QByteArray,
    QFileDialog,
    QIcon,
    QKeySequence,
    QLocale,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTabWidget,
)
from ui.theme import apply_page_spacing, apply_theme
from ui.widgets.about_dialog import AboutDialog
from ui.widgets.busy import BusyBar, busy
from ui.widgets.guide_dialog import GuideDialog
from ui.widgets.settings_dialog import GENERAL_TAB, MODEL_TAB, SettingsDialog


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or AppSettings.load()
        self.store: Store | None = None
        self.background = Background(self)  # every task the window starts (ui/background.py)
        self._settling: asyncio.Task | None = None  # "wait or cancel?" asked, or its answer awaited
        self.settle_box: QMessageBox | None = None  # that question, while it is shown
        self.setWindowIcon(QIcon(str(resource_path("icons", "corpusmith.png"))))
        self.resize(1280, 800)
        self._restore_geometry()

        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_project_dialog)
        self.welcome.open_requested.connect(self.open_project_dialog)
        self.welcome.demo_requested.connect(self.start_demo)
        self.welcome.recent_chosen.connect(self.open_project)
        self.welcome.material_chosen.connect(self.start_with_material)
        self.welcome.guide_requested.connect(self.show_guide)
        # Pages in the order of the data path; a page is added only once it works.
        self.crawl = CrawlPage()
        self.documents = DocumentsPage()
        self.generate = GeneratePage(self.settings)
        self.chat = ChatPage(self.settings)
        self.review = ReviewPage(settings=self.settings)
        self.export = ExportPage()
        # the pages' jobs, however started; stopping them the pages' way keeps what was paid for
        self.background.watch(self.generate.running, task_name("on_run_clicked"), self.generate.stop)
        self.background.watch(self.crawl.running, task_name("on_start_clicked"), self.crawl.stop)
        self.background.watch(self.chat.running, task_name("chat_job"), self.chat.stop)
        self.background.watch(self.review.judge.running, task_name("on_score_clicked"), self.review.judge.stop)
        for page in (self.documents, self.generate, self.chat):
            page.samples_added.connect(self.review.model.add_new)
            page.sources_changed.connect(self.review.reload_sources)
        self.chat.samples_changed.connect(self.review.model.reload)
        self.documents.samples_changed.connect(self.review.model.reload)
        for page in (self.generate, self.chat, self.review.judge):
            page.settings_requested.connect(lambda: self.open_settings(MODEL_TAB))
        self.crawl.sources_changed.connect(self.review.reload_sources)
        self.crawl.samples_changed.connect(self.review.model.reload)
        self.documents.sources_changed.connect(self.generate.reload_sources)
        self.generate.sources_changed.connect(self.documents.reload_documents)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.crawl, self.tr("网址抓取"))
        self.tabs.addTab(self.documents, self.tr("文档"))
        self.tabs.addTab(self.chat, self.tr("群聊"))
        self.tabs.addTab(self.generate, self.tr("生成"))
        self.tabs.addTab(self.review, self.tr("审阅"))
        self.tabs.addTab(self.export, self.tr("导出"))
        for page in (self.crawl, self.documents, self.chat, self.generate, self.review, self.export):
            apply_page_spacing(page)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.setAcceptDrops(True)  # files dropped anywhere on the window are imported
        self.busy_bar = BusyBar()  # pages' thread work without a count shows here (ui/widgets/busy.py)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self._build_menus()
        self._show_project()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.new_action = QAction(self.tr("新建项目…"), self, shortcut=QKeySequence.StandardKey.New,
                                  triggered=self.new_project_dialog)
        self.open_action = QAction(self.tr("打开项目…"), self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.open_project_dialog)
        self.demo_action = QAction(self.tr("打开示例项目"), self,
                                   triggered=self.start_demo)
        self.recent_menu = file_menu.addMenu(self.tr("最近的项目"))
        self.close_action = QAction(self.tr("关闭项目"), self, triggered=self.close_project_by_user)
        self.settings_action = QAction(self.tr("设置…"), self, shortcut=QKeySequence("Ctrl+,"),
                                       triggered=lambda: self.open_settings(GENERAL_TAB))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS: app menu
        quit_action = QAction(self.tr("退出"), self, shortcut=QKeySequence.StandardKey.Quit,
                              triggered=self.close)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.demo_action)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        lang_menu = self.menuBar().addMenu(self.tr("语言(&L)"))
        group = QActionGroup(self)  # one choice at a time
        self.language_actions: dict[str, QAction] = {}
        # language names in their own language, so anyone can find theirs
        for code, label in (("system", self.tr("跟随系统")), ("zh_CN", "简体中文"), ("en", "English")):
            act = QAction(label, self, checkable=True)
            act.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(act)
            lang_menu.addAction(act)
            self.language_actions[code] = act
        self._check_language()
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.shortcuts_action = QAction(self.tr("键盘快捷键"), self, shortcut=QKeySequence.StandardKey.HelpContents,
                                        triggered=self.show_shortcuts)
        self.about_action = QAction(self.tr("关于语料匠"), self, triggered=self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.guide_action = QAction(self.tr("使用指南"), self, triggered=self.show_guide)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.recent_projects:
            # "&" in a menu text marks a shortcut letter: doubled, a name like "问&答.corpus" shows as is
            self.recent_menu.addAction(p.replace("&", "&&"), lambda p=p: self.open_project(p))
        self.recent_menu.setEnabled(bool(self.settings.recent_projects))
        self.welcome.set_recent(self.settings.recent_projects)

    def _check_language(self) -> None:
        current = self.settings.language if self.settings.language in ("zh_CN", "en") else "system"
        self.language_actions[current].setChecked(True)

    def _set_language(self, code: str) -> None:
        if code == self.settings.language:
            return
        self.settings.language = code
        self._save_settings()
        tell(self, "Corpusmith", self.tr("界面语言将在重新启动后切换。"))

    # ---- settings, help --------------------------------------------------------------------
    def open_settings(self, tab: int = GENERAL_TAB) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self, tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog))
        dialog.open()  # window-modal, non-blocking: the event loop (and running jobs) go on
        return dialog

    def apply_settings(self, dialog: SettingsDialog) -> dict:
        changed = dialog.apply()
        if "theme" in changed:
            apply_theme(QApplication.instance(), self.settings.theme)
        if "services" in changed:
            for page in (self.generate, self.chat, self.review.judge):
                page.services_changed()  # a running job keeps the settings it started with
        if "language" in changed:
            self._check_language()
        if changed:
            self._save_settings()
        for page in (self.generate, self.chat):
            page.provider_banner.refresh()
        return changed

    def show_about(self) -> None:
        about = AboutDialog(self)
        about.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        about.open()

    def show_guide(self) -> GuideDialog:
        guide = GuideDialog(self)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        guide.open()  # non-blocking: running jobs go on while the user reads
        return guide

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+N", self.tr("新建项目")), ("Ctrl+O", self.tr("打开项目")), ("Ctrl+,", self.tr("设置")),
            ("A / R / P", self.tr("审阅：接受 / 拒绝 / 改回待审，并跳到下一条")),
            ("Del", self.tr("审阅：删除选中的样本")), ("Ctrl+F", self.tr("审阅：搜索")),
            ("F2", self.tr("审阅：编辑当前样本的回答")), ("Ctrl+S", self.tr("审阅：保存修改")),
            ("↑ / ↓, Shift", self.tr("审阅：移动、多选")),
        ]
        text = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        tell(self, self.tr("键盘快捷键"), f"<table>{text}</table>")

    # ---- window state ----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))

    def _remember_geometry(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")

    def restore_session(self) -> bool:
        """At start-up: reopen the last project when the user wants that and it still exists."""
        if not (self.settings.reopen_last_project and self.settings.last_project):
            return False
        last = Path(self.settings.last_project)
        if last.is_file() and self.open_project(last):
            return True
        self.settings.last_project = ""  # gone or unreadable: say so once, not at every start
        self._save_settings()
        return False

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError:
            pass  # settings are a convenience; failing to save them must not break the work

    # ---- projects ------------------------------------------------------------------------
    def new_project_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("新建项目"), str(Path.home() / f"my_dataset{PROJECT_SUFFIX}"),
            self.tr("语料匠项目 (*{0})").format(PROJECT_SUFFIX),
        )
        if not path:
            return False
        if not path.endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        return self.open_project(path, create=True)

    def start_with_material(self, kind: str) -> bool:
        """The welcome page's step 1: the tab that reads this kind of material ("crawl",
        "documents" or "chat"), after making a new project when none is open."""
        if self.store is None and not self.new_project_dialog():
            return False  # the user went back: stay on the welcome page
        self.tabs.setCurrentWidget({"crawl": self.crawl, "documents": self.documents, "chat": self.chat}[kind])
        return True

    def start_demo(self) -> asyncio.Task | None:
        return self.background.start(self.open_demo(), task_name("open_demo"))

    async def open_demo(self) -> bool:
        """The bundled demo project: built on first use from the bundled files, in the user's
        data folder (never inside the app, which may be read-only), in the UI's language; built
        in a thread (the first build loads the text libraries), with the busy bar showing."""
        from core.demo import open_or_build_demo
        from core.settings import resolve_language

        language = "zh" if resolve_language(self.settings.language, QLocale.system().name()) == "zh_CN" else "en"
        try:
            async with busy(self, self.tr("正在准备示例项目…")):
                path = await asyncio.to_thread(open_or_build_demo, None, language)
        except (CorpusmithError, OSError) as e:
            warn(self, self.tr("无法打开示例项目"), str(e))
            return False
        return self.open_project(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开项目"), str(Path.home()),
            self.tr("语料匠项目 (*{0});;所有文件 (*)").format(PROJECT_SUFFIX),
        )
        if path:
            self.open_project(path)

    # ---- running work and the open project -------------------------------------------------
    def settle_then(self, proceed: Callable[[], object]) -> asyncio.Task | None:
        """Ask (without blocking anything) whether to wait for the running work or cancel it,
        then `proceed` once nothing runs; nothing when the user goes back."""
        if self._settling is not None:
            return self._settling  # already asked: one question at a time
        try:
            task = asyncio.ensure_future(self._settle_then(proceed))
        except RuntimeError:
            return None  # no event loop (the app is ending): nothing can be waited for
        task.add_done_callback(partial(report_failure, name=self.tr("关闭项目")))
        self._settling = task
        return task

    async def _settle_then(self, proceed: Callable[[], object]) -> None:
        try:
            go_on = await self.settle()
        finally:
            self._settling = None
        if go_on:
            proceed()

    async def settle(self) -> bool:
        """Before the project closes: True once nothing runs on it — at once when nothing did,
        else after the user chose to wait for the work or to cancel it; False to go back."""
        names = self.background.names()
        if not names:
            return True
        running = self.tr("、").join(names)
        box = choice(self, self.tr("任务进行中"),
                     self.tr("{0}正在进行。等它完成，还是取消它？").format(running),
                     [(self.tr("等待"), QMessageBox.ButtonRole.AcceptRole),
                      (self.tr("取消它"), QMessageBox.ButtonRole.DestructiveRole),
                      (self.tr("返回"), QMessageBox.ButtonRole.RejectRole)])
        self.settle_box = box  # tests answer it
        try:
            await ask(box)
            answer = clicked(box)
        finally:
            self.settle_box = None
            box.deleteLater()
        if answer == 0:
            self.statusBar().showMessage(self.tr("正在等待{0}完成…").format(running))
            await self.background.wait()
        elif answer == 1:
            self.statusBar().showMessage(self.tr("正在取消{0}…").format(running))
            await self.background.cancel()
        else:
            return False
        self.statusBar().clearMessage()
        return await self.settle()  # something new may have started meanwhile

    def open_project(self, path: str | Path, create: bool = False) -> bool:
        """Open (or create) a project. With work running on the open one, the user is asked to
        wait for it or cancel it first: False now, and the project opens once the work stops."""
        if self.background.busy():
            self.settle_then(lambda: self.open_project(path, create))
            return False
        try:
            store = Store(path, create=create)
        except CorpusmithError as e:
            warn(self, self.tr("无法打开项目"), str(e))
            if not create and str(Path(path).absolute()) in self.settings.recent_projects:
                self.settings.recent_projects.remove(str(Path(path).absolute()))
                self._save_settings()
                self._refresh_recent()
            return False
        self.close_project()
        self.store = store
        self.settings.add_recent(store.path)
        self.settings.last_project = str(Path(store.path).absolute())
        self._save_settings()
        self._show_project()
        return True

    def close_project_by_user(self) -> None:
        """File → Close project: the next start shows the welcome page, not this project."""
        if self.background.busy():  # wait for it or cancel it first; never close the file under it
            self.settle_then(self.close_project_by_user)
            return
        self.close_project()
        if self.store is None:
            self.settings.last_project = ""
            self._save_settings()

    def close_project(self) -> None:
        if self.background.busy():
            return  # callers settle first
        self.background.cancel_quiet()  # a preview (a reparse, a masking preview) just stops
        if self.store is not None:
            self.crawl.set_store(None)
            self.documents.set_store(None)
            self.generate.set_store(None)
            self.chat.set_store(None)
            self.review.set_store(None)
            self.store.close()
            self.store = None
            collect_soon()  # the closed project's objects go on the GUI thread (ui/background.py)
        self._show_project()

    def _show_project(self) -> None:
        store = self.store
        self.crawl.set_store(store)
        self.documents.set_store(store)
        self.generate.set_store(store)
        self.chat.set_store(store)
        self.review.set_store(store)
        self.export.set_project(store.path if store else None)
        self.stack.setCurrentWidget(self.tabs if store else self.welcome)
        if store is not None:
            # a project with samples opens on Review; an empty one where material comes in
            self.tabs.setCurrentWidget(self.review if store.count() else self.documents)
        self.close_action.setEnabled(store is not None)
        title = self.tr("语料匠 Corpusmith") + f" {__version__}"
        self.setWindowTitle(f"{store.name} — {title}" if store else title)
        self._refresh_recent()

    # ---- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.background.start(self.import_dropped(paths), task_name("import_dropped"))

    async def import_dropped(self, paths: list[Path]) -> list[str]:
        """A project .corpus dropped on the window opens it; other files are imported into the
        open project (one bad file never stops the others)."""
        projects = [p for p in paths if p.suffix == PROJECT_SUFFIX]
        if projects:
            self.open_project(projects[0])
            return []
        if self.store is None:
            tell(self, self.tr("先打开项目"), self.tr("请先新建或打开一个项目，再拖入文件。"))
            return []
        chats = [p for p in paths if is_chat_export(p)]
        documents = [p for p in paths if p not in chats]
        lines = []
        if documents:
            lines += await self.importer().import_files(documents)
        if chats:
            self.tabs.setCurrentWidget(self.chat)
            lines += await self.chat.import_files(chats)
        self.statusBar().showMessage("  ".join(lines), 15000)
        return lines

    def importer(self):
        """The page that imports documents."""
        self.tabs.setCurrentWidget(self.documents)
        return self.documents

    def closeEvent(self, event) -> None:  # noqa: N802
        if (self.background.busy() or self._settling is not None) and self.settle_then(self.close) is not None:
            # Never close the file under running work: wait for it or cancel it (finished
            # results are already saved), then close again.
            event.ignore()
            return
        self.close_project()
        self._remember_geometry()
        self._save_settings()
        super().closeEvent(event)
