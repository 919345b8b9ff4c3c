"""Exporting the reasoning kept on samples: none (the default), think (inside the final answer,
as LLaMA-Factory's reasoning templates read it) and field (a separate reasoning_content field),
every format read back with Hugging Face `datasets`, with the exact text expected."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_export import JSON_MODES, _drop_none, expected_row, load, make_project

from core.export import ExportOptions, export_samples
from core.export.preview import preview_first_record
from core.messages import say
from core.model import Sample, Turn
from core.text.reasoning import THINKING

ROOT = Path(__file__).resolve().parent.parent
THOUGHT = "先看原文第二段：客栈开在洛阳。\n问的是地点，所以答洛阳。"
LATER = "上一轮说到了伞。\n这一轮只需回忆天气。"
# LLaMA-Factory's Template.remove_thought with its default thought words ("<think>\n", "\n</think>\n\n")
LF_THOUGHT = re.compile(re.escape("<think>\n") + "(.*?)" + re.escape("\n</think>\n\n"), re.S)


def samples() -> list[Sample]:
    return [
        Sample.qa("客栈开在哪里？", "洛阳。", status="accepted", meta={THINKING: THOUGHT, "reasoning": "依据第二段"}),
        Sample.qa("没有推理的问题？", "没有推理的回答。", status="accepted", system="你是助手。"),
        Sample(kind="dialogue", status="accepted", meta={THINKING: LATER}, turns=[
            Turn("user", "今晚下雨吗？", "林晚"), Turn("assistant", "会下，带伞。", "沈舟"),
            Turn("user", "那天也下雨吗？", "林晚"), Turn("assistant", "那天也下着雨。", "沈舟")]),
    ]


@pytest.fixture
def project(tmp_path):
    made = samples()
    path = make_project(tmp_path, made)
    for i, s in enumerate(made, 1):
        s.id = i
    return path, made


def with_thought(s: Sample) -> Sample:
    """The sample as a think export writes it: the reasoning before the final answer."""
    thought = s.meta.get(THINKING)
    turns = [Turn(t.role, t.text, t.name) for t in s.turns]
    if thought:
        turns[-1] = Turn("assistant", f"<think>\n{thought}\n</think>\n\n{turns[-1].text}", turns[-1].name)
    return Sample(turns=turns, kind=s.kind, system=s.system, id=s.id)


def expected(fmt: str, s: Sample, mode: str) -> dict:
    if mode == "think":
        return expected_row(fmt, with_thought(s))
    row = expected_row(fmt, s)
    if mode == "none":
        return row
    thought = s.meta.get(THINKING, "")
    if fmt in ("alpaca", "aquila", "csv"):
        row["reasoning_content"] = thought
    elif fmt in ("sharegpt", "openai"):
        messages = row["conversations" if fmt == "sharegpt" else "messages"]
        answers = [m for m in messages if m.get("from", m.get("role")) in ("gpt", "assistant")]
        for m in answers:
            m["reasoning_content"] = thought if m is answers[-1] else ""
    else:  # xtuner: each turn's item
        for item in row["conversation"]:
            item["reasoning_content"] = thought if item is row["conversation"][-1] else ""
    return row


def read(path: Path, tmp_path: Path) -> list[dict]:
    kw = {"keep_default_na": False} if path.suffix == ".csv" else {}  # an empty field is "", not None
    return [_drop_none(r) for r in load(path, tmp_path, **kw).to_list()]


@pytest.mark.parametrize("mode", ["none", "think", "field"])
@pytest.mark.parametrize("fmt,jsonl", JSON_MODES)
def test_every_format_reads_back_with_the_reasoning_where_asked(project, tmp_path, fmt, jsonl, mode):
    path, made = project
    report = export_samples(path, ExportOptions(fmt, tmp_path / "out" / "d.json", jsonl=jsonl, mask="off",
                                                reasoning=mode))
    [target] = report.files
    assert report.written == 3
    assert read(target, tmp_path) == [expected(fmt, s, mode) for s in made]
    raw = target.read_text(encoding="utf-8")
    assert ("<think>" in raw) == (mode == "think")
    assert ("reasoning_content" in raw) == (mode == "field")
    assert ("先看原文第二段" in raw) == (mode != "none")
    assert "依据第二段" not in raw  # the answer template's basis note is never exported
    if mode == "think":  # LLaMA-Factory's reasoning template finds the thought and the answer
        first = read(target, tmp_path)[0]
        answer = {"alpaca": lambda r: r["output"], "sharegpt": lambda r: r["conversations"][-1]["value"],
                  "openai": lambda r: r["messages"][-1]["content"], "xtuner": lambda r: r["conversation"][-1]["output"],
                  "aquila": lambda r: r["conversations"][-1]["value"], "csv": lambda r: r["target"]}[fmt](first)
        assert LF_THOUGHT.search(answer).group(1) == THOUGHT and LF_THOUGHT.sub("", answer) == "洛阳。"
    said = {"none": None, "think": say("reasoning.exported_think", n=2),
            "field": say("reasoning.exported_field", n=2, field="reasoning_content")}[mode]
    assert [n for n in report.notes if "reasoning" in n.lower() or "推理" in n] == ([said.render()] if said else [])


@pytest.mark.parametrize("fmt", ["alpaca", "sharegpt", "openai", "csv"])
def test_dataset_info_entries_still_load_with_the_reasoning_field(project, tmp_path, fmt):
    path, _ = project
    report = export_samples(path, ExportOptions(fmt, tmp_path / "d.json", mask="off", reasoning="field"))
    info = json.loads((tmp_path / "dataset_info.json").read_text(encoding="utf-8"))
    entry = info["d"]
    assert entry["file_name"] == report.files[0].name
    assert "reasoning_content" not in json.dumps(entry)  # LLaMA-Factory has no column for it: left alone
    ds = load(tmp_path / entry["file_name"], tmp_path, **({"keep_default_na": False} if fmt == "csv" else {}))
    assert set(entry["columns"].values()) <= set(ds.column_names)
    if "tags" in entry:
        messages = ds[0][entry["columns"]["messages"]]
        assert {entry["tags"]["role_tag"], entry["tags"]["content_tag"]} <= set(messages[0])


def test_alpaca_history_row_is_still_moved_first_with_the_field(tmp_path):
    # alpaca JSON Lines: a late first row with a history moves to the top (writer.HISTORY_LEAD_CHARS);
    # the field stands before "history", where that check does not look
    from core.export import writer

    many = [Sample.qa(f"问{i}", "答" * 50, status="accepted") for i in range(40)] + samples()[2:]
    path = make_project(tmp_path, many)
    old, writer.HISTORY_LEAD_CHARS = writer.HISTORY_LEAD_CHARS, 500
    try:
        report = export_samples(path, ExportOptions("alpaca", tmp_path / "a.json", jsonl=True, mask="off",
                                                    reasoning="field"))
    finally:
        writer.HISTORY_LEAD_CHARS = old
    first = json.loads(report.files[0].read_text(encoding="utf-8").splitlines()[0])
    assert first["history"] == [["今晚下雨吗？", "会下，带伞。"]] and first["reasoning_content"] == LATER


def test_the_reasoning_is_masked_like_the_answer_and_counts_toward_the_length_cap(tmp_path):
    phone = "13812345678"
    s = Sample.qa("联系方式？", f"打 {phone}。", status="accepted",
                  meta={THINKING: f"原文写着电话 {phone}，照抄即可。" + "想" * 60})
    path = make_project(tmp_path, [s])
    for mode in ("think", "field"):
        report = export_samples(path, ExportOptions("openai", tmp_path / f"{mode}.json", mask="tag", reasoning=mode,
                                                    char_cap=60))
        raw = report.files[0].read_text(encoding="utf-8")
        assert phone not in raw and raw.count("[手机号1]") == 2  # the same tag in the answer and its reasoning
        # the row is measured with its reasoning (after masking: 19 characters of turns, 69 of reasoning)
        assert report.over_cap == [(1, 14 + len("原文写着电话 [手机号1]，照抄即可。") + 60)]
    plain = export_samples(path, ExportOptions("openai", tmp_path / "none.json", mask="tag", char_cap=60))
    assert plain.over_cap == [] and "照抄" not in plain.files[0].read_text(encoding="utf-8")


def test_preview_shows_the_reasoning_as_the_file_will(project, tmp_path):
    path, made = project
    for mode in ("none", "think", "field"):
        options = ExportOptions("openai", tmp_path / f"p_{mode}.json", jsonl=True, mask="off", reasoning=mode)
        first = preview_first_record(path, options)
        assert json.loads(first) == expected("openai", made[0], mode)
        assert first == export_samples(path, options).files[0].read_text(encoding="utf-8").splitlines()[0]


def test_pretrain_text_has_no_reasoning_to_write(tmp_path):
    path = make_project(tmp_path, [Sample.text("一段预训练文本。", status="accepted", meta={THINKING: "不该出现"})])
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "t.json", reasoning="think"))
    assert json.loads(report.files[0].read_text(encoding="utf-8")) == [{"text": "一段预训练文本。"}]
    assert any("预训练" in n or "pre-training" in n for n in report.notes)


def test_an_unknown_mode_is_refused(project, tmp_path):
    from core.errors import ExportError

    with pytest.raises(ExportError, match="reasoning|推理"):
        export_samples(project[0], ExportOptions("alpaca", tmp_path / "x.json", reasoning="inline"))


def test_cli_export_reasoning(project, tmp_path):
    path, made = project
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}
    rows = {}
    for mode in ("none", "think", "field"):
        out = tmp_path / f"cli_{mode}.jsonl"
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--project", str(path), "--format",
                            "sharegpt", "--out", str(out), "--jsonl", "--reasoning", mode], cwd=ROOT,
                           capture_output=True, text=True, timeout=180, env=env)
        assert r.returncode == 0, r.stderr
        rows[mode] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        if mode == "think":
            assert "2 samples have their reasoning written before the answer as <think>" in r.stdout
    assert rows["none"][0]["conversations"][-1] == {"from": "gpt", "value": "洛阳。"}
    assert rows["think"][0]["conversations"][-1]["value"] == f"<think>\n{THOUGHT}\n</think>\n\n洛阳。"
    assert rows["field"][0]["conversations"][-1] == {"from": "gpt", "value": "洛阳。", "reasoning_content": THOUGHT}
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--project", str(path), "--format",
                          "sharegpt", "--out", str(tmp_path / "x.json"), "--reasoning", "inline"], cwd=ROOT,
                         capture_output=True, text=True, timeout=180, env=env)
    assert bad.returncode != 0 and "--reasoning" in bad.stderr
