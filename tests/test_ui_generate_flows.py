"""The Generate tab's other flows, driven from their panels against the real local fake server:
topic questions by aspect, novel → writing instructions, style augmentation (live acceptance),
dialogue extraction followed by character QA."""

from __future__ import annotations

import pytest
from fake_openai import FakeOpenAI
from service_helpers import use_service
from test_flow_aspects import ASPECTS, TOPIC, Replies
from test_flow_aspects import TEXT as GAME_TEXT
from test_flow_novel import NovelModel, novel_text
from test_flow_style import PRESET, StyleFake
from test_flow_style import Replies as StyleReplies
from ui_windows import open_window

from core.flows.style import save_project_style
from core.store import SampleFilter


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "flows.corpus")


def point_at(page, server):
    use_service(page.service_picker, server, concurrency=4, timeout=5)


def choose(page, kind: str):
    page.flow_kind.setCurrentIndex(page.flow_kind.findData(kind))
    assert page.flow_stack.currentWidget() is page.panels[kind]
    return page.panels[kind]


def test_aspects_panel_runs_and_explains(window, tmp_path, qt_run, qtbot):
    with FakeOpenAI() as server:
        server.reply = Replies()
        doc = tmp_path / "青石记.txt"
        doc.write_text(GAME_TEXT, encoding="utf-8")
        page = window.generate
        qt_run(page.import_files([doc]))
        point_at(page, server)
        panel = choose(page, "aspects")
        panel.topic.setText(TOPIC)
        panel.aspects.setPlainText("\n".join([*ASPECTS[:2], "彩蛋与网络梗"]))
        result = qt_run(page.run_flow())
        assert result is not None and result.answered > 0
        assert [stage for stage, _, _ in result.failed] == ["questions"]  # the scripted prose aspect
        text = page.stage_label.text()
        assert text.startswith("完成：") and f"有依据的回答 {result.answered}" in text and "1 个失败" in text
        assert "[questions] 彩蛋与网络梗" in page.failed.toPlainText()
        qtbot.waitUntil(lambda: window.review.model.rowCount() == result.answered + result.not_found)
        sample = next(s for s in window.store.iter_samples() if s.status == "pending")
        assert sample.meta["flow"] == "aspects" and sample.meta["made"]["model"] == "fake-model"


def test_novel_panel_keeps_the_original_text(window, tmp_path, qt_run):
    with FakeOpenAI() as server:
        server.reply = NovelModel()
        novel = tmp_path / "客栈.txt"
        text = novel_text()
        novel.write_text(text, encoding="utf-8")
        page = window.generate
        qt_run(page.import_files([novel]))
        point_at(page, server)
        panel = choose(page, "novel")
        panel.chunk_size.setValue(200)
        result = qt_run(page.run_flow())
        assert result is not None and result.samples == result.chunks > 1
        outputs = [s.turns[1].text for s in window.store.iter_samples(SampleFilter(kind="sft"))]
        assert all(o in text for o in outputs)
        assert "已摘要" in page.stage_label.text()


def test_style_panel_shows_live_acceptance_and_rejections_with_reasons(window, qt_run):
    with StyleFake() as server:
        server.reply = StyleReplies()
        save_project_style(window.store, PRESET)
        page = window.generate
        point_at(page, server)
        panel = choose(page, "style")
        panel.reload(window.store)
        panel.style.setCurrentIndex(panel.style.findData(PRESET.name))
        panel.count.setValue(4)
        panel.inputs.setPlainText("\n".join(f"q{i:02d}" for i in range(12)))
        panel.generate_inputs.setChecked(False)
        panel.embedding_model.setText("fake-embedding")
        result = qt_run(page.run_flow())
        assert result is not None and result.accepted == 4
        assert page.counters.text().startswith("通过 4 / 尝试")
        rejected = list(window.store.iter_samples(SampleFilter(statuses=("rejected",))))
        assert rejected and all(s.reason for s in rejected)
        assert "通过 4" in page.stage_label.text()


def test_style_dialog_takes_examples_from_a_script_and_saves_a_project_style(window, tmp_path, qt_run, qtbot):
    from pathlib import Path

    from core.flows.style import find_style
    from ui.widgets.style_dialog import StyleDialog

    script = Path(__file__).parent / "data" / "script_inn.txt"
    qt_run(window.documents.import_files([script]))
    dialog = StyleDialog(window.store, "温柔")
    qtbot.addWidget(dialog)
    dialog.character.setText("林晚")
    dialog.take_examples()
    assert dialog.status.text().startswith("已换成 3 组真实台词")
    import json

    data = json.loads(dialog.editor.toPlainText())
    data["name"] = "林晚的口吻"
    dialog.editor.setPlainText(json.dumps(data, ensure_ascii=False))
    assert dialog.save()
    saved = find_style(window.store, "林晚的口吻")
    assert len(saved.examples) == 3 and saved.system == find_style(window.store, "温柔").system
    dialog.editor.setPlainText('{"name": "坏的", "max_chars": "很多"}')
    assert not dialog.save() and dialog.status.text().startswith("未保存：")
