"""Reviewing a run's questions before the answers are paid for (core/flows/question_review.py):
QA and aspects flows stopped after the questions, questions deleted, edited and added, then the
answers stage — against the real local fake server, counting the requests it received, and
reading the exported file back. The `questions` command and `--stop-after` through core.cli.main."""

from __future__ import annotations

import json

import pytest
import test_flow_aspects as asp
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_flow_qa import N_CHUNKS, SHARED, Replies, add_document, answer_bodies, settings_for

from core import cli
from core.errors import InputError
from core.export import ExportOptions, export_samples
from core.flows import question_review as qr
from core.flows.qa import QAFlow, QAOptions
from core.llm import make_client
from core.messages import code_of
from core.store import SampleFilter, Store


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = Replies()
        yield s


def make_flow(store, server, stop_after=None) -> QAFlow:
    s = settings_for(server)
    return QAFlow(store, lambda: make_client(s, DEFAULT_KEY), s, QAOptions(questions_per_chunk=3), None,
                  runner_options={"backoff_base": 0.02}, stop_after=stop_after)


def q_text(marker: str) -> str:
    return f"{marker}号记录里，林晚的客栈开在哪里？"


def by_text(questions: list[qr.ReviewedQuestion]) -> dict[str, qr.ReviewedQuestion]:
    return {q.text: q for q in questions}


def export_rows(store: Store, tmp_path, fmt: str) -> list[dict]:
    out = tmp_path / f"out_{fmt}.json"
    export_samples(store, ExportOptions(format=fmt, out=out, include="non_rejected", dataset_info=False))
    return json.loads(out.read_text(encoding="utf-8"))


def asked_questions(server) -> list[str]:
    """The question line of every answer prompt the server received."""
    out = []
    for b in answer_bodies(server):
        tail = b["messages"][-1]["content"].split("</参考文本>")[-1]
        out.append(next(line.split("：", 1)[1] for line in tail.splitlines() if line.startswith("问题：")))
    return out


async def stopped_after_questions(store, server):
    flow = make_flow(store, server, stop_after="questions")
    result = await flow.run()
    assert result.stopped_after == "questions" and not result.cancelled and result.failed == []
    return flow, result


# ---- QA -----------------------------------------------------------------------------------------------
async def test_deleting_k_questions_saves_exactly_k_answer_calls(tmp_path, server):
    # the same document, answered without review: the calls a full run makes
    with Store.create(tmp_path / "plain.corpus") as plain:
        add_document(plain)
        full = await make_flow(plain, server).run()
        baseline = len(answer_bodies(server))
        assert baseline == full.questions == 13
    server.reset_counters()

    with Store.create(tmp_path / "reviewed.corpus") as store:
        add_document(store)
        flow, result = await stopped_after_questions(store, server)
        # only the questions were asked; no answers job, no sample
        assert server.calls == N_CHUNKS and answer_bodies(server) == []
        assert (result.questions, result.duplicates, result.samples) == (13, 5, 0)
        assert [j["kind"] for j in store.jobs()] == ["qa_questions"] and store.count() == 0
        questions = qr.review(store, result.questions_job)
        assert len(questions) == 13 and {q.status for q in questions} == {"asked"}
        assert len({q.id for q in questions}) == 13
        assert flow.estimate_answers().items == 13

        doomed = [by_text(questions)[t] for t in (q_text("R1a"), q_text("R2b"), SHARED[0])]
        for q in doomed:
            assert qr.delete(store, q.id)["deleted"]
        k = len(doomed)
        est = flow.estimate_answers()
        assert est.items == 13 - k and est.tokens_in > 0
        # the ids stay what they were
        assert [q.id for q in qr.review(store, result.questions_job)] == [q.id for q in questions]

        server.reset_counters()
        answered = await make_flow(store, server).run()
        assert len(answer_bodies(server)) == server.calls == baseline - k  # exactly k answer calls saved
        assert answered.questions == 13 - k and answered.samples == 13 - k
        assert not {q.text for q in doomed} & set(asked_questions(server))  # never sent
        assert not {q.text for q in doomed} & {s.turns[0].text for s in store.iter_samples()}  # no sample
        statuses = {q.id: q.status for q in qr.review(store, result.questions_job)}
        assert [statuses[q.id] for q in doomed] == ["deleted"] * k
        assert sorted(set(statuses.values())) == ["answered", "deleted"]

        # a rerun pays nothing
        server.reset_counters()
        again = await make_flow(store, server).run()
        assert server.calls == 0 and again.calls == 0 and again.samples == 0
        assert make_flow(store, server).estimate().items == 0

        # the file holds exactly the answers found: 10 left, of which R0b, R3b, R5b are not in the text
        pending = store.count(SampleFilter(statuses=("pending",)))
        assert pending == 13 - k - 3
        rows = export_rows(store, tmp_path, "sharegpt")
        assert len(rows) == pending
        assert {r["conversations"][0]["value"] for r in rows} == {
            q_text(m) for m in ("R0a", "R1b", "R2a", "R3a", "R4a", "R4b", "R5a")}


