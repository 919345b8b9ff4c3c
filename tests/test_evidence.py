"""Review's provenance and evidence lines for a sample."""

from __future__ import annotations

from core.flows.evidence import evidence, made_lines
from core.sources.documents.txt import chunks_of, import_text_file
from core.store import Store


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
    assert made_lines(meta) == ["flow: aspects", "model: deepseek-chat", "base_url: https://api.deepseek.com/v1",
                                "temperature: 0.7", "template aspect_questions:zh: ab12", 'params: {"per_aspect": 5}']
    assert made_lines({"gen": "script_dialogue"}) == ["flow: script_dialogue"]
    assert made_lines({}) == []
