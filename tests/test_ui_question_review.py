"""Generate → 「先审阅问题，再生成答案」: the run stops after the questions, the review dialog opens
(without blocking the event loop), one question is deleted, one edited in place, one added, all
accepted, and 「生成答案」 runs the answers stage — against the real local fake server, counting
the requests it received."""

from __future__ import annotations

import asyncio
import re

import pytest
from fake_openai import FakeOpenAI
from test_ui_generate import TEXT, point_at
from ui_windows import healed_server, open_window

from core.flows import question_review as qr
from core.store import SampleFilter

SHOT = "/tmp/questions_dialog.png"


@pytest.fixture
def server():
    with healed_server() as s:
        yield s


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "review.corpus", size=(1280, 860))


def asked(server) -> list[str]:
    """The question of every answer prompt the server received."""
    out = []
    for b in server.bodies:
        content = b["messages"][-1]["content"]
        if "参考文本" in content:
            out.append(re.findall(r"^问题：(.+)$", content.split("</参考文本>")[-1], re.M)[-1])
    return out


def test_review_questions_then_answer_from_the_window(window, server, tmp_path, qt_run, qtbot):
    page = window.generate
    doc = tmp_path / "客栈.txt"
    doc.write_text(TEXT, encoding="utf-8")
    qt_run(page.import_files([doc]))
    point_at(page, server)
    n_chunks = window.store.count_raw_items(kind="chunk")
    page.review_first.setChecked(True)
    assert page.review_first.text() == "先审阅问题，再生成答案" and not page.review_button.isHidden()
    seen = {}

    async def review():
        while page.questions_dialog is None:
            await asyncio.sleep(0.02)
        dialog = page.questions_dialog
        await asyncio.sleep(0.05)  # the loop keeps turning while the dialog is open
        assert dialog.isVisible() and page.flow is None
        seen["calls_before"] = server.calls  # the questions only
        questions = {q.text: q for q in dialog.questions}
        seen["n"] = len(questions)
        # the chunk's text is beside its questions
        gone, changed = questions["第1章的客人从哪里来？"], questions["第2章的客人叫什么？"]
        dialog.select_question(gone.id)
        assert "第1章" in dialog.chunk_view.toPlainText()
        dialog.delete_button.click()
        # edit in place: the tree item's text, as a double-click edit leaves it
        dialog.select_question(changed.id)
        item = dialog.tree.currentItem()
        item.setText(0, "第2章的客人叫什么名字？")
        # a question that repeats another is refused, with the reason shown
        dialog.select_question(questions["第3章的客人叫什么？"].id)
        dialog.tree.currentItem().setText(0, "第3章的客人从哪里来")
        assert f"#{questions['第3章的客人从哪里来？'].id}" in dialog.message.text()  # the one it repeats
        assert dialog.tree.currentItem().text(0) == "第3章的客人叫什么？"  # the old text back
        dialog.select_question(questions["第0章的客人叫什么？"].id)
        dialog.new_question.setText("第0章的客人从哪里来，要往哪里去？")
        dialog.add_button.click()
        dialog.accept_all_button.click()
        statuses = {q.text: q.status for q in dialog.questions}
        assert statuses["第1章的客人从哪里来？"] == "deleted"
        assert statuses["第2章的客人叫什么名字？"] == "edited"
        assert statuses["第3章的客人叫什么？"] == "accepted"
        assert statuses["第0章的客人从哪里来，要往哪里去？"] == "added"
        seen["estimate"] = dialog.estimate_label.text()
        dialog.select_question(changed.id)
        qtbot.wait(50)
        dialog.grab().save(SHOT)
        dialog.answer_button.click()

    result, _ = qt_run(asyncio.gather(page.run_flow(), review()))

    assert seen["calls_before"] == n_chunks  # nothing but the questions before the review
    n = seen["n"]
    assert seen["estimate"].startswith(f"作答预计：{n} 次请求")  # n − 1 deleted + 1 added
    assert result is not None and not result.cancelled and result.failed == []
    questions = asked(server)
    assert len(questions) == server.calls - n_chunks == n  # the deleted one was never sent
    assert "第1章的客人从哪里来？" not in questions
    assert "第2章的客人叫什么名字？" in questions and "第2章的客人叫什么？" not in questions
    assert "第0章的客人从哪里来，要往哪里去？" in questions
    samples = {s.turns[0].text: s for s in window.store.iter_samples(SampleFilter(kind="sft"))}
    assert len(samples) == n and samples["第2章的客人叫什么名字？"].turns[1].text == "第2章：沈砚2，从洛阳来。"
    assert "第1章的客人从哪里来？" not in samples
    assert "完成" in page.stage_label.text()
    qtbot.waitUntil(lambda: window.review.model.rowCount() == n)

    # the review button reopens the same questions; everything asked is answered now
    page.review_first.setChecked(False)

    async def look():
        while page.questions_dialog is None:
            await asyncio.sleep(0.02)
        dialog = page.questions_dialog
        seen["after"] = {q.status for q in dialog.questions}
        seen["answer_enabled"] = dialog.answer_button.isEnabled()
        dialog.reject()

    again, _ = qt_run(asyncio.gather(page.review_questions(), look()))
    assert again is None and seen["after"] == {"answered", "deleted"} and not seen["answer_enabled"]
    job = qr.question_jobs(window.store)[0]["id"]
    assert len(qr.review(window.store, job)) == n + 1


def test_aspects_panel_has_the_box_and_stops_after_questions(window, tmp_path, qt_run):
    from test_flow_aspects import ASPECTS, TOPIC
    from test_flow_aspects import TEXT as GAME_TEXT
    from test_flow_aspects import Replies as AspectReplies
    from test_ui_generate_flows import choose
    from test_ui_generate_flows import point_at as point_at_flows

    with FakeOpenAI() as server:
        server.reply = AspectReplies()
        doc = tmp_path / "青石记.txt"
        doc.write_text(GAME_TEXT, encoding="utf-8")
        page = window.generate
        qt_run(page.import_files([doc]))
        point_at_flows(page, server)
        panel = choose(page, "aspects")
        panel.topic.setText(TOPIC)
        panel.aspects.setPlainText("\n".join(ASPECTS[:2]))
        panel.review_first.setChecked(True)
        assert not page.review_button.isHidden()

        async def close_it():
            while page.questions_dialog is None:
                await asyncio.sleep(0.02)
            dialog = page.questions_dialog
            assert dialog.topic == TOPIC and dialog.tree.topLevelItemCount() == 2
            dialog.select_question(dialog.questions[0].id)
            assert TOPIC in dialog.chunk_view.toPlainText()
            dialog.reject()  # later

        result, _ = qt_run(asyncio.gather(page.run_flow(), close_it()))
        assert result.stopped_after == "questions" and result.samples == 0 and server.calls == 2
        assert window.store.count() == 0 and "问题已保存" in page.stage_label.text()
