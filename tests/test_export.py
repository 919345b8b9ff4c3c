"""core.export: every format read back with Hugging Face `datasets`, repairs, splits,
dataset_info.json and atomic writes. shared/formats/exports.md says what the consumers expect."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hf_datasets import datasets  # offline, throw-away cache, quiet

from core.errors import ExportError
from core.export import FORMATS, ExportOptions, ExportReport, export_samples
from core.export import writer as export_writer
from core.export.validate import check_conversation, check_pretrain, is_clean, repair_conversation
from core.messages import render
from core.model import Sample, Turn
from core.store import SampleFilter, Store

TEACHER = "你是一位耐心的老师。"
QA_SYSTEM = Sample.qa("什么是机器学习？", "机器学习是让计算机从数据中学习规律的方法。", system=TEACHER)
# quotes, a backslash, a tab and a newline must survive JSON and CSV escaping
QA_PLAIN = Sample.qa("“你好”用英文怎么说？", 'Hello，意思是"你好"。\n路径写作 C:\\数据\t结束')
DIALOGUE = Sample(
    kind="dialogue",
    turns=[
        Turn("user", "今晚的月亮好圆啊。", "林晚"),
        Turn("assistant", "是啊，像一面镜子。", "沈舟"),
        Turn("user", "你还记得我们第一次见面吗？", "林晚"),
        Turn("assistant", "记得，在江边的茶馆，你点了一壶龙井。", "沈舟"),
        Turn("user", "那天也下着雨。", "林晚"),
        Turn("assistant", "所以我一直带着伞。", "沈舟"),
    ],
)
JSON_MODES = [(fmt, jsonl) for fmt in FORMATS for jsonl in ((False, True) if fmt != "csv" else (False,))]


def _copy(s: Sample, **kw) -> Sample:
    fields = dict(turns=[Turn(t.role, t.text, t.name) for t in s.turns], kind=s.kind, system=s.system)
    return Sample(**(fields | kw))


def make_project(tmp_path: Path, samples: list[Sample], name: str = "p.corpus") -> Path:
    path = tmp_path / name
    with Store.create(path) as store:
        store.add_samples(samples)
    return path


@pytest.fixture
def project(tmp_path):
    """Three accepted samples (system prompt, plain, named dialogue), one pending, one rejected."""
    samples = [
        _copy(QA_SYSTEM, status="accepted"),
        _copy(QA_PLAIN, status="accepted"),
        _copy(DIALOGUE, status="accepted"),
        Sample.qa("待审核的问题？", "待审核的回答。", status="pending"),
        Sample.qa("被拒绝的问题？", "被拒绝的回答。", status="rejected", reason="重复"),
    ]
    path = make_project(tmp_path, samples)
    return path, samples


def load(path: Path, tmp_path: Path, **kw) -> datasets.Dataset:
    builder = "csv" if path.suffix == ".csv" else "json"
    return datasets.load_dataset(
        builder, data_files=str(path), split="train", cache_dir=str(tmp_path / "hf"), **kw
    )


def raw_rows(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def _pairs(s: Sample) -> list[tuple[str, str]]:
    return [(s.turns[i].text, s.turns[i + 1].text) for i in range(0, len(s.turns), 2)]


def expected_row(fmt: str, s: Sample) -> dict:
    """What shared/formats/exports.md says a valid sample becomes, built the plain way."""
    pairs = _pairs(s)
    if fmt == "alpaca":
        q, a = pairs[-1]
        return {
            "instruction": q,
            "input": "",
            "output": a,
            "system": s.system,
            "history": [list(p) for p in pairs[:-1]],
        }
    if fmt == "sharegpt":
        conv = [{"from": "human" if t.role == "user" else "gpt", "value": t.text} for t in s.turns]
        return {"conversations": conv, "system": s.system}
    if fmt == "openai":
        system = [{"role": "system", "content": s.system}] if s.system else []
        return {"messages": system + [{"role": t.role, "content": t.text} for t in s.turns]}
    if fmt == "xtuner":
        conv = [{"input": q, "output": a} for q, a in pairs]
        conv[0] = {"system": s.system, **conv[0]}
        return {"conversation": conv}
    if fmt == "aquila":
        conv = [
            {"from": t.name or ("human" if t.role == "user" else "gpt"), "value": t.text} for t in s.turns
        ]
        return {"id": s.id, "system": s.system, "conversations": conv}
    assert fmt == "csv"
    lines = [s.system] if s.system else []
    for q, a in pairs[:-1]:
        lines += ["用户：" + q, "助手：" + a]
    return {"input": "\n".join(lines + [pairs[-1][0]]), "target": pairs[-1][1]}


def _drop_none(x):
    """`datasets` gives struct fields missing from a row as None; the file has no such key."""
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x]
    return x


# ---- every format, JSON and JSON Lines, read back by `datasets` --------------------------------


@pytest.mark.parametrize("fmt,jsonl", JSON_MODES)
def test_format_loads_in_datasets_with_exact_contents(project, tmp_path, fmt, jsonl):
    path, samples = project
    out = tmp_path / "out" / "mydata.json"
    out.parent.mkdir()
    report = export_samples(path, ExportOptions(fmt, out, jsonl=jsonl))

    suffix = ".csv" if fmt == "csv" else (".jsonl" if jsonl else ".json")
    target = out.with_suffix(suffix)
    assert report.files == [target]
    assert (report.written, report.train, report.test) == (3, 3, 0)
    assert report.skipped == [] and report.repaired == []
    accepted = samples[:3]
    want = [expected_row(fmt, s) for s in accepted]

    raw = target.read_text(encoding="utf-8")
    assert "\\u" not in raw
    assert "机器学习是让计算机" in raw and "所以我一直带着伞。" in raw
    assert ("林晚" in raw) == (fmt == "aquila")  # speaker names only where the format has them
    assert "待审核" not in raw and "被拒绝" not in raw
    assert not raw.startswith("\ufeff")
    if fmt != "csv":
        assert raw_rows(target) == want  # exact shapes: key sets, system only where it belongs
        if not jsonl:
            assert raw.startswith("[\n") and raw.endswith("\n]\n") and raw.count("},\n{") == 2
        else:
            assert len(raw.splitlines()) == 3

    ds = load(target, tmp_path)
    assert ds.num_rows == 3
    assert [_drop_none(r) for r in ds.to_list()] == want


def test_alpaca_history_and_system_placement(project, tmp_path):
    path, samples = project
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "a.json"))
    rows = load(report.files[0], tmp_path).to_list()
    assert rows[0]["system"] == TEACHER and rows[0]["history"] == []
    assert rows[1]["system"] == ""
    assert rows[2] == {
        "instruction": "那天也下着雨。",
        "input": "",
        "output": "所以我一直带着伞。",
        "system": "",
        "history": [
            ["今晚的月亮好圆啊。", "是啊，像一面镜子。"],
            ["你还记得我们第一次见面吗？", "记得，在江边的茶馆，你点了一壶龙井。"],
        ],
    }


def test_named_speakers_in_aquila_and_roles_elsewhere(project, tmp_path):
    path, samples = project
    aquila = load(export_samples(path, ExportOptions("aquila", tmp_path / "q.json")).files[0], tmp_path)
    dialogue = aquila[2]
    assert dialogue["id"] == samples[2].id
    assert [c["from"] for c in dialogue["conversations"]] == ["林晚", "沈舟"] * 3
    assert [c["from"] for c in aquila[0]["conversations"]] == ["human", "gpt"]
    sharegpt = load(export_samples(path, ExportOptions("sharegpt", tmp_path / "s.json")).files[0], tmp_path)
    assert [c["from"] for c in sharegpt[2]["conversations"]] == ["human", "gpt"] * 3


def test_openai_system_message_only_when_present(project, tmp_path):
    path, _ = project
    rows = raw_rows(export_samples(path, ExportOptions("openai", tmp_path / "o.jsonl", jsonl=True)).files[0])
    assert rows[0]["messages"][0] == {"role": "system", "content": TEACHER}
    assert [m["role"] for m in rows[1]["messages"]] == ["user", "assistant"]


def test_xtuner_system_on_first_item_only(project, tmp_path):
    path, _ = project
    rows = raw_rows(export_samples(path, ExportOptions("xtuner", tmp_path / "x.json")).files[0])
    assert rows[0]["conversation"] == [
        {
            "system": TEACHER,
            "input": "什么是机器学习？",
            "output": "机器学习是让计算机从数据中学习规律的方法。",
        }
    ]
    dialogue = rows[2]["conversation"]
    assert len(dialogue) == 3 and dialogue[0]["system"] == ""
    assert all("system" not in item for item in dialogue[1:])


def test_csv_columns_and_input_rendering(project, tmp_path):
    path, _ = project
    report = export_samples(path, ExportOptions("csv", tmp_path / "c.json", jsonl=True))
    target = tmp_path / "c.csv"
    assert report.files == [target]
    data = target.read_bytes()
    assert data.startswith(b"input,target\n")  # header, no BOM
    rows = load(target, tmp_path).to_list()
    assert rows[0] == {
        "input": TEACHER + "\n什么是机器学习？",
        "target": "机器学习是让计算机从数据中学习规律的方法。",
    }
    assert rows[1]["input"] == "“你好”用英文怎么说？"  # single turn, no system: just the question
    assert rows[1]["target"] == 'Hello，意思是"你好"。\n路径写作 C:\\数据\t结束'
    assert rows[2]["input"] == (
        "用户：今晚的月亮好圆啊。\n助手：是啊，像一面镜子。\n"
        "用户：你还记得我们第一次见面吗？\n助手：记得，在江边的茶馆，你点了一壶龙井。\n那天也下着雨。"
    )
    assert any("JSON Lines option does not apply" in n for n in report.notes)


# ---- dataset_info.json ----------------------------------------------------------------------

COLUMNS = {
    "alpaca": {
        "prompt": "instruction",
        "query": "input",
        "response": "output",
        "system": "system",
        "history": "history",
    },
    "sharegpt": {"messages": "conversations", "system": "system"},
    "openai": {"messages": "messages"},
    "csv": {"prompt": "input", "response": "target"},
}
TAGS = {
    "sharegpt": {
        "role_tag": "from",
        "content_tag": "value",
        "user_tag": "human",
        "assistant_tag": "gpt",
        "system_tag": "system",
    },
    "openai": {
        "role_tag": "role",
        "content_tag": "content",
        "user_tag": "user",
        "assistant_tag": "assistant",
        "system_tag": "system",
    },
}


@pytest.mark.parametrize("fmt", ["alpaca", "sharegpt", "openai", "csv"])
def test_dataset_info_entry_matches_the_loaded_columns(project, tmp_path, fmt):
    path, _ = project
    report = export_samples(path, ExportOptions(fmt, tmp_path / "mydata.json"))
    info = json.loads((tmp_path / "dataset_info.json").read_text(encoding="utf-8"))
    assert report.dataset_info == tmp_path / "dataset_info.json"
    entry = info["mydata"]
    want = {
        "file_name": report.files[0].name,
        "formatting": "sharegpt" if fmt in TAGS else "alpaca",
        "columns": COLUMNS[fmt],
    }
    if fmt in TAGS:
        want["tags"] = TAGS[fmt]
    assert entry == want
    assert "/" not in entry["file_name"]

    ds = load(tmp_path / entry["file_name"], tmp_path)
    assert set(entry["columns"].values()) <= set(ds.column_names)
    if fmt in TAGS:
        tags = entry["tags"]
        messages = ds[0][entry["columns"]["messages"]]
        assert set(messages[0]) == {tags["role_tag"], tags["content_tag"]}
        roles = {m[tags["role_tag"]] for row in ds for m in row[entry["columns"]["messages"]]}
        assert {tags["user_tag"], tags["assistant_tag"]} <= roles
        assert roles <= {tags["user_tag"], tags["assistant_tag"], tags["system_tag"]}


def test_dataset_info_merges_and_replaces_only_ours(project, tmp_path):
    path, _ = project
    info_path = tmp_path / "dataset_info.json"
    other = {"file_name": "other.json", "columns": {"prompt": "q"}}
    info_path.write_text(
        json.dumps({"other": other, "mydata_train": {"file_name": "stale.json"}}), encoding="utf-8"
    )
    report = export_samples(
        path, ExportOptions("sharegpt", tmp_path / "mydata.jsonl", jsonl=True, test_ratio=0.34)
    )
    info = json.loads(info_path.read_text(encoding="utf-8"))
    assert info["other"] == other
    assert info["mydata_train"]["file_name"] == "mydata_train.jsonl"
    assert info["mydata_test"]["file_name"] == "mydata_test.jsonl"
    assert info["mydata_train"]["tags"] == TAGS["sharegpt"]
    assert "mydata_train, mydata_test" in report.summary()


@pytest.mark.parametrize("fmt", ["xtuner", "aquila"])
def test_formats_llama_factory_does_not_read_get_a_note(project, tmp_path, fmt):
    path, _ = project
    report = export_samples(path, ExportOptions(fmt, tmp_path / "d.json"))
    assert report.dataset_info is None and not (tmp_path / "dataset_info.json").exists()
    assert f"{fmt}: LLaMA-Factory does not read this format; no dataset_info entry" in report.notes
    assert report.notes[0] in report.summary()


def test_dataset_info_can_be_turned_off(project, tmp_path):
    path, _ = project
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "d.json", dataset_info=False))
    assert report.dataset_info is None and not (tmp_path / "dataset_info.json").exists()


def test_broken_dataset_info_is_refused_before_writing(project, tmp_path):
    path, _ = project
    (tmp_path / "dataset_info.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ExportError, match="dataset_info.json"):
        export_samples(path, ExportOptions("alpaca", tmp_path / "d.json"))
    assert not (tmp_path / "d.json").exists()
    assert (tmp_path / "dataset_info.json").read_text(encoding="utf-8") == "{not json"


# ---- validation and repair ------------------------------------------------------------------


@pytest.fixture
def messy(tmp_path):
    samples = [
        Sample(
            kind="dialogue",
            status="accepted",
            turns=[
                Turn("user", "第一句。"),
                Turn("user", "第二句？"),
                Turn("assistant", "回答。"),
            ],
        ),
        Sample(
            kind="sft",
            status="accepted",
            turns=[
                Turn("user", "问题？"),
                Turn("assistant", "  \n"),
                Turn("user", ""),
                Turn("assistant", "答案。"),
            ],
        ),
        Sample(
            kind="dialogue",
            status="accepted",
            turns=[
                Turn("user", "问一？"),
                Turn("assistant", "答一。"),
                Turn("user", "没人回答的问题？"),
            ],
        ),
        Sample(
            kind="dialogue",
            status="accepted",
            turns=[
                Turn("assistant", "我先说话。"),
                Turn("user", "好的？"),
                Turn("assistant", "嗯。"),
            ],
        ),
        Sample(kind="sft", status="accepted", turns=[Turn("user", "只有问题？")]),
        Sample(kind="sft", status="accepted", turns=[]),
        Sample(
            kind="sft",
            status="accepted",
            system="   ",
            turns=[Turn("user", "正常？"), Turn("assistant", "正常。")],
        ),
    ]
    return make_project(tmp_path, samples), samples


def test_repairs_and_skips_are_reported_and_the_written_count_trains(messy, tmp_path):
    path, s = messy
    report = export_samples(path, ExportOptions("sharegpt", tmp_path / "m.json"))
    repaired = dict(report.repaired)
    skipped = dict(report.skipped)
    assert set(repaired) == {s[0].id, s[1].id, s[2].id}
    assert "merged 2 consecutive user turns" in repaired[s[0].id]
    assert "removed 2 empty turns" in repaired[s[1].id]
    assert "dropped the last user turn" in repaired[s[2].id]
    assert set(skipped) == {s[3].id, s[4].id, s[5].id}
    assert "starts with an assistant turn" in skipped[s[3].id]
    assert "no answer" in skipped[s[4].id]
    assert "no turns" in skipped[s[5].id]
    assert report.written == 4

    rows = load(report.files[0], tmp_path).to_list()
    assert len(rows) == report.written
    convs = [[(c["from"], c["value"]) for c in r["conversations"]] for r in rows]
    assert convs[0] == [("human", "第一句。\n第二句？"), ("gpt", "回答。")]
    assert convs[1] == [("human", "问题？"), ("gpt", "答案。")]
    assert convs[2] == [("human", "问一？"), ("gpt", "答一。")]
    assert rows[3]["system"] == ""  # whitespace-only system prompt counts as none
    for conv in convs:  # what LLaMA-Factory needs: strict alternation, even length, no empty text
        assert [f for f, _ in conv] == ["human", "gpt"] * (len(conv) // 2)
        assert all(v.strip() for _, v in conv)
    summary = report.summary()
    assert "Repaired 3 samples" in summary and "Skipped 3 samples" in summary


def u(text: str, name: str | None = None) -> Turn:
    return Turn("user", text, name)


def a(text: str, name: str | None = None) -> Turn:
    return Turn("assistant", text, name)


def test_validation_rules_directly():
    long = [u("问"), a("答")] * 150  # longer than the precomputed role patterns
    assert is_clean(long) and check_conversation(Sample(turns=long)).turns is long
    assert not is_clean([]) and not is_clean([u("问")]) and not is_clean([u("问"), a("\u3000")])
    c = repair_conversation([u("甲说", "林晚"), u("乙说", "沈舟"), a("好", "店家")])
    assert c.turns == [Turn("user", "甲说\n乙说", "林晚"), Turn("assistant", "好", "店家")]
    assert c.repaired == "merged 2 consecutive user turns of different speakers"
    assert repair_conversation([u(" "), a("")]).skip == "every turn is empty"
    assert check_pretrain(Sample.text("  原样  ")).text == "  原样  "


def test_openai_whitespace_system_gives_no_system_message(messy, tmp_path):
    path, s = messy
    rows = raw_rows(export_samples(path, ExportOptions("openai", tmp_path / "m.json")).files[0])
    assert rows[-1]["messages"] == [
        {"role": "user", "content": "正常？"},
        {"role": "assistant", "content": "正常。"},
    ]


def test_every_sample_invalid_is_an_error_and_writes_nothing(tmp_path):
    path = make_project(tmp_path, [Sample(turns=[Turn("assistant", "只有回答。")], status="accepted")])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="None of the 1 selected samples") as e:
        export_samples(path, ExportOptions("alpaca", out / "d.json"))
    assert "starts with an assistant turn" in str(e.value)
    assert list(out.iterdir()) == []


# ---- selection ------------------------------------------------------------------------------


def test_accepted_vs_non_rejected_and_rejected_never(project, tmp_path):
    path, samples = project
    accepted = export_samples(path, ExportOptions("aquila", tmp_path / "a.json"))
    wider = export_samples(path, ExportOptions("aquila", tmp_path / "b.json", include="non_rejected"))
    assert [r["id"] for r in raw_rows(accepted.files[0])] == [s.id for s in samples[:3]]
    assert [r["id"] for r in raw_rows(wider.files[0])] == [s.id for s in samples[:4]]
    for report in (accepted, wider):
        assert "被拒绝" not in report.files[0].read_text(encoding="utf-8")


def test_kind_filter(project, tmp_path):
    path, samples = project
    report = export_samples(path, ExportOptions("aquila", tmp_path / "d.json", kind="dialogue"))
    assert [r["id"] for r in raw_rows(report.files[0])] == [samples[2].id]


def test_pretrain_text_as_alpaca_and_xtuner(tmp_path):
    texts = ["春眠不觉晓，处处闻啼鸟。", "  缩进与\n换行都原样保留。  "]
    path = make_project(
        tmp_path, [Sample.text(t, status="accepted") for t in texts] + [Sample.text("   ", status="accepted")]
    )
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "pt.jsonl", jsonl=True))
    assert [r["text"] for r in load(report.files[0], tmp_path).to_list()] == texts
    assert len(report.skipped) == 1 and "empty" in report.skipped[0][1]
    entry = json.loads((tmp_path / "dataset_info.json").read_text(encoding="utf-8"))["pt"]
    assert entry == {"file_name": "pt.jsonl", "formatting": "alpaca", "columns": {"prompt": "text"}}
    rows = raw_rows(export_samples(path, ExportOptions("xtuner", tmp_path / "x.json")).files[0])
    assert rows[1] == {"conversation": [{"system": "", "input": "", "output": texts[1]}]}


@pytest.mark.parametrize("fmt", ["sharegpt", "openai", "aquila", "csv"])
def test_pretrain_in_a_conversation_format_is_refused(tmp_path, fmt):
    path = make_project(tmp_path, [Sample.text("一段文字。", status="accepted")])
    with pytest.raises(ExportError, match="pretrain"):
        export_samples(path, ExportOptions(fmt, tmp_path / "d.json"))


def test_all_kinds_means_the_conversations_when_pretrain_text_is_present(project, tmp_path):
    path, _ = project
    with Store(path) as store:
        store.add_samples([Sample.text("一段预训练文字。", status="accepted")])
        conversations = store.count(SampleFilter(not_kind="pretrain", statuses=("accepted",)))
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "d.json"))
    assert report.written + len(report.skipped) == conversations
    assert any("1 pretrain text samples were left out" in n for n in report.notes)
    assert "一段预训练文字" not in (tmp_path / "d.json").read_text(encoding="utf-8")
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "p.json", kind="pretrain"))
    assert report.written == 1
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8")) == [{"text": "一段预训练文字。"}]


def test_empty_selection_is_refused(tmp_path):
    path = make_project(tmp_path, [Sample.qa("问？", "答。", status="pending")])
    with pytest.raises(ExportError, match="“p” has no accepted samples") as e:
        export_samples(path, ExportOptions("alpaca", tmp_path / "d.json"))
    assert "Accept some in Review" in render(e.value.args[0], "en") and "non-rejected" in str(e.value)
    assert "审阅页接受" in render(e.value.args[0], "zh")
    with pytest.raises(ExportError, match="no accepted sft"):
        export_samples(path, ExportOptions("alpaca", tmp_path / "d.json", kind="sft"))
    assert not (tmp_path / "d.json").exists()


# ---- split ----------------------------------------------------------------------------------


@pytest.fixture
def twenty(tmp_path):
    samples = [Sample.qa(f"第{i}个问题？", f"第{i}个回答。", status="accepted") for i in range(20)]
    return make_project(tmp_path, samples), samples


def _ids(report: ExportReport) -> list[list[int]]:
    return [[r["id"] for r in raw_rows(f)] for f in report.files]


def test_split_is_reproducible_disjoint_and_complete(twenty, tmp_path):
    path, samples = twenty
    opts = ExportOptions("aquila", tmp_path / "out.json", test_ratio=0.25, seed=7)
    first = export_samples(path, opts)
    assert first.files == [tmp_path / "out_train.json", tmp_path / "out_test.json"]
    assert (first.train, first.test, first.written) == (15, 5, 20)
    train, test = _ids(first)
    assert not set(train) & set(test)
    assert sorted(train + test) == [s.id for s in samples]
    assert train == sorted(train) and test == sorted(test)
    again = export_samples(path, opts)
    assert _ids(again) == [train, test]
    other = export_samples(path, ExportOptions("aquila", tmp_path / "out.json", test_ratio=0.25, seed=8))
    assert _ids(other)[1] != test
    assert "15 for training in out_train.json, 5 for testing in out_test.json" in first.summary()


def test_split_files_load_and_get_dataset_info_entries(twenty, tmp_path):
    path, _ = twenty
    report = export_samples(path, ExportOptions("csv", tmp_path / "d.txt", test_ratio=0.1))
    assert report.files == [tmp_path / "d_train.csv", tmp_path / "d_test.csv"]
    assert [load(f, tmp_path).num_rows for f in report.files] == [18, 2]
    info = json.loads((tmp_path / "dataset_info.json").read_text(encoding="utf-8"))
    assert info["d_train"]["file_name"] == "d_train.csv" and info["d_test"]["file_name"] == "d_test.csv"


@pytest.mark.parametrize(
    "n,ratio,want", [(20, 0.25, 5), (2, 0.01, 1), (3, 0.99, 2), (10, 0.5, 5), (1000, 0.001, 1), (1, 0.5, 0)]
)
def test_test_count(n, ratio, want):
    assert export_writer._test_count(n, ratio) == want


def test_split_with_one_sample_writes_only_train(tmp_path):
    path = make_project(tmp_path, [Sample.qa("问？", "答。", status="accepted")])
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "d.json", test_ratio=0.2))
    assert report.files == [tmp_path / "d_train.json"] and (report.train, report.test) == (1, 0)
    assert not (tmp_path / "d_test.json").exists()
    assert any("test split is empty" in n for n in report.notes)


# ---- paths and errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,jsonl,fmt,want",
    [
        ("d.json", True, "alpaca", "d.jsonl"),
        ("d.jsonl", False, "alpaca", "d.json"),
        ("d.txt", False, "csv", "d.csv"),
        ("d", False, "openai", "d.json"),
        ("qwen-v1.5", True, "sharegpt", "qwen-v1.5.jsonl"),
    ],
)
def test_output_suffix(project, tmp_path, name, jsonl, fmt, want):
    path, _ = project
    report = export_samples(path, ExportOptions(fmt, tmp_path / name, jsonl=jsonl))
    assert report.files == [tmp_path / want] and (tmp_path / want).exists()


@pytest.mark.parametrize(
    "opts,match",
    [
        (dict(format="parquet"), "Unknown export format"),
        (dict(test_ratio=1.0), "out of range"),
        (dict(test_ratio=-0.1), "out of range"),
        (dict(test_ratio=math.nan), "out of range"),
        (dict(include="all"), "Unknown sample scope"),
        (dict(kind="chat"), "Unknown sample kind"),
    ],
)
def test_bad_options(project, tmp_path, opts, match):
    path, _ = project
    with pytest.raises(ExportError, match=match):
        export_samples(path, ExportOptions(**({"format": "alpaca", "out": tmp_path / "d.json"} | opts)))


def test_unusable_output_folder(project, tmp_path):
    path, _ = project
    # a missing folder is made (`--out data/my.json`); a file standing where the folder should be is not
    export_samples(path, ExportOptions("alpaca", tmp_path / "missing" / "deeper" / "d.json"))
    assert (tmp_path / "missing" / "deeper" / "d.json").is_file()
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ExportError, match="cannot be created|is a file") as e:
        export_samples(path, ExportOptions("alpaca", tmp_path / "afile" / "d.json"))
    assert "d.json" in str(e.value)
    with pytest.raises(ExportError, match="is a folder"):
        export_samples(path, ExportOptions("alpaca", tmp_path))
    with pytest.raises(ExportError, match="dataset index"):
        export_samples(path, ExportOptions("alpaca", tmp_path / "dataset_info.json"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_output_folder(project, tmp_path):
    path, _ = project
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="not writable"):
            export_samples(path, ExportOptions("alpaca", ro / "d.json"))
    finally:
        ro.chmod(0o755)


def test_folder_without_write_permission(project, tmp_path, monkeypatch):
    path, _ = project
    monkeypatch.setattr(export_writer.os, "access", lambda *a, **k: False)
    with pytest.raises(ExportError, match="not writable") as e:
        export_samples(path, ExportOptions("alpaca", tmp_path / "d.json"))
    assert "Choose a folder you can write to" in str(e.value)


# ---- atomicity, progress, store argument ----------------------------------------------------


def test_failure_midway_leaves_targets_untouched_and_no_temp_files(tmp_path):
    samples = [Sample.qa(f"问题{i}？", f"回答{i}。", status="accepted") for i in range(2500)]
    path = make_project(tmp_path, samples)
    out = tmp_path / "out"
    out.mkdir()
    (out / "d_train.json").write_text("OLD TRAIN", encoding="utf-8")
    (out / "dataset_info.json").write_text('{"keep": {"file_name": "k.json"}}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def progress(done, total):
        calls.append(done)
        if done >= 2000:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        export_samples(path, ExportOptions("alpaca", out / "d.json", test_ratio=0.1), progress=progress)
    assert calls == [0, 1000, 2000]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # same files, same bytes, no temps

    report = export_samples(path, ExportOptions("alpaca", out / "d.json", test_ratio=0.1))
    assert report.written == 2500
    assert sorted(p.name for p in out.iterdir()) == ["d_test.json", "d_train.json", "dataset_info.json"]
    assert json.loads((out / "dataset_info.json").read_text(encoding="utf-8"))["keep"] == {
        "file_name": "k.json"
    }


def test_progress_reports_done_and_total(tmp_path):
    path = make_project(tmp_path, [Sample.qa(f"问{i}？", f"答{i}。", status="accepted") for i in range(2300)])
    seen: list[tuple[int, int]] = []
    export_samples(
        path, ExportOptions("openai", tmp_path / "d.json"), progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(0, 2300), (1000, 2300), (2000, 2300), (2300, 2300)]


def test_open_store_is_used_and_left_open(project, tmp_path):
    path, _ = project
    with Store(path) as store:
        report = export_samples(store, ExportOptions("alpaca", tmp_path / "d.json"))
        assert report.written == 3
        assert store.count() == 5  # still open


def test_alpaca_jsonl_moves_a_late_history_row_to_the_top(tmp_path, monkeypatch):
    monkeypatch.setattr(export_writer, "HISTORY_LEAD_CHARS", 10)
    samples = [Sample.qa(f"单轮问题{i}？", f"单轮回答{i}。", status="accepted") for i in range(30)]
    samples.append(_copy(DIALOGUE, status="accepted"))
    path = make_project(tmp_path, samples)
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "d.jsonl", jsonl=True))
    rows = raw_rows(report.files[0])
    assert len(rows) == 31 and len(rows[0]["history"]) == 2 and rows[1]["instruction"] == "单轮问题0？"
    assert any("moved to the top" in n for n in report.notes)
    # `datasets` types columns from its first chunk; with the history row first, small chunks load
    ds = load(report.files[0], tmp_path, chunksize=256)
    assert ds.num_rows == 31 and ds[0]["history"][0][0] == "今晚的月亮好圆啊。"


def test_write_error_becomes_export_error_and_changes_nothing(project, tmp_path, monkeypatch):
    path, _ = project
    out = tmp_path / "out"
    out.mkdir()
    (out / "d.json").write_text("OLD", encoding="utf-8")

    def disk_full(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_writer._Sink, "finish", disk_full)
    with pytest.raises(ExportError, match="No space left on device") as e:
        export_samples(path, ExportOptions("sharegpt", out / "d.json"))
    assert "no file was changed" in str(e.value)
    assert [p.name for p in out.iterdir()] == ["d.json"] and (out / "d.json").read_text() == "OLD"
