"""The bundle check "openai api" (ui/selftest_openai.py): it passes with the whole SDK, and it fails,
naming the module, when a part of the SDK the app uses is missing — as it would be in a frozen
build whose build.spec excluded too much. Each case runs in a fresh interpreter, so the SDK's
lazy imports really happen there."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Blocks importing one module (and its submodules), as PyInstaller's excludes do, then runs the check.
SCRIPT = """
import sys, tempfile
from pathlib import Path

BLOCKED = sys.argv[1]

class Block:
    def find_spec(self, name, path=None, target=None):
        if BLOCKED and (name == BLOCKED or name.startswith(BLOCKED + ".")):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())
from ui.selftest_openai import check_openai_api

with tempfile.TemporaryDirectory() as tmp:
    print(check_openai_api(Path(tmp)))
"""


def _run(blocked: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, blocked], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_every_call_the_app_makes_succeeds_against_the_local_server():
    r = _run("")
    assert r.returncode == 0, r.stderr
    assert "connection test, chat, embeddings, batch, fine-tuning against a local server (16 requests)" in r.stdout


@pytest.mark.parametrize("module", [
    "openai.resources.fine_tuning.jobs",  # FinetuneSession
    "openai.resources.batches",  # the batch session
    "openai.resources.embeddings",  # the style flow
    "openai.types.graders",  # imported by fine_tuning's types at run time
])
def test_a_missing_part_of_the_sdk_fails_the_check(module):
    r = _run(module)
    assert r.returncode != 0
    assert module in r.stderr


def test_the_api_areas_build_spec_leaves_out_are_not_needed():
    """Every openai module build.spec excludes blocked at once: the check still passes (the same
    proof the frozen self-test gives, without building)."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    block = spec.split('[f"openai.{m}" for m in (', 1)[1].split(")]", 1)[0]
    code = "\n".join(line for line in block.splitlines() if not line.strip().startswith("#"))
    excluded = [f"openai.{name}" for name in re.findall(r'"([\w.]+)"', code)]
    assert "openai.resources.beta" in excluded and "openai.resources.fine_tuning" not in excluded
    script = SCRIPT.replace(
        "BLOCKED and (name == BLOCKED or name.startswith(BLOCKED + \".\"))",
        "any(name == b or name.startswith(b + \".\") for b in BLOCKED.split(','))",
    )
    r = subprocess.run([sys.executable, "-c", script, ",".join(excluded)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "fine-tuning" in r.stdout
