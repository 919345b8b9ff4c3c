"""A project built through every flow, as a user would (the commands in subprocesses, against the
local fake Bilibili and OpenAI servers), for the quality report's tests.

:func:`build` records what each step said it did (parsed from the commands' English output, and
from the calls a reviewer would make), so the tests can hold the report to those numbers instead of
to a second copy of the report's own counting."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from chat_fixtures import write_competition_json
from fake_bilibili import FakeBilibili
from fake_openai import DEFAULT_KEY, FakeOpenAI, judge_reply
from test_flow_qa import Replies, chunk_text

from core.flows.judge import JudgeFlow, JudgeOptions, apply_threshold
from core.llm import ProviderSettings, make_client
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
INN = Path(__file__).parent / "data" / "script_inn.txt"
KEY_VAR = "REPORT_TEST_KEY"


def cli(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
             **(env or {}))
    e.pop("CORPUSMITH_BILIBILI_API", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, env=e)


def ok(r: subprocess.CompletedProcess, *codes: int) -> str:
    assert r.returncode in (codes or (0,)), f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


def number(pattern: str, text: str) -> int:
    m = re.search(pattern, text)
    assert m, f"{pattern!r} not in:\n{text}"
    return int(m.group(1).replace(",", ""))


@dataclass
class Built:
    project: Path
    export_file: Path
    sources: dict[str, int]  # name → id
    said: dict[str, int] = field(default_factory=dict)  # what the steps said they did
    exported_rows: int = 0  # rows read back from the export file
    skipped_ids: list[int] = field(default_factory=list)  # samples the export left out, with a reason


class ReportReplies(Replies):
    """tests/test_flow_qa.py's fake model, and one answer that opens with a refusal (the rules' gate)."""

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' not in user and "R1b号记录" in user.split("</参考文本>")[-1]:
            return json.dumps({"answer": "抱歉，我无法回答这个问题。", "found": True}, ensure_ascii=False)
        return super().__call__(messages)


def _first_user(messages: list[dict]) -> str:
    return next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")


def qa_document(path: Path, n: int = 6) -> Path:
    """A document whose paragraphs carry the markers the fake model answers by (tests/test_flow_qa.py)."""
    path.write_text("\n\n".join(chunk_text(i) for i in range(n)) + "\n", encoding="utf-8")
    return path


def build(tmp: Path) -> Built:
    project = tmp / "every-flow.corpus"
    tmp.mkdir(parents=True, exist_ok=True)
    said: dict[str, int] = {}

    # 1. comments: a crawl and its reply-chain dialogues
    with FakeBilibili() as bili:
        video = bili.add_video(roots=10, replies=60, seed=7, title="客栈的视频")
        ok(cli("crawl", video.bvid, "--project", project, "--api-base", bili.api_base, "--min-interval", "0"))
    out = ok(cli("dialogues", "--project", project))
    said["bilibili"] = number(r"kept:\s+(\d+)", out)

    # 2. a script: imported, then character QA and scene dialogues (no model)
    script = tmp / "长安客栈.txt"
    script.write_text(INN.read_text(encoding="utf-8"), encoding="utf-8")
    ok(cli("import", script, "--project", project))
    with Store(project) as st:
        sources = {s["name"]: s["id"] for s in st.sources()}
    out = ok(cli("script-qa", "--project", project, "--character", "林晚", "--source", sources[script.name]))
    said["script_qa"] = number(r"^(\d+) new sft samples", out)
    out = ok(cli("script-dialogues", "--project", project, "--source", sources[script.name]))
    said["script_dialogue"] = number(r"^(\d+) new dialogue samples", out)

    # 3. a chat export: its labelled chats (extraction samples) and its dialogues
    chats = write_competition_json(tmp)
    ok(cli("import-chat", chats, "--project", project))
    out = ok(cli("chat-dialogues", "--project", project, "--assistant", "林晓2", "--assistant", "陈思1",
                 "--assistant", "刘洋4"))
    said["chat_dialogue"] = number(r"(\d+) new dialogue sample", out)

    # 4. QA against the local model, twice over the same text (imported as two files): answers the
    # text does not hold, a chunk whose questions never parse and answers that never do (failures),
    # and exact duplicates across the two documents
    doc_a, doc_b = qa_document(tmp / "客栈甲.txt"), qa_document(tmp / "客栈乙.txt")
    ok(cli("import", doc_a, doc_b, "--project", project, "--size", "60", "--overlap", "0"))
    with Store(project) as st:
        sources = {s["name"]: s["id"] for s in st.sources()}
    replies = ReportReplies()
    replies.bad_questions = {"R4a"}  # the chunk holding R4a: its questions never come
    replies.bad_answers = {"R2a"}  # its answer is never the right shape
    said["qa_failed"] = said["not_found"] = said["qa_samples"] = 0
    with FakeOpenAI() as server:
        server.reply = replies
        for name in (doc_a.name, doc_b.name):
            out = ok(cli("generate", "qa", "--project", project, "--source", sources[name], "--base-url",
                         server.base_url, "--model", "fake-model", "--api-key-env", KEY_VAR, "--timeout", "5", "--questions", "3",
                         env={KEY_VAR: DEFAULT_KEY}), 3)
            said["qa_failed"] += number(r"failed:\s+(\d+)", out)
            said["not_found"] += number(r"not found:\s+(\d+)", out)
            said["qa_samples"] += number(r"samples:\s+(\d+) new", out)

    # 5. the gates: exact duplicates (Review's menu), the rules and near-duplicates (filter --apply),
    # the judge's threshold, and the user's own rejections
    with Store(project) as st:
        said["exact_dup"] = st.reject_duplicates()
    out = ok(cli("filter", "--project", project, "--rules", "all", "--near-dup", "0.7", "--apply"))
    said["rules"] = number(r"rejected ([\d,]+) samples by rule", out) if "by rule" in out else 0
    said["near_dup"] = number(r"rejected ([\d,]+) near-duplicates", out) if "near-duplicates (" in out else 0
    # the LLM judge over every sample left (the real flow, against the local server: one sample's
    # verdict never parses, so its item fails and it stays unscored), then its threshold
    with Store(project) as st, FakeOpenAI() as server:
        live = list(st.iter_samples(SampleFilter(statuses=("pending",))))
        broken = live[0].turns[-1].text
        server.reply = lambda messages: ("这条还行吧。" if broken in _first_user(messages) else judge_reply(messages))
        settings = ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4, timeout=5.0)
        flow = JudgeFlow(st, lambda: make_client(settings, server.api_key), settings, JudgeOptions(lang="zh"),
                         runner_options={"max_retries": 1, "backoff_base": 0.01, "max_reasks": 1})
        result = asyncio.run(flow.run())
        said["judged"], said["judge_failed"] = result.judged, len(result.failed)
        said.update({f"score_{k}": v for k, v in result.scores.items()})
        said["judge"] = apply_threshold(st, 3).rejected
        # the user rejects by hand in Review (its own words, no gate's code) and accepts a few
        live = list(st.iter_samples(SampleFilter(statuses=("pending",))))
        by_hand = [s.id for s in live[2::7][:3]]
        said["user"] = st.set_status(by_hand, "rejected", "审阅时拒绝")
        st.set_status([s.id for s in live[1::3] if s.id not in by_hand], "accepted")

    # 6. export every kept conversation, then read the file back
    export_file = tmp / "out" / "every.jsonl"
    out = ok(cli("export", "--project", project, "--format", "sharegpt", "--jsonl", "--all", "--out", export_file))
    skipped = [int(m) for m in re.findall(r"#(\d+)", "\n".join(line for line in out.splitlines()
                                                                if line.startswith("skipped sample")))]
    rows = [json.loads(line) for line in export_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Built(project=project, export_file=export_file, sources=sources, said=said, exported_rows=len(rows),
                 skipped_ids=skipped)


_BUILT: dict[str, Built] = {}


def built_once(tmp_path_factory) -> Built:
    """One build per test session, shared by the report's CLI and window tests (they only read it)."""
    key = str(tmp_path_factory.getbasetemp())
    if key not in _BUILT:
        _BUILT[key] = build(tmp_path_factory.mktemp("every-flow"))
    return _BUILT[key]
