"""The README's first two commands stay true: both make and use the project's venv (a fresh
machine has no other), and CI runs the test command exactly as the README prints it, in the
same venv as every later CI step."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)[:2]


def test_both_commands_make_and_use_a_venv():
    launch, tests = _readme_commands()
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert launch == venv + "pip install -e . && python main.py"
    assert tests.startswith(venv) and tests.endswith("QT_QPA_PLATFORM=offscreen python -m pytest -q")


def test_ci_runs_the_readme_test_command_exactly_in_that_venv():
    _, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci
    activated = next(i for i, line in enumerate(ci) if line.startswith("python3 -m venv .venv && . .venv/bin/activate"))
    # nothing installs or runs Python before the venv is active (one interpreter for every step)
    before = [line for line in ci[:activated] if re.match(r"\s*(python|pip|ruff)\b", line)]
    assert before == []
    assert "PYTHON=python packaging/build.sh" in ci


def test_the_system_libraries_line_has_the_chinese_font_and_venv():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("`apt-get install"))
    assert "fonts-noto-cjk" in line and "python3-venv" in line
