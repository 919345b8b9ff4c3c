"""With the English UI, no visible string is Chinese: every label, button, tab, tooltip, menu
item, placeholder, combo item, header and spin-box text of the main window (every page, every
Generate flow, every Group chat sub-tab, with a project open and some material in it) and of the
dialogs is collected, and any one holding a CJK character is an untranslated string.

Source strings are Chinese, so "Chinese in the English UI" is exactly "tr() missing, or its
translation missing". The few allowed exceptions are data or names, listed in ALLOWED."""

from __future__ import annotations

import re

import pytest

from core.model import Sample, Turn
from core.settings import AppSettings
from ui.app import install_translators, remove_translators
from ui.qt import QApplication, QModelIndex, Qt, QtWidgets, QWidget

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Chinese that is right in the English UI. Keep these short: each entry is data or a name.
# Whole strings: language choices are written in their own language, so its readers find them.
ALLOWED = {"简体中文"}
# Chinese data quoted inside an English string (the rest of the string must be English): what
# the app writes into, or reads from, Chinese material, exactly as it is there.
QUOTED_DATA = (
    "温柔", "毒舌",  # built-in style names: the key in the project and on the command line ("Gentle (温柔)")
    "[手机号1]",  # the tag that masking writes into Chinese text ("Tags, e.g. [手机号1]")
    "用户A", "用户B",  # the stand-in speaker names written into dialogues
    "角色：台词",  # the line format of a Chinese script file
    "嬛嬛,莞贵人=甄嬛; 阿福=福伯",  # the alias syntax, shown with names as a Chinese script has them
    "。！？；",  # the Chinese sentence ends the splitter cuts at
    "[图片]", "[玫瑰]",  # a media placeholder and a text emoji as chat exports write them
    # the quality rules' descriptions (core, English) quote the Chinese text they match
    "，。！？", "？？？", "作为一个AI", "抱歉，我不能", "我无法", "我不能",
)


def _where(w) -> str:
    """Class(objectName) and the chain of our own classes above it, to find the line."""
    def name(o) -> str:
        return f"{type(o).__name__}({o.objectName()})" if o.objectName() else type(o).__name__

    chain = [name(w)]
    p = w.parent()
    while p is not None and len(chain) < 4:
        if not type(p).__module__.startswith("PySide6") or isinstance(p, QtWidgets.QGroupBox):
            chain.append(name(p) + (f"[{p.title()}]" if isinstance(p, QtWidgets.QGroupBox) else ""))
        p = p.parent()
    return " < ".join(chain)


def _action_strings(actions, where: str, out: list, seen: set) -> None:
    for a in actions:
        if id(a) in seen:
            continue
        seen.add(id(a))
        for prop in ("text", "toolTip", "statusTip", "whatsThis", "iconText"):
            out.append((f"{where} QAction", prop, getattr(a, prop)()))
        menu = a.menu()
        if isinstance(menu, QtWidgets.QMenu):
            out.append((f"{where} QtWidgets.QMenu", "title", menu.title()))
            _action_strings(menu.actions(), f"{where} > {menu.title()}", out, seen)


