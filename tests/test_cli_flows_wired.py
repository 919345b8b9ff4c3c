"""The issue-8 commands are reachable from `python main.py` exactly as named (users script them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.messages import code_of
from core.model import Sample
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_generate_flows_and_filter_are_commands(tmp_path):
    r = cli("generate", "--help")
    assert r.returncode == 0
    for flow in ("qa", "extract", "aspects", "novel", "style", "dialogue-extract"):
        assert f"    {flow}" in r.stdout, flow
    for flow, flag in (("aspects", "--topic"), ("novel", "--chunk-size"), ("style", "--count"),
                       ("dialogue-extract", "--character")):
        r = cli("generate", flow, "--help")
        assert r.returncode == 0 and flag in r.stdout, flow

    project = tmp_path / "f.corpus"
    with Store(project, create=True) as store:
        store.add_samples([Sample.qa("好", "嗯"), Sample.qa("客栈在哪里？", "客栈在洛阳城东，门口有两棵槐树。")])
    r = cli("filter", "--project", project)
    assert r.returncode == 0, r.stderr
    assert "too_short" in r.stdout
    with Store(project) as store:
        assert all(s.status == "pending" for s in store.iter_samples())  # a dry run changes nothing
    r = cli("filter", "--project", project, "--apply")
    assert r.returncode == 0, r.stderr
    with Store(project) as store:
        assert [code_of(s.reason) for s in store.iter_samples() if s.status == "rejected"] == ["quality.hit.too_short"]
