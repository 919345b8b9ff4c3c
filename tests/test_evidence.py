"""Review's provenance and evidence lines for a sample."""

from __future__ import annotations

import contextlib

from core.flows.evidence import evidence, made_lines
from core.messages import set_language
from core.sources.documents.txt import chunks_of, import_text_file
from core.store import Store


@contextlib.contextmanager
def language(lang: str):
    set_language(lang)
    try:
        yield
    finally:
        set_language(None)


def test_evidence_is_the_text_of_the_chunks_a_sample_names(tmp_path):
    doc = tmp_path / "客栈.txt"
    doc.write_text("第一段。林晚在洛阳开了一家客栈。\n\n第二段。伙计阿福每天擦桌子。\n\n第三段。客栈门口有棵槐树。\n",
                   encoding="utf-8")
    with Store(tmp_path / "p.corpus", create=True) as store:
        import_text_file(store, doc, size=20, overlap=0)
        chunks = chunks_of(store)
        assert len(chunks) >= 2
        meta = {"chunk": chunks[1]["key"], "context": [chunks[0]["key"], "99:7", chunks[1]["key"]]}
        got = evidence(store, meta)
        assert [k for k, _ in got] == [chunks[1]["key"], chunks[0]["key"]]  # unknown key left out, no repeats
        assert got[0][1] == chunks[1]["text"]


def test_made_lines_say_flow_model_templates_and_params():
    meta = {"made": {"flow": "aspects", "model": "deepseek-chat", "base_url": "https://api.deepseek.com/v1",
                     "temperature": 0.7, "templates": {"aspect_questions:zh": "ab12"}, "params": {"per_aspect": 5}}}
    with language("en"):
        assert made_lines(meta) == ["flow: topic aspects (aspects)", "model: deepseek-chat",
                                    "base URL: https://api.deepseek.com/v1", "temperature: 0.7",
                                    "template aspect_questions:zh: ab12", "settings of the run:",
                                    "  questions per aspect: 5"]
        assert made_lines({"gen": "script_dialogue"}) == ["flow: script scene dialogues (script_dialogue)"]
        assert made_lines({}) == []


def test_made_lines_in_chinese_name_every_parameter_in_plain_words():
    """No raw dict and no option name: each parameter on its own line, labelled in Chinese, its
    value readable (yes/no, a list joined, a long instruction shortened); unset ones left out."""
    meta = {"made": {"flow": "novel", "model": "qwen-plus", "schema": "369b0c1d",
                     "templates": {"novel_summary:zh": "9f8e"},
                     "params": {"chunk_size": 800, "previous": True, "lang": "zh", "source_id": None,
                                "instruction": "你是一个熟读各类小说的专家，" * 10, "aspects": ["人物", "情节"],
                                "some_new_option": 3}}}
    with language("zh"):
        lines = made_lines(meta)
    assert lines[:4] == ["生成方式：小说写作指令", "模型：qwen-plus", "抽取字段版本：369b0c1d",
                         "提示词模板 novel_summary:zh 版本：9f8e"]
    assert lines[4] == "生成时的设置："
    params = lines[5:]
    assert "  每段最多字数：800" in params and "  带上前一段的摘要：是" in params
    assert "  提示词语言：中文" in params and "  方面：人物、情节" in params
    assert "  some_new_option（设置项）：3" == params[-1]  # a parameter we have no label for yet: its name
    assert not any("来源" in p for p in params)  # None: not set, not shown
    instruction = next(p for p in params if p.startswith("  指令："))
    assert instruction.endswith("…") and len(instruction) < 100
    assert not any("{" in p or "_" in p.split("：")[0] for p in params[:-1])
    # the demo's provenance, stored in English before the catalogue, reads in Chinese
    demo = {"made": {"flow": "demo", "from": "bundled demo text (resources/demo), no model was called",
                     "params": {"imitates": "qa"}}}
    with language("zh"):
        assert made_lines(demo) == ["生成方式：示例数据（没有调用模型）",
                                    "来源：随软件附带的示例文本（resources/demo），没有调用模型",
                                    "生成时的设置：", "  模仿的生成方式：文档问答"]
