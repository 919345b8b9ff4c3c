"""Translations. Source strings are Chinese (the first language); English lives in
resources/i18n/corpusmith_en.ts (edit it in Qt Linguist or by hand) and ships compiled as .qm.

    python -m ui.i18n     # after changing UI strings: refresh the .ts, then compile the .qm
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.paths import resource_path

LANGUAGES = ("en",)


def ui_sources() -> list[Path]:
    return sorted(p for p in Path(__file__).resolve().parent.rglob("*.py") if p.name != "i18n.py")


def ts_path(lang: str) -> Path:
    return resource_path("i18n", f"corpusmith_{lang}.ts")


def run_lupdate(ts: Path) -> str:
    r = subprocess.run(["pyside6-lupdate", *map(str, ui_sources()), "-no-obsolete", "-ts", str(ts)],
                       capture_output=True, text=True, check=True)
    return r.stdout + r.stderr


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(qm)], capture_output=True, check=True)


def main() -> int:
    for lang in LANGUAGES:
        ts = ts_path(lang)
        print(run_lupdate(ts).strip())
        run_lrelease(ts, ts.with_suffix(".qm"))
        print(f"compiled {ts.with_suffix('.qm')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