async def test_edited_questions_are_asked_as_edited_and_added_ones_are_answered(tmp_path, server):
    with Store.create(tmp_path / "qa.corpus") as store:
        sid = add_document(store)
        flow, result = await stopped_after_questions(store, server)
        questions = by_text(qr.review(store, result.questions_job))
        target = questions[q_text("R4a")]
        edited = qr.edit(store, target.id, "  2. R4a号记录里，客栈叫什么名字？ ")
        assert edited["text"] == "R4a号记录里，客栈叫什么名字？"  # cleaned like the model's questions
        added = qr.add(store, result.questions_job, f"{sid}:2", "R2a号记录里，伙计叫什么名字？")
        assert added["id"] > max(q.id for q in questions.values())
        listed = {q.id: q for q in qr.review(store, result.questions_job)}
        assert (listed[target.id].status, listed[target.id].asked) == ("edited", q_text("R4a"))
        assert listed[added["id"]].status == "added" and listed[added["id"]].chunk == f"{sid}:2"
        assert flow.estimate_answers().items == 14

        server.reset_counters()
        answered = await make_flow(store, server).run()
        asked = asked_questions(server)
        assert len(asked) == server.calls == 14
        assert "R4a号记录里，客栈叫什么名字？" in asked and q_text("R4a") not in asked
        assert "R2a号记录里，伙计叫什么名字？" in asked
        assert answered.questions == 14 and answered.samples == 14
        samples = {s.turns[0].text: s for s in store.iter_samples()}
        assert samples["R4a号记录里，客栈叫什么名字？"].turns[1].text == "R4a：客栈开在洛阳。"
        assert q_text("R4a") not in samples
        new = samples["R2a号记录里，伙计叫什么名字？"]
        assert new.status == "pending" and new.source_id == sid and new.meta["chunk"] == f"{sid}:2"
        assert store.job_item(new.meta["job_item"])["key"] == f"{sid}:2#u{added['id']}"

        rows = export_rows(store, tmp_path, "alpaca")
        assert len(rows) == store.count(SampleFilter(statuses=("pending",))) == 14 - 4
        by_instruction = {r["instruction"]: r["output"] for r in rows}
        assert by_instruction["R4a号记录里，客栈叫什么名字？"] == "R4a：客栈开在洛阳。"
        assert by_instruction["R2a号记录里，伙计叫什么名字？"] == "R2a：客栈开在洛阳。"
        assert q_text("R4a") not in by_instruction

        server.reset_counters()
        assert (await make_flow(store, server).run()).calls == 0 and server.calls == 0


