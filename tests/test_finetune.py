"""Fine-tuning at a provider, against a real local server of the OpenAI fine-tuning API shape
(tests/fake_finetune.py): upload, create, poll to succeeded with events, a failure with its
error, cancel, and the job id kept in the project across reopening — never the key."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fake_finetune import DEFAULT_KEY, fake_finetune_fixture  # noqa: F401  (the fake_finetune fixture)

from core.cli import main
from core.errors import InputError
from core.export import ExportOptions, export_samples
from core.llm.finetune import (
    FinetuneError,
    FinetuneSession,
    check_training_file,
    find_job,
    save_job,
    saved_jobs,
)
from core.llm.providers import ProviderSettings, normalize_base_url
from core.llm.secrets import set_api_key
from core.model import Sample
from core.store import Store
from core.text.reasoning import REASONING_FIELD, THINKING

MODEL = "gpt-4o-mini-2024-07-18"


def _exported(tmp_path: Path, n: int = 12) -> tuple[Path, Path]:
    project = tmp_path / "ft.corpus"
    with Store.create(project) as store:
        store.add_samples([Sample.qa(f"问题{i}：客栈几点开门？", f"{i + 5} 点。", status="accepted") for i in range(n)])
    out = tmp_path / "out" / "ft.jsonl"
    report = export_samples(project, ExportOptions("openai", out, jsonl=True))
    assert report.written == n
    return project, report.files[0]


def _settings(fake) -> ProviderSettings:
    return ProviderSettings(base_url=fake.base_url, model=MODEL, timeout=10)


def test_upload_create_poll_to_succeeded_and_the_job_survives_reopening(tmp_path, fake_finetune):
    project, data = _exported(tmp_path)

    async def run():
        with Store(project) as store:
            async with FinetuneSession(_settings(fake_finetune), DEFAULT_KEY) as session:
                job = await session.start(data, MODEL, suffix="kezhan", n_epochs=2,
                                          on_created=lambda j: save_job(store, j))
                assert find_job(store).id == job.id and find_job(store).status == "validating_files"
                looks = []
                await session.wait(job, 0, lambda j, new: looks.append((j.status, [e["message"] for e in new])))
                save_job(store, job)
                return job, looks

    job, looks = asyncio.run(run())
    assert fake_finetune.uploads == [("fine-tune", "ft.jsonl", data.stat().st_size)]
    body = fake_finetune.created[0]
    assert body == {"training_file": job.file_id, "model": MODEL, "suffix": "kezhan", "hyperparameters": {"n_epochs": 2}}
    assert [s for s, _ in looks] == ["queued", "running", "running", "succeeded"]
    assert job.status == "succeeded" and job.fine_tuned_model.startswith(f"ft:{MODEL}:fake-org:kezhan:")
    messages = [e["message"] for e in job.events]
    assert messages[0].startswith("Validating training file") and messages[-1] == "The job has successfully completed"
    assert len(messages) == len(set(e["id"] for e in job.events)) == 5  # each event once, oldest first
    # reopened: the job, its status and events are the project's; the key never is
    with Store(project, readonly=True) as store:
        kept = find_job(store)
        assert (kept.id, kept.status, kept.fine_tuned_model, len(kept.events)) == (
            job.id, "succeeded", job.fine_tuned_model, 5)
        assert kept.base_url == fake_finetune.base_url and kept.training_file == str(data)
    assert DEFAULT_KEY.encode() not in project.read_bytes()
    assert "succeeded" in kept.status_line().render("en") and kept.fine_tuned_model in kept.status_line().render("zh")


def test_a_failed_job_keeps_the_providers_error(tmp_path, fake_finetune):
    project, data = _exported(tmp_path)
    fake_finetune.failure = {"code": "invalid_n_examples", "param": "training_file",
                             "message": "Training file has 12 example(s), but must have at least 10 with a user turn."}

    async def run():
        async with FinetuneSession(_settings(fake_finetune), DEFAULT_KEY) as session:
            job = await session.start(data, MODEL)
            return await session.wait(job, 0)

    job = asyncio.run(run())
    assert job.status == "failed" and job.done
    assert job.error == "invalid_n_examples: Training file has 12 example(s), but must have at least 10 with a user turn."
    assert job.events[-1]["level"] == "error"
    line = job.status_line().render("zh")
    assert "失败" in line and "invalid_n_examples" in line


def test_cancel(tmp_path, fake_finetune):
    project, data = _exported(tmp_path)

    async def run():
        async with FinetuneSession(_settings(fake_finetune), DEFAULT_KEY) as session:
            job = await session.start(data, MODEL)
            await session.refresh(job)
            assert job.status == "queued"
            await session.cancel(job)
            await session.refresh(job)
            return job

    job = asyncio.run(run())
    assert job.status == "cancelled" and fake_finetune.cancels == 1
    assert job.events[-1]["message"] == "Job was cancelled"


def test_refusals_are_said_plainly(tmp_path, fake_finetune):
    project, data = _exported(tmp_path)

    async def start(key, model):
        async with FinetuneSession(_settings(fake_finetune), key) as session:
            return await session.start(data, model)

    with pytest.raises(FinetuneError) as e:
        asyncio.run(start("sk-wrong-key-123456", MODEL))
    assert e.value.args[0].code == "llm.key_refused"
    with pytest.raises(FinetuneError) as e:
        asyncio.run(start(DEFAULT_KEY, "gpt-9-turbo"))
    assert e.value.args[0].code == "llm.model_missing" and "gpt-9-turbo" in e.value.args[0].render("en")
    assert "sk-wrong-key" not in e.value.args[0].render("en")


def test_the_file_is_checked_before_uploading(tmp_path):
    project, data = _exported(tmp_path, n=12)
    array = tmp_path / "out" / "array.json"
    export_samples(project, ExportOptions("openai", array))
    with pytest.raises(InputError) as e:
        check_training_file(array)  # a JSON array, not JSON Lines
    assert e.value.args[0].code == "training.finetune.not_jsonl"
    alpaca = tmp_path / "out" / "alpaca.jsonl"
    export_samples(project, ExportOptions("alpaca", alpaca, jsonl=True, dataset_info=False))
    with pytest.raises(InputError) as e:
        check_training_file(alpaca)
    assert e.value.args[0].code == "training.finetune.not_messages"
    few = tmp_path / "few.jsonl"
    few.write_text("\n".join(data.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        check_training_file(few)
    assert e.value.args[0].params["n"] == 3
    assert check_training_file(data) == 12


def test_cli_creates_follows_and_cancels(tmp_path, fake_finetune, capsys, monkeypatch):
    project, data = _exported(tmp_path)
    monkeypatch.setenv("FT_KEY", DEFAULT_KEY)
    code = main(["finetune", "--project", str(project), "--file", str(data), "--model", MODEL,
                 "--base-url", fake_finetune.base_url, "--api-key-env", "FT_KEY", "--suffix", "cli"])
    out = capsys.readouterr().out
    assert code == 0, out
    with Store(project) as store:
        job = find_job(store)
    assert f"created the fine-tuning job {job.id}" in out and "12 examples" in out
    assert "run the same command with --wait" in out
    # later, with nothing but the project: the endpoint from the job's record, the key from the keyring
    set_api_key(normalize_base_url(fake_finetune.base_url), DEFAULT_KEY)
    code = main(["--lang", "zh", "finetune", "--project", str(project), "--wait", "--poll-interval", "0"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "The job has successfully completed" in out and "已完成" in out and "ft:" in out
    with Store(project) as store:
        assert find_job(store).status == "succeeded"
    code = main(["finetune", "--project", str(project), "--cancel"])
    assert code == 0 and "has already ended" in capsys.readouterr().out
    assert fake_finetune.cancels == 0

    # a second job, cancelled while queued; a failed one exits 1
    main(["finetune", "--project", str(project), "--file", str(data), "--model", MODEL, "--base-url",
          fake_finetune.base_url])
    capsys.readouterr()
    code = main(["finetune", "--project", str(project), "--cancel"])
    out = capsys.readouterr().out
    assert code == 1 and "Asked to cancel" in out and "cancelled" in out
    fake_finetune.failure = {"code": "server_error", "message": "The job failed due to an internal error."}
    main(["finetune", "--project", str(project), "--file", str(data), "--model", MODEL, "--base-url",
          fake_finetune.base_url])
    code = main(["finetune", "--project", str(project), "--wait", "--poll-interval", "0"])
    out = capsys.readouterr().out
    assert code == 1 and "internal error" in out
    with Store(project) as store:
        jobs = saved_jobs(store)
    assert [j.status for j in jobs] == ["succeeded", "cancelled", "failed"]
    first = json.dumps([j.to_dict() for j in jobs])
    assert DEFAULT_KEY not in first


def test_a_reasoning_field_export_is_refused_before_uploading(tmp_path, fake_finetune, capsys, monkeypatch):
    """An OpenAI export with --reasoning field carries reasoning_content on assistant messages
    (empty where there is none); OpenAI's file validation refuses it, so it never leaves the machine."""
    project = tmp_path / "think.corpus"
    with Store.create(project) as store:
        samples = [Sample.qa(f"问题{i}：客栈几点开门？", f"{i + 5} 点。", status="accepted") for i in range(12)]
        samples[3].meta[THINKING] = "看原文第二段。"
        store.add_samples(samples)
    out = tmp_path / "out" / "field.jsonl"
    field = export_samples(project, ExportOptions("openai", out, jsonl=True, reasoning="field")).files[0]
    with pytest.raises(InputError) as e:
        check_training_file(field)
    assert e.value.args[0].code == "training.finetune.extra_keys"
    assert e.value.args[0].params["line"] == 1 and e.value.args[0].params["keys"] == REASONING_FIELD
    monkeypatch.setenv("FT_KEY", DEFAULT_KEY)
    code = main(["--lang", "zh", "finetune", "--project", str(project), "--file", str(field), "--model", MODEL,
                 "--base-url", fake_finetune.base_url, "--api-key-env", "FT_KEY"])
    err = capsys.readouterr().err
    assert code == 1
    assert str(field) in err and "第 1 行" in err and "--reasoning none" in err and "think" in err
    assert fake_finetune.uploads == [] and fake_finetune.created == []
    with Store(project, readonly=True) as store:
        assert saved_jobs(store) == []
    # exported again without the field, the same samples go up
    plain = export_samples(project, ExportOptions("openai", tmp_path / "out" / "plain.jsonl", jsonl=True,
                                                  reasoning="think")).files[0]
    assert check_training_file(plain) == 12


def test_cli_says_what_is_missing(tmp_path, capsys):
    project, data = _exported(tmp_path)
    assert main(["finetune", "--project", str(project), "--status"]) == 1
    assert "no fine-tuning job yet" in capsys.readouterr().err
    assert main(["finetune", "--project", str(project), "--file", str(data)]) == 1
    assert "needs --file" in capsys.readouterr().err
