"""`generate … --batch [--wait]` and `batches`, run as a user would (subprocesses) against the local
Batch API (tests/fake_batch.py)."""

from __future__ import annotations

import argparse
import re

import pytest
from fake_batch import FakeBatch
from fake_openai import DEFAULT_KEY
from test_cli_generate import cli
from test_flow_qa import Replies, add_document

from core.store import Store

KEY_ENV = {"CORPUSMITH_TEST_KEY": DEFAULT_KEY}


@pytest.fixture
def server():
    with FakeBatch() as s:
        s.reply = Replies()
        yield s


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.corpus"
    with Store.create(path) as st:
        add_document(st)
    return path


def generate(server: FakeBatch, project, *extra, provider: str = "SiliconFlow", lang: str = "en"):
    return cli("generate", "qa", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
               "--provider", provider, "--api-key-env", "CORPUSMITH_TEST_KEY", "--price-in", "2", "--price-out", "8",
               "--questions", "3", *extra, env={**KEY_ENV, "LANG": "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8"})


def batch_ids(text: str) -> list[str]:
    return re.findall(r"batch_\w+", text)


def test_batch_submits_then_collects_and_chains_the_stages(server, project):
    first = generate(server, project, "--batch")
    assert first.returncode == 3, first.stdout + first.stderr  # submitted: not all in yet
    out = first.stdout
    est = re.search(r"cost about ([\d.]+) \(realtime\) / ([\d.]+) \(batch\)", out)
    assert est and float(est.group(2)) == pytest.approx(float(est.group(1)) / 2, abs=1e-4)
    assert re.search(r"Batch batch_\w+ submitted: 6 requests \(questions\)", out)
    assert "6 requests wait in batches: run the same command later" in out
    assert "finished" not in out.splitlines()  # not while requests wait in batches
    assert server.uploads == 1 and server.calls == 0

    second = generate(server, project, "--batch")  # collects the questions, submits the answers
    assert second.returncode == 3, second.stdout + second.stderr
    assert re.search(r"Batch batch_\w+ collected \(completed\): 6 answered, 0 failed, 0 not run", second.stdout)
    assert re.search(r"Batch batch_\w+ submitted: 13 requests \(answers\)", second.stdout)
    assert "questions:  13" in second.stdout

    third = generate(server, project, "--batch", lang="zh")  # collects the answers
    assert third.returncode == 0, third.stdout + third.stderr
    assert re.search(r"已收回批量任务 batch_\w+（已完成）：13 条回答，0 条出错，0 条没有运行", third.stdout)
    assert "批量费用：" in third.stdout and "新样本：13 条" in third.stdout
    assert "等待" not in third.stdout.split("批量费用")[-1]
    assert "已完成" in third.stdout.splitlines()  # everything is in
    with Store(project, readonly=True) as st:
        assert st.count() == 13 and all(r["collected"] for r in st.batches())
        paid = sum(r["cost"] for r in st.batches())
    cost = re.search(r"批量费用：([\d.]+)（同样的回答实时约 ([\d.]+)）", third.stdout)
    assert float(cost.group(1)) == pytest.approx(float(cost.group(2)) / 2, abs=1e-4)
    assert server.calls == 0 and all(n == 1 for n in server.lines_answered.values())
    assert paid > 0


def test_wait_polls_until_everything_is_in(server, project):
    server.steps_per_poll, server.fail_every = 1, 5
    r = generate(server, project, "--batch", "--wait", "--poll-interval", "0.05")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Waiting for the batches: polled every 0.05 s" in r.stdout
    for status in ("validating", "in progress", "finalizing"):
        assert re.search(rf"Batch batch_\w+ \((questions|answers)\): {status}, \d+/\d+ done", r.stdout), status
    assert "samples:    13 new" in r.stdout and "failed:     0" in r.stdout and "wait in batch" not in r.stdout
    assert server.calls == 0 and all(n == 1 for n in server.lines_answered.values())