async def test_answered_questions_are_changed_in_review_queued_ones_here(tmp_path, server):
    with Store.create(tmp_path / "qa.corpus") as store:
        add_document(store)
        server.reply.bad_answers.add("R2a")  # its answer never has the right shape: the item fails
        result = await make_flow(store, server).run()
        assert [(stage, key.split("#")[1]) for stage, key, _ in result.failed] == [("answers", "0")]
        questions = by_text(qr.review(store, result.questions_job))
        done = questions[q_text("R1a")]
        assert done.status == "answered"
        for action, code in ((lambda: qr.edit(store, done.id, "R1a号记录里，客栈几点关门？"), "questions.answered_edit"),
                             (lambda: qr.delete(store, done.id), "questions.answered_delete")):
            with pytest.raises(InputError) as e:
                action()
            assert code_of(e.value.args[0]) == code
            assert f"#{done.id}" in e.value.args[0].render("en") and "Review" in e.value.args[0].render("en")

        # the failed one is only queued: editing it changes what the next run asks (even without retry)
        queued = questions[q_text("R2a")]
        assert queued.status == "asked"
        qr.edit(store, queued.id, "R2a号记录里，客栈的名字是什么？")
        server.reply.bad_answers.clear()
        server.reset_counters()
        again = await make_flow(store, server).run()
        assert asked_questions(server) == ["R2a号记录里，客栈的名字是什么？"] and again.failed == []
        assert "R2a号记录里，客栈的名字是什么？" in {s.turns[0].text for s in store.iter_samples()}

        with pytest.raises(InputError) as e:
            qr.edit(store, 10_000, "随便问问？")
        assert code_of(e.value.args[0]) == "questions.no_question"


async def test_duplicates_stay_out_across_the_run(tmp_path, server):
    with Store.create(tmp_path / "qa.corpus") as store:
        sid = add_document(store)
        _, result = await stopped_after_questions(store, server)
        questions = by_text(qr.review(store, result.questions_job))
        # the shared question was asked of every chunk: stored once
        assert sum(1 for t in questions if t == SHARED[0]) == 1 and (result.questions, result.duplicates) == (13, 5)
        other = questions[q_text("R1a")]
        with pytest.raises(InputError) as e:  # an edit may not read like another question
            qr.edit(store, questions[q_text("R0a")].id, "r1a号记录里 林晚的客栈开在哪里")
        assert code_of(e.value.args[0]) == "questions.duplicate" and e.value.args[0].params["other"] == other.id
        with pytest.raises(InputError) as e:  # nor may an added one
            qr.add(store, result.questions_job, f"{sid}:3", "这本书讲的是什么")
        assert code_of(e.value.args[0]) == "questions.duplicate_new"
        with pytest.raises(InputError) as e:
            qr.add(store, result.questions_job, "no-such-chunk", "新问题？")
        assert code_of(e.value.args[0]) == "questions.no_chunk"
        with pytest.raises(InputError) as e:
            qr.add(store, result.questions_job, f"{sid}:3", "1. ")
        assert code_of(e.value.args[0]) == "questions.empty"
        # once one is deleted, its words are free again — and a deleted one comes back only if unique
        qr.delete(store, other.id)
        qr.edit(store, questions[q_text("R0a")].id, "r1a号记录里 林晚的客栈开在哪里")
        with pytest.raises(InputError) as e:
            qr.restore(store, other.id)
        assert code_of(e.value.args[0]) == "questions.duplicate"

        server.reset_counters()
        answered = await make_flow(store, server).run()
        asked = asked_questions(server)
        assert len(asked) == len(set(asked)) == 12 == answered.questions


