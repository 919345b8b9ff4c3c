"""The real main window, driven like a user would: open, filter, read, edit, accept, reject."""

import pytest

from core.model import Sample, Turn
from core.settings import AppSettings
from core.store import SampleFilter, Store
from ui.main_window import MainWindow
from ui.qt import QMessageBox, Qt


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "demo.corpus"
    with Store.create(path) as store:
        a = store.add_source("document", "剧本.txt")
        b = store.add_source("bilibili", "BV1xx411c7mD")
        store.add_samples([Sample.qa(f"问题{i}", f"回答{i}", source_id=a) for i in range(30)])
        store.add_samples([
            Sample(kind="dialogue", source_id=b, turns=[
                Turn("user", "第一楼", "甲"), Turn("assistant", "第二楼", "乙"), Turn("user", "第三楼", "甲"),
                Turn("assistant", "第四楼", "乙")]),
            Sample.qa("重复的问题", "重复的回答", source_id=b),
            Sample.qa("重复的问题", "重复的回答", source_id=b),
        ])
    return path


@pytest.fixture
def window(qtbot, project):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(project)
    return w


def test_welcome_then_project_in_title(qtbot, project):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.stack.currentWidget() is w.welcome
    assert w.open_project(project)
    assert w.stack.currentWidget() is w.tabs
    assert w.windowTitle().startswith("demo")
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["网址抓取", "文档", "群聊", "生成", "审阅", "导出"]
    assert w.tabs.currentWidget() is w.review  # it has samples
    assert str(project) in w.settings.recent_projects
    assert w.welcome.recent.count() == 1


def test_bad_project_shows_message_not_traceback(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.main_window.warn", lambda *a: shown.append(a[2]))  # opened, not exec()
    bad = tmp_path / "bad.corpus"
    bad.write_bytes(b"garbage" * 100)
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert not w.open_project(bad)
    assert shown and "not a Corpusmith project" in shown[0] and str(bad) in shown[0]
    assert w.stack.currentWidget() is w.welcome


def test_table_filters_and_count(window, qtbot):
    page = window.review
    assert page.model.rowCount() == 33
    assert page.model.index(0, 4).data() == "问题0"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("dialogue"))
    assert page.model.rowCount() == 1
    page.kind_filter.setCurrentIndex(0)
    page.source_filter.setCurrentIndex(page.source_filter.findText("BV1xx411c7mD"))
    assert page.model.rowCount() == 3
    page.source_filter.setCurrentIndex(0)
    page.search.setText("问题2")  # (keyClicks cannot type CJK)
    qtbot.waitUntil(lambda: page.model.rowCount() == 11, timeout=2000)  # 问题2, 问题20…29
    assert "11 / 共 33" in page.count_label.text()


def test_sorting_by_header(window):
    page = window.review
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, 0).data() == "33"
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.model.index(0, 0).data() == "1"


def test_detail_pane_edit_and_save(window, qtbot):
    page = window.review
    page.table.setFocus()
    page.table.selectRow(30)  # the dialogue
    editors = page.editor.turn_editors()
    assert [e.turn().text for e in editors] == ["第一楼", "第二楼", "第三楼", "第四楼"]
    assert editors[1].turn().name == "乙"
    editors[1].text.setPlainText("第二楼（已修改）")
    page.editor.system.setPlainText("你是乙。")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    saved = window.store.get_sample(page.model.sample_id(30))
    assert saved.turns[1].text == "第二楼（已修改）" and saved.system == "你是乙。"
    assert page.model.index(30, 5).data() == "第四楼"


def test_keyboard_accept_reject_moves_on(window, qtbot):
    page = window.review
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    first = window.store.get_sample(page.model.sample_id(0))
    assert first.status == "accepted"
    assert page.table.currentIndex().row() == 1  # moved to the next sample
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    second = window.store.get_sample(page.model.sample_id(1))
    assert second.status == "rejected" and second.reason
    assert page.model.index(1, 3).data() == "已拒绝"
    # typing "a" in the editor is text, not a shortcut
    page.table.selectRow(2)
    editor = page.editor.turn_editors()[0].text
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A)
    assert window.store.get_sample(page.model.sample_id(2)).status == "pending"


def test_bulk_accept_filtered_delete_and_dedup(window, qtbot, monkeypatch):
    page = window.review
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.source_filter.setCurrentIndex(page.source_filter.findText("剧本.txt"))
    page.set_status_all_filtered("accepted")
    assert window.store.count(SampleFilter(statuses=("accepted",))) == 30
    page.source_filter.setCurrentIndex(0)
    page.reject_duplicates()
    assert window.store.count(SampleFilter(statuses=("rejected",))) == 1
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(page.selected_ids()) == 2
    page.delete_selected()
    assert window.store.count() == 31 and page.model.rowCount() == 31


def test_stats_tab_shows_counts_and_histogram(window, qtbot):
    page = window.review
    page.side.setCurrentIndex(1)
    assert "33" in page.stats.summary.text()
    assert sum(page.stats.histogram.counts()) == 33
    page.stats.grab().save(str(window.store.path.with_suffix(".stats.png")))


def test_live_rows_from_a_running_job_appear_in_batches(window, qtbot):
    page = window.review
    inserts = []
    page.model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    for i in range(5):
        [sid] = window.store.add_samples([Sample.qa(f"新问题{i}", "新回答")])
        page.model.add_new([sid])
    qtbot.waitUntil(lambda: page.model.rowCount() == 38, timeout=2000)
    assert inserts == [(33, 37)]  # one batch, not one insert per sample
    assert page.model.index(37, 4).data() == "新问题4"


def test_files_dropped_on_the_window_are_imported(window, tmp_path, qt_run):
    from ui.qt import QtCore, QtGui

    txt = tmp_path / "拖入.txt"
    txt.write_text("林晚在长安开了一家客栈。" * 20, encoding="utf-8")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(txt))])
    pos = QtCore.QPointF(100, 100)
    enter = QtGui.QDragEnterEvent(pos.toPoint(), QtCore.Qt.DropAction.CopyAction, mime,
                                  QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    lines = qt_run(window.import_dropped([txt]))
    assert lines and "拖入.txt" in lines[0]
    assert window.store.count_raw_items(kind="chunk") >= 1
    assert "拖入.txt" in window.statusBar().currentMessage()