def test_a_realtime_run_collects_open_batches_first(server, project):
    server.steps_per_poll = 0
    assert generate(server, project, "--batch").returncode == 3
    held = generate(server, project)  # no --batch: the questions wait in the open batch
    assert held.returncode == 3 and "The project has a batch not collected yet" in held.stdout
    assert server.calls == 0
    server.steps_per_poll = 3
    done = generate(server, project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "samples:    13 new" in done.stdout and server.calls == 13  # the answers, in realtime


def test_batches_lists_and_cancels(server, project):
    server.steps_per_poll = 0
    assert generate(server, project, "--batch").returncode == 3
    listed = cli("batches", "--project", project)
    assert listed.returncode == 0 and re.search(r"batch_\w+ \(questions\): validating, 0/6 done", listed.stdout)
    cancel = cli("batches", "--project", project, "--base-url", server.base_url, "--api-key-env",
                 "CORPUSMITH_TEST_KEY", "--cancel", env=KEY_ENV)
    assert cancel.returncode == 3, cancel.stdout + cancel.stderr  # cancelling: not over yet
    assert "Asked the provider to cancel 1 batch" in cancel.stdout and server.cancels == 1
    server.steps_per_poll = 1
    collect = cli("batches", "--project", project, "--base-url", server.base_url, "--api-key-env",
                  "CORPUSMITH_TEST_KEY", "--collect", env=KEY_ENV)
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert re.search(r"collected \(cancelled\): 0 answered, 0 failed, 6 not run", collect.stdout)
    assert "cancelled, 0/6 done" in cli("batches", "--project", project).stdout


def test_a_service_without_a_batch_api_is_told(server, project):
    r = generate(server, project, "--batch", provider="DeepSeek")
    assert r.returncode == 1 and "DeepSeek has no Batch API" in r.stderr and server.uploads == 0


def test_every_command_that_calls_a_model_takes_the_batch_flags():
    from core.cli import build_parser

    def options(parser: argparse.ArgumentParser) -> set[str]:
        return {o for a in parser._actions for o in a.option_strings}

    def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        return next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})

    top = subcommands(build_parser())
    generate_flows = subcommands(top["generate"])
    assert {"qa", "aspects", "novel", "style"} <= set(generate_flows)
    calling = {f"generate {n}": p for n, p in generate_flows.items()}
    calling.update({n: top[n] for n in ("predict", "judge") if n in top})
    for name, parser in calling.items():
        assert {"--batch", "--wait", "--poll-interval"} <= options(parser), name


def test_the_estimate_leaves_out_what_waits_in_an_open_batch(server, project):
    """A --batch run that collects: the requests it submitted earlier are waiting, not still to send."""
    first = generate(server, project, "--batch")
    assert first.returncode == 3 and "6 more requests already wait" not in first.stdout
    second = generate(server, project, "--batch")  # collects the questions, submits the 13 answers
    assert re.search(r"submitted: 13 requests \(answers\)", second.stdout), second.stdout
    server.steps_per_poll = 0  # the answers' batch is not done yet
    uploads = server.uploads
    third = generate(server, project, "--batch", lang="zh")
    assert third.returncode == 3, third.stdout + third.stderr
    est = next(line for line in third.stdout.splitlines() if line.startswith("预计"))
    assert "还要发 0 个请求" in est and "费用约 0.0000（实时）/ 0.0000（批量）" in est, est
    assert "另有 13 个请求已在批量任务里等待结果（不再发送，不另收费）" in est
    assert server.uploads == uploads and server.calls == 0  # nothing sent again
    en = generate(server, project, "--batch")
    est = next(line for line in en.stdout.splitlines() if line.startswith("estimate"))
    assert "0 request(s) still to make" in est and "13 more requests already wait in a batch" in est, est


def estimate_of(run, lang: str) -> str:
    return next(line for line in run.stdout.splitlines() if line.startswith("预计" if lang == "zh" else "estimate"))