# ---- aspects ------------------------------------------------------------------------------------------
async def test_aspects_stop_after_questions_then_answer_the_questions_left(tmp_path):
    with asp.FakeOpenAI() as server, Store.create(tmp_path / "aspects.corpus") as store:
        server.reply = asp.Replies()
        server.reply.prose.clear()
        server.reply.extra["彩蛋与网络梗"] = ["《青石记》里有哪些彩蛋？"]
        asp.add_document(store, tmp_path)
        s = asp.settings_for(server)
        from core.flows.aspects import AspectFlow

        def flow(stop_after=None):
            return AspectFlow(store, lambda: make_client(s, DEFAULT_KEY), s, asp.options(group=True), None,
                              runner_options={"backoff_base": 0.02}, stop_after=stop_after)

        result = await flow("questions").run()
        assert result.stopped_after == "questions" and server.calls == 5 and result.samples == 0
        assert (result.questions, result.duplicates, result.too_long) == (10, 2, 1)
        questions = qr.review(store, result.questions_job)
        assert [q.chunk for q in questions][:2] == ["主要角色", "主要角色"] and len(questions) == 10
        texts = by_text(questions)
        doomed = [texts["《青石记》的画面是什么风格？"], texts["《青石记》在哪一年发售？"]]
        for q in doomed:
            qr.delete(store, q.id)
        with pytest.raises(InputError) as e:  # near-duplicates count for the aspects flow
            qr.add(store, result.questions_job, "故事情节", "《青石记》中陆远为什么踏上旅途？")
        assert code_of(e.value.args[0]) == "questions.duplicate_new"
        qr.add(store, result.questions_job, "主要角色", "《青石记》里陆远的师父是谁？")
        assert flow().estimate_answers().items == 10 - 2 + 1

        server.reset_counters()
        done = await flow().run()
        asked = [asp.QUESTION_LINE.search(b["messages"][-1]["content"].split("</参考文本>")[-1]).group(1)
                 for b in asp.answer_bodies(server)]
        assert len(asked) == server.calls - 0 == 10 - 2 + 1 and done.samples == 9
        assert not {q.text for q in doomed} & set(asked)
        teacher = {s.turns[0].text: s for s in store.iter_samples(SampleFilter(kind="sft"))}["《青石记》里陆远的师父是谁？"]
        assert teacher.status == "pending" and teacher.meta["aspect"] == "主要角色"
        assert done.dialogues > 0  # the grouping step follows the answers, not the stopped run
        server.reset_counters()
        assert (await flow().run()).calls == 0 and server.calls == 0