def visible_strings(root: QWidget) -> list[tuple[str, str, str]]:
    """(where, property, text) of every user-visible string under root (root included)."""
    out: list[tuple[str, str, str]] = []
    seen_actions: set[int] = set()
    for w in [root, *root.findChildren(QWidget)]:
        where = _where(w)

        def add(prop: str, text, where=where) -> None:
            if text:
                out.append((where, prop, str(text)))

        if w.isWindow():
            add("windowTitle", w.windowTitle())
        for prop in ("toolTip", "whatsThis", "statusTip", "accessibleName", "accessibleDescription"):
            add(prop, getattr(w, prop)())
        if isinstance(w, QtWidgets.QLabel):
            add("text", w.text())
        if isinstance(w, QtWidgets.QAbstractButton):
            add("text", w.text())
        if isinstance(w, QtWidgets.QGroupBox):
            add("title", w.title())
        if isinstance(w, QtWidgets.QTabBar):
            for i in range(w.count()):
                add(f"tabText[{i}]", w.tabText(i))
                add(f"tabToolTip[{i}]", w.tabToolTip(i))
        if isinstance(w, (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
            add("placeholderText", w.placeholderText())
        if isinstance(w, QtWidgets.QComboBox):
            add("placeholderText", w.placeholderText())
            for i in range(w.count()):
                add(f"itemText[{i}]", w.itemText(i))
                add(f"itemToolTip[{i}]", w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QtWidgets.QAbstractSpinBox):
            add("specialValueText", w.specialValueText())
        if isinstance(w, (QtWidgets.QSpinBox, QtWidgets.QDoubleSpinBox)):
            add("prefix", w.prefix())
            add("suffix", w.suffix())
        if isinstance(w, QtWidgets.QProgressBar) and w.isTextVisible():
            add("format", w.format())
        for orientation, _header in _headers(w):
            model = w.model()
            n = model.columnCount(QModelIndex()) if orientation == Qt.Orientation.Horizontal else model.rowCount(QModelIndex())
            for section in range(n):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    add(f"header[{orientation.name} {section} {role.name}]", model.headerData(section, orientation, role))
        if isinstance(w, QtWidgets.QMenuBar):
            _action_strings(w.actions(), where, out, seen_actions)
        elif w.actions():
            _action_strings(w.actions(), where, out, seen_actions)
    return out


def _headers(view) -> list:
    """(orientation, header) of an item view's visible headers."""
    if isinstance(view, QtWidgets.QTreeView) and view.model() is not None:
        pairs = [(Qt.Orientation.Horizontal, view.header())]
    elif isinstance(view, QtWidgets.QTableView) and view.model() is not None:
        pairs = [(Qt.Orientation.Horizontal, view.horizontalHeader()), (Qt.Orientation.Vertical, view.verticalHeader())]
    else:
        return []
    return [(o, h) for o, h in pairs if not h.isHidden()]


def chinese(strings) -> list[str]:
    """The untranslated ones, as readable lines (each once)."""
    found = []
    for where, prop, text in strings:
        rest = text
        for quoted in QUOTED_DATA:
            rest = rest.replace(quoted, "")
        quoting = rest != text and re.search("[A-Za-z]", rest)  # data inside an English sentence
        if CJK.search(rest if quoting else text) and text not in ALLOWED:
            line = f"{where} {prop}: {text!r}"
            if line not in found:
                found.append(line)
    return found


@pytest.fixture
def english():
    app = QApplication.instance()
    translators = install_translators(app, "en")
    assert translators, "corpusmith_en.qm did not load"
    try:
        yield app
    finally:
        remove_translators(app, translators)


def test_the_test_sees_chinese(qtbot):
    """Without a translator the same walk finds the Chinese source strings (the walk works)."""
    from ui.main_window import MainWindow

    w = MainWindow(AppSettings(language="zh_CN"))
    qtbot.addWidget(w)
    w.settings.save = lambda *a, **k: None
    found = chinese(visible_strings(w))
    assert any("'文件(&F)'" in line for line in found)
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["网址抓取", "文档", "群聊", "生成", "审阅", "导出"]


def _fill_project(window, tmp_path, qt_run) -> None:
    """Some material, so the pages show their lists, tables and counts (ASCII names: a file
    name is data, and it shows in lists and combo boxes)."""
    from chat_fixtures import write_competition_json

    doc = tmp_path / "notes.txt"
    doc.write_text("第一章\n\n客栈开了十年。林晚每天清晨开门，沈砚从洛阳来，往西边去。\n" * 20, encoding="utf-8")
    qt_run(window.documents.import_files([doc]))
    chats = write_competition_json(tmp_path)
    qt_run(window.chat.import_files([chats], confirm=False))
    store = window.store
    sid = store.add_source("import", "samples")
    store.add_samples([
        Sample.qa("客栈开了多少年？", "十年。", source_id=sid),
        Sample(kind="dialogue", source_id=sid, turns=[Turn("user", "店家，可还有空房？", "沈砚"),
                                                      Turn("assistant", "有的。", "林晚")]),
    ])
    window.review.set_store(store)
    window.generate.reload_sources()
    window.review.table.selectRow(0)


def test_english_main_window_has_no_chinese(english, qtbot, tmp_path, qt_run):
    from ui.main_window import MainWindow

    w = MainWindow(AppSettings(language="en"))
    qtbot.addWidget(w)
    w.settings.save = lambda *a, **k: None  # never touch the user's settings
    w.show()
    strings = visible_strings(w)  # the welcome page
    assert w.open_project(tmp_path / "empty.corpus", create=True)
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        strings += visible_strings(w)
    _fill_project(w, tmp_path, qt_run)
    QApplication.processEvents()
    strings += visible_strings(w)
    # every flow of the Generate page, every sub-tab of the Group chat page
    for i in range(w.generate.flow_kind.count()):
        w.generate.flow_kind.setCurrentIndex(i)
        w.generate.update_estimate()
        QApplication.processEvents()
        strings += visible_strings(w.generate)
    for i in range(w.chat.tabs.count()):
        w.chat.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        strings += visible_strings(w.chat)
    found = chinese(strings)
    assert found == [], "untranslated strings in the English UI:\n" + "\n".join(found)


def test_english_dialogs_have_no_chinese(english, qtbot, tmp_path, qt_run):
    from chat_fixtures import write_competition_json

    from core.llm.templates import TEMPLATES
    from ui.main_window import MainWindow
    from ui.pages.chat import read_outcomes
    from ui.pages.generate_panels import make_panels
    from ui.widgets.about_dialog import AboutDialog
    from ui.widgets.chat_import_dialog import ChatImportDialog
    from ui.widgets.quality_dialog import QualityDialog
    from ui.widgets.schema_dialog import SchemaDialog
    from ui.widgets.settings_dialog import SettingsDialog
    from ui.widgets.style_dialog import StyleDialog
    from ui.widgets.template_dialog import TemplateDialog

    w = MainWindow(AppSettings(language="en"))
    qtbot.addWidget(w)
    w.settings.save = lambda *a, **k: None
    assert w.open_project(tmp_path / "dialogs.corpus", create=True)
    _fill_project(w, tmp_path, qt_run)
    store = w.store
    (tmp_path / "more").mkdir()
    outcomes = qt_run(read_outcomes([write_competition_json(tmp_path / "more"), tmp_path / "notes.txt"], "auto"))
    template_sets = [("qa_questions", "qa_answer"), ("chat_summary", "chat_extract"),
                     *(panel.templates for panel in make_panels())]
    dialogs = [AboutDialog(), SettingsDialog(AppSettings(language="en")), QualityDialog(store), SchemaDialog(store),
               StyleDialog(store, "温柔"), ChatImportDialog(outcomes, read_outcomes),
               *(TemplateDialog(store, "zh", None, names=names) for names in template_sets)]
    strings = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        tabs = dialog.findChildren(QtWidgets.QTabWidget)
        for i in range(max((t.count() for t in tabs), default=1)):
            for t in tabs:
                t.setCurrentIndex(min(i, t.count() - 1))
            QApplication.processEvents()
            strings += visible_strings(dialog)
        if isinstance(dialog, TemplateDialog):  # every template has a name, not its key
            names = [dialog.which.itemText(i) for i in range(dialog.which.count())]
            assert names and not set(names) & set(TEMPLATES), names
    for i in range(1, dialogs[5].files.count()):  # the unreadable file's facts and problems
        dialogs[5].files.setCurrentRow(i)
        strings += visible_strings(dialogs[5])
    found = chinese(strings)
    assert found == [], "untranslated strings in the English dialogs:\n" + "\n".join(found)
