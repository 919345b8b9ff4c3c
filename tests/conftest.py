import os
import sys
from pathlib import Path

import pytest

# GUI tests run without a screen; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the real user's settings, keys or logs: the config folder is a temp
    one and keys live in an in-memory keyring (a developer's keyring never gets a test key, and
    never asks to be unlocked). Tests of the keyring itself install their own backends."""
    from core.llm.secrets import isolated_keyring

    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CORPUSMITH_CONFIG_DIR", str(cfg))
    with isolated_keyring():
        yield


@pytest.fixture(autouse=True)
def _core_language_follows_the_environment():
    """A test that sets core's language (a Chinese window, `--lang` run in-process) must not leave
    it set for the next test."""
    from core.messages import set_language

    set_language(None)
    yield
    set_language(None)


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_main_thread(request):
    """A window a GUI test leaves behind sits in reference cycles (signals to bound methods). If
    the cyclic collector happened to run in a worker thread (asyncio.to_thread work of a later
    test), it would delete Qt objects off the GUI thread — an intermittent segfault. Collect here,
    on the main thread, right after every GUI test."""
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        import gc

        gc.collect()


@pytest.fixture
def qt_run(qapp):
    """Run a coroutine on a qasync loop, as the app does: Qt timers and signals keep working
    while it awaits (a plain asyncio loop would starve them)."""
    import asyncio

    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)

    def run(coro, timeout: float = 60):
        return loop.run_until_complete(asyncio.wait_for(coro, timeout))

    try:
        yield run
    finally:
        loop.close()
        asyncio.set_event_loop(None)
