"""The window and server most GUI tests start from: a MainWindow on a new project, shown, and a
fake model server whose replies (test_ui_generate.Replies) are healed, so every call answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fake_openai import FakeOpenAI
from test_ui_generate import Replies

from core.settings import AppSettings
from ui.main_window import MainWindow


def open_window(qtbot, path: Path, size: tuple[int, int] | None = None) -> MainWindow:
    """A shown MainWindow (default settings) with a new project created at `path`."""
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    w.show()
    assert w.open_project(path, create=True)
    return w


@contextmanager
def healed_server(server_class: type = FakeOpenAI) -> Iterator:
    """A running `server_class` (FakeOpenAI, or fake_batch.FakeBatch) answering with healed Replies."""
    with server_class() as s:
        s.reply = Replies()
        s.reply.healed.set()
        yield s