# ---- the CLI ------------------------------------------------------------------------------------------
def test_cli_stop_after_questions_review_then_answer(tmp_path, server, monkeypatch, capsys):
    project = tmp_path / "cli.corpus"
    with Store.create(project) as st:
        add_document(st)
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    generate = ["--lang", "en", "generate", "qa", "--project", str(project), "--base-url", server.base_url,
                "--model", "fake-model", "--questions", "3", "--api-key-env", "FAKE_KEY_VAR", "--price-in", "1"]

    assert cli.main([*generate, "--stop-after", "questions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"estimate: {N_CHUNKS} request(s) still to make")  # the questions stage alone
    assert "questions:  13" in out and "duplicates: 5" in out
    assert "stopped after the questions stage, as asked: 13 questions to review (questions job #1)" in out
    assert any(line.startswith("answers stage: estimate: 13 request(s) still to make") and "cost about" in line
               for line in out)
    assert out[-1].startswith("then run the same command again without --stop-after")
    assert f"review them: python main.py questions --project {project}" in "\n".join(out)
    assert server.calls == N_CHUNKS

    assert cli.main(["questions", "--project", str(project), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 13 and {q["status"] for q in listed} == {"asked"}
    assert set(listed[0]) >= {"id", "job_id", "flow", "chunk", "key", "text", "asked", "status"}
    ids = {q["text"]: q["id"] for q in listed}

    a, b = ids[q_text("R1a")], ids[q_text("R3a")]
    assert cli.main(["--lang", "en", "questions", "--project", str(project), "--delete", str(a), f"#{b}",
                     "--edit", str(ids[q_text("R4a")]), "R4a号记录里，客栈叫什么名字？"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"deleted question #{a}: it will not be asked", f"deleted question #{b}: it will not be asked",
                   f"edited question #{ids[q_text('R4a')]}: R4a号记录里，客栈叫什么名字？"]

    assert cli.main(["--lang", "en", "questions", "--project", str(project)]) == 0
    text = capsys.readouterr().out
    # the job named in the reader's language (its stored name is English)
    assert text.startswith("document QA · all documents · zh prompts (questions job #1): 13 question(s): asked 10, "
                           "edited 1, deleted 2")
    assert cli.main(["--lang", "zh", "questions", "--project", str(project)]) == 0
    assert capsys.readouterr().out.startswith("文档问答 · 全部文档 · 提示词 zh（出题任务 #1）：13 个问题")
    assert f"    #{a} [deleted] {q_text('R1a')}" in text
    assert f"[edited] R4a号记录里，客栈叫什么名字？ (was: {q_text('R4a')})" in text
    assert "  chunk 1:0 “第0节。R0a：林晚在洛阳开了一家客栈" in text

    server.reset_counters()
    assert cli.main(generate) == 0  # without the flag: the answers stage
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("estimate: 11 request(s) still to make")
    assert server.calls == 11 and "samples:    11 new" in out
    # 13 listed = 11 asked + 2 deleted: the run says the difference
    assert "questions:  11" in out and "deleted:    2 (by you: never sent)" in out
    assert "R4a号记录里，客栈叫什么名字？" in asked_questions(server)

    # answered now: the review says where to change it, with a coded message, and exits 1
    assert cli.main(["--lang", "en", "questions", "--project", str(project), "--delete", str(ids[SHARED[0]])]) == 1
    err = capsys.readouterr().err
    assert f"Question #{ids[SHARED[0]]} is already answered" in err and "Review" in err
    assert cli.main(["--lang", "zh", "questions", "--project", str(project), "--edit", "x1", "什么？"]) == 1
    assert "不是问题编号" in capsys.readouterr().err

    server.reset_counters()
    assert cli.main(generate) == 0 and server.calls == 0  # a rerun pays nothing
    capsys.readouterr()


def test_cli_aspects_stop_after_and_accept_all(tmp_path, monkeypatch, capsys):
    project = tmp_path / "aspects.corpus"
    with Store.create(project) as st:
        asp.add_document(st, tmp_path)
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    with asp.FakeOpenAI() as server:
        server.reply = asp.Replies()
        argv = ["--lang", "en", "generate", "aspects", "--project", str(project), "--topic", asp.TOPIC,
                "--aspect", "主要角色", "--aspect", "市场影响", "--per-aspect", "3", "--max-chars", "30",
                "--base-url", server.base_url, "--model", "fake-model", "--api-key-env", "FAKE_KEY_VAR"]
        assert cli.main([*argv, "--stop-after", "questions"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert "estimate: 2 request(s) still to make, about" in out[1]
        assert "questions:  4" in out and "  主要角色: 2" in out
        assert any(line.startswith("answers stage: estimate: 4 request(s)") for line in out)
        assert server.calls == 2

        assert cli.main(["--lang", "en", "questions", "--project", str(project), "--accept-all"]) == 0
        assert capsys.readouterr().out.strip() == "accepted 4 questions"
        assert cli.main(["--lang", "en", "questions", "--project", str(project), "--add", "市场影响",
                         "《青石记》的主题曲叫什么？"]) == 0
        assert capsys.readouterr().out.startswith("added question #5 (市场影响): 《青石记》的主题曲叫什么？")
        assert cli.main(["questions", "--project", str(project), "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert [q["status"] for q in listed] == ["accepted", "accepted", "accepted", "accepted", "added"]
        assert {q["flow"] for q in listed} == {"aspects"}
        assert cli.main(["--lang", "zh", "questions", "--project", str(project)]) == 0
        assert capsys.readouterr().out.startswith(f"按方面问答 · {asp.TOPIC} · 提示词 zh（出题任务 #1）：5 个问题")

        server.reset_counters()
        assert cli.main(argv) == 0
        assert server.calls == 5 and "samples:    5 new" in capsys.readouterr().out.splitlines()
