import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import ProjectError
from core.messages import render
from core.model import Sample, Turn
from core.store import SampleFilter, Store
from core.store.schema import APPLICATION_ID, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def make(tmp_path, n=0):
    store = Store.create(tmp_path / "p.corpus")
    if n:
        sid = store.add_source("import", "demo", origin="/tmp/x.json")
        store.add_samples(Sample.qa(f"问题{i}", f"回答{i}" * (i + 1), source_id=sid) for i in range(n))
    return store


def test_create_sets_wal_version_and_application_id(tmp_path):
    store = make(tmp_path)
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sources", "raw_items", "samples", "jobs", "job_items", "llm_cache"} <= tables
    assert store._q("PRAGMA foreign_keys")[0][0] == 1


def test_sample_roundtrip_keeps_every_field(tmp_path):
    store = make(tmp_path)
    sid = store.add_source("document", "剧本.txt")
    s = Sample(
        kind="dialogue", system="你是林晚。", source_id=sid, meta={"scene": 1, "角色": "林晚"},
        turns=[Turn("user", "店家，可还有空房？", "沈砚"), Turn("assistant", "有的。", "林晚")],
    )
    [new_id] = store.add_samples([s])
    store.close()
    store = Store(tmp_path / "p.corpus")
    got = store.get_sample(new_id)
    assert got.turns == s.turns and got.system == "你是林晚。" and got.meta == s.meta
    assert (got.kind, got.status, got.source_id) == ("dialogue", "pending", sid)
    got.turns[1].text = "有的，楼上请。"
    got.system = ""
    store.update_sample(got)
    again = store.get_sample(new_id)
    assert again.turns[1].text == "有的，楼上请。" and again.system == ""
    assert store.rows([new_id])[new_id][4] == "店家，可还有空房？"


def test_filters_sort_and_status(tmp_path):
    store = make(tmp_path, 30)
    ids = list(store.query_ids())
    assert ids == sorted(ids) and len(ids) == 30
    assert store.set_status(ids[:10], "accepted") == 10
    assert store.set_status(ids[10:12], "rejected", "太短") == 2
    assert store.count(SampleFilter(statuses=("accepted",))) == 10
    assert store.get_sample(ids[10]).reason == "太短"
    assert list(store.query_ids(SampleFilter(text="问题2"))) == [ids[2]] + ids[20:30]
    longest_first = list(store.query_ids(sort="n_chars", descending=True))
    assert longest_first[0] == ids[-1]
    # LIKE wildcards in the search text are literal
    assert store.count(SampleFilter(text="%")) == 0
    assert store.count(SampleFilter(kind="pretrain")) == 0
    src = store.sources()[0]["id"]
    assert store.count(SampleFilter(source_id=src, statuses=("pending",))) == 18


def test_delete_and_iter_samples_in_batches(tmp_path):
    store = make(tmp_path, 25)
    ids = list(store.query_ids())
    assert store.delete_samples(ids[:5]) == 5
    seen = [s.id for s in store.iter_samples(batch=7)]
    assert seen == ids[5:]


def test_reject_duplicates_keeps_one_and_names_it(tmp_path):
    store = make(tmp_path)
    a, b, c, d = store.add_samples([
        Sample.qa("同一个问题", "同一个 答案"),
        Sample.qa("同一个问题 ", "同一个  答案\n"),  # whitespace differs only
        Sample.qa("同一个问题", "同一个 答案", status="accepted"),
        Sample.qa("另一个问题", "同一个答案"),
    ])
    assert store.reject_duplicates() == 2
    assert store.get_sample(c).status == "accepted"  # an accepted copy is the one kept
    for x in (a, b):
        got = store.get_sample(x)
        assert got.status == "rejected" and render(got.reason, "en") == f"duplicate of #{c}"
        assert render(got.reason, "zh") == f"与 #{c} 重复"
    assert store.get_sample(d).status == "pending"
    assert store.reject_duplicates() == 0


def test_stats_and_histogram(tmp_path):
    store = make(tmp_path, 40)
    st = store.stats()
    assert st["total"] == 40 and st["by_status"]["pending"] == 40 and st["by_kind"]["sft"] == 40
    assert st["by_source"] == {"demo": 40}
    edges, counts = store.length_histogram(10)
    assert sum(counts) == 40 and len(edges) == 11 and len(counts) == 10
    assert edges[0] == st["chars"]["min"]


def test_not_a_project_messages(tmp_path):
    text = tmp_path / "notes.corpus"
    text.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(ProjectError, match="not a Corpusmith project"):
        Store(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ProjectError, match="SQLite database but not a Corpusmith project"):
        Store(other)
    with pytest.raises(ProjectError, match="does not exist"):
        Store(tmp_path / "missing.corpus")
    with pytest.raises(ProjectError, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(ProjectError, match="does not exist"):
        Store.create(tmp_path / "no" / "such" / "dir" / "p.corpus")


def test_newer_schema_is_refused(tmp_path):
    make(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "p.corpus")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="newer Corpusmith"):
        Store(tmp_path / "p.corpus")


def test_read_only_location_is_a_clear_message(tmp_path):
    # Tests run as root, which ignores permission bits: /proc is read-only for everyone.
    with pytest.raises(ProjectError, match="(read-only|Cannot create)"):
        Store.create("/proc/corpusmith-test.corpus")


def test_killed_writer_leaves_a_consistent_project(tmp_path):
    path = tmp_path / "p.corpus"
    Store.create(path).close()
    script = (
        "import sys, itertools\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from core.store import Store\n"
        "from core.model import Sample\n"
        f"s = Store({str(path)!r})\n"
        "for i in itertools.count():\n"
        "    s.add_samples(Sample.qa(f'q{i}-{j}', 'a' * 200) for j in range(50))\n"
        "    if i == 3: print('ready', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(path)
    assert store._q("PRAGMA integrity_check")[0][0] == "ok"
    n = store.count()
    assert n >= 200 and n % 50 == 0  # whole batches only: a transaction is all or nothing


def test_project_meta_and_raw_items(tmp_path):
    store = make(tmp_path)
    assert store.get_meta("template:zh:x", "default") == "default"
    store.set_meta("template:zh:x", {"user": "写 {{n}} 个问题"})
    store.set_meta("template:zh:x", {"user": "改过的"})
    assert store.get_meta("template:zh:x") == {"user": "改过的"}
    store.delete_meta("template:zh:x")
    assert store.get_meta("template:zh:x") is None
    src = store.add_source("document", "a.txt")
    assert store.add_raw_items(src, "chunk", [("a:0", None, {"text": "一"}), ("a:1", "a:0", {"text": "二"})]) == 2
    assert store.add_raw_items(src, "chunk", [("a:0", None, {"text": "一"})]) == 0  # resume: no duplicate
    assert [r["data"]["text"] for r in store.raw_items(src, "chunk")] == ["一", "二"]
    assert store.count_raw_items(kind="chunk") == 2