def test_the_aspects_estimate_leaves_out_what_waits_in_an_open_batch(server, tmp_path):
    """generate aspects --batch: the answers submitted earlier are waiting, not still to send."""
    import test_flow_aspects as fa

    project = tmp_path / "aspects.corpus"
    with Store.create(project) as st:
        fa.add_document(st, tmp_path)
    server.reply = fa.Replies()

    def aspects(lang: str = "en"):
        return cli("generate", "aspects", "--project", project, "--topic", fa.TOPIC, "--aspect", "主要角色",
                   "--aspect", "市场影响", "--per-aspect", "3", "--max-chars", "30", "--top-k", "2",
                   "--base-url", server.base_url, "--model", "fake-model", "--provider", "SiliconFlow",
                   "--api-key-env", "CORPUSMITH_TEST_KEY", "--price-in", "2", "--price-out", "8", "--batch",
                   env={**KEY_ENV, "LANG": "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8"})

    first = aspects()
    assert first.returncode == 3 and "still to make" in estimate_of(first, "en")
    assert "wait in a batch" not in first.stdout
    second = aspects()  # collects the questions, submits the answers
    submitted = re.search(r"submitted: (\d+) requests \(answers\)", second.stdout)
    assert submitted, second.stdout + second.stderr
    n = int(submitted.group(1))
    assert n == 4  # 主要角色: 2 after the near-duplicate, 市场影响: 2
    server.steps_per_poll = 0  # the answers' batch is not done yet
    uploads = server.uploads
    third = aspects(lang="zh")
    assert third.returncode == 3, third.stdout + third.stderr
    est = estimate_of(third, "zh")
    assert "还要发 0 个请求" in est and "费用约 0.0000（实时）/ 0.0000（批量）" in est, est
    assert f"另有 {n} 个请求已在批量任务里等待结果（不再发送，不另收费）" in est, est
    en = estimate_of(aspects(), "en")
    assert "0 request(s) still to make" in en and f"{n} more requests already wait in a batch" in en, en
    assert server.uploads == uploads and server.calls == 0  # nothing sent again
    assert all(k == 1 for k in server.lines_answered.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_judge_estimate_leaves_out_what_waits_in_an_open_batch(server, tmp_path, lang):
    """judge --batch: the verdicts asked earlier are waiting, not still to send. The prompts are in
    the reader's language (another job in the other one): each language submits its own."""
    from test_judge import Judge, build_project

    project = tmp_path / "judge.corpus"
    with Store.create(project) as st:
        build_project(st)
    server.reply, server.steps_per_poll = Judge(), 0  # the batch is not done before the end of the test

    def judge():
        return cli("judge", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
                   "--provider", "SiliconFlow", "--api-key-env", "CORPUSMITH_TEST_KEY", "--price-in", "2",
                   "--price-out", "8", "--batch",
                   env={**KEY_ENV, "LANG": "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8", "LANGUAGE": ""})

    first = judge()
    assert first.returncode == 3 and server.uploads == 1, first.stdout + first.stderr
    est = estimate_of(first, lang)
    assert ("还要发 10 个请求" if lang == "zh" else "10 request(s) still to make") in est, est
    assert "等待结果" not in est and "wait in a batch" not in est
    second = judge()
    assert second.returncode == 3, second.stdout + second.stderr
    est = estimate_of(second, lang)
    if lang == "zh":
        assert "还要发 0 个请求" in est and "费用约 0.0000（实时）/ 0.0000（批量）" in est, est
        assert "另有 10 个请求已在批量任务里等待结果（不再发送，不另收费）" in est, est
    else:
        assert "0 request(s) still to make" in est and "cost about 0.0000 (realtime) / 0.0000 (batch)" in est, est
        assert "10 more requests already wait in a batch (not sent again, no new cost)" in est, est
    assert server.uploads == 1 and server.calls == 0  # nothing sent again


def test_a_batch_that_cannot_be_uploaded_is_not_called_finished(server, project):
    # the provider is down when the run submits: nothing is paid, nothing is lost, and the run says
    # so in the user's language (exit 3, no "finished", no English log line beside it) — the same
    # command submits the requests once the provider is back
    down = argparse.Namespace(base_url=server.base_url)  # the address stays, the server goes
    server.stop()
    r = generate(down, project, "--batch", lang="zh")
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    assert "没能提交" in r.stdout and "上传批量请求文件失败" in out
    assert "已完成" not in r.stdout and "warning:" not in out.lower()
    with Store(project) as st:
        assert st.batches() == []  # no batch row: nothing was created at the provider
        assert st.count() == 0
        pending = sum(j["pending"] for j in st.jobs())
        assert pending >= 1 and sum(j["failed"] for j in st.jobs()) == 0  # left for the next run, not failed
