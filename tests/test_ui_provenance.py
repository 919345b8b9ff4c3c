"""Review's provenance box in the Chinese window: a sample made by the real QA flow (against the
local fake server) shows how it was made in Chinese — flow, model, endpoint, its settings one a
line with plain labels — and a rejected one its reason in Chinese; no raw dict, no option name."""

from __future__ import annotations

import asyncio
import re

from fake_openai import FakeOpenAI
from test_flow_qa import Replies, add_document, make_flow

from core.messages import set_language
from core.store import SampleFilter, Store

OPTION_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")  # questions_per_chunk, top_k, base_url …


def test_provenance_box_reads_in_chinese(qtbot, tmp_path):
    from ui.widgets.sample_editor import SampleEditor

    with FakeOpenAI() as server, Store(tmp_path / "p.corpus", create=True) as store:
        server.reply = Replies()
        base_url = server.base_url
        add_document(store, 2)
        result = asyncio.run(make_flow(store, server).run())
        assert result.samples and not result.failed
        samples = list(store.iter_samples(SampleFilter(kind="sft")))
        kept = next(s for s in samples if s.status == "pending")
        rejected = next(s for s in samples if s.status == "rejected")

        set_language("zh")  # what the window does for a Chinese UI (ui/app.py)
        try:
            editor = SampleEditor()
            qtbot.addWidget(editor)
            editor.set_store(store)
            editor.show_sample(kept)
            box = editor.origin.toPlainText()
            editor.show_sample(rejected)
            reason = editor.reason.text()
        finally:
            set_language(None)

    lines = box.splitlines()
    assert lines[0] == "生成方式：文档问答"
    assert "模型：fake-model" in lines and f"接口地址：{base_url}" in lines
    assert "生成时的设置：" in lines
    assert "  每段出题数（0 为自动）：3" in lines and "  每个回答另查的原文段数：2" in lines
    assert "  提示词语言：中文" in lines
    assert any(line.startswith("依据 ") for line in lines)  # the source text the answer rests on
    facts = [line for line in lines if not line.startswith(("依据 ", "提示词模板 "))]
    assert not any("{" in line or OPTION_NAME.search(line) for line in facts), facts
    assert reason == "原文里找不到答案"
