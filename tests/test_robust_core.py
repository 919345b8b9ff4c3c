"""Robust under real use (issue 16, core side): cancel keeps answers already paid for, the model
is part of what a job is, archives are capped, sources keep their name and not their folder, and
signed URLs never reach the log. Against the real local fake servers."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.llm import JobItemSpec, ProviderSettings, Runner, add_items, make_client
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent

@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, model: str = "fake-model", **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 10.0)
    return ProviderSettings(base_url=server.base_url, model=model, **kw)


def new_job(store: Store, n: int) -> int:
    job = store.create_job("test", "a test job", {"n": n})
    add_items(store, job, [JobItemSpec(f"q{i}", [{"role": "user", "content": f"q{i}"}]) for i in range(n)])
    return job


def runner_for(store: Store, server: FakeOpenAI, **kw) -> Runner:
    s = settings_for(server)
    return Runner(store, lambda: make_client(s, DEFAULT_KEY), s, backoff_base=0.02, **kw)


async def until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.005)


# ---- 1. cancel keeps what is paid for ------------------------------------------------------------
async def test_cancel_lets_requests_in_flight_finish_and_the_rerun_repeats_no_prompt(store, server):
    server.latency = 0.4
    job = new_job(store, 12)
    runner = runner_for(store, server)
    task = asyncio.create_task(runner.run(job))
    await until(lambda: server.in_flight == 4)  # four answers on their way, being paid for
    asked = server.calls
    runner.cancel()
    summary = await task
    assert summary.cancelled and summary.status == "cancelled"
    assert server.calls == asked  # nothing new started after the cancel
    assert summary.done == asked and summary.pending == 12 - asked  # every answer asked for is kept

    again = await runner_for(store, server).run(job)
    assert again.done == 12 and again.pending == 0
    assert server.calls == 12 and max(server.calls_by_prompt.values()) == 1  # no prompt paid twice


async def test_a_second_cancel_abandons_at_once(store, server):
    server.latency = 3.0
    job = new_job(store, 6)
    runner = runner_for(store, server)
    task = asyncio.create_task(runner.run(job))
    await until(lambda: server.in_flight == 4)
    runner.cancel()
    await asyncio.sleep(0.05)
    assert not task.done()  # waiting for the answers on their way
    t0 = time.monotonic()
    runner.cancel()
    summary = await task
    assert time.monotonic() - t0 < 1.0
    assert summary.cancelled and summary.done == 0 and summary.pending == 6


async def test_the_grace_has_a_deadline(store, server):
    server.latency = 3.0
    job = new_job(store, 6)
    runner = runner_for(store, server, cancel_grace=0.3)
    task = asyncio.create_task(runner.run(job))
    await until(lambda: server.in_flight == 4)
    t0 = time.monotonic()
    runner.cancel()
    summary = await task
    assert 0.2 < time.monotonic() - t0 < 1.5
    assert summary.cancelled and summary.pending == 6


async def test_cancelling_the_run_task_keeps_the_answers_in_flight(store, server):
    """Ctrl+C (asyncio.run cancels its main task) and a closing page take this path."""
    server.latency = 0.4
    job = new_job(store, 12)
    task = asyncio.create_task(runner_for(store, server).run(job))
    await until(lambda: server.in_flight == 4)
    asked = server.calls
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert store.job_counts(job)["done"] == asked and store.job(job)["status"] == "cancelled"
    await runner_for(store, server).run(job)
    assert server.calls == 12 and max(server.calls_by_prompt.values()) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_in_the_cli_keeps_the_answers_on_their_way(tmp_path):
    from test_cli_generate import cli, imported
    from test_flow_qa import Replies

    project = tmp_path / "c.corpus"
    imported(tmp_path, project, 8)
    with FakeOpenAI() as fake:
        fake.reply = Replies()
        fake.latency = 0.6
        env = dict(os.environ, FAKE_KEY_VAR=DEFAULT_KEY, QT_QPA_PLATFORM="offscreen")
        args = ["generate", "qa", "--project", str(project), "--base-url", fake.base_url, "--model",
                "fake-model", "--concurrency", "4", "--api-key-env", "FAKE_KEY_VAR"]
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while fake.in_flight < 4:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.01)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 130, err
        assert "cancelling" in err and "interrupted: the finished work is saved" in err
        assert "Traceback" not in err
        with Store(project) as st:
            done = sum(j["done"] for j in st.jobs())
        assert done == fake.calls >= 4  # every answer asked for before Ctrl+C was stored

        r = cli(*args, env={"FAKE_KEY_VAR": DEFAULT_KEY})
        assert r.returncode == 0, r.stdout + r.stderr
        assert max(fake.calls_by_prompt.values()) == 1  # across Ctrl+C and the rerun: nothing asked twice


# ---- 2. the model is part of what a job is --------------------------------------------------------
def qa_flow(store: Store, server: FakeOpenAI, model: str):
    from core.flows.qa import QAFlow, QAOptions

    s = settings_for(server, model)
    return QAFlow(store, lambda: make_client(s, DEFAULT_KEY), s, QAOptions())


async def test_another_model_makes_its_own_job_and_the_same_model_pays_nothing_twice(store, server):
    from test_flow_qa import Replies, add_document

    server.reply = Replies()
    add_document(store)
    cheap = await qa_flow(store, server, "fake-model").run()
    assert cheap.calls > 0 and cheap.samples > 0
    calls = server.calls

    same = qa_flow(store, server, "fake-model")
    assert await asyncio.to_thread(same.earlier_models) == []  # nothing to ask: it is this model's job
    again = await same.run()
    assert server.calls == calls and again.samples == 0  # the same model: nothing asked, nothing doubled

    better = qa_flow(store, server, "fake-model-large")
    earlier = await asyncio.to_thread(better.earlier_models)
    assert [(e.model, e.endpoint) for e in earlier] == [("fake-model", server.base_url)]
    assert earlier[0].answers == 6  # one questions item per chunk
    result = await better.run()
    assert result.calls == cheap.calls and result.cached == 0  # everything asked again, of the new model
    assert result.samples == cheap.samples
    made = collections.Counter(s.meta["made"]["model"] for s in store.iter_samples())
    assert made == {"fake-model": cheap.samples, "fake-model-large": cheap.samples}  # side by side
    assert {b["model"] for b in list(server.bodies)[-result.calls:]} == {"fake-model-large"}

    calls = server.calls
    back = await qa_flow(store, server, "fake-model").run()  # its job is still there: done, nothing to do
    assert server.calls == calls and back.samples == 0
    kinds = collections.Counter(j["kind"] for j in store.jobs())
    assert kinds == {"qa_questions": 2, "qa_answers": 2}
    assert {store.job_made_by(j["id"])["model"] for j in store.jobs()} == {"fake-model", "fake-model-large"}


async def test_a_job_from_before_models_were_recorded_belongs_to_the_model_its_samples_name(store, server):
    from test_flow_qa import Replies, add_document

    server.reply = Replies()
    add_document(store)
    first = await qa_flow(store, server, "fake-model").run()
    with store._tx() as c:  # as an older version stored them: no made_by in the params
        c.execute("UPDATE jobs SET params = json_remove(params, '$.made_by')")
    calls = server.calls
    assert (await qa_flow(store, server, "fake-model").run()).samples == 0 and server.calls == calls

    other = await qa_flow(store, server, "fake-model-large").run()
    # the old questions job names no model (it wrote no sample): its questions are reused; the
    # old answers job's samples name fake-model, so fake-model-large answers them anew
    assert other.samples == first.samples and server.calls > calls


def test_the_cli_says_the_earlier_answers_stay(tmp_path):
    from test_cli_generate import cli, imported
    from test_flow_qa import Replies

    project = tmp_path / "m.corpus"
    imported(tmp_path, project, 4)
    with FakeOpenAI() as fake:
        fake.reply = Replies()
        base = ["generate", "qa", "--project", project, "--base-url", fake.base_url, "--api-key-env", "K"]
        env = {"K": DEFAULT_KEY, "LANG": "en_US.UTF-8"}
        first = cli(*base, "--model", "fake-model", env=env)
        assert first.returncode == 0, first.stderr
        calls = fake.calls
        second = cli(*base, "--model", "fake-model-large", env=env)
        assert second.returncode == 0, second.stderr
        assert "from model fake-model already exist for this input: they stay as they are, and " \
               "fake-model-large now makes its own" in second.stdout
        assert fake.calls == 2 * calls  # the new model generated (it used to print "finished" with 0 calls)


def test_the_generate_page_asks_before_another_model_generates_again(qtbot, tmp_path, qt_run):
    from test_ui_generate import Replies

    from core.settings import AppSettings
    from ui.main_window import MainWindow

    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(tmp_path / "gen.corpus", create=True)
    with FakeOpenAI() as fake:
        fake.reply = Replies()
        fake.reply.healed.set()
        qt_run(_asks_before_another_model(window, fake, tmp_path))


async def _asks_before_another_model(window, fake, tmp_path):
    from service_helpers import use_service
    from test_ui_generate import TEXT, point_at

    from ui.qt import QMessageBox

    page = window.generate
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    await page.import_files([tmp_path / "a.txt"])
    point_at(page, fake)
    first = await page.run_flow()
    assert first.samples > 0 and page.other_model_question is None  # nothing to ask the first time
    calls = fake.calls

    use_service(page.service_picker, fake, name="大模型", model="fake-model-large")
    task = asyncio.ensure_future(page.run_flow())
    await until(lambda: page.other_model_question is not None)
    box = page.other_model_question
    assert "fake-model" in box.text() and "fake-model-large" in box.text()
    await asyncio.sleep(0.1)
    assert fake.calls == calls  # nothing is asked of the model before the answer
    box.button(QMessageBox.StandardButton.No).click()
    assert await task is None and fake.calls == calls

    task = asyncio.ensure_future(page.run_flow())
    await until(lambda: page.other_model_question is not None)
    page.other_model_question.button(QMessageBox.StandardButton.Yes).click()
    second = await task
    assert second.samples == first.samples and fake.calls == 2 * calls
    assert window.store.count() == 2 * first.samples  # both models' samples, side by side


# ---- 3. archive caps ----------------------------------------------------------------------------
def _with_bomb(path: Path, member: str, megabytes: int = 24) -> Path:
    """Add `megabytes` of zeros (deflated to a few dozen KB) to a real DOCX/EPUB."""
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open(member, "w", force_zip64=True) as f:
        for _ in range(megabytes):
            f.write(zeros)
    return path


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, store, kind):
    from test_documents_fixtures import make_docx, make_epub

    from core.messages import set_language
    from core.sources.documents.importer import ImportFailure, import_documents

    if kind == "docx":
        good, bomb = make_docx(tmp_path / "ok.docx"), make_docx(tmp_path / "炸弹.docx")
        _with_bomb(bomb, "word/media/image1.bmp")
    else:
        good, bomb = make_epub(tmp_path / "ok.epub"), make_epub(tmp_path / "炸弹.epub")
        _with_bomb(bomb, "OEBPS/text/ch 0.xhtml.bak")
    assert bomb.stat().st_size < 200_000  # KB on disk, 24 MB unpacked
    set_language("en")
    try:
        results = import_documents(store, [bomb, good])
        failure, ok = results
        assert isinstance(failure, ImportFailure) and ok.ok
        assert "炸弹" in failure.message and "zip bomb" in failure.message
        assert [s["name"] for s in store.sources()] == [good.name]  # nothing of the bomb was stored
    finally:
        set_language(None)


def test_archive_caps_on_members_and_total_size(tmp_path, monkeypatch):
    from test_documents_fixtures import make_docx

    from core.errors import InputError
    from core.sources.documents import archive
    from core.sources.documents.docx_reader import read_docx

    path = make_docx(tmp_path / "大.docx")
    with zipfile.ZipFile(path) as z:
        members, total = len(z.infolist()), sum(m.file_size for m in z.infolist())
    assert read_docx(path).text  # a normal document is within every cap
    monkeypatch.setattr(archive, "MAX_MEMBERS", members - 1)
    with pytest.raises(InputError, match=f"大.docx.*{members}"):
        read_docx(path)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 20_000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", total - 1)
    with pytest.raises(InputError, match="大.docx"):
        read_docx(path)


# ---- 4. sources keep their name, not their folder ------------------------------------------------
def _project_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_imports_record_the_file_name_not_the_folder(tmp_path):
    from chat_fixtures import write_messages_json, write_qq_txt
    from test_documents_fixtures import make_docx, make_epub

    from core.sources.chats.importer import import_chat_files
    from core.sources.documents.importer import import_documents
    from core.sources.documents.txt import import_text_file
    from core.sources.origin import set_keep_full_paths

    deep = tmp_path / "Users" / "林晚" / "客户机密" / "2024 项目"
    deep.mkdir(parents=True)
    (deep / "客栈.txt").write_text("林晚在长安开了一家客栈。\n\n伙计阿福在擦桌子。\n", encoding="utf-8")
    docs = [deep / "客栈.txt", make_docx(deep / "手册.docx"), make_epub(deep / "长安.epub")]
    chats = [write_messages_json(deep), write_qq_txt(deep)]
    project = tmp_path / "shared.corpus"
    with Store.create(project) as st:
        assert all(r.ok for r in import_documents(st, docs))
        import_text_file(st, docs[0])
        assert all(r.ok for r in import_chat_files(st, chats))
        origins = {s["origin"] for s in st.sources()}
        assert origins == {p.name for p in docs + chats}
    data = _project_bytes(project)
    for folder in (deep, deep.parent, tmp_path):
        assert str(folder).encode() not in data
    assert "客户机密".encode() not in data

    kept = tmp_path / "kept.corpus"
    with Store.create(kept) as st:  # the owner's choice: paths kept for re-import
        set_keep_full_paths(st, True)
        import_documents(st, docs[:1])
        assert [s["origin"] for s in st.sources()] == [str(docs[0])]


def test_the_demo_project_holds_no_folder_path(tmp_path):
    from core.demo import _demo_files, build_demo_project

    project = tmp_path / "深" / "层" / "demo.corpus"
    project.parent.mkdir(parents=True)
    build_demo_project(project)
    folder, _ = _demo_files()
    data = _project_bytes(project)
    assert str(Path(folder).absolute()).encode() not in data and str(tmp_path).encode() not in data


# ---- 5. no signed URL in the log ------------------------------------------------------------------
@pytest.fixture
def log_file(tmp_path):
    import logging

    from core.logs import QUIET_LOGGERS, setup_logging

    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    root = logging.getLogger()
    root_level = root.level
    path = setup_logging(tmp_path / "logs", level=logging.DEBUG)
    yield path
    for h in [h for h in root.handlers if getattr(h, "_corpusmith", False)]:
        root.removeHandler(h)
        h.close()
    root.setLevel(root_level)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_a_crawl_logs_no_signed_url(tmp_path, store, log_file):
    import logging

    from fake_bilibili import FakeBilibili
    from test_bilibili_crawl import crawl

    with FakeBilibili() as fake:
        video = fake.add_video(roots=25, replies=60, seed=3)
        fake.inject("500", "-412", endpoint="main")  # failures are logged with the URL they hit
        report = await crawl(store, fake, video)
        assert report.stored > 0 and fake.calls["main"] >= 3
        for h in logging.getLogger().handlers:
            h.flush()
        assert "bilibili" in log_file.read_text(encoding="utf-8")
        assert "HTTP Request" not in log_file.read_text(encoding="utf-8")  # httpx's INFO lines are off
        # a user who turns the HTTP library's log up to INFO still gets no signature in the file
        logging.getLogger("httpx").setLevel(logging.INFO)
        await crawl(store, fake, fake.add_video(roots=3, replies=3, seed=4))
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "/x/v2/reply/wbi/main?" in text  # the URLs are logged…
    assert "w_rid=" not in text and "wts=" not in text  # …without their signature
    assert fake.sessdata not in text


def test_redact_urls_keeps_the_rest_of_the_line():
    from core.llm.secrets import MASK, redact_urls

    line = ('GET https://api.bilibili.com/x/v2/reply/wbi/main?oid=7&type=1&wts=1700000000&w_rid=ab12, then '
            'http://app.example/api?access_key=zz&sign=qq&pn=2#top and https://plain.example/x?pn=3.')
    assert redact_urls(line) == (f"GET https://api.bilibili.com/x/v2/reply/wbi/main?oid=7&type=1&{MASK}, then "
                                 f"http://app.example/api?pn=2&{MASK}#top and https://plain.example/x?pn=3.")
