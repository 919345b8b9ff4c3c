"""Dialogue extraction from prose with the LLM, end to end against the real local fake server, and
the character-QA / dialogue builders on the extracted lines."""

from __future__ import annotations

import argparse
import json
import re
import threading

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.cli_novel import register_generate
from core.errors import InputError
from core.flows.dialogue_extract import (
    INVENTED,
    LINE_KIND,
    REJECTED_KIND,
    UNKNOWN_SPEAKER,
    DialogueExtractFlow,
    DialogueExtractOptions,
    extracted_script,
    judge_lines,
    llm_script_dialogues,
    llm_script_qa,
)
from core.flows.script import DialogueOptions, ScriptQAOptions
from core.llm import ProviderSettings, make_client
from core.messages import render, say
from core.sources.documents.txt import import_text_file
from core.store import SampleFilter, Store

CH1 = ("第一章 开张\n林晚推开客栈的门，笑着问：“阿福，今天生意怎么样？”\n阿福放下抹布，答道：“掌柜的，一早就来了三桌客人。”\n"
       "“那就好。”林晚点点头，“中午多备些酒菜。”\n阿福应了一声：“好嘞，我这就去。”")
CH2 = ("第二章 来客\n傍晚，沈砚走进客栈，抖落身上的雨水：“店家，还有空房吗？”\n林晚迎上去：“有的，楼上第三间。”\n"
       "沈砚问：“这里离洛阳城还有多远？”\n林晚笑道：“骑马半日便到。”")
CH3 = ("第三章 雨夜\n夜深了，雨越下越大，客栈里的灯一盏一盏地熄了。阿福缩在柜台后面打盹，林晚还在灯下算账。\n"
       "忽然有人在门外喊：“开门！”")
TEXT = "\n\n".join([CH1, CH2, CH3]) + "\n"
SPEAKERS = {
    "阿福，今天生意怎么样？": "林晚", "掌柜的，一早就来了三桌客人。": "阿福", "那就好。": "林晚",
    "中午多备些酒菜。": "林晚", "好嘞，我这就去。": "阿福", "店家，还有空房吗？": "沈砚",
    "有的，楼上第三间。": "林晚", "这里离洛阳城还有多远？": "沈砚", "骑马半日便到。": "林晚", "开门！": "未知",
}
QUOTE = re.compile(r"“(.+?)”")
CHUNK = re.compile(r"<片段>\n(.*?)\n</片段>|<passage>\n(.*?)\n</passage>", re.S)


