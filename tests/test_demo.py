"""The demo project (core.demo): built from resources/demo/ through the real pipelines, with no
network and no key; Review has something in every filter and Export gives files `datasets` reads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hf_datasets import datasets  # offline, throw-away cache, quiet

from core import cli, demo
from core.errors import InputError, ProjectError
from core.export import ExportOptions, export_samples
from core.flows.evidence import evidence, made_lines
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
CHARACTER = "小满"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Building the demo must never open a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the demo tried to reach the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in ("OPENAI_API_KEY", "CORPUSMITH_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "demo.corpus"
    summary = demo.build_demo_project(path)
    return path, summary


def _samples(store, **kw):
    return list(store.iter_samples(SampleFilter(**kw)))


def _alternates(turns) -> bool:
    return all(a.role != b.role for a, b in zip(turns, turns[1:], strict=False))


# ---- what the project holds ------------------------------------------------------------------------
def test_sources_exist_with_their_raw_items(built):
    path, summary = built
    assert path.is_file() and summary.path == path
    assert not list(path.parent.glob(".*building*"))  # the build's working file is gone
    with Store(path) as st:
        by_kind = {s["kind"]: s for s in st.sources()}
        assert set(by_kind) == {"document", "bilibili", "chat"}
        doc, video, chat = by_kind["document"], by_kind["bilibili"], by_kind["chat"]

        # the script, imported as a document: its text and its chunks
        [text] = list(st.raw_items(doc["id"], "document"))
        assert text["data"]["format"] == "text" and "第一场 茶馆" in text["data"]["text"]
        chunks = list(st.raw_items(doc["id"], "chunk"))
        assert chunks and all(c["key"].startswith(f"{doc['id']}:") for c in chunks)
        assert doc["settings"]["chunk_size"] > 0

        # the comment section, stored as the crawler stores a finished crawl
        assert video["settings"]["aid"] > 0 and video["settings"]["bvid"].startswith("BV1")
        assert video["origin"].endswith(video["settings"]["bvid"])
        comments = {c["key"]: c for c in st.raw_items(video["id"], "comment")}
        assert len(comments) >= 15
        roots = [c for c in comments.values() if c["parent_key"] is None]
        assert 5 <= len(roots) <= 8
        for c in comments.values():
            d = c["data"]
            assert d["text"] and d["name"] and d["mid"] and d["time"]
            if c["parent_key"] is not None:
                assert c["parent_key"] in comments and str(d["root"]) in comments
        assert any(c["data"]["text"].startswith("回复 @") for c in comments.values())
        state = st.get_meta(f"crawl:{video['id']}")
        assert state["complete"] and state["main"]["done"] and not state["pending"]
        assert state["all_count"] == len(comments)

        # the chat export: chats, messages, one chat labelled
        assert chat["settings"]["format"] == "competition" and chat["settings"]["labelled"] == 1
        chats = list(st.raw_items(chat["id"], "chat"))
        assert len(chats) == 2 and sum(1 for c in chats if c["data"].get("labels")) == 1
        assert 20 <= st.count_raw_items(chat["id"], "message") <= 40

    assert summary.raw_items == {"document": 1, "chunk": len(chunks), "comment": len(comments), "chat": 2,
                                 "message": summary.raw_items["message"]}


def test_comment_chains_became_alternating_dialogues(built):
    path, _ = built
    with Store(path) as st:
        video = next(s for s in st.sources() if s["kind"] == "bilibili")
        dialogues = _samples(st, source_id=video["id"])
        comments = {c["key"]: c["data"] for c in st.raw_items(video["id"], "comment")}
    assert len(dialogues) >= 3
    for s in dialogues:
        assert s.kind == "dialogue" and s.meta["flow"] == "bilibili"
        assert len(s.turns) >= 2 and _alternates(s.turns) and s.turns[-1].role == "assistant"
        assert s.turns[0].role == "user"  # even chains: nothing for Export to skip
        assert all(t.text and not t.text.startswith("回复 @") for t in s.turns)  # reply prefixes cleaned
        assert all(t.name.startswith("用户") for t in s.turns)  # speakers anonymous
        path_keys = [str(k) for k in s.meta["path"]]
        assert comments[path_keys[0]]["root"] == 0  # from a root comment …
        for parent, child in zip(path_keys, path_keys[1:], strict=False):  # … down its reply chain
            assert comments[child]["parent"] == int(parent)
    assert any(len(s.turns) >= 4 for s in dialogues)


def test_script_qa_for_the_character(built):
    path, summary = built
    assert summary.character == CHARACTER
    with Store(path) as st:
        qa = [s for s in _samples(st, kind="sft") if s.meta.get("gen") == "script_qa"]
        scenes = [s for s in _samples(st, kind="dialogue") if s.meta.get("gen") == "script_dialogue"]
        chunks = [s for s in _samples(st, kind="pretrain") if s.meta.get("gen") == "chunk"]
    assert len(qa) >= 4
    for s in qa:
        assert s.meta["character"] == CHARACTER and CHARACTER in s.system
        assert s.turns[0].role == "user" and s.turns[0].name != CHARACTER
        assert s.turns[-1].role == "assistant" and s.turns[-1].name == CHARACTER
        assert s.meta["scene"] in ("第一场 茶馆", "第二场 后院")
    assert "滚水" in qa[0].turns[0].text  # the scene's opening line asks, 小满 answers
    assert len(scenes) == 2 and all(len(s.turns) >= 2 and _alternates(s.turns) for s in scenes)
    assert len(chunks) >= 1 and "雨夜茶馆" in chunks[0].turns[0].text


def test_chat_samples_labelled_and_dialogues(built):
    path, _ = built
    with Store(path) as st:
        chat = next(s for s in st.sources() if s["kind"] == "chat")
        samples = _samples(st, source_id=chat["id"])
    labelled = [s for s in samples if s.meta.get("labelled")]
    assert len(labelled) == 1
    [ex] = labelled
    assert ex.kind == "sft" and ex.meta["flow"] == "extract" and not ex.reason  # the labels fit the schema
    records = json.loads(ex.turns[-1].text)
    assert records[0]["基本信息-姓名"] == "王建国" and records[0]["客户是否有意向"] == "有意向"
    assert "王建国2：" in ex.turns[0].text  # the chat transcript is the input
    assert ex.meta["made"]["from"] == "imported labels"

    dialogues = [s for s in samples if s.kind == "dialogue"]
    assert len(dialogues) == 2
    for s in dialogues:
        assert s.meta["gen"] == "chat_dialogue" and _alternates(s.turns)
        assert {t.name for t in s.turns if t.role == "assistant"} <= {"苏晴1", "苏晴2", "陈工3"}


def test_generated_samples_carry_their_provenance_and_evidence(built):
    path, _ = built
    with Store(path) as st:
        generated = [s for s in st.iter_samples() if s.meta.get("flow") == demo.DEMO_FLOW]
        assert len(generated) == 5
        for s in generated:
            assert s.kind == "sft" and len(s.turns) == 2
            assert s.meta["made"]["flow"] == "demo" and "no model" in s.meta["made"]["from"]
            from core.messages import set_language

            set_language("zh")
            try:  # Review says, in the reader's language, that no model made them
                assert made_lines(s.meta)[:2] == ["生成方式：示例数据（没有调用模型）",
                                                  "来源：随软件附带的示例文本（resources/demo），没有调用模型"]
            finally:
                set_language(None)
            [(key, text)] = evidence(st, s.meta)  # Review can show what the answer rests on
            assert key == s.meta["chunk"] and "老周" in text
        assert {s.status for s in generated} == {"accepted", "pending", "rejected"}
        [rejected] = [s for s in generated if s.status == "rejected"]
        assert "不收钱" in rejected.reason


def test_statuses_are_mixed(built):
    path, summary = built
    with Store(path) as st:
        stats = st.stats()
        rejected = _samples(st, statuses=("rejected",))
        accepted = _samples(st, statuses=("accepted",))
    assert all(stats["by_status"][k] >= 1 for k in ("pending", "accepted", "rejected"))
    assert all(s.reason for s in rejected)
    assert {s.kind for s in accepted} == {"sft", "dialogue"}  # the default export has both
    assert summary.total == stats["total"] and summary.by_status == stats["by_status"]
    assert summary.by_kind == stats["by_kind"]
    assert set(summary.by_flow) == {"script_qa", "script_dialogue", "chunk", "bilibili", "extract",
                                    "chat_dialogue", "demo"}


# ---- export, with no key ------------------------------------------------------------------------------
def _load(path: Path, tmp_path: Path) -> datasets.Dataset:
    return datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf"))


@pytest.mark.parametrize("include", ["accepted", "non_rejected"])
def test_exports_load_with_datasets(built, tmp_path, include):
    path, summary = built
    with Store(path) as st:
        n_conversations = st.count(SampleFilter(statuses=("accepted",) if include == "accepted"
                                                else ("accepted", "pending"), not_kind="pretrain"))
        for fmt in ("sharegpt", "alpaca"):
            out = tmp_path / include / f"demo_{fmt}.json"
            out.parent.mkdir(exist_ok=True)
            report = export_samples(st, ExportOptions(format=fmt, out=out, include=include))
            assert report.written == n_conversations > 0 and not report.skipped
            rows = _load(out, tmp_path)
            assert len(rows) == report.written
            if fmt == "sharegpt":
                assert all(len(r["conversations"]) >= 2 for r in rows)
                assert all(r["conversations"][-1]["from"] == "gpt" for r in rows)
            else:
                assert all(r["instruction"] and r["output"] for r in rows)
            text = out.read_text(encoding="utf-8")
            assert "13800001234" not in text  # personal data masked on the way out (default)
    assert summary.by_status["accepted"] >= 5


# ---- the command ------------------------------------------------------------------------------------
def test_cli_demo_builds_and_refuses_an_existing_file(tmp_path, capsys):
    path = tmp_path / "示例.corpus"
    assert cli.main(["demo", "--project", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"project: {path}" in out and "samples: " in out and "小满" in out
    assert "bilibili" in out and "script_qa" in out
    with Store(path) as st:
        total = st.count()
    assert f"samples: {total}\n" in out

    assert cli.main(["demo", "--project", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and "already exists" in captured.err and str(path) in captured.err
    with Store(path) as st:
        assert st.count() == total  # untouched

    empty = tmp_path / "empty.corpus"
    empty.write_bytes(b"")  # even an empty file is not overwritten
    assert cli.main(["demo", "--project", str(empty)]) == 1
    assert empty.read_bytes() == b""
    assert cli.main(["demo", "--project", str(tmp_path / "no" / "such" / "x.corpus")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_cli_demo_as_a_user_runs_it(tmp_path):
    path = tmp_path / "d.corpus"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--project", str(path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    assert "samples: " in r.stdout and "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.corpus"]  # no -wal/-shm or working files left
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--project", str(path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 1 and "already exists" in r.stderr and "Traceback" not in r.stderr


# ---- building ---------------------------------------------------------------------------------------
def _content(path: Path) -> list[tuple]:
    with Store(path) as st:
        return [(s.kind, s.status, s.reason, s.system, tuple((t.role, t.name, t.text) for t in s.turns))
                for s in st.iter_samples()]


def test_building_twice_gives_the_same_project(tmp_path):
    a = demo.build_demo_project(tmp_path / "a.corpus")
    b = demo.build_demo_project(tmp_path / "b.corpus")
    assert a.path != b.path
    for name in ("total", "by_kind", "by_status", "by_source", "by_flow", "sources", "raw_items", "character"):
        assert getattr(a, name) == getattr(b, name), name
    assert _content(a.path) == _content(b.path)
    assert b.elapsed < 5  # a fraction of a second once the modules are loaded


def test_language(tmp_path):
    en = demo.build_demo_project(tmp_path / "en.corpus", language="en")
    zh = demo.build_demo_project(tmp_path / "zh.corpus", language="zh_CN")
    with Store(en.path) as st:
        [ex] = [s for s in st.iter_samples() if s.meta.get("labelled")]
        assert ex.turns[0].text.startswith("Extract") and st.get_meta("demo")["language"] == "en"
    with Store(zh.path) as st:
        [ex] = [s for s in st.iter_samples() if s.meta.get("labelled")]
        assert ex.turns[0].text.startswith("请从")
    with pytest.raises(InputError):
        demo.build_demo_project(tmp_path / "fr.corpus", language="fr")
    assert not (tmp_path / "fr.corpus").exists()


def test_a_failed_build_leaves_nothing(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo, "_add_generated", broken)
    with pytest.raises(RuntimeError):
        demo.build_demo_project(tmp_path / "x.corpus")
    assert list(tmp_path.iterdir()) == []


def test_missing_demo_files_say_so(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "resource_path", lambda *parts: tmp_path.joinpath("nothing", *parts))
    with pytest.raises(ProjectError, match="Reinstall"):
        demo.build_demo_project(tmp_path / "x.corpus")
    assert not (tmp_path / "x.corpus").exists()


# ---- the app's copy -------------------------------------------------------------------------------
def test_demo_project_path_honours_the_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUSMITH_CONFIG_DIR", str(tmp_path / "cfg"))
    assert demo.demo_project_path() == tmp_path / "cfg" / "demo" / demo.DEMO_FILE_NAME
    monkeypatch.delenv("CORPUSMITH_CONFIG_DIR")
    p = demo.demo_project_path()
    assert p.name == demo.DEMO_FILE_NAME and p.parent.name == "demo" and "Corpusmith" in str(p)


def test_open_or_build_builds_once_and_keeps_the_users_work(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUSMITH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = demo.open_or_build_demo()
    assert path == demo.demo_project_path() and path.is_file()
    with Store(path) as st:
        pending = _samples(st, statuses=("pending",))
        st.set_status([pending[0].id], "accepted")  # the user reviews something
        accepted = st.count(SampleFilter(statuses=("accepted",)))
    assert demo.open_or_build_demo() == path
    with Store(path) as st:
        assert st.count(SampleFilter(statuses=("accepted",))) == accepted
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "other_sqlite"])
def test_open_or_build_rebuilds_a_damaged_file(tmp_path, damage):
    path = tmp_path / "demo" / "d.corpus"
    path.parent.mkdir()
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        demo.build_demo_project(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    else:
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    before = path.read_bytes()
    assert demo.open_or_build_demo(path) == path
    with Store(path) as st:
        assert st.count() == demo.build_demo_project(tmp_path / "fresh.corpus").total
        assert st.get_meta("demo")["version"] == demo.DEMO_VERSION
    moved = [p for p in path.parent.iterdir() if ".damaged-" in p.name]
    [aside] = [p for p in moved if not p.name.endswith(("-wal", "-shm", "-journal"))]
    assert aside.read_bytes() == before  # kept, never deleted
    # SQLite's files beside the damaged one went with it: no stale WAL next to the new project
    assert {p.name for p in path.parent.iterdir()} - {p.name for p in moved} == {path.name}


def test_open_or_build_never_moves_a_busy_project(tmp_path, monkeypatch):
    import sqlite3

    path = demo.open_or_build_demo(tmp_path / "d.corpus")
    before = path.read_bytes()

    def locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "stats", locked)
    with pytest.raises(ProjectError, match="busy"):
        demo.open_or_build_demo(path)
    assert path.read_bytes() == before and not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
