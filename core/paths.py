"""Where bundled files and per-user files live, the same from source and from the frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "Corpusmith"


def resource_path(*parts: str) -> Path:
    """A file under resources/: PyInstaller unpacks it below sys._MEIPASS, source has it here."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
