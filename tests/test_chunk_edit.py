"""Editing a document's chunks before generating (core/sources/documents/chunk_edit.py): real
TXT/Markdown/PDF imports, merge/split/move/re-chunk, the key identity rule, and a QA run against
the local fake server before and after an edit: only the changed chunks are asked again, the
samples of the changed chunks are handled as the plan said, and the export adds up."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_documents_fixtures import book_pages, make_pdf

from core.errors import InputError
from core.export import ExportOptions, export_samples
from core.flows.qa import QAFlow, QAOptions
from core.llm import ProviderSettings, make_client
from core.messages import code_of, render
from core.sources.documents import chunk_edit as ce
from core.sources.documents import chunks_of, import_document
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
MARK = re.compile(r"R\d+[ab]")
ASKED = re.compile(r"(R\d+[ab])号记录")
N = 6


def section(i: int) -> str:
    return f"第{i}节。R{i}a：林晚在洛阳开了一家客栈，名叫悦来{i}号。R{i}b：客栈每天{i + 5}点开门。"


def write_book(path: Path) -> Path:
    path.write_text("\n\n".join(section(i) for i in range(N)) + "\n", encoding="utf-8")
    return path


class Replies:
    """A questions prompt gets one question per marker of its chunk; an answer names the marker of
    its question. Markers in `broken` always get prose instead of an answer (a failed item)."""

    def __init__(self, broken: set[str] = frozenset()) -> None:
        self.broken = set(broken)

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' in user:
            marks = list(dict.fromkeys(MARK.findall(user)))
            return json.dumps({"questions": [f"{m}号记录里，客栈叫什么？" for m in marks]}, ensure_ascii=False)
        m = ASKED.search(user.split("</参考文本>")[-1]).group(1)
        if m in self.broken:
            return "我只能用文字回答。"
        return json.dumps({"answer": f"{m}：悦来客栈。", "found": True}, ensure_ascii=False)


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "c.corpus") as st:
        yield st


def spans(doc: ce.DocumentChunks) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in doc.chunks]


# ---- listing ----------------------------------------------------------------------------------------
def test_import_records_spans_headings_and_pages(store, tmp_path):
    md = tmp_path / "客栈.md"
    md.write_text("# 第一章 开端\n\n" + "林晚在洛阳开了一家客栈。" * 30 + "\n\n## 伙计\n\n"
                  + "伙计阿福每天擦桌子。" * 30 + "\n\n第三章 风起\n\n" + "天色渐晚。" * 40, encoding="utf-8")
    r = import_document(store, md, size=200, overlap=20)
    doc = ce.document_chunks(store, r.source_id)
    raw = [i["data"] for i in store.raw_items(r.source_id, "chunk")]
    assert len(doc.chunks) == r.n_chunks == len(raw) > 4
    for c, d in zip(doc.chunks, raw, strict=True):
        assert (d["start"], d["end"]) == (c.start, c.end) and doc.text[c.start:c.end] == c.text == d["text"]
    assert [c.heading for c in doc.chunks][:1] == ["第一章 开端"]
    assert {"伙计", "第三章 风起"} <= {c.heading for c in doc.chunks}
    assert all(c.page is None and c.questions == 0 for c in doc.chunks)

    pdf = make_pdf(tmp_path / "书.pdf", book_pages(6))
    r = import_document(store, pdf, size=300, overlap=20)
    doc = ce.document_chunks(store, r.source_id)
    assert doc.chunks[0].page == 1 and doc.chunks[-1].page_end == 6
    assert all(c.page <= c.page_end for c in doc.chunks)
    stored = [(i["data"]["page"], i["data"]["page_end"]) for i in store.raw_items(r.source_id, "chunk")]
    assert stored == [(c.page, c.page_end) for c in doc.chunks]


def test_chunks_from_before_offsets_were_stored_are_found_in_the_text(store, tmp_path):
    r = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0)
    old = [(i["key"], i["parent_key"], {k: v for k, v in i["data"].items() if k not in ("start", "end")})
           for i in store.raw_items(r.source_id, "chunk")]
    fresh = ce.document_chunks(store, r.source_id)
    store.replace_chunks(r.source_id, [k for k, _, _ in old], old, [], "", {})  # as an older import stored them
    assert "start" not in next(store.raw_items(r.source_id, "chunk"))["data"]
    assert spans(ce.document_chunks(store, r.source_id)) == spans(fresh)


# ---- the edits ----------------------------------------------------------------------------------------
def test_merge_split_move_rechunk_and_key_identity(store, tmp_path):
    r = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0)
    sid = r.source_id
    doc = ce.document_chunks(store, sid)
    keys0 = [c.key for c in doc.chunks]
    assert len(keys0) == N and keys0 == [f"{sid}:{i}" for i in range(N)]
    used = set(keys0)

    plan = ce.plan_merge(store, sid, 1)
    assert plan.retired == keys0[1:3] and plan.added == 1 and plan.changed
    assert spans(ce.document_chunks(store, sid)) == spans(doc)  # a plan writes nothing
    res = ce.apply_plan(store, plan)
    assert (res.chunks, res.kept, res.added, res.retired) == (N - 1, N - 2, 1, 2)
    doc1 = ce.document_chunks(store, sid)
    keys1 = [c.key for c in doc1.chunks]
    assert keys1[0] == keys0[0] and keys1[2:] == keys0[3:]  # unchanged chunks keep their keys
    assert keys1[1] not in used  # a changed chunk gets a key never used before
    used |= set(keys1)
    merged = doc1.chunks[1]
    assert merged.text == doc.text[doc.chunks[1].start:doc.chunks[2].end]
    assert [c["key"] for c in chunks_of(store, sid)] == keys1  # the flows read them in order

    # split the merged chunk where section 2 starts: back to the original spans, with NEW keys
    at = merged.text.index("第2节")
    res = ce.apply_plan(store, ce.plan_split(store, sid, 1, at))
    doc2 = ce.document_chunks(store, sid)
    assert spans(doc2) == spans(doc) and res.added == 2
    keys2 = [c.key for c in doc2.chunks]
    assert not (set(keys2[1:3]) & used) and keys2[3:] == keys0[3:]
    used |= set(keys2)

    # move the split between chunks 4 and 5 (0-based 3, 4) into chunk 5
    c3, c4 = doc2.chunks[3], doc2.chunks[4]
    to = c4.start - c3.start + c4.text.index("R4b")
    ce.apply_plan(store, ce.plan_move(store, sid, 3, to))
    doc3 = ce.document_chunks(store, sid)
    assert doc3.chunks[3].text.endswith("悦来4号。") and doc3.chunks[4].text.startswith("R4b")
    assert doc3.chunks[3].start == c3.start and doc3.chunks[4].end == c4.end
    assert [c.key for c in doc3.chunks][:3] == keys2[:3] and not ({doc3.chunks[3].key, doc3.chunks[4].key} & used)

    # re-chunk with the import's size: spans as at import, the chunks that kept their span keep their key
    plan = ce.plan_rechunk(store, sid, 60, 0)
    assert [k for k, _, _ in plan.after if k] == [c.key for c in doc3.chunks if c.index not in (3, 4)]
    ce.apply_plan(store, plan)
    doc4 = ce.document_chunks(store, sid)
    assert spans(doc4) == spans(doc)
    assert store.sources()[0]["settings"]["next_chunk"] > max(int(k.split(":")[1]) for k in used)

    # nothing to change: said, not written
    again = ce.plan_rechunk(store, sid, 60, 0)
    assert not again.changed and code_of(again.said()[-1]) == "chunks.plan.nothing"
    # a bigger size: fewer, longer chunks, every one new
    plan = ce.plan_rechunk(store, sid, 200, 20)
    ce.apply_plan(store, plan)
    doc5 = ce.document_chunks(store, sid)
    assert len(doc5.chunks) < N and all(len(c.text) <= 200 for c in doc5.chunks)
    assert store.sources()[0]["settings"]["chunk_size"] == 200
    # every non-whitespace character of the text is still in a chunk
    covered = set()
    for c in doc5.chunks:
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(doc5.text) if not ch.isspace())


def test_edits_that_cannot_be_made_say_why(store, tmp_path):
    sid = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0).source_id
    cases = [(lambda: ce.plan_merge(store, sid, N - 1), "chunks.no_next"),
             (lambda: ce.plan_merge(store, sid, N), "chunks.bad_index"),
             (lambda: ce.plan_split(store, sid, 0, 0), "chunks.split_outside"),
             (lambda: ce.plan_split(store, sid, 0, 999), "chunks.split_outside"),
             (lambda: ce.plan_move(store, sid, N - 1, 3), "chunks.no_next"),
             (lambda: ce.plan_rechunk(store, sid, 10, 10), "documents.chunk_overlap"),
             (lambda: ce.plan_merge(store, 99, 0), "chunks.no_source")]
    for call, code in cases:
        with pytest.raises(InputError) as e:
            call()
        assert code_of(e.value.args[0]) == code, code
    plan = ce.plan_merge(store, sid, 0)
    ce.apply_plan(store, plan)
    with pytest.raises(InputError) as e:
        ce.apply_plan(store, plan)  # a plan made before another edit is refused
    assert code_of(e.value.args[0]) == "chunks.stale"
    # a split point on the blank line between two paragraphs: the line breaks go to neither side
    merged = ce.document_chunks(store, sid).chunks[0]
    ce.apply_plan(store, ce.plan_split(store, sid, 0, merged.text.index("\n\n") + 1))
    first, second = ce.document_chunks(store, sid).chunks[:2]
    assert (first.text, second.text) == (section(0), section(1))


# ---- a QA run before and after an edit ------------------------------------------------------------------
def settings_for(server: FakeOpenAI) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4, timeout=5.0)


def qa_flow(store: Store, server: FakeOpenAI, source_id: int) -> QAFlow:
    s = settings_for(server)
    return QAFlow(store, lambda: make_client(s, DEFAULT_KEY), s,
                  QAOptions(source_id=source_id, questions_per_chunk=2, top_k=1),
                  runner_options={"backoff_base": 0.01, "max_reasks": 1})


def question_bodies(server: FakeOpenAI, since: int) -> list[str]:
    users = [next(m["content"] for m in b["messages"] if m["role"] == "user") for b in list(server.bodies)[since:]]
    return [u for u in users if '"questions"' in u]


def export_rows(store: Store, path: Path) -> int:
    report = export_samples(store, ExportOptions(format="alpaca", out=path, include="non_rejected",
                                                 dataset_info=False, mask="off"))
    return len(json.loads(path.read_text(encoding="utf-8"))) if report.written else 0


async def test_only_changed_chunks_are_asked_again_and_their_samples_are_handled(store, tmp_path):
    sid = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0).source_id
    with FakeOpenAI() as server:
        server.reply = Replies(broken={"R2b"})  # its answer never comes: a failed item of chunk 2
        first = await qa_flow(store, server, sid).run()
        assert server.calls == N + 2 * N + 1  # N question calls, 2N answers, one re-ask of R2b
        assert first.samples == 2 * N - 1 and [k for _, k, _ in first.failed] == [f"{sid}:2#1"]

        doc = ce.document_chunks(store, sid)
        assert all(c.questions == 1 for c in doc.chunks)
        assert [c.samples for c in doc.chunks] == [2, 2, 1, 2, 2, 2]
        by_chunk: dict[str, list] = {}
        for s in store.iter_samples():
            by_chunk.setdefault(s.meta["chunk"], []).append(s)
        mine = by_chunk[f"{sid}:1"][0]
        store.set_status([mine.id], "accepted")  # the user's: it stays whatever happens
        # samples of other chunks that drew on chunk 1 or 2 as context stay too (counted)
        cited = sum(1 for s in store.iter_samples() if s.meta["chunk"] not in (f"{sid}:1", f"{sid}:2")
                    and set(s.meta.get("context", [])) & {f"{sid}:1", f"{sid}:2"})

        # the questions as the review list holds them: one of chunk 2's the user edited (it stays)
        qjob = next(j["id"] for j in store.jobs() if j["kind"] == "qa_questions")
        rows = [r for r in store.question_rows(qjob) if r["chunk"] in (f"{sid}:1", f"{sid}:2")]
        store.update_question(rows[-1]["id"], text="阿福在擦什么？")
        plan = ce.plan_merge(store, sid, 1)
        e = plan.effects
        assert e.review_rows == len(rows) - 1 > 0
        assert (e.asked, e.reject, e.kept, e.unfinished, e.already_rejected, e.cited) == (2, 2, 1, 1, 0, cited)
        zh, en = plan.text("zh"), plan.text("en")
        assert "2 段已有问题" in zh.replace("其中 ", "") and "2 条由这些段生成、你没有动过的样本将被标为已拒绝" in zh
        assert "1 条你改过、接受或拒绝过的样本保留不动" in zh and "1 项针对这些段、尚未完成的提问或回答将取消" in zh
        assert "2 of them already have questions" in en and "2 samples made from them" in en
        before_rows = export_rows(store, tmp_path / "before.json")
        assert before_rows == 2 * N - 1

        result = ce.apply_plan(store, plan)
        assert (result.effects.reject, result.effects.kept, result.effects.unfinished) == (2, 1, 1)
        changed = {s.id: s for s in store.iter_samples() if s.meta["chunk"] in (f"{sid}:1", f"{sid}:2")}
        assert store.get_sample(mine.id).status == "accepted"
        rejected = [s for i, s in changed.items() if i != mine.id]
        assert len(rejected) == 2 and all(s.status == "rejected" and code_of(s.reason) == "chunks.source_changed"
                                          for s in rejected)
        assert store.touched_among(s.id for s in rejected) == set()  # the app's write, not the user's
        assert "新的文本段" in render(rejected[0].reason, "zh")
        left = [r for r in store.question_rows(qjob) if r["chunk"] in (f"{sid}:1", f"{sid}:2")]
        assert [r["text"] for r in left] == ["阿福在擦什么？"]

        # the rerun asks about the merged chunk only, and answers its questions
        calls, bodies = server.calls, len(server.bodies)
        second = await qa_flow(store, server, sid).run()
        merged = ce.document_chunks(store, sid).chunks[1]
        asked = question_bodies(server, bodies)
        assert len(asked) == 1 and merged.text in asked[0]
        assert server.calls - calls == 1 + 2 == second.calls  # one question call, two answers
        assert second.failed == []  # the failed item of the old chunk 2 was dropped, not retried
        # the run's counts are of the chunks there are now: the old chunks' answers are not counted
        assert second.answered + second.not_found == second.questions == first.questions - 2 * 2 + 2
        new = [s for s in store.iter_samples() if s.meta["chunk"] == merged.key]
        assert len(new) == 2 and all(s.status == "pending" for s in new)

        # everything adds up: made = rejected by the edit + kept + exported
        total = store.count()
        assert total == 2 * N - 1 + 2
        assert store.count(SampleFilter(statuses=("rejected",))) == 2
        assert export_rows(store, tmp_path / "after.json") == before_rows - 2 + 2 == total - 2

        # a third run pays nothing
        calls = server.calls
        await qa_flow(store, server, sid).run()
        assert server.calls == calls


async def test_rechunk_keeps_the_work_of_unchanged_chunks(store, tmp_path):
    sid = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0).source_id
    with FakeOpenAI() as server:
        server.reply = Replies()
        await qa_flow(store, server, sid).run()
        made = store.count()
        plan = ce.plan_rechunk(store, sid, 120, 0)  # two sections a chunk: every chunk changes
        assert plan.effects.asked == N and plan.effects.reject == made and plan.added == N // 2
        ce.apply_plan(store, plan)
        calls = server.calls
        await qa_flow(store, server, sid).run()
        assert server.calls - calls == N // 2 + 2 * (N // 2)
        # back to one section a chunk: new keys again (their samples were rejected), so asked again,
        # and the texts are those of the first run: the response cache answers, nothing is paid
        plan = ce.plan_rechunk(store, sid, 60, 0)
        assert plan.effects.asked == N // 2 and plan.added == N and plan.effects.reject == 2 * (N // 2)
        ce.apply_plan(store, plan)
        calls = server.calls
        third = await qa_flow(store, server, sid).run()
        assert server.calls == calls and third.cached == N + 2 * N and third.samples == 2 * N
        assert store.count(SampleFilter(statuses=("pending",))) == 2 * N
        assert store.count(SampleFilter(statuses=("rejected",))) == 2 * N + 2 * (N // 2)


# ---- the command line ---------------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_cli_lists_and_edits(tmp_path):
    project = tmp_path / "p.corpus"
    with Store.create(project) as store:
        sid = import_document(store, write_book(tmp_path / "书.txt"), size=60, overlap=0).source_id
    listed = run_cli("chunks", "--project", str(project), "--json")
    assert listed.returncode == 0, listed.stderr
    (doc,) = json.loads(listed.stdout)["documents"]
    assert [c["number"] for c in doc["chunks"]] == list(range(1, N + 1)) and doc["chunks"][0]["text"] == section(0)

    dry = run_cli("chunks", "--project", str(project), "--merge", "2", "--dry-run")
    assert dry.returncode == 0 and "Merge chunk 2 with chunk 3." in dry.stdout and "dry run" in dry.stdout
    merged = run_cli("--lang", "zh", "chunks", "--project", str(project), "--merge", "2")
    assert merged.returncode == 0 and "合并第 2 段和第 3 段" in merged.stdout and "分段已改" in merged.stdout
    split = run_cli("chunks", "--project", str(project), "--source", str(sid), "--split", "2",
                    str(len(section(1)) + 2), "--json")
    assert split.returncode == 0 and json.loads(split.stdout)["added"] == 2
    bad = run_cli("chunks", "--project", str(project), "--split", "1", "0")
    assert bad.returncode == 1 and "not inside chunk 1" in bad.stderr
    again = run_cli("chunks", "--project", str(project), "--rechunk", "60", "0")
    assert again.returncode == 0 and "would stay exactly as they are" in again.stdout
    text = run_cli("--lang", "zh", "chunks", "--project", str(project))
    assert f"《书.txt》（来源 {sid}）：{N} 段" in text.stdout