class DialogueModel:
    """The fake model: every quote of its chunk with the speaker from SPEAKERS, without the
    quotation marks; one line with a space and a half-width "?" (the check must not mind), one
    with its quotes kept. Knobs: an invented line added to chunks holding a marker (`invent`), or
    only invented lines (`all_invented`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.invent: dict[str, tuple[str, str]] = {"第二章": ("沈砚", "我是来找人的。")}
        self.all_invented: set[str] = {"第三章"}

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        chunk = next(g for g in CHUNK.search(user).groups() if g is not None)
        if any(m in chunk for m in self.all_invented):
            return json.dumps([{"speaker": "林晚", "line": "快去开门。"}, {"speaker": "阿福", "line": "来了来了！"}],
                              ensure_ascii=False)
        out = []
        for q in QUOTE.findall(chunk):
            line = q
            if q == "阿福，今天生意怎么样？":
                line = "阿福，今天生意 怎么样?"
            elif q == "那就好。":
                line = "“那就好。”"
            out.append({"speaker": SPEAKERS[q], "line": line})
        for marker, (speaker, line) in self.invent.items():
            if marker in chunk:
                out.insert(1, {"speaker": speaker, "line": line})
        return "```json\n" + json.dumps(out, ensure_ascii=False) + "\n```"


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = DialogueModel()
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "dialogue.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


class Recorder:
    def __init__(self) -> None:
        self.failed: list[tuple[str, str, str]] = []

    def on_failed(self, stage, key, reason):
        self.failed.append((stage, key, reason))


def make_flow(store, server, options=None, events=None) -> DialogueExtractFlow:
    s = settings_for(server)
    return DialogueExtractFlow(store, lambda: make_client(s, DEFAULT_KEY), s,
                               options or DialogueExtractOptions(chunk_size=120), events,
                               runner_options={"backoff_base": 0.02})


def add_novel(store, tmp_path) -> int:
    path = tmp_path / "客栈.txt"
    path.write_text(TEXT, encoding="utf-8")
    return import_text_file(store, path, size=1024, overlap=0).source_id


def line_no(quote: str) -> int:
    return next(i for i, x in enumerate(TEXT.split("\n"), 1) if f"“{quote}”" in x)


# ---- the check of one answer ---------------------------------------------------------------------
def test_lines_are_checked_against_their_chunk():
    value = [{"speaker": "林晚", "line": "阿福，今天生意 怎么样?"},  # spacing and width differ
             {"speaker": " 阿福 ", "line": "「掌柜的，一早就来了三桌客人。」"},  # other quotes around it
             {"speaker": "沈砚", "line": "我是来找人的。"},  # not in the text
             {"speaker": "未知", "line": "好嘞，我这就去。"},
             {"speaker": "旁白", "line": "林晚点点头"},
             {"speaker": "阿福", "line": "  “”  "}]
    v = judge_lines(value, CH1)
    assert [(x.speaker, x.line, render(x.reason, "en")) for x in v] == [
        ("林晚", "阿福，今天生意怎么样？", ""),  # the chunk's own words are kept
        ("阿福", "掌柜的，一早就来了三桌客人。", ""),
        ("沈砚", "我是来找人的。", render(INVENTED, "en")),
        ("未知", "好嘞，我这就去。", render(UNKNOWN_SPEAKER, "en")),
        ("旁白", "林晚点点头", "narration, not speech (speaker “旁白”)"),
        ("阿福", "“”", "the line is empty"),
    ]
    assert render(v[4].reason, "zh") == "是叙述，不是人物说的话（说话人写成了“旁白”）"
    assert CH1[v[0].start:v[0].end] == "阿福，今天生意怎么样？"
    # a line spanning a line break matches and keeps the break; a bare object is wrapped
    assert judge_lines({"lines": [{"speaker": "阿福", "line": "我这就去。"}]}, CH1)[0].reason == ""
    assert judge_lines([{"speaker": "阿福", "line": "客人。” “那就好"}], CH1)[0].line == "客人。”\n“那就好"


# ---- the flow ------------------------------------------------------------------------------------
async def test_extraction_rejects_invented_lines_and_fails_all_invented_chunks(store, server, tmp_path):
    sid = add_novel(store, tmp_path)
    rec = Recorder()
    flow = make_flow(store, server, events=rec)
    assert flow.validate() == []
    assert [c.text for c in flow.chunks()] == [CH1, CH2, CH3]
    result = await flow.run()

    assert (result.chunks, result.extracted, result.lines, result.rejected) == (3, 2, 9, 1)
    assert result.speakers == {"林晚": 5, "阿福": 2, "沈砚": 2}
    assert result.rejected_by_reason == {INVENTED: 1}
    assert result.rejected_examples == [(f"{sid}:1", "沈砚", "我是来找人的。", INVENTED)]
    # the chunk whose lines are all invented: asked again with the reason, then failed with it
    reason = ("No valid answer after 3 tries: every line was rejected: 2 invented (not in the text, e.g. "
              "“快去开门。”); copy each line exactly as it is written in the text")
    assert [(stage, key, render(why, "en")) for stage, key, why in result.failed] == [("extract", f"{sid}:2", reason)]
    assert rec.failed == result.failed
    assert server.calls == result.calls == 2 + 3
    reasks = [b["messages"][-1]["content"] for b in server.bodies if b["messages"][-1]["role"] == "user"
              and b["messages"][-1]["content"].startswith("Your answer was not valid")]
    assert len(reasks) == 2 and "every line was rejected: 2 invented" in reasks[0]

    # stored as ordered raw items of the source, verbatim from the text, with their line numbers
    stored = sorted(store.raw_items(sid, LINE_KIND), key=lambda r: r["key"])
    assert [(r["data"]["speaker"], r["data"]["line"]) for r in stored] == [
        ("林晚", "阿福，今天生意怎么样？"), ("阿福", "掌柜的，一早就来了三桌客人。"), ("林晚", "那就好。"),
        ("林晚", "中午多备些酒菜。"), ("阿福", "好嘞，我这就去。"), ("沈砚", "店家，还有空房吗？"),
        ("林晚", "有的，楼上第三间。"), ("沈砚", "这里离洛阳城还有多远？"), ("林晚", "骑马半日便到。")]
    assert all(TEXT[r["data"]["offset"]:].startswith(r["data"]["line"]) for r in stored)
    assert [r["data"]["line_no"] for r in stored] == [line_no(r["data"]["line"]) for r in stored]
    assert [r["data"]["line_no"] for r in stored][:3] == [2, 3, 4]
    [rejected] = list(store.raw_items(sid, REJECTED_KIND))
    assert (rejected["data"]["line"], rejected["data"]["reason"], rejected["data"]["chunk"]) == (
        "我是来找人的。", INVENTED, 1)

    # again: nothing asked (the failed chunk waits for --retry-failed), nothing stored twice
    again = await make_flow(store, server).run()
    assert (again.calls, again.lines, again.rejected) == (0, 9, 1) and server.calls == 5
    assert store.count_raw_items(sid, LINE_KIND) == 9
    # fixed and retried: the third chapter's line is stored; its unknown speaker is rejected
    server.reply.all_invented.clear()
    retried = await make_flow(store, server).run(retry_failed=True)
    assert (retried.calls, retried.failed, retried.extracted, retried.lines) == (1, [], 3, 9)
    assert retried.rejected_by_reason == {INVENTED: 1, UNKNOWN_SPEAKER: 1}


async def test_a_crash_between_answer_and_lines_loses_nothing(store, server, monkeypatch, tmp_path):
    sid = add_novel(store, tmp_path)
    real = store.add_raw_items
    calls = {"n": 0}

    def flaky(source_id, kind, items):  # the first write of lines fails, as if the app died there
        if kind == LINE_KIND:
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError("disk went away")
        return real(source_id, kind, items)

    monkeypatch.setattr(store, "add_raw_items", flaky)
    result = await make_flow(store, server).run()
    assert calls["n"] >= 2  # the failed write, then the others and the restoring one
    assert result.lines == 9 and store.count_raw_items(sid, LINE_KIND) == 9  # restored at the end
    assert server.calls == 5


async def test_the_extracted_script_feeds_character_qa_and_dialogues(store, server, tmp_path):
    sid = add_novel(store, tmp_path)
    with pytest.raises(InputError, match="no dialogue extracted by the LLM yet"):
        extracted_script(store, sid)
    with pytest.raises(InputError, match="run the dialogue extraction"):
        llm_script_qa(store, sid, "林晚")
    await make_flow(store, server).run()

    script = extracted_script(store, sid)
    assert script.mode == "llm" and len(script.scenes) == 2
    assert [(x.speaker, x.text) for x in script.scenes[1].lines] == [
        ("沈砚", "店家，还有空房吗？"), ("林晚", "有的，楼上第三间。"), ("沈砚", "这里离洛阳城还有多远？"),
        ("林晚", "骑马半日便到。")]
    assert [x.line_no for x in script.scenes[0].lines] == [2, 3, 4, 4, 5]
    assert [r.name for r in script.character_table()] == ["林晚", "阿福", "沈砚"]
    merged = extracted_script(store, sid, aliases={"沈砚": "沈公子"})
    assert {x.speaker for x in merged.lines()} == {"林晚", "阿福", "沈公子"}

    report = llm_script_qa(store, sid, "林晚")
    assert (report.created, report.existing, sum(report.dropped.values())) == (3, 0, 1)
    assert report.dropped[say("script.drop.opens_scene").encode()] == 1  # no question before it
    qa = sorted(store.iter_samples(SampleFilter(kind="sft")), key=lambda s: (s.meta["scene_index"], s.meta["line"]))
    assert [(s.turns[0].text, s.turns[1].text) for s in qa] == [
        ("掌柜的，一早就来了三桌客人。", "那就好。\n中午多备些酒菜。"),
        ("店家，还有空房吗？", "有的，楼上第三间。"),
        ("这里离洛阳城还有多远？", "骑马半日便到。")]
    assert all(s.system == "现在你要扮演林晚。" and s.source_id == sid for s in qa)
    made = qa[0].meta["made"]
    assert made["flow"] == "dialogue_extract" and made["model"] == "fake-model"
    assert list(made["templates"]) == ["dialogue_extract:zh"] and made["params"]["chunk_size"] == 120
    assert qa[0].meta["gen"] == "llm_script_qa" and qa[0].meta["character"] == "林晚"
    assert llm_script_qa(store, sid, "林晚").existing == 3 and store.count() == 3  # nothing twice

    with_history = llm_script_qa(store, None, "林晚", ScriptQAOptions(history=2))
    assert with_history.created == 3
    long = max(store.iter_samples(SampleFilter(kind="sft")), key=lambda s: len(s.turns))
    assert [t.role for t in long.turns] == ["user", "assistant", "user", "assistant"]

    d = llm_script_dialogues(store, sid, DialogueOptions(character="林晚"))
    assert d.created == 2
    dialogues = sorted(store.iter_samples(SampleFilter(kind="dialogue")), key=lambda s: s.meta["scene_index"])
    assert [[(t.role, t.name, t.text) for t in s.turns] for s in dialogues] == [
        [("user", "阿福", "掌柜的，一早就来了三桌客人。"), ("assistant", "林晚", "那就好。\n中午多备些酒菜。")],
        [("user", "沈砚", "店家，还有空房吗？"), ("assistant", "林晚", "有的，楼上第三间。"),
         ("user", "沈砚", "这里离洛阳城还有多远？"), ("assistant", "林晚", "骑马半日便到。")]]
    assert dialogues[0].meta["made"]["flow"] == "dialogue_extract"

    with pytest.raises(InputError, match="“阿飞” does not speak .* 林晚 \\(5\\)"):
        llm_script_qa(store, sid, "阿飞")


async def test_validation(store, server):
    flow = make_flow(store, server)
    assert flow.validate() == ["The project has no imported documents. Import a script or a document first."]
    assert flow.preview_messages() == []
    sid = store.add_source("chat", "群聊")
    bad = make_flow(store, server, DialogueExtractOptions(source_id=sid, chunk_size=10, lang="fr")).validate()
    assert any("choose one of zh, en" in p for p in bad)
    assert any(p.startswith("Chunk size must be 50 to") for p in bad)
    assert any("is not an imported document" in p for p in bad)
    assert server.calls == 0


# ---- CLI -------------------------------------------------------------------------------------------
def test_cli_dialogue_extract_then_character_qa_and_dialogues(tmp_path, server, capsys, monkeypatch):
    project = tmp_path / "cli.corpus"
    with Store.create(project) as st:
        sid = add_novel(st, tmp_path)
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    p = argparse.ArgumentParser()
    register_generate(p.add_subparsers())
    args = p.parse_args(["dialogue-extract", "--project", str(project), "--base-url", server.base_url,
                         "--model", "fake-model", "--api-key-env", "FAKE_KEY_VAR", "--chunk-size", "120",
                         "--character", "林晚", "--dialogues"])
    assert args.func(args) == 3  # chunk 2 failed
    out = capsys.readouterr().out
    assert "chunks:     3" in out and "extracted:  2" in out and "lines:      9 kept" in out
    assert "speakers:   林晚 (5)、阿福 (2)、沈砚 (2)" in out
    invented = render(INVENTED, "en")
    assert f"  1: {invented}" in out and f"  [{sid}:1] 沈砚：我是来找人的。 — {invented}" in out
    assert f"  [extract] {sid}:2: No valid answer after 3 tries: every line was rejected" in out
    assert "character QA (林晚): 3 new sft samples; 1 dropped." in out
    assert "dialogues: 2 new dialogue samples" in out
    with Store(project) as st:
        assert st.count(SampleFilter(kind="sft")) == 3 and st.count(SampleFilter(kind="dialogue")) == 2
