"""The quality report (`python main.py report`): on a project built through every flow the numbers
add up — made = failed + rejected at each gate + kept — for every source and flow, and they are
the numbers each step said it did; exported is what the file holds; the JSON, the tables in both
languages and the self-contained HTML file say the same."""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_project import ROOT, Built, built_once, cli

from core.export import ExportOptions, export_samples
from core.messages import code_of, say
from core.model import Sample
from core.report.counts import build_report, gate_label
from core.report.gates import GATES, flow_of
from core.report.html import report_html, write_report_html
from core.store import SampleFilter, Store


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return built_once(tmp_path_factory)


@pytest.fixture(scope="module")
def data(built) -> dict:
    r = cli("report", "--project", built.project, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def adds_up(row: dict) -> bool:
    return row["made"] == row["failed"] + sum(row["rejected"].values()) + row["kept"]


def flow_row(data: dict, flow: str) -> dict:
    return next(f for f in data["flows"] if f["flow"] == flow)


# ---- the numbers --------------------------------------------------------------------------------
def test_made_is_failed_plus_each_gate_plus_kept_on_every_row(data, built):
    rows = [*data["groups"], *data["sources"], *data["flows"], data["total"]]
    assert all(adds_up(r) for r in rows), [r for r in rows if not adds_up(r)]
    assert data["adds_up"] is True
    # every source of the project has its rows, and every flow that ran
    assert {g["source"] for g in data["groups"]} == set(built.sources)
    assert {f["flow"] for f in data["flows"]} == {"bilibili", "script_qa", "script_dialogue", "chat_dialogue",
                                                  "extract", "qa"}
    # a total says what it sums over, and never wears a group's name for the side it sums over
    assert {g["total"] for g in data["groups"]} == {None}
    assert all(isinstance(g["source_label"], str) and isinstance(g["flow"], str) for g in data["groups"])
    assert all(s["total"] == "source" and s["flow"] is None and s["flow_label"] is None and s["source_label"]
               for s in data["sources"])
    assert all(f["total"] == "flow" and f["source_id"] is None and f["source"] is None and f["source_label"] is None
               and f["flow_label"] for f in data["flows"])
    assert data["total"]["total"] == "all" and (data["total"]["source"], data["total"]["flow"]) == (None, None)
    # a source's rows and a flow's rows sum to its subtotal, and every subtotal to the total
    for key, subtotals in (("source_id", data["sources"]), ("flow", data["flows"])):
        for sub in subtotals:
            members = [g for g in data["groups"] if g[key] == sub[key]]
            assert members, (key, sub[key])
            for field in ("made", "failed", "kept", "exported", "rejected_total"):
                assert sub[field] == sum(g[field] for g in members), (key, sub[key], field)
    for field in ("made", "failed", "kept", "exported"):
        assert data["total"][field] == sum(g[field] for g in data["groups"])


def test_the_numbers_are_what_each_step_said_it_did(data, built):
    said, total = built.said, data["total"]
    # the builders: every sample they wrote is counted as made by its flow
    for flow in ("bilibili", "script_qa", "script_dialogue", "chat_dialogue"):
        assert flow_row(data, flow)["made"] == said[flow] and flow_row(data, flow)["failed"] == 0, flow
    qa = flow_row(data, "qa")
    assert qa["failed"] == said["qa_failed"] > 0  # the chunk whose questions never came, the answers never valid
    assert qa["made"] == said["qa_samples"] + said["qa_failed"]
    # the gates: each counts exactly what it rejected
    for gate in ("not_found", "exact_dup", "rules", "near_dup", "judge", "user"):
        assert total["rejected"][gate] == said[gate] > 0, gate
    assert total["rejected"]["other"] == 0  # every rejection in this project has its gate
    assert total["judged"] == said["judged"] == sum(total["scores"].values()) > 0
    assert {int(k): v for k, v in total["scores"].items() if v} == {
        k: said[f"score_{k}"] for k in range(1, 6) if said.get(f"score_{k}")}
    # the judge's own failure (a verdict that never parsed) made no sample: not counted as made or failed
    assert said["judge_failed"] > 0 and total["failed"] == said["qa_failed"]
    # the funnel ends at what is kept
    assert total["steps"][0] == {"step": "made", "left": total["made"], "share": 1.0}
    assert total["steps"][-1]["left"] == total["kept"]
    assert [s["step"] for s in total["steps"]] == ["made", "failed", *GATES]
    # the top reasons carry their gate, and their counts are the gates'
    reasons = Counter()
    for r in data["top_reasons"]:
        reasons[r["gate"]] += r["count"]
    assert reasons["failed"] == said["qa_failed"] and reasons["not_found"] == said["not_found"]
    assert {r["code"] for r in data["top_reasons"] if r["gate"] == "user"} == {None}  # the reviewer's own words


def test_the_counts_match_the_project_itself(built, data):
    with Store(built.project, readonly=True) as st:
        samples = st.count()
        failed = sum(j["failed"] for j in st.jobs() if j["kind"].startswith("qa_"))
        kept = st.count(SampleFilter(statuses=("pending", "accepted")))
        accepted = st.count(SampleFilter(statuses=("accepted",)))
    assert data["total"]["made"] == samples + failed
    assert data["total"]["kept"] == kept and data["total"]["accepted"] == accepted


def test_exported_is_what_the_file_holds(built, data):
    record = data["last_export"]
    assert record["format"] == "sharegpt" and Path(record["files"][0]) == built.export_file
    assert data["total"]["exported"] == record["samples"] == record["rows"] == built.exported_rows > 0
    # exported with --all: every kept sample went out, unless the export skipped it (with a reason)
    with Store(built.project, readonly=True) as st:
        skipped = Counter((s.source_id, flow_of(s.meta)) for i in built.skipped_ids if (s := st.get_sample(i)))
    for g in data["groups"]:
        assert g["exported"] == g["kept"] - skipped[(g["source_id"], g["flow"])], g


# ---- the outputs -------------------------------------------------------------------------------
def test_tables_in_chinese_and_english(built, data):
    zh = cli("--lang", "zh", "report", "--project", built.project)
    assert zh.returncode == 0, zh.stderr
    out = zh.stdout
    assert out.startswith("质量报告：every-flow\n")
    for word in ("按来源和流程", "产出", "失败", "原文没有", "完全重复", "近似重复", "评分过低", "人工拒绝", "保留率",
                 "已导出", "每一行都对得上", "最常见的失败和拒绝原因", "审阅时拒绝"):
        assert word in out, word
    for name in built.sources:
        assert name in out
    total = data["total"]
    total_line = next(line for line in out.splitlines() if line.strip().startswith("合计"))
    assert total_line.split()[1:4] == [f"{total['made']:,}", f"{total['failed']:,}",
                                       f"{total['rejected']['not_found']:,}"]
    en = cli("report", "--project", built.project).stdout  # (the helper asks for English)
    assert en.startswith("Quality report: every-flow\n") and "not in source" in en and "Every row adds up" in en
    # Chinese only in data: the sources' names, the reviewer's own words, the refusal the rule quotes
    for data_text in (*built.sources, "审阅时拒绝", "“抱歉，我无法”"):
        en = en.replace(data_text, "")
    assert not re.search(r"[\u4e00-\u9fff]", en), en


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.charset = None
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self._in.append(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if tag == "meta" and k == "charset":
                self.charset = v

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, d):
        if d.strip():
            self.text.append(d.strip())


def test_html_is_one_self_contained_file_with_the_numbers(built, data, tmp_path):
    target = tmp_path / "报告" / "every.html"
    target.parent.mkdir()
    r = cli("--lang", "zh", "report", "--project", built.project, "--html", target)
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip().endswith(f"质量报告已写入 {target}")
    assert sorted(p.name for p in target.parent.iterdir()) == ["every.html"]  # no temp file left behind
    html = target.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert page.charset == "utf-8"
    # nothing loaded from elsewhere: no script, no stylesheet link, no image, no frame, no URL at all
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert [a for a in page.attrs if a[1] in ("src", "href", "xmlns", "srcset", "action")] == []
    assert "://" not in html and "url(" not in html and "@import" not in html
    assert page.tags["svg"] == 3 and page.tags["style"] == 1  # the funnel, the scores, the lengths; inline CSS
    total = data["total"]
    text = " ".join(page.text)
    assert "质量报告：every-flow" in text and "每一行都对得上" in text
    # the total row of the main table, cell by cell
    assert f"合计 {total['made']:,} {total['failed']:,}" in text
    for gate in GATES:
        assert gate_label(gate, "zh") in text
    for name in built.sources:
        assert name in text
    assert f"{total['kept']:,} ({total['kept_share']:.1%})" in text
    # the reasons in the reader's language, and the export
    with Store(built.project, readonly=True) as st:
        for reason in build_report(st).reasons:
            assert reason.text("zh") in text
    assert built.export_file.name in text

    # --json with --html: stdout stays JSON alone
    r = cli("report", "--project", built.project, "--json", "--html", tmp_path / "again.html")
    assert r.returncode == 0 and json.loads(r.stdout)["total"] == total
    assert "Quality report written to" in r.stderr and (tmp_path / "again.html").exists()


def test_html_is_written_whole_or_not_at_all(built, tmp_path, monkeypatch):
    with Store(built.project, readonly=True) as st:
        report = build_report(st)
    target = tmp_path / "r.html"
    target.write_text("the earlier report", encoding="utf-8")

    def broken(*_a, **_k):
        raise OSError(28, "No space left on device")

    import core.export.atomic as atomic

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(OSError):
        write_report_html(report, target, "en")
    assert target.read_text(encoding="utf-8") == "the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
    monkeypatch.undo()
    r = cli("report", "--project", built.project, "--html", tmp_path / "no" / "such" / "folder.html")
    assert r.returncode == 1 and "Cannot write" in r.stderr and "Traceback" not in r.stderr


# ---- the gates: codes, never prose ---------------------------------------------------------------
def test_a_rejections_gate_is_its_reason_code_never_its_wording(tmp_path):
    with Store.create(tmp_path / "g.corpus") as st:
        sid = st.add_source("document", "书.txt")
        reasons = {
            "rules": say("quality.hit.too_short", n=2, limit=5).encode(),
            "near_dup": say("neardup.reason", kept=1, similarity="0.90").encode(),
            "exact_dup": say("store.duplicate_of", id=1).encode(),
            "judge": say("judge.below_threshold", score=2, threshold=3).encode(),
            "not_found": say("flows.not_found_in_source").encode(),
            "echo": say("echo.placeholder", text="回答").encode(),
            "flow_check": say("style.reply.not_similar", score="0.1", threshold="0.5", mode="lexical").encode(),
        }
        ids = st.add_samples([Sample.qa(f"问题{i}", f"回答{i}", source_id=sid, meta={"flow": "qa"})
                              for i in range(len(reasons) + 4)])
        for sample_id, why in zip(ids, reasons.values(), strict=False):
            st.set_status([sample_id], "rejected", why, by_user=False)
        rest = ids[len(reasons):]
        # the English and Chinese wordings of gates, typed by a person: the user's, not a gate's
        st.set_status([rest[0]], "rejected", "near-duplicate of #1 (similarity 0.90)")
        st.set_status([rest[1]], "rejected", "AI 评分 1 分，低于 3 分")
        # a flow's rejection in words with no code, nobody touched: other
        st.set_status([rest[2]], "rejected", "答案与原文不符", by_user=False)
        # a job of the flow: one failed item of this source, one of no source; the judge's failures are no sample
        job = st.create_job("qa_answers", "answers", {})
        st.add_job_items(job, [("a", {"meta": {"source_id": sid}}), ("b", {"meta": {}})])
        for item in st.pending_items(job):
            st.fail_item(item["id"], say("llm.request_rejected", status=400, said="bad").encode())
        judge = st.create_job("judge", "judge", {})
        st.add_job_items(judge, [("c", {"meta": {"sample_id": ids[-1]}})])
        st.fail_item(st.pending_items(judge)[0]["id"], "timeout")
        report = build_report(st)

    assert report.adds_up()
    qa = next(g for g in report.groups if g.source_id == sid)
    expected = dict.fromkeys(GATES, 0) | dict.fromkeys(reasons, 1) | {"user": 2, "other": 1}
    assert qa.rejected == expected
    assert (qa.made, qa.failed, qa.kept) == (len(ids) + 1, 1, 1)
    orphan = next(g for g in report.groups if g.source_id is None)
    assert (orphan.flow, orphan.made, orphan.failed) == ("qa", 1, 1)
    assert report.total.made == len(ids) + 2  # the judge's failed item is not a made sample
    failed = next(r for r in report.reasons if r.gate == "failed")
    assert failed.count == 2 and failed.code == "llm.request_rejected"
    assert code_of(failed.example) == "llm.request_rejected"


def test_this_rounds_rejections_have_their_gates():
    from core.report.gates import gate_code

    assert gate_code("chunks.source_changed") == "user"  # the user edited the chunk the sample came from
    assert gate_code("reasoning.answer_only_thought") == "echo"  # nothing but thought: an empty answer


def test_an_empty_project_reports_nothing_made(tmp_path):
    project = tmp_path / "空.corpus"
    Store.create(project).close()
    r = cli("--lang", "zh", "report", "--project", project)
    assert r.returncode == 0 and "项目里还没有样本" in r.stdout and "还没有导出记录" in r.stdout
    data = json.loads(cli("report", "--project", project, "--json").stdout)
    assert data["total"]["made"] == 0 and data["groups"] == [] and data["adds_up"]
    with Store(project, readonly=True) as st:
        assert "<svg" not in report_html(build_report(st), "en")  # no plot of nothing
    r = cli("report", "--project", tmp_path / "none.corpus")
    assert r.returncode == 1 and "Traceback" not in r.stderr


# ---- the export's record -------------------------------------------------------------------------
def test_every_export_records_what_it_wrote_per_source_and_flow(tmp_path):
    project = tmp_path / "e.corpus"
    with Store.create(project) as st:
        a = st.add_source("document", "甲.txt")
        b = st.add_source("chat", "乙.json")
        ids = st.add_samples([Sample.qa(f"问题{i}？", f"这是第{i}个回答，写得足够长。", source_id=a, meta={"flow": "qa"})
                              for i in range(6)]
                             + [Sample.qa(f"聊天{i}？", f"好的，第{i}条。", source_id=b, meta={"gen": "chat_dialogue"})
                                for i in range(4)])
        st.set_status(ids[:5] + ids[6:8], "accepted")
    # accepted only, split, repeated to a minimum; from a path (opened read-only, as the window does)
    report = export_samples(project, ExportOptions("alpaca", tmp_path / "o.json", test_ratio=0.3, repeat_to=12))
    with Store(project, readonly=True) as st:
        record = st.get_meta("last_export")
        data = build_report(st).to_dict("en")
    assert record["rows"] == report.written == report.train + report.test
    assert record["repeated"] == report.repeated > 0 and record["samples"] == 7
    assert sorted(map(tuple, record["groups"])) == [(a, "qa", 5), (b, "chat_dialogue", 2)]
    rows = sum(len(json.loads(f.read_text(encoding="utf-8"))) for f in report.files)
    assert rows == record["rows"]
    assert {(g["source_id"], g["flow"]): g["exported"] for g in data["groups"]} == {(a, "qa"): 5,
                                                                                    (b, "chat_dialogue"): 2}
    assert "repeated on request" in report_html(build_report(Store(project, readonly=True)), "en")


def test_the_command_is_registered_exactly_as_named():
    r = cli("report", "--help")
    assert r.returncode == 0
    assert "--project PROJECT" in r.stdout and "--json" in r.stdout and "--html FILE" in r.stdout
    assert (ROOT / "core" / "cli_report.py").exists()
