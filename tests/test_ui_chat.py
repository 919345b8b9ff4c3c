"""The Group chat tab against the real local fake OpenAI server: preview and import (drop or
dialog), read a chat, extract with live preview and failures, dialogues, predictions and the
score table; the export page's platform options."""

from __future__ import annotations

import json

import pytest
from chat_fixtures import write_competition_json, write_messages_json
from chat_fixtures_cn import write_qq_txt
from chat_model import ChatModel
from fake_openai import FakeOpenAI
from service_helpers import use_service
from ui_windows import open_window

from core.store import SampleFilter
from ui.pages.chat import is_chat_export, read_outcomes
from ui.qt import QDialog
from ui.widgets.chat_import_dialog import ChatImportDialog


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = ChatModel()
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "chat.corpus")


def point_at(picker, server):
    use_service(picker, server, concurrency=4, timeout=5)


def test_dropped_chat_exports_go_to_the_chat_tab_after_a_preview(window, tmp_path, qt_run, monkeypatch):
    train = write_competition_json(tmp_path)
    qq = write_qq_txt(tmp_path, encoding="gbk")
    doc = tmp_path / "小说.txt"
    doc.write_text("第一章。林晚在长安开了一家客栈。\n" * 20, encoding="utf-8")
    assert is_chat_export(train) and is_chat_export(qq) and not is_chat_export(doc)
    shown = []

    def accept(dialog):
        shown.append((dialog.facts.text(), [b.text() for b in dialog.checks.values()]))
        return QDialog.DialogCode.Accepted

    # the page opens the preview (never exec(): ui/dialogs.py); the user accepts it at once
    monkeypatch.setattr(ChatImportDialog, "open", lambda d: d.done(accept(d)))
    lines = qt_run(window.import_dropped([train, qq, doc]))
    assert any("客栈" in line or "小说" in line for line in lines)  # the document went to Documents
    assert any("已导入 train.json：3 个聊天" in line and "3 个带标注" in line for line in lines)
    assert any("已导入 " + qq.name in line for line in lines)
    assert window.tabs.currentWidget() is window.chat
    facts, checks = shown[0]
    assert "比赛 JSON" in facts and "3 个带标注" in facts
    assert any(c.startswith("文字表情") and "处" in c for c in checks)
    page = window.chat
    assert page.chats.count() >= 4 and "已标注" in page.chats.item(0).text()
    page.chats.setCurrentRow(0)
    html = page.view.toHtml()
    assert "赵磊5" in html and "沙发报价发我一下" in html
    assert window.store.count(SampleFilter(kind="sft")) == 3


def test_import_dialog_shows_counts_problems_and_rereads_with_another_layout(qtbot, tmp_path, qt_run):
    records = json.loads(write_competition_json(tmp_path).read_text(encoding="utf-8"))
    records.insert(1, {"chat_text": 42})
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    outcomes = qt_run(read_outcomes([partial, bad], "auto"))
    dialog = ChatImportDialog(outcomes, read_outcomes)
    qtbot.addWidget(dialog)
    assert dialog.files.count() == 2 and dialog.ok_button.isEnabled()
    assert "record 2" in dialog.problems.toPlainText()
    dialog.show_file(1)
    assert "bad.json" in dialog.facts.text()
    assert dialog.checks["repeats"].text().endswith("2 处")
    dialog.checks["emoji"].setChecked(False)
    assert dialog.clean_options().emoji is False and dialog.clean_options().media is True
    dialog.format.blockSignals(True)  # the slot is awaited here, not also scheduled by the signal
    dialog.format.setCurrentIndex(dialog.format.findData("telegram"))
    dialog.format.blockSignals(False)
    qt_run(dialog.on_format_changed())
    assert not dialog.readable() and not dialog.ok_button.isEnabled()


def test_extract_run_with_failures_then_dialogues_predict_and_score(window, server, tmp_path, qt_run):
    qt_run(_extract_and_the_rest(window, server, tmp_path))


async def _extract_and_the_rest(window, server, tmp_path):
    page = window.chat
    lines = await page.import_files([write_competition_json(tmp_path, "test_data.json", labels=False)],
                                    confirm=False)
    assert "3 个聊天" in lines[0]
    point_at(page.service_picker, server)
    server.reply.prose_for = {"混动SUV"}
    page.mask.setCurrentIndex(page.mask.findData("tag"))
    page.chats.setCurrentRow(2)
    await page.preview_masking()
    assert "[邮箱1]" in page.preview.toPlainText() and "hejun@example.com" in page.preview.toPlainText()
    page.preview.clear()
    result = await page.run_flow()
    assert result is not None and result.extracted == 2 and len(result.failed) == 1
    assert "[extract]" in page.failed.toPlainText()
    assert page.preview.toPlainText().count("聊天 ") == 2
    assert "2 个已抽取" in page.stage_label.text() and "1 个失败" in page.stage_label.text()
    assert window.review.model.rowCount() == 2
    assert all("hejun@example.com" not in p for p in server.reply.seen)

    tab = page.dialogues
    names = [tab.senders.item(i).data(0x0100) for i in range(tab.senders.count())]
    assert "林晓2" in names
    for i in range(tab.senders.count()):
        item = tab.senders.item(i)
        item.setCheckState(item.checkState().Checked if item.data(0x0100) in ("林晓2", "陈思1", "刘洋4")
                           else item.checkState().Unchecked)
    report = await tab.make()
    assert report.created == 3 and "3 new dialogue" in tab.report.text()

    predict = page.predict
    point_at(predict.service_picker, server)
    server.reply.prose_for = set()
    result = await predict.predict(str(tmp_path / "submit.json"))
    entries = json.loads((tmp_path / "submit.json").read_text(encoding="utf-8"))
    assert [e["index"] for e in entries] == [1, 2, 3] and result.score is None
    labels = write_competition_json(tmp_path, "train.json")
    scored = await predict.score(str(tmp_path / "submit.json"), str(labels))
    assert scored is not None and predict.table.rowCount() == 22
    assert predict.table.item(0, 0).text() == "基本信息-姓名"
    assert predict.table.item(21, 3).text() == f"{scored.total:.4f}"
    await predict.write_test_set(str(tmp_path / "test.csv"))
    assert "3 行" in predict.status.text()
    window.grab().save(str(tmp_path / "chat_tab.png"))


def test_export_page_offers_mask_cap_and_explicit_repeat(window, tmp_path, qt_run):
    lines = qt_run(window.chat.import_files([write_messages_json(tmp_path)], confirm=False))
    assert "2 个聊天" in lines[0]
    qt_run(window.chat.import_files([write_competition_json(tmp_path)], confirm=False))
    store = window.store
    store.set_status(store.query_ids().tolist(), "accepted")
    page = window.export
    page.repeat_to.setValue(10)
    page.char_cap.setValue(500)
    out = tmp_path / "platform.jsonl"
    page.out.setText(str(out))
    page.jsonl.setChecked(True)
    report = qt_run(page.run_export(page.options()))
    assert report.repeated == 7 and len(report.over_cap) == 3
    text = page.result.toPlainText()
    assert "按要求重复的行：7 行" in text and "超过每行长度上限（500 字）：3 条" in text
    assert len(report.files[0].read_text(encoding="utf-8").splitlines()) == 10
