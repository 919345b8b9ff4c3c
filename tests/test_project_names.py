"""Project files whose names hold characters a URI reads specially (issue 16): # % ? & spaces,
Chinese — created, reopened, listed and demo-built under exactly their own name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.model import Sample
from core.store import Store
from core.store.db import project_uri

NAMES = ["a#1.corpus", "c%41.corpus", "问?答&1.corpus", "第1版 #2 %41.corpus", "x%2523y.corpus"]


@pytest.mark.parametrize("name", NAMES)
def test_create_and_reopen_under_the_exact_name(tmp_path: Path, name: str):
    path = tmp_path / name
    store = Store.create(path)
    store.add_samples([Sample.qa("问", "答")])
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".corpus") == [name]
    reopened = Store(path)
    try:
        assert reopened.count() == 1
    finally:
        reopened.close()


def test_uri_escapes_what_sqlite_reads_specially():
    uri = project_uri(Path("/tmp/a#b?c%d&e f.corpus"), readonly=False)
    assert uri == "file:///tmp/a%23b%3Fc%25d%26e%20f.corpus?mode=rwc"


def test_demo_cli_with_a_special_name(tmp_path: Path):
    target = tmp_path / "第1版 #2 %41.corpus"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, str(root / "main.py"), "demo", "--project", str(target)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert target.exists() and [p.name for p in tmp_path.iterdir() if p.suffix == ".corpus"] == [target.name]


def test_window_opens_lists_and_reopens_a_special_name(qtbot, tmp_path: Path):
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    path = tmp_path / "问?答&1 #2 %41.corpus"
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    assert window.open_project(path, create=True)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".corpus"] == [path.name]
    assert window.settings.recent_projects[0] == str(path.absolute())
    [action] = [a for a in window.recent_menu.actions() if str(path) in a.text().replace("&&", "&")]
    assert action.text() == str(path.absolute()).replace("&", "&&")  # shown with its "&", not as a shortcut
    window.close_project()
    [action] = [a for a in window.recent_menu.actions() if a.text() == str(path.absolute()).replace("&", "&&")]
    action.trigger()  # the recent entry opens the very same file
    assert window.store is not None and Path(window.store.path) == path.absolute()
    window.close_project()
